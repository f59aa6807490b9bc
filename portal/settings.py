"""Settings of the portal: where the API is and how patient to be with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, HttpUrl, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from obrail.keys import read_key
from obrail.settings import ObrailSettings


class PortalSettings(ObrailSettings):
    """`OBRAIL_*` settings read by `obrail portal`."""

    model_config = SettingsConfigDict(use_attribute_docstrings=True)

    api_url: str = "http://127.0.0.1:8000"
    """Base URL of the ObRail API the portal reads everything from (the portal talks to nothing else)."""

    api_timeout_s: float = Field(default=5.0, gt=0, le=60)
    """Time allowed for one API request before the portal reports the API as unavailable."""

    api_slow_ms: float = Field(default=1500.0, gt=0)
    """Latency (milliseconds) above which the portal tells users the API answers slowly."""

    api_cache_ttl_s: int = Field(default=60, ge=0, le=3600)
    """Longest time (seconds) the portal's HTTP cache keeps an API answer; within it the API
    decides (`Cache-Control: max-age`, then revalidation with the ETag). 0: no cache."""

    api_key: SecretStr | None = None
    """Key sent to the API in `X-API-Key` to get the higher partner quota (the API holds its
    SHA-256 digest in OBRAIL_API_KEYS, e.g. `portal:<sha256>`). Unset: the public quota."""

    api_key_file: Path | None = None
    """File holding that key instead (written once by `obrail portal-key`, compose's init step;
    the API reads the same file): no digest to copy by hand. Ignored when OBRAIL_API_KEY is set."""

    @model_validator(mode="before")
    @classmethod
    def _key_from_file(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("api_key_file") and not data.get("api_key"):
            data = {**data, "api_key": read_key(Path(data["api_key_file"]))}
        return data

    @field_validator("api_url")
    @classmethod
    def _valid_base_url(cls, value: str) -> str:
        HttpUrl(value)
        return value.rstrip("/")
