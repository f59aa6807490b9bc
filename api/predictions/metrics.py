"""Prometheus metrics of the predictions: count, latency, the served version, and how the inputs
compare with the training data (range and drift). docs/api/metriques.md lists them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ml import drift

PREDICTION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
#: Inputs kept per model and feature to compute the drift (the most recent ones).
DRIFT_WINDOW = 1000


@dataclass
class _Served:
    version: int
    sha256: str
    trained_data_version: str
    references: Mapping[str, Mapping[str, Any]]
    windows: dict[str, deque[float]] = field(default_factory=dict)


class PredictionMetrics(Collector):
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "obrail_predictions",
            "Prediction requests answered, by model, served version, endpoint and outcome "
            "(ok, not_modified, not_found, unavailable).",
            ["model", "version", "endpoint", "outcome"],
            registry=registry,
        )
        self.duration = Histogram(
            "obrail_prediction_duration_seconds",
            "Time to answer a prediction request (active version, features, model), by model "
            "and endpoint.",
            ["model", "endpoint"],
            buckets=PREDICTION_BUCKETS,
            registry=registry,
        )
        self.inputs = Counter(
            "obrail_prediction_inputs",
            "Model inputs predicted on, by feature and position against the training range "
            "(inside, below, above).",
            ["model", "feature", "range"],
            registry=registry,
        )
        self._served: dict[str, _Served] = {}
        self._available: dict[str, bool] = {}
        registry.register(self)

    def served(
        self,
        model: str,
        version: int,
        sha256: str,
        trained_data_version: str | None,
        references: Mapping[str, Mapping[str, Any]],
    ) -> None:
        """The version now served (its drift window starts empty)."""
        current = self._served.get(model)
        if current is None or current.sha256 != sha256:
            self._served[model] = _Served(version, sha256, trained_data_version or "", references)

        self._available[model] = True

    def unavailable(self, model: str) -> None:
        self._served.pop(model, None)
        self._available[model] = False

    def observe_inputs(self, model: str, inputs: Mapping[str, Sequence[float]]) -> None:
        served = self._served.get(model)
        if served is None:
            return
        for feature, values in inputs.items():
            reference = served.references.get(feature)
            if reference is None:
                continue
            window = served.windows.setdefault(feature, deque(maxlen=DRIFT_WINDOW))
            for value in values:
                window.append(value)
                position = (
                    "below"
                    if value < reference["min"]
                    else "above"
                    if value > reference["max"]
                    else "inside"
                )
                self.inputs.labels(model, feature, position).inc()

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            "obrail_model_info",
            "1 for the model version the API serves (artefact checksum, data version trained on).",
            labels=["model", "version", "artefact_sha256", "trained_data_version"],
        )
        available = GaugeMetricFamily(
            "obrail_model_available",
            "1 when the model's active version is loaded and served, 0 after a failed load.",
            labels=["model"],
        )
        psi = GaugeMetricFamily(
            "obrail_model_input_drift",
            "Population stability index of the recent inputs against the training data "
            "(> 0.25: inputs unlike the training data).",
            labels=["model", "feature"],
        )
        window = GaugeMetricFamily(
            "obrail_model_input_window",
            "Recent inputs the drift is computed on.",
            labels=["model", "feature"],
        )
        for model, served in sorted(self._served.items()):
            info.add_metric(
                [model, str(served.version), served.sha256, served.trained_data_version], 1
            )
            for feature, values in sorted(served.windows.items()):
                reference = served.references[feature]
                counts = drift.bin_counts(list(values), reference["edges"])
                value = drift.psi(reference["shares"], counts)
                window.add_metric([model, feature], len(values))
                if value is not None:
                    psi.add_metric([model, feature], value)
        for model, state in sorted(self._available.items()):
            available.add_metric([model], 1 if state else 0)
        yield info
        yield available
        yield psi
        yield window
