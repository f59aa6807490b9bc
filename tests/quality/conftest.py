"""Fixtures of the quality tests: the suites' results on the published mirror, and a private
warehouse whose `staging` schema can be broken at will."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from quality.checks import Target
from quality.results import RunReport
from quality.runner import RunOptions, validate
from tests.support.database import loaded_template, sqlalchemy_url, temporary_database
from warehouse.tables import PUBLISHED_TABLES

#: Large samples in tests, so that an injected row is always among the examples.
TEST_OPTIONS = RunOptions(sample_size=200)


@pytest.fixture(scope="session")
def warehouse_template(data_dir) -> Iterator[str]:
    """A private copy of the loaded template, taken once: every quality test sees the same
    data even when the warehouse code changes during the session (the shared template is then
    rebuilt and the old one dropped)."""
    with temporary_database("obrail_qtemplate", template=loaded_template(data_dir)) as url:
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def published_db(warehouse_template: str) -> Iterator[str]:
    """The whole mirror as published. Read-only for tests."""
    with temporary_database("obrail_qpublished", template=warehouse_template) as url:
        yield url


@pytest.fixture
def clone_db(warehouse_template: str) -> Iterator[str]:
    """A private, writable copy of the published warehouse."""
    with temporary_database("obrail_qclone", template=warehouse_template) as url:
        yield url


@pytest.fixture(scope="session")
def published_report(published_db: str) -> RunReport:
    """Every suite on the whole mirror as published (validation only reads)."""
    return validate(sqlalchemy_url(published_db), Target.published(), TEST_OPTIONS)


@pytest.fixture(scope="session")
def staging_db(warehouse_template: str) -> Iterator[str]:
    """A private copy of the loaded warehouse with a `staging` schema holding copies of the
    published tables without any constraint (the ETL's staging has no keys; these have no
    NOT NULL or CHECK either, so that every rule can be broken). Tests that break it restore it."""
    with temporary_database("obrail_qstaging", template=warehouse_template) as url:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE SCHEMA staging")
            for table in PUBLISHED_TABLES:
                connection.execute(f"CREATE TABLE staging.{table} AS SELECT * FROM core.{table}")
                connection.execute(f"ANALYZE staging.{table}")
        yield url


@pytest.fixture(scope="session")
def published_run_id(published_db: str) -> int:
    with psycopg.connect(published_db) as connection:
        row = connection.execute("SELECT run_id FROM core.publication").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture(scope="session")
def staging_report(staging_db: str, published_run_id: int) -> RunReport:
    """Every suite on the intact staging copy: the baseline injected breakages are compared to."""
    return validate(sqlalchemy_url(staging_db), Target.staging(published_run_id), TEST_OPTIONS)
