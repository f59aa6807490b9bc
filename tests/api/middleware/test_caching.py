"""ETag, 304 and the response cache, invalidated when the ETL publishes a new data version."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
from fastapi import FastAPI

from api.app import create_app
from api.middleware.caching import cache_key
from api.negotiation import etag_matches, representation
from api.settings import ApiSettings
from tests.api.conftest import api_role_url, api_settings, scalar
from tests.api.server import running_api
from warehouse import read_model


def test_etag_then_304_on_if_none_match(http, sql):
    first = http.get("/trajets", params={"day_night": "night"})
    etag = first.headers["etag"]
    assert scalar(sql, "SELECT data_version FROM api.publication") in etag
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = http.get("/trajets", params={"day_night": "night"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    stale = http.get("/trajets", params={"day_night": "night"}, headers={"If-None-Match": '"old"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_every_data_route_has_an_etag_and_operational_routes_none(http):
    for path in (
        "/stats/volumes",
        "/stats/summary",
        "/stations?q=wien",
        "/operators",
        "/sources",
        "/map/routes",
        "/stats/co2",
        "/stats/distributions",
    ):
        response = http.get(path)
        assert response.status_code == 200 and response.headers["etag"], path
        revalidated = http.get(path, headers={"If-None-Match": response.headers["etag"]})
        assert revalidated.status_code == 304, path
    for path in ("/health", "/etl/runs", "/quality/latest", "/monitoring/alerts", "/metrics"):
        response = http.get(path)
        assert "etag" not in response.headers, path
        assert response.headers["cache-control"] == "no-store", path


def test_head_has_the_get_headers_and_no_body(http):
    get = http.get("/trajets", params={"country": "AT"})
    head = http.head("/trajets", params={"country": "AT"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))


class SteppedClock:
    """The tracker's clock, moved by the test only: what it asserts about the check interval
    does not depend on how long requests and a publication take on a loaded machine."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def _app_with_clock(settings: ApiSettings) -> tuple[FastAPI, SteppedClock]:
    app, clock = create_app(settings), SteppedClock()
    app.state.services.tracker.clock = clock
    return app, clock


def _publish(owner: psycopg.Connection[Any], version: str) -> None:
    """A publication: new data, its read model, a new version, in one transaction."""
    with owner.transaction():
        owner.execute(
            "UPDATE core.publication SET data_version = %s, published_at = now()", (version,)
        )
        owner.execute(
            "UPDATE core.trajets SET duration_min = duration_min + 1 WHERE day_night = 'night'"
        )
        read_model.rebuild(owner)


def test_repeated_queries_are_served_from_the_cache_until_a_new_data_version(clone_synthetic_db):
    """Behaviour that does not depend on the real data: on a copy of the synthetic warehouse,
    whose two publications (read model rebuilds) take a fraction of the real one's time."""
    settings = api_settings(api_role_url(clone_synthetic_db), data_version_check_s=60)
    app, clock = _app_with_clock(settings)
    params = {"day_night": "night", "sort": "-duration"}
    with (
        running_api(settings, app) as base,
        httpx.Client(base_url=base, timeout=60) as client,
        psycopg.connect(clone_synthetic_db, autocommit=True) as owner,
    ):
        first = client.get("/trajets", params=params)
        assert first.status_code == 200
        # Proof that repeated queries do not reach PostgreSQL: the API role loses the right to
        # read the read model's view; cached answers keep coming, a new query fails.
        owner.execute("REVOKE SELECT ON api.service_rows FROM obrail_api")
        for _ in range(20):
            assert client.get("/trajets", params=params).content == first.content
        assert client.get("/trajets", params={**params, "page": 2}).status_code == 500
        owner.execute("GRANT SELECT ON api.service_rows TO obrail_api")

        _publish(owner, "next-version")
        clock.now += 59
        unchanged = client.get("/trajets", params=params)
        assert unchanged.content == first.content, "version checked at most every 60 s here"
        clock.now += 1
        published = client.get("/trajets", params=params)
    assert published.json()["data_version"] == "next-version", "checked again after 60 s"
    assert published.content != first.content

    fast = api_settings(api_role_url(clone_synthetic_db), data_version_check_s=0.2)
    app, clock = _app_with_clock(fast)
    with running_api(fast, app) as base, httpx.Client(base_url=base, timeout=60) as client:
        warm = client.get("/trajets", params=params)
        assert warm.json()["data_version"] == "next-version"
        etag = warm.headers["etag"]
        with psycopg.connect(clone_synthetic_db, autocommit=True) as owner:
            _publish(owner, "third-version")
        clock.now += 0.25
        fresh = client.get("/trajets", params=params, headers={"If-None-Match": etag})
    assert fresh.status_code == 200, "an old ETag no longer matches"
    assert fresh.json()["data_version"] == "third-version"
    assert fresh.headers["etag"] != etag
    assert [i["duration_min"] for i in fresh.json()["items"]] == [
        i["duration_min"] + 1 for i in warm.json()["items"]
    ]


def scope(query: bytes, accept: bytes | None = None) -> dict[str, Any]:
    headers = [(b"accept", accept)] if accept else []
    return {"type": "http", "path": "/trajets", "query_string": query, "headers": headers}


def test_representation_negotiation():
    assert representation(scope(b"format=csv"), csv=True) == "csv"
    assert representation(scope(b"format=json", b"text/csv"), csv=True) == "json"
    assert representation(scope(b"", b"text/csv"), csv=True) == "csv"
    assert representation(scope(b"", b"application/json, text/csv;q=0.5"), csv=True) == "json"
    assert representation(scope(b"", b"text/csv;q=0.9, */*;q=0.1"), csv=True) == "csv"
    assert representation(scope(b"", b"text/html"), csv=True) == "json"
    assert representation(scope(b"format=csv"), csv=False) == "json"


def test_cache_key_ignores_parameter_order():
    day = "2026-12-03"
    assert cache_key(scope(b"b=2&a=1"), "json", day) == cache_key(scope(b"a=1&b=2"), "json", day)
    assert cache_key(scope(b"a=1"), "json", day) != cache_key(scope(b"a=1"), "csv", day)
    assert cache_key(scope(b"a=1"), "json", day) != cache_key(scope(b"a=1"), "json", "2026-12-04")


def test_etag_matching():
    assert etag_matches(b'"x", W/"v1"', '"v1"')
    assert etag_matches(b"*", '"v1"')
    assert not etag_matches(b'"v2"', '"v1"')
    assert not etag_matches(None, '"v1"')
