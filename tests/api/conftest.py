"""API test fixtures: the real app served by uvicorn on the loaded warehouse, read through the
read-only role `obrail_api`; expected values come from SQL on the same database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from api.settings import ApiSettings
from tests.api.server import running_api
from tests.support.database import allow_login, url_for
from tests.support.models import promote_report_modal

#: Generous limits for the shared server: only the rate-limit tests build strict ones.
UNLIMITED = {"rate_limit_per_minute": 1_000_000, "rate_limit_burst": 100_000}


def api_role_url(owner_url: str) -> str:
    """The same database through the read-only role (which may then log in, trust auth)."""
    allow_login("obrail_api")
    return url_for(owner_url.rsplit("/", 1)[1], "obrail_api")


def api_settings(database_url: str | None, **overrides: Any) -> ApiSettings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "access_log": False,
        "data_version_check_s": 0.2,
        **UNLIMITED,
    }
    values.update(overrides)
    return ApiSettings(**values)


@pytest.fixture(scope="session")
def api_url(loaded_db: str) -> str:
    return api_role_url(loaded_db)


@pytest.fixture(scope="session")
def model_dir(loaded_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The modal-shift model trained on the loaded warehouse and promoted (registry rows only:
    the published data and its version do not change), its artefact in a session directory."""
    return promote_report_modal(loaded_db, tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def api_base(api_url: str, model_dir: Path) -> Iterator[str]:
    with running_api(api_settings(api_url, model_dir=model_dir)) as base:
        yield base


@pytest.fixture(scope="session")
def http(api_base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_base, timeout=30) as client:
        yield client


Sql = Callable[..., list[tuple[Any, ...]]]


@pytest.fixture(scope="session")
def sql(loaded_db: str) -> Iterator[Sql]:
    """Run a query on the loaded warehouse (owner role) and return its rows."""
    with psycopg.connect(loaded_db, autocommit=True) as connection:

        def run(query: str, *params: Any) -> list[tuple[Any, ...]]:
            return connection.execute(query, params or None).fetchall()

        yield run


def scalar(sql: Sql, query: str, *params: Any) -> Any:
    return sql(query, *params)[0][0]
