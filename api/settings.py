"""Settings of the API service: `OBRAIL_*` environment variables, validated once at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import Field, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from obrail.keys import key_digest, read_key
from obrail.settings import DatabaseSettings

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def _split_list(value: object) -> object:
    """'a, b,,c' -> ('a', 'b', 'c'): environment variables hold comma-separated lists."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


def _parse_api_keys(value: object) -> object:
    entries = _split_list(value)
    if not isinstance(entries, tuple | list):
        return entries
    keys: dict[str, str] = {}
    for index, entry in enumerate(entries):
        name, _, digest = str(entry).rpartition(":")
        digest = digest.strip().lower()
        if not _SHA256_HEX.match(digest):
            raise ValueError(
                "OBRAIL_API_KEYS holds SHA-256 hex digests of the keys ('name:digest' or 'digest'), "
                f"entry {index + 1} is not one"
            )
        keys[digest] = name.strip() or f"key-{index + 1}"
    return keys


class ApiSettings(DatabaseSettings):
    """`OBRAIL_*` settings read by `obrail api` (the database: the read-only role `obrail_api`)."""

    model_config = SettingsConfigDict(use_attribute_docstrings=True)
    missing_database_hint: ClassVar[str] = (
        "point it at the warehouse with the read-only role, "
        "e.g. postgresql://obrail_api@127.0.0.1:5432/obrail"
    )

    pool_min_size: int = Field(default=1, ge=0, le=50)
    """Database connections kept open even when idle."""

    pool_max_size: int = Field(default=8, ge=1, le=100)
    """Maximum number of database connections of the process."""

    db_timeout_s: float = Field(default=3.0, gt=0, le=60)
    """Seconds to connect to PostgreSQL or to wait for a free connection before answering 503."""

    db_reconnect_timeout_s: float = Field(default=5.0, gt=0, le=600)
    """Seconds the pool retries a lost connection in the background before giving up the slot
    (a later request opens a new one: the API recovers without restart)."""

    statement_timeout_ms: int = Field(default=5000, ge=100, le=600_000)
    """PostgreSQL statement_timeout of every API query, in milliseconds."""

    data_version_check_s: float = Field(default=2.0, ge=0, le=300)
    """At most one look at api.publication.data_version per this many seconds; the response cache
    and the ETags follow it (0: check on every request)."""

    cache_max_bytes: int = Field(default=64 * 1024 * 1024, ge=0)
    """Size of the in-process response cache (bytes of response bodies; 0 disables it)."""

    cache_max_age_s: int = Field(default=60, ge=0, le=86_400)
    """`Cache-Control: max-age` of the data responses (clients then revalidate with their ETag)."""

    model_dir: Path = Path(".obrail/models")
    """Directory of the model artefacts written by `obrail model train` (read only here; the
    registry in the warehouse says which artefact each model serves)."""

    csv_max_rows: int = Field(default=100_000, ge=1)
    """Largest number of rows of a CSV export (the export is refused with 422 beyond)."""

    rate_limit_per_minute: int = Field(default=600, ge=1)
    """Requests per minute allowed to one client without API key (per IP address, in memory)."""

    rate_limit_burst: int = Field(default=60, ge=1)
    """Requests a client may send at once before the per-minute rate applies."""

    api_key_rate_limit_per_minute: int = Field(default=12_000, ge=1)
    """Requests per minute allowed to a client presenting a valid API key."""

    invalid_key_rate_limit_per_minute: int = Field(default=10, ge=1)
    """Wrong API keys one client (address) may present per minute, in bursts of as many; beyond,
    its requests with a key are refused with 429 (guessing keys is slowed down)."""

    api_keys: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    """Partner API keys, as SHA-256 hex digests of the keys, comma-separated, each optionally
    named: `portal:<sha256>,partner-x:<sha256>`. Keys are sent in the `X-API-Key` header and only
    raise the quota; public reads need none. Compute a digest with `printf %s KEY | sha256sum`."""

    portal_api_key_file: Path | None = None
    """File holding the portal's key, written once by `obrail portal-key` (compose's init step,
    or a Kubernetes Secret): its digest is added to the API keys as `portal`."""

    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    """Origins allowed to call the API from a browser (CORS), comma-separated, e.g.
    https://obrail.example,http://localhost:8501. Empty: no cross-origin browser access."""

    forwarded_allow_ips: str = "127.0.0.1"
    """Proxies whose X-Forwarded-For is trusted to identify clients (uvicorn's option)."""

    max_header_bytes: int = Field(default=16 * 1024, ge=1024, le=1024 * 1024)
    """Largest request head (request line and headers, bytes) the HTTP server reads; beyond, it
    answers 431 and closes the connection."""

    ready_timeout_s: float = Field(default=1.0, gt=0, le=30)
    """/health/ready asks the database every time, and answers 503 if it has not answered
    within this many seconds."""

    hsts: bool = False
    """Send Strict-Transport-Security (only when the API is served over HTTPS)."""

    alertmanager_url: str | None = None
    """Alertmanager base URL read by GET /monitoring/alerts (e.g. http://alertmanager:9093)."""

    alertmanager_timeout_s: float = Field(default=2.0, gt=0, le=30)
    """Timeout of the call to Alertmanager."""

    access_log: bool = True
    """Write one JSON line per request (request id, route, status, duration) to standard error."""

    @field_validator("api_keys", mode="before")
    @classmethod
    def _keys(cls, value: object) -> object:
        return _parse_api_keys(value)

    @model_validator(mode="after")
    def _portal_key(self) -> ApiSettings:
        if self.portal_api_key_file is not None:
            digest = key_digest(read_key(self.portal_api_key_file))
            self.api_keys.setdefault(digest, "portal")
        return self

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        return _split_list(value)
