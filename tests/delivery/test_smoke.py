"""deploy/smoke.py against the real services, started natively with the very commands the
containers run (`obrail api --host --port`, `obrail portal --host --port`), the API reading
the loaded warehouse with its read-only role: the checks pass on a healthy stack and name what
is wrong on a broken one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.delivery.files import ROOT
from tests.support.database import allow_login, url_for
from tests.support.network import free_port
from tests.support.waiting import wait_until

OBRAIL = Path(sys.executable).with_name("obrail")
SMOKE = ROOT / "deploy" / "smoke.py"


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    def listening() -> bool:
        assert process.poll() is None, f"the service stopped (exit {process.returncode})"
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_until(listening, timeout_s, f"a server listening on {port}")


def start(arguments: list[str], environment: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OBRAIL_")}
    process = subprocess.Popen(
        [str(OBRAIL), *arguments, "--host", "127.0.0.1", "--port", str(port)],
        env={**clean, "OBRAIL_LOG_LEVEL": "WARNING", **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def services(loaded_db) -> Iterator[dict[str, object]]:
    allow_login("obrail_api")  # what docker/postgres/initdb does
    api_port, portal_port = free_port(), free_port()
    api_url = url_for(loaded_db.rsplit("/", 1)[1], "obrail_api")
    api = start(["api"], {"OBRAIL_DATABASE_URL": api_url}, api_port)
    portal = start(["portal"], {"OBRAIL_API_URL": f"http://127.0.0.1:{api_port}"}, portal_port)
    try:
        yield {
            "api": api,
            "api_url": f"http://127.0.0.1:{api_port}",
            "portal_url": f"http://127.0.0.1:{portal_port}",
        }
    finally:
        stop(portal)
        stop(api)


def smoke(api_url: str, portal_url: str, timeout_s: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(SMOKE),
            "--api",
            api_url,
            "--portal",
            portal_url,
            "--timeout",
            str(timeout_s),
            "--interval",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=timeout_s + 60,
        check=False,
    )


def test_the_smoke_tests_pass_on_the_running_services(services):
    result = smoke(str(services["api_url"]), str(services["portal_url"]), timeout_s=60)
    assert result.returncode == 0, result.stderr
    reported = [line for line in result.stderr.splitlines() if line.startswith("smoke ")]
    assert len(reported) == 6 and all(line.endswith(": ok") for line in reported)


def test_the_smoke_tests_fail_and_say_why_when_the_api_is_gone(services):
    dead_api = f"http://127.0.0.1:{free_port()}"
    result = smoke(dead_api, str(services["portal_url"]), timeout_s=2)
    assert result.returncode == 1
    assert "smoke api ready: FAILED" in result.stderr
    assert "smoke portal home: ok" in result.stderr
