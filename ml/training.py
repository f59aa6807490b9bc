"""`obrail model train`: read the training rows from the warehouse, fit, write the artefact,
register it (and promote it when asked).

The training rows and the published data version are read in one read-only snapshot. Same rows,
same data version and same code give the same artefact bytes, SHA-256 and metrics.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import psycopg
from psycopg import IsolationLevel
from psycopg.rows import dict_row

from ml import artefacts, registry
from ml.plugin import ModelPlugin, TrainingSet
from ml.settings import ModelSettings
from obrail import __version__

_PACKAGE_DIR = Path(__file__).parent


@dataclass(frozen=True)
class TrainOutcome:
    model_name: str
    version: int
    created: bool
    promoted: bool
    artefact: artefacts.Artefact

    @property
    def metrics(self) -> dict[str, Any]:
        metrics: dict[str, Any] = self.artefact.metadata["metrics"]
        return metrics


def connect(settings: ModelSettings, **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(
        settings.require_database_url(),
        application_name="obrail-model",
        connect_timeout=10,
        **kwargs,
    )


def read_training_set(settings: ModelSettings, plugin: ModelPlugin) -> TrainingSet:
    with connect(settings, row_factory=dict_row) as connection:
        connection.isolation_level = IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.transaction():
            published = connection.execute("SELECT data_version FROM api.publication").fetchone()
            rows = connection.execute(plugin.training_query.encode()).fetchall()
    if not rows:
        raise ValueError(f"no training rows for {plugin.name} (is the warehouse loaded?)")
    return TrainingSet(
        rows=tuple(rows),
        data_hash=training_data_hash(rows),
        data_version=published["data_version"] if published else None,
    )


def training_data_hash(rows: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> str:
    return hashlib.sha256(
        json.dumps(list(rows), sort_keys=True, default=str, separators=(",", ":")).encode()
    ).hexdigest()


def code_version() -> str:
    """The package version and a digest of the model code (any change of it shows)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+ml.{digest.hexdigest()[:10]}"


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        **{name: package_version(name) for name in ("scikit-learn", "numpy", "scipy", "skops")},
    }


def build_artefact(plugin: ModelPlugin, training: TrainingSet) -> bytes:
    trained = plugin.train(training)
    metadata = {
        "model_name": plugin.name,
        "title": plugin.title,
        "training_data_hash": training.data_hash,
        "training_rows": len(training.rows),
        "data_version": training.data_version,
        "code_version": code_version(),
        "libraries": library_versions(),
        "metrics": trained.metrics,
        "details": trained.details,
        "trusted_types": list(plugin.trusted_types),
    }
    return artefacts.build(trained.estimator, metadata)


def train_model(
    settings: ModelSettings, plugin: ModelPlugin, *, promote: bool = False
) -> TrainOutcome:
    training = read_training_set(settings, plugin)
    artefact = artefacts.write(settings.model_dir, plugin.name, build_artefact(plugin, training))
    with connect(settings) as connection, connection.transaction():
        version, created = registry.register(
            connection,
            model_name=plugin.name,
            artefact_file=artefact.relative_path,
            artefact_sha256=artefact.sha256,
            metadata=artefact.metadata,
        )
        if promote:
            registry.promote(connection, plugin.name, version)
    return TrainOutcome(plugin.name, version, created, promote, artefact)
