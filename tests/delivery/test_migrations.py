"""Alembic rollback: every migration downgrades cleanly with the warehouse loaded, and leaves the
database exactly as the previous revision built it; upgrading again gives head back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from tests.delivery.snapshots import TableContent, columns_of, schema_snapshot, table_contents
from tests.support.database import sqlalchemy_url, temporary_database
from warehouse import db


def revisions_oldest_first() -> list[tuple[str, str | None]]:
    """(revision, down_revision) of every migration, from the first to head."""
    script = ScriptDirectory.from_config(db.alembic_config("postgresql+psycopg://unused"))
    chain = [(rev.revision, rev.down_revision) for rev in script.walk_revisions()]
    assert all(isinstance(down, str | None) for _, down in chain), "no merge migrations expected"
    return [(rev, down) for rev, down in reversed(chain)]  # type: ignore[misc]


def without_alembic_leftovers(
    snapshot: dict[str, list[tuple[object, ...]]],
) -> dict[str, list[tuple[object, ...]]]:
    """A database downgraded to base keeps Alembic's (empty) version table and the extensions
    revision 0001 created if missing (pg_trgm: never dropped, another database object may use it)."""
    return {
        name: [row for row in rows if "alembic_version" not in row]
        for name, rows in snapshot.items()
        if name != "extensions"
    }


@pytest.fixture(scope="module")
def reference_schemas() -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """The schema each revision builds from an empty database (key 'base': nothing migrated)."""
    snapshots = {}
    with temporary_database("obrail_refschema") as url:
        snapshots["base"] = without_alembic_leftovers(schema_snapshot(url))
        for revision, _ in revisions_oldest_first():
            db.upgrade(sqlalchemy_url(url), revision)
            snapshots[revision] = schema_snapshot(url)
    return snapshots


def contents_per_revision(
    url: str, columns: dict[str, dict[str, list[str]]]
) -> dict[str, dict[str, TableContent]]:
    """`table_contents(url, columns[revision])` for each revision, each table's checksum over
    the same columns computed once (most tables keep their columns from one revision to the
    next): the same values as one `table_contents` per revision."""
    distinct: dict[str, list[str]] = {}
    for tables in columns.values():
        for table, names in tables.items():
            distinct.setdefault(f"{table}|{','.join(names)}", names)
    by_key: dict[str, TableContent] = {}
    pending = dict(distinct)
    while pending:  # table_contents takes one column list per table: one pass per variant
        batch: dict[str, list[str]] = {}
        for key, names in list(pending.items()):
            table = key.split("|", 1)[0]
            if table not in batch:
                batch[table] = names
                del pending[key]
        for table, content in table_contents(url, batch).items():
            by_key[f"{table}|{','.join(batch[table])}"] = content
    return {
        revision: {
            table: by_key[f"{table}|{','.join(names)}"]
            for table, names in tables.items()
            if f"{table}|{','.join(names)}" in by_key
        }
        for revision, tables in columns.items()
    }


def test_the_migration_chain_is_linear_and_starts_from_nothing():
    chain = revisions_oldest_first()
    assert chain[0][1] is None
    assert [down for _, down in chain[1:]] == [rev for rev, _ in chain[:-1]]


def test_each_downgrade_with_data_loaded_restores_the_previous_schema_and_keeps_older_data(
    clone_synthetic_db, reference_schemas
):
    """On the synthetic mirror's warehouse: every table loaded, few rows (the downgrades drop
    views, functions, tables and columns whatever the rows hold)."""
    url = sqlalchemy_url(clone_synthetic_db)
    # What each older revision's tables and columns hold once loaded (a newer revision may add
    # columns to an older table: its downgrade drops them, the older columns stay untouched).
    loaded_as = contents_per_revision(
        clone_synthetic_db,
        {down: columns_of(reference_schemas[down]) for _, down in revisions_oldest_first() if down},
    )
    assert loaded_as["0001"]["core.trajets"].rows > 0
    assert loaded_as["0001"]["core.calls"].rows > 0
    for revision, down_revision in reversed(revisions_oldest_first()):
        db.downgrade(url, down_revision or "base")
        assert db.current_revision(url) == down_revision
        snapshot = schema_snapshot(clone_synthetic_db)
        if down_revision is None:
            snapshot = without_alembic_leftovers(snapshot)
        assert snapshot == reference_schemas[down_revision or "base"]
        if down_revision is not None:
            loaded = loaded_as[down_revision]
            remaining = table_contents(clone_synthetic_db, columns_of(snapshot))
            kept = {name: content for name, content in loaded.items() if name in remaining}
            # Tables an older revision owns survive the downgrade of a newer one, rows untouched
            # (alembic_version is the only table whose content a migration step changes).
            kept.pop("public.alembic_version", None)
            assert {n: c for n, c in remaining.items() if n in kept} == kept
            assert "core.trajets" in kept, f"downgrading {revision} lost the published trajets"


def test_upgrade_after_a_full_downgrade_gives_head_back_and_loads_again(
    clone_synthetic_db, reference_schemas, synthetic_dir
):
    url = sqlalchemy_url(clone_synthetic_db)
    before = table_contents(clone_synthetic_db)
    db.downgrade(url, "base")
    db.upgrade(url)
    head = revisions_oldest_first()[-1][0]
    assert db.current_revision(url) == head
    assert schema_snapshot(clone_synthetic_db) == reference_schemas[head]
    # The re-created warehouse is usable: `obrail etl`, as the etl container runs it (quality
    # gate included), publishes the same trajets again.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OBRAIL_")}
    load = subprocess.run(
        [str(Path(sys.executable).with_name("obrail")), "etl"],
        env={
            **environment,
            "OBRAIL_DATABASE_URL": clone_synthetic_db,
            "OBRAIL_DATA_DIR": str(synthetic_dir),
            "OBRAIL_ENVIRONMENT": "production",
            "GX_ANALYTICS_ENABLED": "false",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert load.returncode == 0, load.stderr[-2000:]
    assert "published data version" in load.stdout
    after = table_contents(clone_synthetic_db)
    for table in ("core.trajets", "core.calls", "core.stations", "core.sources"):
        assert after[table].rows == before[table].rows, table
