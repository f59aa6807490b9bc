"""HTTP negotiation shared by the routes and the cache middleware: the representation a request
asks for (JSON or CSV), the UTC day answers depend on, and ETag matching (If-None-Match)."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.types import Scope

from api.scope import header, query_pairs


def _accept_prefers_csv(accept: str) -> bool:
    best: tuple[float, int, str] | None = None
    for index, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        kind = {"text/csv": "csv", "application/json": "json", "*/*": "json"}.get(media.lower())
        if kind and quality > 0 and (best is None or (quality, -index) > best[:2]):
            best = (quality, -index, kind)
    return best is not None and best[2] == "csv"


def representation(scope: Scope, csv: bool) -> str:
    """'csv' or 'json' for a route that can (`csv`) answer CSV: the `format` parameter first,
    then the Accept header; always 'json' for the others."""
    if not csv:
        return "json"
    for name, value in query_pairs(scope):
        if name == "format":
            return "csv" if value == "csv" else "json"
    accept = header(scope, b"accept")
    return "csv" if accept and _accept_prefers_csv(accept.decode("latin-1")) else "json"


def utc_day() -> str:
    """Today in UTC, the day the database's statuses are computed on (the API's sessions run
    in UTC)."""
    return datetime.now(UTC).date().isoformat()


def etag_matches(if_none_match: bytes | None, etag: str) -> bool:
    if not if_none_match:
        return False
    for candidate in if_none_match.decode("latin-1").split(","):
        candidate = candidate.strip().removeprefix("W/")
        if candidate in ("*", etag):
            return True
    return False
