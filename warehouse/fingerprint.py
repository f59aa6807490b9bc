"""The data version: a digest of what is about to be published, table by table."""

from __future__ import annotations

import hashlib
from typing import Any

import psycopg
from psycopg import sql

from warehouse.tables import PUBLISHED_TABLES


def content_version(connection: psycopg.Connection[Any], schema: str) -> str:
    """A digest of every published table (row count and a digest of the sorted row digests).
    Same content -> same version, so ETags survive an identical reload; any change of any
    published row -> a new version (and new ETags)."""
    return version_of(table_checksums(connection, schema))


def version_of(checksums: list[tuple[str, int, str]]) -> str:
    """The data version of tables whose `table_checksums` are `checksums`."""
    digest = hashlib.sha256()
    for table, count, rows_digest in checksums:
        digest.update(f"{table}\t{count}\t{rows_digest}\n".encode())
    return digest.hexdigest()[:12]


def table_checksums(
    connection: psycopg.Connection[Any], schema: str = "core"
) -> list[tuple[str, int, str]]:
    """(table, rows, md5 of the sorted md5 of each row's text) of every published table."""
    checksums = []
    for table in PUBLISHED_TABLES:
        row = connection.execute(
            sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(r.digest, '' ORDER BY r.digest), ''))"
                " FROM (SELECT md5(t::text) AS digest FROM {}.{} AS t) AS r"
            ).format(sql.Identifier(schema), sql.Identifier(table))
        ).fetchone()
        assert row is not None
        checksums.append((table, int(row[0]), str(row[1])))
    return checksums
