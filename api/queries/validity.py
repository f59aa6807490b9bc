"""Validity of the timetables a response shows (view `api.sources`, statuses computed on the day
of the query): each edition's status, and one overall status that says plainly whether the
timetables shown have expired."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from api.db import Snapshot

EDITIONS_SQL = sql.SQL("""
SELECT coalesce(json_agg(json_build_object(
           'source_id', source_id, 'name', name, 'status', validity_status,
           'valid_from', valid_from, 'valid_until', valid_until,
           'expired_since', expired_since) ORDER BY source_id), '[]') AS editions
FROM api.sources s
WHERE kind = 'timetable' AND {condition}""")

#: `source` filter value -> which editions a response draws on.
_CONDITIONS = {
    "current": sql.SQL("s.is_current"),
    "historical": sql.SQL("NOT s.is_current"),
    "all": sql.SQL("true"),
}


def overall_status(editions: list[dict[str, Any]]) -> str:
    """current, partly_expired, expired (every non-historical edition expired), historical."""
    statuses = [e["status"] for e in editions if e["status"] != "historical"]
    if not statuses:
        return "historical" if editions else "current"
    expired = sum(1 for s in statuses if s == "expired")
    if expired == len(statuses):
        return "expired"
    return "partly_expired" if expired else "current"


def editions_sql(source: str, sources: tuple[str, ...] = ()) -> sql.Composed:
    """The JSON array of the editions the `source` filter selects: one selector or id
    (parameter `%(source)s`), or several ids (`%(sources)s`)."""
    if sources:
        return EDITIONS_SQL.format(condition=sql.SQL("s.source_id = ANY (%(sources)s::text[])"))
    return EDITIONS_SQL.format(
        condition=_CONDITIONS.get(source, sql.SQL("s.source_id = %(source)s"))
    )


def editions_shape(source: str, sources: tuple[str, ...] = ()) -> str:
    """What the text of `editions_sql(source, sources)` depends on (not the ids themselves)."""
    if sources:
        return "several"
    return source if source in _CONDITIONS else "one"


def from_editions(editions: list[dict[str, Any]] | None) -> dict[str, Any]:
    editions = list(editions or [])
    return {"status": overall_status(editions), "editions": editions}


async def timetables(
    snapshot: Snapshot, source: str = "current", sources: tuple[str, ...] = ()
) -> dict[str, Any]:
    """{status, editions} for the editions the `source` filter selects (one selector or id, or
    several ids in `sources`)."""
    editions = await snapshot.value(
        editions_sql(source, sources), {"source": source, "sources": list(sources)}
    )
    return from_editions(editions)
