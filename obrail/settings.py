"""The settings base shared by every service: `OBRAIL_*` environment variables, validated once.

Each service (warehouse, api, portal, quality) defines one subclass, builds it once at start and
passes it down. No module reads `os.environ` directly.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from obrail.redact import register_secret

#: Values that must never reach production as a secret.
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "password", "secret", "obrail"})


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class ObrailSettings(BaseSettings):
    """Base of every service's settings. Reads `OBRAIL_<FIELD>` variables."""

    model_config = SettingsConfigDict(
        env_prefix="OBRAIL_", extra="ignore", frozen=True, validate_default=True
    )

    environment: Environment = Environment.development
    """Deployment environment: development, test or production (production refuses weak secrets)."""

    log_level: str = "INFO"
    """Log level of the JSON logs written to standard error."""

    @model_validator(mode="after")
    def _register_secrets(self) -> ObrailSettings:
        """Every secret of the settings is masked in logs and error messages (obrail.redact)."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                register_secret(value.get_secret_value())
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> ObrailSettings:
        if self.environment is not Environment.production:
            return self
        for name, value in self._secret_values().items():
            if value is not None and value.strip().lower() in PLACEHOLDER_SECRETS:
                raise ValueError(
                    f"OBRAIL_{name.upper()} must be set to a real secret in production"
                )
        return self

    def _secret_values(self) -> dict[str, str | None]:
        """Secrets a subclass declares: fields whose name ends in `_password`, `_secret` or `_token`."""
        secrets: dict[str, str | None] = {}
        for name in type(self).model_fields:
            if name.endswith(("_password", "_secret", "_token")):
                value = getattr(self, name)
                secrets[name] = value.get_secret_value() if isinstance(value, SecretStr) else value
        return secrets


class DatabaseSettings(ObrailSettings):
    """Base of the settings of every service that connects to the warehouse (api, warehouse,
    quality): one way to name the database and its password, one way to read them. Each service
    builds its settings once at start and passes them (or this part of them) down."""

    model_config = SettingsConfigDict(use_attribute_docstrings=True)

    #: What to tell the user when a command needs the database and none is set.
    missing_database_hint: ClassVar[str] = (
        "point it at the warehouse, e.g. postgresql://obrail@127.0.0.1:5432/obrail"
    )

    database_url: str | None = None
    """URL of the warehouse, e.g. postgresql://obrail@db:5432/obrail (SQLAlchemy flavours such as
    postgresql+psycopg:// are accepted), with the service's role: the read-only `obrail_api` for
    `obrail api`, the owner role for `obrail db`, `obrail etl` and `obrail quality`. Unset:
    `obrail up` starts an embedded PostgreSQL; the other commands refuse to start."""

    database_password: SecretStr | None = None
    """Password of that role, when it is not written in OBRAIL_DATABASE_URL (kept out of the URL,
    so it need not be URL-safe)."""

    @field_validator("database_url")
    @classmethod
    def _libpq(cls, value: str | None) -> str | None:
        return libpq_url(value) if value else None

    def require_database_url(self) -> str:
        """The libpq URL (psycopg), password included; raises when no database is set."""
        if not self.database_url:
            raise RuntimeError(f"OBRAIL_DATABASE_URL is not set: {self.missing_database_hint}")
        return url_with_password(self.database_url, self.database_password)

    def require_sqlalchemy_url(self) -> str:
        """The same URL for SQLAlchemy with psycopg 3 (Alembic, Great Expectations)."""
        return sqlalchemy_url(self.require_database_url())


def url_with_password(url: str, password: SecretStr | None) -> str:
    """The database URL with `password` set (kept out of the URL in the environment, so it
    need not be URL-safe: OBRAIL_DATABASE_PASSWORD)."""
    if password is None:
        return url
    if "://" not in url:  # a libpq key/value string: host=db dbname=obrail user=obrail
        secret = password.get_secret_value().replace("\\", "\\\\").replace("'", "\\'")
        return f"{url} password='{secret}'"
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = quote(parts.username or "", safe="")
    secret = quote(password.get_secret_value(), safe="")
    return urlunsplit(parts._replace(netloc=f"{user}:{secret}@{host}"))


def libpq_url(url: str) -> str:
    """`postgresql+psycopg://...` (SQLAlchemy flavour) -> `postgresql://...` (libpq, psycopg)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    base = scheme.split("+", 1)[0]
    return f"{'postgresql' if base == 'postgres' else base}://{rest}"


def sqlalchemy_url(url: str) -> str:
    """Any PostgreSQL URL flavour -> the SQLAlchemy URL with the psycopg 3 driver."""
    plain = libpq_url(url)
    if plain.startswith("postgresql://"):
        return "postgresql+psycopg://" + plain.removeprefix("postgresql://")
    return url
