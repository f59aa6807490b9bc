"""Test databases on the machine's PostgreSQL: created per test (or session), dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

#: The test server (trust auth). Never a mock: every database test talks to PostgreSQL.
ADMIN_URL = os.environ.get("OBRAIL_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATA_DIR = Path(os.environ.get("OBRAIL_DATA_DIR") or Path(__file__).resolve().parents[3] / "shared" / "data")


def url_for(database: str, user: str = "postgres") -> str:
    base = ADMIN_URL.rsplit("/", 1)[0]
    scheme, rest = base.split("://", 1)
    host = rest.split("@", 1)[-1]
    return f"{scheme}://{user}@{host}/{database}"


@contextmanager
def temporary_database(prefix: str = "obrail_test") -> Iterator[str]:
    """A new empty database; yields its libpq URL; drops it (and its connections) after."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_for(name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)
