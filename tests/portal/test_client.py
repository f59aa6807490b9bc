"""The API client against a real (fake) HTTP server: typed outcomes, caching, failures."""

from __future__ import annotations

from typing import Any

import pytest

from portal.client import ApiClient, Ok, Problem, Unavailable, new_http_client
from portal.settings import PortalSettings
from tests.portal import payloads
from tests.portal.conftest import closed_port_url
from tests.portal.fake_api import FakeApi


def client(url: str, **options: Any) -> ApiClient:
    settings = PortalSettings(**{"api_url": url, "api_timeout_s": 1.0, **options})
    return ApiClient(settings, new_http_client(settings))


def test_typed_answer(api: FakeApi) -> None:
    outcome = client(api.url).summary()
    assert isinstance(outcome, Ok)
    assert outcome.value.trajets == payloads.normal()["/stats/summary"]["trajets"]


def test_lists_are_the_api_arrays(api: FakeApi) -> None:
    outcome = client(api.url).sources()
    assert isinstance(outcome, Ok)
    assert [s.id for s in outcome.value] == [s["id"] for s in payloads.normal()["/sources"]]


def test_successes_are_cached_failures_are_not(api: FakeApi) -> None:
    api_client = client(api.url, api_cache_ttl_s=60)
    api_client.operators()
    api_client.operators()
    assert [p for p, _ in api.requests].count("/operators") == 1
    api.status_override = 503
    assert isinstance(api_client.summary(), Unavailable)
    api.status_override = None
    assert isinstance(api_client.summary(), Ok)
    assert [p for p, _ in api.requests].count("/stats/summary") == 2


def test_a_stale_answer_is_revalidated_with_its_etag(api: FakeApi) -> None:
    """Past the API's max-age the cached answer is revalidated (If-None-Match): a 304 serves
    it again without a body; a changed answer replaces it."""
    api.max_age_s = 0
    api_client = client(api.url, api_cache_ttl_s=60)
    first = api_client.summary()
    second = api_client.summary()
    assert isinstance(first, Ok) and isinstance(second, Ok)
    assert second.value == first.value
    assert api.revalidated == ["/stats/summary"]
    api.payloads["/stats/summary"] = {**payloads.normal()["/stats/summary"], "trajets": 7}
    third = api_client.summary()
    assert isinstance(third, Ok) and third.value.trajets == 7
    assert api.revalidated == ["/stats/summary"]


def test_no_cache_when_its_lifetime_is_zero(api: FakeApi) -> None:
    api_client = client(api.url, api_cache_ttl_s=0)
    api_client.operators()
    api_client.operators()
    assert [p for p, _ in api.requests].count("/operators") == 2
    assert api.revalidated == []


def test_down_api_is_unavailable_and_journaled() -> None:
    api_client = client(closed_port_url())
    outcome = api_client.summary()
    assert isinstance(outcome, Unavailable) and outcome.reason == "unreachable"
    assert api_client.unavailable == [outcome]


def test_timeout_is_unavailable(api: FakeApi) -> None:
    api.delay_s = 0.5
    outcome = client(api.url, api_timeout_s=0.1).operators()
    assert isinstance(outcome, Unavailable) and outcome.reason == "timeout"


def test_client_error_is_a_problem(api: FakeApi) -> None:
    outcome = client(api.url).trajet("nope")
    assert isinstance(outcome, Problem)
    assert outcome.status == 404 and outcome.code == "not_found"


def test_unreadable_answer_is_unavailable(api: FakeApi) -> None:
    api.payloads["/stats/summary"] = {"unexpected": True}
    outcome = client(api.url).summary()
    assert isinstance(outcome, Unavailable) and outcome.reason == "unexpected_answer"
    assert api.contract_violations  # an answer the API could not send, on purpose
    api.contract_violations.clear()


def test_slow_answers_are_flagged(api: FakeApi) -> None:
    api.delay_s = 0.15
    api_client = client(api.url, api_slow_ms=100)
    api_client.operators()
    assert api_client.is_slow


def test_csv_download(api: FakeApi) -> None:
    outcome = client(api.url).trajets_csv({"day_night": "night"})
    assert isinstance(outcome, Ok)
    assert outcome.value.startswith(b"id,")
    assert api.last("/trajets") == {"day_night": "night", "format": "csv"}


@pytest.mark.parametrize("url", ["not a url", "ftp://x"])
def test_settings_refuse_a_bad_api_url(url: str) -> None:
    with pytest.raises(ValueError, match="api_url"):
        PortalSettings(api_url=url)
