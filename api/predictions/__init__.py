"""Serving the models of the slot (ml.plugin): the active version of each model, loaded from
its verified artefact, its endpoints under /predictions/<slug>, and their metrics."""
