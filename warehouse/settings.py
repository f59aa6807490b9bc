"""Settings of the warehouse service (migrations, ETL, embedded database)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr

from obrail.settings import DatabaseSettings
from warehouse.lock import SessionLimits

#: Project-local folder (ignored by git) for the embedded database and downloaded sources.
DEFAULT_STATE_DIR = Path(".obrail")


class WarehouseSettings(DatabaseSettings):
    """`OBRAIL_*` settings read by `obrail db`, `obrail etl` and `obrail up` (the database: the
    owner role; unset, `obrail up` starts an embedded PostgreSQL in `state_dir`)."""

    missing_database_hint: ClassVar[str] = (
        "point it at a PostgreSQL database (postgresql://user@host:port/db) or run `obrail up`, "
        "which starts an embedded one."
    )

    data_dir: Path | None = None
    """Local mirror of the open data (same layout as the public sources). Unset: download."""

    state_dir: Path = DEFAULT_STATE_DIR
    """Project-local folder for the embedded PostgreSQL data and downloaded sources."""

    embedded_port: int = Field(default=54329, ge=1024, le=65535)
    """TCP port of the embedded PostgreSQL on 127.0.0.1."""

    download_timeout_s: float = Field(default=60.0, gt=0)
    """Timeout of one source download when no mirror is given."""

    pushgateway_url: str | None = None
    """Prometheus Pushgateway (e.g. http://pushgateway:9091) that `obrail etl` pushes its run
    metrics to (job obrail-etl). Unset: no push."""

    etl_lock_wait_s: float = Field(default=0.0, ge=0, le=86_400)
    """Seconds a load waits for another running load to finish before giving up (exit code 3,
    naming the running run). 0: give up at once."""

    etl_lock_timeout_s: float = Field(default=30.0, gt=0, le=3600)
    """lock_timeout of every database session of a load and of its quality gate: a table lock
    held elsewhere (a migration, a stuck session) fails the run after this instead of hanging."""

    etl_statement_timeout_s: float = Field(default=900.0, gt=0, le=86_400)
    """statement_timeout (and idle-in-transaction timeout) of every session of a load and of
    its quality gate."""

    etl_max_volume_drop: float = Field(default=0.25, gt=0, lt=1)
    """Publishing gate: a source whose loaded trips (rows) or calls fall by more than this share
    against the published run is refused (a truncated feed); `obrail etl --accept-volume-drop`
    publishes a legitimate drop once."""

    api_role_password: SecretStr | None = None
    """Password given to the read-only `obrail_api` role by `obrail db roles` (none: trust auth)."""

    bi_role_password: SecretStr | None = None
    """Password given to the read-only `obrail_bi` role by `obrail db roles` (none: trust auth)."""

    def session_limits(self) -> SessionLimits:
        return SessionLimits(
            lock_timeout_s=self.etl_lock_timeout_s,
            statement_timeout_s=self.etl_statement_timeout_s,
        )
