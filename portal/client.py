"""The only place that speaks HTTP to the ObRail API.

Every call returns an outcome instead of raising: `Ok` (the typed answer), `Unavailable` (the API
cannot be reached, timed out, failed or answered something unreadable) or `Problem` (the API
refused the request with an RFC 9457 problem).

Answers go through an HTTP cache (hishel, RFC 9111, private) that honours what the API says:
an answer is reused while its `Cache-Control: max-age` holds, then revalidated with its ETag
(`If-None-Match`; a 304 costs the API no query and no body), and none is kept longer than
`api_cache_ttl_s` (0: no cache). The API marks failures and live answers (health, alerts)
`no-store`: they are never reused, so a page recovers as soon as the API does.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import httpx
from hishel import CacheOptions, SqliteStorage
from hishel.httpx import CacheTransport
from pydantic import BaseModel, TypeAdapter, ValidationError

from portal import models
from portal.settings import PortalSettings

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

UnavailableReason = Literal[
    "timeout", "unreachable", "server_error", "rate_limited", "unexpected_answer"
]
QueryParams = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Ok[T]:
    value: T
    elapsed_ms: float


@dataclass(frozen=True)
class Unavailable:
    """The API could not give an answer: down, too slow, failing, or answering nonsense."""

    reason: UnavailableReason
    detail: str
    path: str


@dataclass(frozen=True)
class ProblemError:
    parameter: str | None
    message: str


@dataclass(frozen=True)
class Problem:
    """The API answered with a client error (problem+json): bad filter, unknown trajet..."""

    status: int
    title: str
    detail: str | None = None
    code: str | None = None
    errors: tuple[ProblemError, ...] = ()


Outcome = Ok[T] | Unavailable | Problem


@dataclass(frozen=True)
class Fetched:
    """A raw successful answer, as kept in the cache."""

    payload: Any
    elapsed_ms: float


class _FetchFailed(Exception):
    """A failed fetch: an outcome to report, never an answer to reuse."""

    def __init__(self, outcome: Unavailable | Problem) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def _problem(response: httpx.Response) -> Problem:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    errors = tuple(
        ProblemError(parameter=e.get("parameter"), message=str(e.get("message", "")))
        for e in body.get("errors") or []
        if isinstance(e, dict)
    )
    return Problem(
        status=response.status_code,
        title=str(body.get("title") or response.reason_phrase),
        detail=body.get("detail"),
        code=body.get("code"),
        errors=errors,
    )


#: 5xx problems that concern one block only (the API answers): shown in that block, never as
#: "the API is down".
BLOCK_PROBLEMS = frozenset({"model_unavailable"})


def _request(
    http: httpx.Client, url: str, params: QueryParams, accept: str
) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    try:
        response = http.get(url, params=list(params), headers={"Accept": accept})
    except httpx.TimeoutException as exc:
        raise _FetchFailed(Unavailable("timeout", str(exc) or "timeout", url)) from exc
    except httpx.HTTPError as exc:
        raise _FetchFailed(Unavailable("unreachable", str(exc) or type(exc).__name__, url)) from exc
    elapsed_ms = (time.perf_counter() - started) * 1000
    if response.status_code == 429:
        raise _FetchFailed(Unavailable("rate_limited", "HTTP 429", url))
    if response.status_code >= 500:
        problem = _problem(response)
        if problem.code in BLOCK_PROBLEMS:  # one block is missing, the API itself answers
            raise _FetchFailed(problem)
        raise _FetchFailed(Unavailable("server_error", f"HTTP {response.status_code}", url))
    if response.status_code >= 400:
        raise _FetchFailed(_problem(response))
    return response, elapsed_ms


def fetch_json(http: httpx.Client, url: str, params: QueryParams) -> Fetched:
    response, elapsed_ms = _request(http, url, params, "application/json")
    try:
        return Fetched(response.json(), elapsed_ms)
    except ValueError as exc:
        raise _FetchFailed(Unavailable("unexpected_answer", "not JSON", url)) from exc


def http_cache(next_transport: httpx.BaseTransport, max_age_s: int) -> httpx.BaseTransport:
    """An RFC 9111 private cache in memory in front of `next_transport` (thread-safe)."""
    connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    storage = SqliteStorage(connection=connection, default_ttl=max_age_s)
    return CacheTransport(next_transport, storage=storage, rfc=CacheOptions(shared=False))


def new_http_client(settings: PortalSettings) -> httpx.Client:
    """One pooled HTTP client per portal process (thread-safe, shared by all sessions), with
    the HTTP cache unless `api_cache_ttl_s` is 0."""
    timeout = httpx.Timeout(settings.api_timeout_s, connect=min(settings.api_timeout_s, 2.0))
    headers = {"User-Agent": "obrail-portal"}
    if settings.api_key is not None:
        headers["X-API-Key"] = settings.api_key.get_secret_value()
    transport: httpx.BaseTransport = httpx.HTTPTransport()
    if settings.api_cache_ttl_s > 0:
        transport = http_cache(transport, settings.api_cache_ttl_s)
    return httpx.Client(
        base_url=settings.api_url,
        timeout=timeout,
        headers=headers,
        follow_redirects=False,
        transport=transport,
    )


def _query(params: Mapping[str, object] | None) -> QueryParams:
    """Parameters as a sorted tuple (hashable, cache-friendly), without empty values."""
    if not params:
        return ()
    return tuple(sorted((k, str(v)) for k, v in params.items() if v is not None and v != ""))


@dataclass
class ApiClient:
    """Typed calls to the API for one script run; remembers every outcome of the run
    so the page can say plainly when the API is down or slow."""

    settings: PortalSettings
    http: httpx.Client
    journal: list[Ok[Any] | Unavailable | Problem] = field(default_factory=list)

    # -- plumbing ----------------------------------------------------------------------------

    def _get(self, path: str, params: Mapping[str, object] | None) -> Outcome[Any]:
        started = time.perf_counter()
        try:
            fetched = fetch_json(self.http, path, _query(params))
        except _FetchFailed as failure:
            self.journal.append(failure.outcome)
            return failure.outcome
        elapsed_ms = (time.perf_counter() - started) * 1000
        outcome: Ok[Any] = Ok(fetched.payload, elapsed_ms)
        self.journal.append(outcome)
        return outcome

    def _typed(
        self,
        adapter: TypeAdapter[T],
        path: str,
        params: Mapping[str, object] | None = None,
    ) -> Outcome[T]:
        outcome = self._get(path, params)
        if not isinstance(outcome, Ok):
            return outcome
        try:
            return Ok(adapter.validate_python(outcome.value), outcome.elapsed_ms)
        except ValidationError as exc:
            failure = Unavailable("unexpected_answer", f"{exc.error_count()} invalid fields", path)
            self.journal.append(failure)
            return failure

    def _model(
        self,
        model: type[M],
        path: str,
        params: Mapping[str, object] | None = None,
    ) -> Outcome[M]:
        return self._typed(TypeAdapter(model), path, params)

    def _list(
        self, model: type[M], path: str, params: Mapping[str, object] | None = None
    ) -> Outcome[list[M]]:
        """A JSON list (the API's list endpoints answer a bare array)."""
        outcome = self._get(path, params)
        if not isinstance(outcome, Ok):
            return outcome
        try:
            items = TypeAdapter(list[model]).validate_python(outcome.value)  # type: ignore[valid-type]
            return Ok(items, outcome.elapsed_ms)
        except ValidationError as exc:
            failure = Unavailable("unexpected_answer", f"{exc.error_count()} invalid fields", path)
            self.journal.append(failure)
            return failure

    @property
    def unavailable(self) -> Sequence[Unavailable]:
        return [o for o in self.journal if isinstance(o, Unavailable)]

    @property
    def slowest_ms(self) -> float:
        return max((o.elapsed_ms for o in self.journal if isinstance(o, Ok)), default=0.0)

    @property
    def is_slow(self) -> bool:
        return self.slowest_ms > self.settings.api_slow_ms

    # -- the API, endpoint by endpoint -------------------------------------------------------

    def health(self) -> Outcome[models.Health]:
        """Live health, never cached (it also measures the latency users get)."""
        started = time.perf_counter()
        try:
            response = self.http.get("/health", headers={"Accept": "application/json"})
            elapsed_ms = (time.perf_counter() - started) * 1000
            health = models.Health.model_validate(response.json())
        except httpx.TimeoutException as exc:
            outcome: Outcome[models.Health] = Unavailable("timeout", str(exc), "/health")
        except httpx.HTTPError as exc:
            outcome = Unavailable("unreachable", str(exc) or type(exc).__name__, "/health")
        except (ValueError, ValidationError):
            outcome = Unavailable("unexpected_answer", "unreadable /health", "/health")
        else:
            # 503 with a body is still an answer: the API is up, its database is not.
            outcome = Ok(health, elapsed_ms)
        self.journal.append(outcome)
        return outcome

    def summary(self) -> Outcome[models.Summary]:
        return self._model(models.Summary, "/stats/summary")

    def trajets(self, params: Mapping[str, object]) -> Outcome[models.TrajetPage]:
        return self._model(models.TrajetPage, "/trajets", params)

    def trajet(self, trajet_id: str) -> Outcome[models.TrajetDetail]:
        return self._model(models.TrajetDetail, f"/trajets/{trajet_id}")

    def trajets_csv(self, params: Mapping[str, object]) -> Outcome[bytes]:
        """The filtered trajets as CSV (not cached: fetched when the user downloads)."""
        try:
            response, elapsed_ms = _request(
                self.http, "/trajets", _query({**params, "format": "csv"}), "text/csv"
            )
        except _FetchFailed as failure:
            return failure.outcome
        return Ok(response.content, elapsed_ms)

    def volumes(
        self, group_by: str, params: Mapping[str, object] | None = None
    ) -> Outcome[models.Volumes]:
        return self._model(
            models.Volumes, "/stats/volumes", {**(params or {}), "group_by": group_by}
        )

    def distribution(
        self, metric: str, params: Mapping[str, object] | None = None
    ) -> Outcome[models.Distribution]:
        return self._model(
            models.Distribution, "/stats/distributions", {**(params or {}), "metric": metric}
        )

    def co2(self, params: Mapping[str, object] | None = None) -> Outcome[models.Co2Stats]:
        return self._model(models.Co2Stats, "/stats/co2", params)

    def map_routes(self, params: Mapping[str, object] | None = None) -> Outcome[models.MapRoutes]:
        return self._model(models.MapRoutes, "/map/routes", params)

    def busiest_stations(self, limit: int = 30) -> Outcome[list[models.StationMatch]]:
        return self._list(models.StationMatch, "/stations", {"limit": limit})

    def destinations(self, city: str, day_night: str | None = None) -> Outcome[models.Destinations]:
        return self._model(
            models.Destinations, "/destinations", {"from": city, "day_night": day_night}
        )

    def comparison(self, origin: str, destination: str) -> Outcome[models.Comparison]:
        return self._model(models.Comparison, "/comparison", {"from": origin, "to": destination})

    def winning_pairs(self, limit: int = 100) -> Outcome[models.WinningPairs]:
        return self._model(models.WinningPairs, "/comparison/pairs", {"limit": limit})

    def modal_shift(self, origin: str, destination: str) -> Outcome[models.ModalShift]:
        return self._model(
            models.ModalShift,
            "/predictions/report-modal",
            {"origin": origin, "destination": destination},
        )

    def modal_shift_pairs(self, params: Mapping[str, object]) -> Outcome[models.ModalShiftPairs]:
        return self._model(models.ModalShiftPairs, "/predictions/report-modal/pairs", params)

    def operators(self) -> Outcome[list[models.Operator]]:
        return self._list(models.Operator, "/operators")

    def sources(self) -> Outcome[list[models.Source]]:
        return self._list(models.Source, "/sources")

    def coverage(self) -> Outcome[list[models.CountryCoverage]]:
        return self._list(models.CountryCoverage, "/coverage")

    def etl_runs(self, limit: int = 10) -> Outcome[list[models.EtlRun]]:
        return self._list(models.EtlRun, "/etl/runs", {"limit": limit})

    def quality_latest(self) -> Outcome[models.QualityLatest]:
        return self._model(models.QualityLatest, "/quality/latest")

    def alerts(self) -> Outcome[models.Alerts]:
        return self._model(models.Alerts, "/monitoring/alerts")  # the API says no-store
