"""The modal-shift model trained on a test warehouse and promoted, as `obrail model train
--promote` does: what the API and portal tests serve."""

from __future__ import annotations

from pathlib import Path


def promote_report_modal(owner_url: str, model_dir: Path) -> Path:
    """Train `report_modal` on the warehouse (registry rows only: the published data and its
    version do not change) and serve it; returns the artefacts' directory."""
    from ml.plugin import discover
    from ml.settings import ModelSettings
    from ml.training import train_model

    settings = ModelSettings(database_url=owner_url, model_dir=model_dir)
    train_model(settings, discover()["report_modal"], promote=True)
    return model_dir
