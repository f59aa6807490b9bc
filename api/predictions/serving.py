"""The active version of each model, loaded from its artefact and kept while it stays active.

Every prediction request reads the active version in its own snapshot (api.model_active), so
`obrail model promote|rollback` changes what is served on the next request, without restart.
The artefact is loaded once per version (SHA-256 checked, safe skops types only) in a worker
thread, and checked again when its file changes on disk. A missing, altered or unloadable
artefact makes the model's endpoints answer 503 `model_unavailable`; the rest of the API works.
At start (`warm`), each promoted model is loaded in the background, so that the first visitor
does not wait for it (seconds: scikit-learn's import and the artefact).
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.db import Database, Snapshot
from api.errors import ApiProblem, ErrorCode
from api.predictions.metrics import PredictionMetrics
from ml import artefacts
from ml.plugin import LoadedModel, ModelPlugin

logger = logging.getLogger("obrail.api")

ACTIVE = """
SELECT version, artefact_file, artefact_sha256, data_version
FROM api.model_active WHERE model_name = %(name)s
"""
RETRY_AFTER_S = "30"


class ModelUnavailable(ApiProblem):
    def __init__(self, model: str, reason: str) -> None:
        super().__init__(
            ErrorCode.model_unavailable,
            f"Model {model!r} cannot answer: {reason}. The rest of the API works; "
            "operators: see the ObrailModelUnavailable runbook.",
            headers={"Retry-After": RETRY_AFTER_S},
        )


@dataclass(frozen=True)
class _Entry:
    model: LoadedModel
    file_state: tuple[int, int]


class ModelServing:
    def __init__(
        self, plugins: dict[str, ModelPlugin], model_dir: Path, metrics: PredictionMetrics
    ) -> None:
        self.plugins = plugins
        self.model_dir = model_dir
        self.metrics = metrics
        self._entries: dict[str, _Entry] = {}
        self._locks = {name: asyncio.Lock() for name in plugins}

    async def active(self, snapshot: Snapshot, plugin: ModelPlugin) -> LoadedModel:
        """The active version of `plugin`, loaded; raises ModelUnavailable."""
        row = await snapshot.one(ACTIVE, {"name": plugin.name})
        if row is None:
            self.metrics.unavailable(plugin.name)
            raise ModelUnavailable(
                plugin.name, "no version is promoted (obrail model train --promote)"
            )
        async with self._locks[plugin.name]:
            entry = self._entries.get(plugin.name)
            state = self._file_state(row["artefact_file"])
            if (
                entry is not None
                and entry.model.sha256 == row["artefact_sha256"]
                and entry.model.version == row["version"]
                and entry.file_state == state
            ):
                return entry.model
            try:
                model = await asyncio.to_thread(self._load, plugin, row)
            except artefacts.ArtefactError as error:
                self._entries.pop(plugin.name, None)
                self.metrics.unavailable(plugin.name)
                logger.error(
                    "model artefact unavailable",
                    extra={"model": plugin.name, "version": row["version"], "error": str(error)},
                )
                raise ModelUnavailable(
                    plugin.name, f"the artefact of version {row['version']} is unusable ({error})"
                ) from error
            self._entries[plugin.name] = _Entry(model, state)
            self.metrics.served(
                plugin.name,
                model.version,
                model.sha256,
                model.metadata.get("data_version"),
                model.metadata.get("details", {}).get("drift_reference", {}),
            )
            logger.info("model loaded", extra={"model": plugin.name, "version": model.version})
            return model

    async def warm(self, database: Database) -> None:
        """Load every promoted model once (a model with no promoted version is left alone: a
        request says it is unavailable). A failure is logged; requests report it again."""
        for plugin in self.plugins.values():
            try:
                async with database.snapshot() as snapshot:
                    if await snapshot.one(ACTIVE, {"name": plugin.name}) is not None:
                        await self.active(snapshot, plugin)
            except Exception as error:  # the model's requests say what is wrong
                logger.warning(
                    "model not loaded at start", extra={"model": plugin.name, "error": str(error)}
                )

    def _load(self, plugin: ModelPlugin, row: dict[str, Any]) -> LoadedModel:
        estimator, metadata = artefacts.load(
            self.model_dir, row["artefact_file"], row["artefact_sha256"], plugin.trusted_types
        )
        return LoadedModel(
            plugin.name, int(row["version"]), row["artefact_sha256"], estimator, metadata
        )

    def _file_state(self, relative: str) -> tuple[int, int]:
        try:
            stat = os.stat(self.model_dir / relative)
        except OSError:
            return (-1, -1)
        return (stat.st_mtime_ns, stat.st_size)
