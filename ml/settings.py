"""Settings of `obrail model`: `OBRAIL_*` environment variables, validated once."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from obrail.settings import ObrailSettings

#: Where artefacts are written and read when OBRAIL_MODEL_DIR is not set.
DEFAULT_MODEL_DIR = Path(".obrail/models")


class ModelSettings(ObrailSettings):
    """`OBRAIL_*` settings read by `obrail model` (it writes the registry: owner role)."""

    model_config = SettingsConfigDict(use_attribute_docstrings=True)

    database_url: str | None = None
    """libpq URL of the warehouse with the owner role (the registry is written), e.g.
    postgresql://obrail@db:5432/obrail. Required."""

    database_password: SecretStr | None = None
    """Password of that role when it is not written in OBRAIL_DATABASE_URL."""

    model_dir: Path = DEFAULT_MODEL_DIR
    """Directory of the model artefacts (shared with the API, which reads them)."""

    def require_database_url(self) -> str:
        if not self.database_url:
            raise ValueError("OBRAIL_DATABASE_URL is required")
        return self.database_url
