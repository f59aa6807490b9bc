"""`make run` path: the embedded PostgreSQL, and `obrail up` bringing up API and portal."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.support.database import cluster_directory, fetch_one
from tests.support.network import free_port
from warehouse import db
from warehouse.embedded import EmbeddedPostgres

#: Starts an embedded PostgreSQL and the whole product (obrail up): not in the fast loop.
pytestmark = pytest.mark.slow


def test_embedded_postgres_starts_migrates_and_stops():
    with cluster_directory() as directory:
        _starts_migrates_and_stops(directory)


def _starts_migrates_and_stops(directory: Path) -> None:
    server = EmbeddedPostgres(directory / "pgdata", free_port())
    url = server.start()
    try:
        db.upgrade(url)
        with psycopg.connect(url.replace("+psycopg", "")) as connection:
            version = fetch_one(connection.execute("SHOW server_version"))[0]
            views = fetch_one(
                connection.execute(
                    "SELECT count(*) FROM information_schema.views WHERE table_schema = 'api'"
                )
            )[0]
        assert int(version.split(".")[0]) >= 15 and views > 10
        assert server.start() == url  # idempotent: already running
    finally:
        server.stop()
    assert not server.is_running()


def test_obrail_up_prints_the_portal_url_and_serves_it(clone_loaded_db, tmp_path):
    api_port, portal_port = free_port(), free_port()
    env = {
        **os.environ,
        "OBRAIL_DATABASE_URL": clone_loaded_db,
        "OBRAIL_STATE_DIR": str(tmp_path),
        "OBRAIL_MODEL_DIR": str(tmp_path / "models"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "obrail.cli",
            "up",
            "--api-port",
            str(api_port),
            "--portal-port",
            str(portal_port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "up.log").open("w"),
        text=True,
    )
    try:
        try:
            portal_url = _wait_for_line(process, "Portal: ", timeout_s=180)
        except AssertionError as error:
            log_tail = (tmp_path / "up.log").read_text(encoding="utf-8")[-3000:]
            raise AssertionError(f"{error}\nstderr (end):\n{log_tail}") from None
        assert portal_url == f"http://127.0.0.1:{portal_port}/"
        assert httpx.get(portal_url, timeout=10).status_code == 200
        health = httpx.get(f"http://127.0.0.1:{api_port}/health", timeout=10)
        assert health.status_code == 200 and health.json()["database"]["reachable"] is True
        # no model was served: `obrail up` trained and promoted the modal-shift model
        models = httpx.get(f"http://127.0.0.1:{api_port}/models", timeout=10).json()
        assert {m["name"]: m["active_version"] for m in models}["report_modal"] == 1
    finally:
        process.send_signal(
            signal.SIGTERM
        )  # as a service manager would; Ctrl+C takes the same path
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    for port in (api_port, portal_port):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, (
                f"port {port} still served after SIGTERM"
            )


def _wait_for_line(process: subprocess.Popen[str], marker: str, timeout_s: float) -> str:
    """Read the process's output in a thread (select() on a buffered text pipe misses lines
    already in Python's buffer) until a line contains `marker`."""
    output = process.stdout
    assert output is not None
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    # Kept by hand: blocking reads from the queue the reader thread fills (no retry to wrap).
    deadline = time.monotonic() + timeout_s
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        if marker in line:
            return line.split(marker, 1)[1].strip()
    raise AssertionError(f"'{marker}' never printed; output: {''.join(seen)}")


def test_obrail_up_gives_the_portal_its_own_api_key():
    from api.settings import ApiSettings
    from portal.settings import PortalSettings
    from warehouse.up import service_environments

    environ = {
        "OBRAIL_API_KEYS": "partner:" + "ab" * 32,
        "OBRAIL_DATABASE_PASSWORD": "s3cret",
        "PATH": "/bin",
    }
    api_env, portal_env = service_environments(
        environ, "postgresql://postgres@127.0.0.1:5432/x", "http://a"
    )
    portal = PortalSettings(
        _env_file=None, api_url=portal_env["OBRAIL_API_URL"], api_key=portal_env["OBRAIL_API_KEY"]
    )
    keys = ApiSettings(
        _env_file=None,
        database_url=api_env["OBRAIL_DATABASE_URL"],
        api_keys=api_env["OBRAIL_API_KEYS"],
    ).api_keys
    assert portal.api_key is not None
    digest = hashlib.sha256(portal.api_key.get_secret_value().encode()).hexdigest()
    assert keys[digest] == "portal" and keys["ab" * 32] == "partner"
    assert api_env["OBRAIL_DATABASE_URL"] == "postgresql://obrail_api@127.0.0.1:5432/x"
    assert (
        "OBRAIL_DATABASE_PASSWORD" not in api_env and "OBRAIL_DATABASE_PASSWORD" not in portal_env
    )
