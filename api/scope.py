"""Reading a request's ASGI scope: its state, query parameters and headers (what the routes and
the middlewares both read, parsed once per request)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Scope


def request_state(scope: Scope) -> dict[str, Any]:
    state: dict[str, Any] = scope.setdefault("state", {})
    return state


QueryPairs = tuple[tuple[str, str], ...]


def query_pairs(scope: Scope) -> QueryPairs:
    """The decoded query parameters, parsed once per request (kept in the request state)."""
    state = request_state(scope)
    pairs: QueryPairs | None = state.get("query_pairs")
    if pairs is None:
        raw = scope.get("query_string", b"").decode("latin-1")
        pairs = tuple(parse_qsl(raw, keep_blank_values=True, errors="replace")) if raw else ()
        state["query_pairs"] = pairs
    return pairs


def header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None
