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


def test_the_read_model_documents_are_stored_with_the_fastest_compression(loaded_db):
    """The publishing session writes long values with lz4 when the server has it (warehouse.load,
    FAST_COMPRESSION); what is read back is the same either way."""
    with psycopg.connect(loaded_db) as connection:
        has_lz4 = connection.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        ).fetchone()
        methods: dict[str, int] = dict(
            connection.execute(
                "SELECT pg_column_compression(tail), count(*) FROM read_model.details"
                " WHERE pg_column_compression(tail) IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
    assert has_lz4 is not None
    assert list(methods) == (["lz4"] if has_lz4[0] else ["pglz"])
    # Both mirrors have documents long enough to be compressed (the synthetic one some 190).
    assert sum(methods.values()) > 100, "no document was long enough to be compressed"
