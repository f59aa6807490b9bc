"""What a database holds, as comparable values: its schema and a checksum of every table."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

#: Schemas PostgreSQL owns; everything else in the database is ours.
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


@dataclass(frozen=True)
class TableContent:
    rows: int
    checksum: str


def user_tables(connection: psycopg.Connection) -> list[tuple[str, str]]:
    rows = connection.execute(
        """
        SELECT n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname <> ALL(%s) AND n.nspname NOT LIKE 'pg_temp%%'
        ORDER BY 1, 2
        """,
        (list(SYSTEM_SCHEMAS),),
    ).fetchall()
    return [(schema, table) for schema, table in rows]


def table_contents(
    url: str, columns: dict[str, list[str]] | None = None
) -> dict[str, TableContent]:
    """Row count and an order-independent checksum of every row of every user table; with
    `columns` (table -> column names), of those tables and columns only."""
    contents: dict[str, TableContent] = {}
    with psycopg.connect(url) as connection:
        for schema, table in user_tables(connection):
            name = f"{schema}.{table}"
            if columns is not None and name not in columns:
                continue
            row = (
                sql.SQL("t::text")
                if columns is None
                else sql.SQL("row({})::text").format(
                    sql.SQL(", ").join(sql.Identifier("t", c) for c in columns[name])
                )
            )
            count, checksum = connection.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(md5(string_agg(md5({row}), '' ORDER BY md5({row}))), '')"
                    " FROM {}.{} AS t"
                ).format(sql.Identifier(schema), sql.Identifier(table), row=row)
            ).fetchone() or (0, "")
            contents[name] = TableContent(count, checksum)
    return contents


def columns_of(snapshot: dict[str, list[tuple[object, ...]]]) -> dict[str, list[str]]:
    """table -> its column names, from a `schema_snapshot`."""
    tables: dict[str, list[str]] = {}
    for schema, table, column, *_ in snapshot["columns"]:
        tables.setdefault(f"{schema}.{table}", []).append(str(column))
    return tables


_SCHEMA_QUERIES = {
    "columns": """
        SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema <> ALL(%(system)s)
        ORDER BY 1, 2, ordinal_position""",
    "constraints": """
        SELECT n.nspname, c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname <> ALL(%(system)s) ORDER BY 1, 2, 3""",
    "indexes": """
        SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname <> ALL(%(system)s) ORDER BY 1, 2, 3""",
    "views": """
        SELECT schemaname, viewname, definition FROM pg_views
        WHERE schemaname <> ALL(%(system)s) ORDER BY 1, 2""",
    "comments": """
        SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname <> ALL(%(system)s) AND obj_description(c.oid, 'pg_class') IS NOT NULL
        ORDER BY 1, 2""",
    "functions": """
        SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname <> ALL(%(system)s) AND n.nspname <> 'public' ORDER BY 1, 2, 3""",
    "schemas": """
        SELECT nspname FROM pg_namespace
        WHERE nspname <> ALL(%(system)s) AND nspname NOT LIKE 'pg_%%' ORDER BY 1""",
    "extensions": "SELECT extname FROM pg_extension ORDER BY 1",
    "grants": """
        SELECT grantee, table_schema, table_name, privilege_type
        FROM information_schema.role_table_grants
        WHERE table_schema <> ALL(%(system)s) AND grantee IN ('obrail_api', 'obrail_bi')
        ORDER BY 1, 2, 3, 4""",
}


def schema_snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every table column, constraint, index, view, comment, function, schema, extension and grant
    of the read-only roles: two databases with equal snapshots have the same structure."""
    with psycopg.connect(url) as connection:
        return {
            name: [
                tuple(row) for row in connection.execute(query, {"system": list(SYSTEM_SCHEMAS)})
            ]
            for name, query in _SCHEMA_QUERIES.items()
        }
