"""Fixtures of the monitoring tests: the read-only roles able to log in on the test cluster."""

from __future__ import annotations

import pytest

from tests.support.database import allow_login, url_for


@pytest.fixture(scope="session")
def bi_url(loaded_db: str) -> str:
    """The loaded warehouse as the read-only BI role obrail_bi (Metabase, Grafana)."""
    allow_login("obrail_bi")
    return url_for(loaded_db.rsplit("/", 1)[-1], "obrail_bi")
