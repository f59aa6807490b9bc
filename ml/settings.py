"""Settings of `obrail model`: `OBRAIL_*` environment variables, validated once."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from obrail.settings import DatabaseSettings

#: Where artefacts are written and read when OBRAIL_MODEL_DIR is not set.
DEFAULT_MODEL_DIR = Path(".obrail/models")


class ModelSettings(DatabaseSettings):
    """`OBRAIL_*` settings read by `obrail model` (it writes the registry: the owner role)."""

    missing_database_hint: ClassVar[str] = (
        "point it at the warehouse with the owner role, e.g. "
        "postgresql://obrail@127.0.0.1:5432/obrail"
    )

    model_dir: Path = DEFAULT_MODEL_DIR
    """Directory of the model artefacts written by `obrail model train` (the API reads the same
    directory: OBRAIL_MODEL_DIR of `obrail api`)."""
