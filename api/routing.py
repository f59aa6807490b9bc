"""What the middlewares know of the routes: their templates and their declared behaviour.

Each route declares its behaviour on itself (`@declare(cacheable=True, csv=True)` under the
route decorator): cached and given an ETag, able to answer CSV, left out of rate limiting (probes,
metrics), an interactive docs page. The middlewares run before FastAPI routes a request; they
resolve the route template themselves (for metrics, logs, the cache and the guard), from the
app's route list, and ask `behaviours(app)` what the route declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from fastapi import FastAPI
from starlette.routing import BaseRoute


@dataclass(frozen=True)
class Behaviour:
    """What a route is, for the middlewares (the defaults: an uncached, rate-limited API call)."""

    cacheable: bool = False
    """Its answer depends on the data version only: ETag, 304, response cache."""
    csv: bool = False
    """It also answers text/csv (`format=csv` or `Accept: text/csv`)."""
    rate_limited: bool = True
    """False for probes and metrics: never throttled, no API key asked."""
    docs: bool = False
    """An interactive documentation page (its own content security policy)."""


DEFAULT = Behaviour()
F = TypeVar("F", bound=Callable[..., object])
_ATTRIBUTE = "__obrail_behaviour__"


def declare(**behaviour: bool) -> Callable[[F], F]:
    """Declare an endpoint's behaviour (under its route decorator)."""

    def mark(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, Behaviour(**behaviour))
        return endpoint

    return mark


def behaviour_of(route: BaseRoute) -> Behaviour:
    declared = getattr(getattr(route, "endpoint", None), _ATTRIBUTE, DEFAULT)
    return declared if isinstance(declared, Behaviour) else DEFAULT


def behaviours(app: FastAPI) -> Callable[[str | None], Behaviour]:
    """route template (None: no route) -> what that route declared, read once from the app."""
    table: dict[str, Behaviour] = {}

    def lookup(template: str | None) -> Behaviour:
        if not table:
            for route in all_routes(app):
                path = getattr(route, "path", None)
                if path is not None:
                    table.setdefault(str(path), behaviour_of(route))
        return table.get(template, DEFAULT) if template is not None else DEFAULT

    return lookup


def all_routes(app: FastAPI) -> list[BaseRoute]:
    """The app's routes: its own (docs, OpenAPI) and those of the route modules."""
    return list(app.router.routes)


def route_resolver(app: FastAPI) -> Callable[[str], str | None]:
    """path -> route template ('/trajets/abc' -> '/trajets/{trajet_id}'), memoised."""

    @lru_cache(maxsize=4096)
    def resolve(path: str) -> str | None:
        for route in all_routes(app):
            regex = getattr(route, "path_regex", None)
            if regex is not None and regex.match(path):
                return str(getattr(route, "path", path))
        return None

    return resolve
