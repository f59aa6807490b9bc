"""The model slot: what any model of the observatory reuses.

* `plugin`: what a model is (training query, training function, endpoints), discovered through
  the `obrail.models` entry point group, so the API serves a new model without routing code;
* `artefacts`: versioned artefacts in a safe format (skops inside a deterministic zip, no
  pickle), content-addressed by SHA-256;
* `training`, `registry`: `obrail model train|list|promote|rollback` and the warehouse registry;
* `drift`: the input distribution of the training data, and its distance to what is served.

The first model, `report_modal`, relates rail's share of the rail + air market to rail time.
Nothing here imports the API, the portal or Great Expectations.
"""
