"""`obrail api` serves the API as a process, and imports neither Great Expectations nor Streamlit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.support.network import free_port
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
OBRAIL = Path(sys.executable).parent / "obrail"


def test_obrail_api_serves_and_imports_no_heavy_package(api_url):
    port = free_port()
    # Lists the heavy packages loaded once the app is built, just before uvicorn serves it.
    probe = (
        "import sys, uvicorn; real_run = uvicorn.Server.run\n"
        "def run(self, *args, **kwargs):\n"
        "    loaded = {m.split('.')[0] for m in sys.modules}\n"
        "    print('HEAVY', sorted(loaded & {'great_expectations', 'streamlit', 'pandas'}), flush=True)\n"
        "    real_run(self, *args, **kwargs)\n"
        "uvicorn.Server.run = run\n"
        f"sys.argv = ['obrail', 'api', '--port', '{port}']\n"
        "from obrail.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "OBRAIL_DATABASE_URL": api_url, "OBRAIL_LOG_LEVEL": "INFO"}
    process = subprocess.Popen(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def health() -> httpx.Response:
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1])
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)

    try:
        response = wait_until(
            health, 30, "obrail api to answer /health", not_yet=(httpx.HTTPError,)
        )
        trajets = httpx.get(f"http://127.0.0.1:{port}/trajets", params={"q": "Wien"})
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=15)
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert "server" not in response.headers
    assert trajets.status_code == 200
    assert "HEAVY []" in stdout, stdout
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["message"] == "request"]
    assert any(line["route"] == "/trajets" and line["status"] == 200 for line in access), stderr[
        -2000:
    ]
    assert all(
        line["service"] == "api" and line["logger"] == "obrail.api.access" for line in access
    )
    assert "127.0.0.1" not in json.dumps(access)


def test_obrail_api_explains_a_missing_database_url():
    env = {k: v for k, v in os.environ.items() if k != "OBRAIL_DATABASE_URL"}
    result = subprocess.run(
        [str(OBRAIL), "api", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "OBRAIL_DATABASE_URL is not set" in result.stderr


def test_obrail_api_workers_serve_from_several_processes_and_stop_together(api_url):
    """`--workers 2`: two API processes behind one port, each with its own database pool (two
    `obrail-api` sessions at least), the same answers, and all gone after SIGTERM."""
    import psycopg

    port = free_port()
    env = {**os.environ, "OBRAIL_DATABASE_URL": api_url, "OBRAIL_POOL_MIN_SIZE": "1"}
    process = subprocess.Popen(
        [str(OBRAIL), "api", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"

    def workers() -> list[int]:
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1])
        found = subprocess.run(
            ["pgrep", "-P", str(process.pid), "-f", "spawn_main"], capture_output=True, text=True
        )
        return [int(pid) for pid in found.stdout.split()]

    try:
        wait_until(lambda: len(workers()) == 2, 60, "two API workers")
        wait_until(
            lambda: httpx.get(f"{base}/health/ready", timeout=2).status_code == 200,
            60,
            "the workers to be ready",
            not_yet=(httpx.HTTPError,),
        )
        answers = {httpx.get(f"{base}/trajets", params={"q": "Wien"}).text for _ in range(20)}
        children = workers()

        def sessions() -> int:
            with psycopg.connect(api_url) as connection:
                row = connection.execute(
                    "SELECT count(DISTINCT pid) FROM pg_stat_activity "
                    "WHERE application_name = 'obrail-api' AND datname = current_database()"
                ).fetchone()
            return int(row[0]) if row else 0

        wait_until(lambda: sessions() >= 2, 30, "a database pool in each worker")
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert len(answers) == 1  # every worker gives the same answer
    assert len(children) == 2
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]  # stopped together
