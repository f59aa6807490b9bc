"""Fixtures of the monitoring tests: the read-only roles able to log in on the test cluster."""

from __future__ import annotations

import psycopg
import pytest

from tests.support.database import ADMIN_URL, url_for


def allow_login(role: str) -> None:
    """The read-only roles are NOLOGIN after migrations; `obrail db roles` lets them log in in a
    deployment, the tests do the same on the test cluster (trust authentication, no password)."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE {role} LOGIN")


@pytest.fixture(scope="session")
def bi_url(loaded_db: str) -> str:
    """The loaded warehouse as the read-only BI role obrail_bi (Metabase, Grafana)."""
    allow_login("obrail_bi")
    return url_for(loaded_db.rsplit("/", 1)[-1], "obrail_bi")
