"""`obrail up`: the whole product on one machine, no Docker needed.

Database (the one in OBRAIL_DATABASE_URL, else an embedded PostgreSQL in the state folder),
migrations, read-only roles, data (ETL when nothing is published yet), then the API and the
portal as child processes. Prints the portal URL and runs until interrupted.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

import httpx
import psycopg
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_delay,
    wait_fixed,
)

from obrail.logs import configure_logging
from obrail.settings import libpq_url
from warehouse import db
from warehouse.commands import db_roles
from warehouse.embedded import EmbeddedPostgres
from warehouse.settings import WarehouseSettings

READY_TIMEOUT_S = 120.0


def _database(settings: WarehouseSettings) -> tuple[str, EmbeddedPostgres | None]:
    if settings.database_url:
        return settings.require_database_url(), None
    server = EmbeddedPostgres(settings.state_dir.resolve() / "pgdata", settings.embedded_port)
    _say(f"Starting the embedded PostgreSQL in {server.data_dir} (port {server.port})…")
    return server.start(), server


def _is_published(url: str) -> bool:
    with psycopg.connect(libpq_url(url)) as connection:
        row = connection.execute("SELECT count(*) FROM core.publication").fetchone()
        return bool(row and row[0])


def _role_url(url: str, role: str) -> str:
    """The same database as another role (trust or peer authentication locally)."""
    scheme, rest = libpq_url(url).split("://", 1)
    host_part = rest.split("@", 1)[-1]
    return f"{scheme}://{role}@{host_part}"


def service_environments(
    environ: dict[str, str], database_url: str, api_url: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The API's and the portal's environments. The API reads the views as the read-only role.
    Every portal visitor reaches the API from the portal's one address, so the portal gets its
    own key (fresh at each start, its digest added to the API's keys): the partner quota, not
    one visitor's."""
    base = {k: v for k, v in environ.items() if not k.startswith("OBRAIL_DATABASE_")}
    portal_key = secrets.token_hex(32)
    api_keys = ",".join(
        filter(None, [base.get("OBRAIL_API_KEYS"), f"portal:{_sha256(portal_key)}"])
    )
    api_env = {
        **base,
        "OBRAIL_DATABASE_URL": _role_url(database_url, "obrail_api"),
        "OBRAIL_API_KEYS": api_keys,
    }
    portal_env = {**base, "OBRAIL_API_URL": api_url, "OBRAIL_API_KEY": portal_key}
    return api_env, portal_env


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _say(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def _wait_ready(url: str, processes: Sequence[subprocess.Popen[bytes]]) -> None:
    def answers() -> bool:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError(f"a service stopped while starting (waiting for {url})")
        return httpx.get(url, timeout=2.0).status_code < 500

    retrying = Retrying(
        stop=stop_after_delay(READY_TIMEOUT_S),
        wait=wait_fixed(0.5),
        retry=retry_if_exception_type(httpx.HTTPError) | retry_if_result(lambda ok: not ok),
    )
    try:
        retrying(answers)
    except RetryError:
        raise RuntimeError(f"{url} did not answer within {READY_TIMEOUT_S:.0f} s") from None


#: A step run with the owner's database URL once the data is published and before the API
#: starts (the console command passes the model slot's: train and promote unserved models).
Preparation = Callable[[str], object]


def run(
    host: str,
    api_port: int,
    portal_port: int,
    reload_data: bool,
    preparations: Sequence[Preparation] = (),
) -> None:
    settings = WarehouseSettings()
    configure_logging("up", settings.log_level)
    # SIGTERM (a service manager, `timeout`) stops everything as cleanly as Ctrl+C does.
    signal.signal(signal.SIGTERM, _interrupt)
    url, embedded = _database(settings)
    try:
        _prepare_and_serve(settings, url, host, api_port, portal_port, reload_data, preparations)
    finally:
        if embedded is not None:
            _say("Stopping the embedded PostgreSQL…")
            embedded.stop()


def _prepare_and_serve(
    settings: WarehouseSettings,
    url: str,
    host: str,
    api_port: int,
    portal_port: int,
    reload_data: bool,
    preparations: Sequence[Preparation] = (),
) -> None:
    owner_settings = settings.model_copy(update={"database_url": url})
    _say("Applying migrations…")
    db.upgrade(url)
    db_roles(owner_settings)
    if reload_data or not _is_published(url):
        from warehouse.etl import format_report, run_etl

        _say("Loading the open data (about a minute)…")
        _say(format_report(run_etl(owner_settings)))
    for prepare in preparations:
        prepare(url)
    api_url = f"http://{host}:{api_port}"
    api_env, portal_env = service_environments(dict(os.environ), url, api_url)
    api = subprocess.Popen(
        [sys.executable, "-m", "obrail.cli", "api", "--host", host, "--port", str(api_port)],
        env=api_env,
    )
    portal = subprocess.Popen(
        [sys.executable, "-m", "obrail.cli", "portal", "--host", host, "--port", str(portal_port)],
        env=portal_env,
    )
    children = [api, portal]
    try:
        _wait_ready(f"{api_url}/health/ready", children)
        _wait_ready(f"http://{host}:{portal_port}/", children)
        _say(
            f"\nObRail Observatory is running.\n  Portal: http://{host}:{portal_port}/\n"
            f"  API:    {api_url}/docs\nPress Ctrl+C to stop."
        )
        while all(p.poll() is None for p in children):
            time.sleep(1.0)
        raise RuntimeError("a service stopped; see its log above")
    except KeyboardInterrupt:
        _say("Stopping…")
    finally:
        for process in children:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in children:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
