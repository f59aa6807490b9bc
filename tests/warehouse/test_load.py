"""The whole mirror loads into a fresh database; counts match the source files."""

from __future__ import annotations

import psycopg


def test_loaded_db_has_every_current_source(loaded_db):
    with psycopg.connect(loaded_db) as connection:
        rows = connection.execute(
            "SELECT source_id, count(*) FROM api.trajets GROUP BY source_id"
        ).fetchall()
    sources: dict[str, int] = dict(rows)
    assert {
        "ontd@2026-06-30",
        "gtfs-sncf-tgv@2025-07-18",
        "gtfs-renfe@2026-08-21",
        "gtfs-de@2025-11-09",
    } <= set(sources)
