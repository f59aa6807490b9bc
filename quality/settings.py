"""Settings of the data-quality service (`obrail quality` and the ETL's publishing gate)."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from obrail.settings import ObrailSettings, sqlalchemy_url, url_with_password


class QualitySettings(ObrailSettings):
    """`OBRAIL_*` settings read by `obrail quality` and by the quality gate of `obrail etl`."""

    database_url: str | None = None
    """URL of the warehouse (e.g. postgresql://obrail@db/obrail); the role must read `core` and
    write `core.quality_runs` / `core.quality_results` (the owner role). The gate ignores it and
    validates the database of the ETL's own connection."""

    database_password: SecretStr | None = None
    """Password of the database role, when it is not written in OBRAIL_DATABASE_URL."""

    pushgateway_url: str | None = None
    """Prometheus Pushgateway receiving the quality metrics (e.g. http://pushgateway:9091).
    Unset: metrics are not pushed (results are still stored in the warehouse)."""

    quality_push_timeout_s: float = Field(default=5.0, gt=0)
    """Timeout of one push to the Pushgateway; a failed push is logged, never fatal."""

    quality_sample_size: int = Field(default=10, ge=1, le=200)
    """How many failing rows (key and value) are kept per expectation as examples."""

    quality_etl_max_age_h: float = Field(default=192.0, gt=0)
    """Freshness: the last successful ETL must be younger than this many hours (default 8 days:
    a weekly reload plus a day of margin)."""

    quality_volume_tolerance: float = Field(default=0.3, gt=0, lt=1)
    """Volumes: rows loaded per source may differ from the previous successful run by at most
    this share (0.3 = between 70 % and 130 % of the previous count)."""

    @field_validator("database_url")
    @classmethod
    def _use_psycopg3(cls, value: str | None) -> str | None:
        return sqlalchemy_url(value) if value else None

    def require_database_url(self) -> str:
        if not self.database_url:
            raise RuntimeError(
                "OBRAIL_DATABASE_URL is not set: point it at the warehouse "
                "(postgresql://user@host:port/db) to validate the published data."
            )
        return url_with_password(self.database_url, self.database_password)
