"""The migration's read-only roles are cluster-wide: two databases of one cluster migrating at the
same moment (two test workers on a fresh cluster, two environments on one server) must both
succeed, whichever creates a role first."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.support.database import ADMIN_URL

MIGRATION = Path(__file__).resolve().parents[2] / "warehouse/migrations/sql/0001_api_views_up.sql"
ROLE_BLOCK = re.compile(r"DO \$\$(?:(?!\$\$).)*?CREATE ROLE (\w+)(?:(?!\$\$).)*\$\$;", re.DOTALL)


def role_blocks(suffix: str) -> tuple[list[str], list[str]]:
    """The migration's role-creating blocks, exactly as written, with each role renamed
    `<role>_<suffix>` (the real roles already exist on the test cluster); and the new names."""
    text = MIGRATION.read_text()
    matches = list(ROLE_BLOCK.finditer(text))
    assert [m.group(1) for m in matches] == ["obrail_api", "obrail_bi"]
    names = [f"{m.group(1)}_{suffix}" for m in matches]
    blocks = [m.group(0).replace(m.group(1), name) for m, name in zip(matches, names, strict=True)]
    return blocks, names


@pytest.fixture
def fresh_roles() -> Iterator[tuple[list[str], list[str]]]:
    blocks, names = role_blocks(uuid.uuid4().hex[:8])
    yield blocks, names
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        for name in names:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def waiting_on_a_lock(admin: psycopg.Connection, pid: int) -> bool:
    row = admin.execute(
        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
    ).fetchone()
    return row is not None and row[0] == "Lock"


def test_two_migrations_creating_the_roles_at_once_both_succeed(fresh_roles) -> None:
    blocks, names = fresh_roles
    errors: list[BaseException] = []
    with (
        psycopg.connect(ADMIN_URL, autocommit=True) as admin,
        psycopg.connect(ADMIN_URL) as first,
        psycopg.connect(ADMIN_URL, autocommit=True) as second,
    ):
        for block in blocks:  # the first migration's transaction creates them, not committed yet
            first.execute(block)

        def second_migration() -> None:
            try:
                for block in blocks:
                    second.execute(block)
            except BaseException as error:  # reported below
                errors.append(error)

        thread = threading.Thread(target=second_migration)
        thread.start()
        deadline = time.monotonic() + 10
        while not waiting_on_a_lock(admin, second.info.backend_pid):
            assert thread.is_alive() and time.monotonic() < deadline, (
                "the second migration should wait for the first one's roles",
                errors,
            )
            time.sleep(0.02)
        first.commit()
        thread.join(10)
        assert not thread.is_alive()
        assert errors == []
        for block in blocks:  # and once they exist, running the migration again is a no-op
            second.execute(block)
        created = admin.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s) ORDER BY 1",
            (names,),
        ).fetchall()
    assert created == [(name, False) for name in sorted(names)]
