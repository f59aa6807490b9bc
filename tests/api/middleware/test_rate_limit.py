"""Rate limit per client with 429 and Retry-After; API keys (hashed) raise the quota."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from api.middleware.rate_limit import Quota, TokenBuckets
from tests.api.conftest import api_settings
from tests.api.server import running_api

PARTNER_KEY = "partner-secret-key-for-tests"


@pytest.fixture(scope="module")
def strict_api(api_url):
    digest = hashlib.sha256(PARTNER_KEY.encode()).hexdigest()
    settings = api_settings(
        api_url,
        rate_limit_per_minute=1,  # no refill during the test, however slow the machine
        rate_limit_burst=3,
        api_key_rate_limit_per_minute=6000,
        api_keys=f"partner-x:{digest}",
    )
    with running_api(settings) as base:
        yield base


def test_public_clients_get_429_with_retry_after(strict_api):
    statuses = [httpx.get(f"{strict_api}/operators").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = httpx.get(f"{strict_api}/operators")
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_health_and_metrics_are_never_limited(strict_api):
    for _ in range(10):
        assert httpx.get(f"{strict_api}/health/live").status_code == 200
        assert httpx.get(f"{strict_api}/metrics").status_code == 200


def test_an_api_key_raises_the_quota(strict_api):
    headers = {"X-API-Key": PARTNER_KEY}
    statuses = {httpx.get(f"{strict_api}/sources", headers=headers).status_code for _ in range(30)}
    assert statuses == {200}


def test_an_unknown_api_key_is_refused(strict_api):
    response = httpx.get(f"{strict_api}/sources", headers={"X-API-Key": "guess"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_api_key"


def test_token_bucket_refills_at_the_quota_rate():
    buckets, quota = TokenBuckets(), Quota(per_minute=60, burst=2)
    assert buckets.take("a", quota, now=0.0) == 0.0
    assert buckets.take("a", quota, now=0.0) == 0.0
    assert buckets.take("a", quota, now=0.0) == pytest.approx(1.0)
    assert buckets.take("b", quota, now=0.0) == 0.0, "clients are counted apart"
    assert buckets.take("a", quota, now=0.5) == pytest.approx(0.5)
    assert buckets.take("a", quota, now=1.0) == 0.0


def test_a_client_is_forgotten_once_its_bucket_is_full_again():
    buckets, quota = TokenBuckets(), Quota(per_minute=60, burst=2)  # full again 2 s after use
    buckets.take("ip:203.0.113.7", quota, now=0.0)
    buckets.take("ip:203.0.113.7", quota, now=0.0)
    buckets.take("ip:198.51.100.1", quota, now=1.5)
    assert "ip:203.0.113.7" in buckets, "still counted while its bucket refills"
    buckets.take("ip:198.51.100.2", quota, now=2.0)
    assert "ip:203.0.113.7" not in buckets, "forgotten once full: it would act as a new bucket"
    assert "ip:198.51.100.1" in buckets
    buckets.take("ip:198.51.100.2", quota, now=10.0)
    assert len(buckets) == 1


def test_forgetting_full_buckets_changes_no_decision():
    quota = Quota(per_minute=60, burst=3)
    forgetting, fresh = TokenBuckets(), TokenBuckets()
    times = [0.0, 0.1, 0.2, 0.3, 3.5, 3.6, 10.0, 10.05, 10.1, 10.15, 10.2]
    for now in times:
        forgetting.take("other", quota, now=now)  # another client's request forgets idle ones
        waited = forgetting.take("a", quota, now=now)
        if now == 10.0:
            fresh = TokenBuckets()  # 'a' was idle long enough: a new bucket must decide alike
        assert waited == pytest.approx(fresh.take("a", quota, now=now))
