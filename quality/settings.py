"""Settings of the data-quality service (`obrail quality` and the ETL's publishing gate)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from obrail.settings import DatabaseSettings


class QualitySettings(DatabaseSettings):
    """`OBRAIL_*` settings read by `obrail quality` and by the quality gate of `obrail etl` (the
    database: a role that reads `core` and writes `core.quality_runs` / `core.quality_results`,
    the owner role; the gate gets the ETL's own database settings)."""

    missing_database_hint: ClassVar[str] = (
        "point it at the warehouse (postgresql://user@host:port/db) to validate the published data."
    )

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

    quality_model_max_publications: int = Field(default=3, ge=0, le=1000)
    """Models: the served version of each model must have been trained on data at most this many
    publications (distinct data versions published since) old; older, the check warns."""

    quality_volume_tolerance: float = Field(default=0.3, gt=0, lt=1)
    """Volumes: rows loaded per source may differ from the previous successful run by at most
    this share (0.3 = between 70 % and 130 % of the previous count)."""
