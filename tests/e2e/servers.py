"""The real services for end-to-end tests: `obrail api` and `obrail portal` as processes on
free ports, stopped when done."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.network import free_port
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
OBRAIL = Path(sys.executable).parent / "obrail"
START_TIMEOUT_S = 60.0


@dataclass
class Service:
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def wait_until_ready(service: Service, probe: str) -> None:
    def ready() -> bool:
        if service.process.poll() is not None:
            raise RuntimeError(
                f"{service.url} stopped while starting (exit {service.process.returncode})"
            )
        return httpx.get(service.url + probe, timeout=2).status_code == 200

    wait_until(ready, START_TIMEOUT_S, f"{service.url + probe} to answer 200")


@contextmanager
def running(
    command: str, env: Mapping[str, str], probe: str, log: Path, port: int | None = None
) -> Iterator[Service]:
    """`obrail <command>` on `port` (else a free one) until the block ends, once it answers
    `probe`; its output goes to `log`."""
    with started(command, env, log, port) as service:
        wait_until_ready(service, probe)
        yield service


@contextmanager
def started(
    command: str, env: Mapping[str, str], log: Path, port: int | None = None
) -> Iterator[Service]:
    """`obrail <command>` started (not yet ready: `wait_until_ready`), stopped when the block
    ends; so that several services can start at the same time."""
    port = port or free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(OBRAIL), command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        service = Service(local_url(port), process)
        try:
            yield service
        finally:
            service.stop()


API_PROBE = "/health/ready"
PORTAL_PROBE = "/_stcore/health"


def api_env(database_url: str, model_dir: Path | None = None) -> dict[str, str]:
    return {
        "OBRAIL_DATABASE_URL": database_url,
        "OBRAIL_ENVIRONMENT": "test",
        "OBRAIL_LOG_LEVEL": "WARNING",
        **({"OBRAIL_MODEL_DIR": str(model_dir)} if model_dir else {}),
    }


def portal_env(api_url: str, **settings: str) -> dict[str, str]:
    env = {"OBRAIL_API_URL": api_url, "OBRAIL_ENVIRONMENT": "test", "OBRAIL_LOG_LEVEL": "WARNING"}
    return env | {f"OBRAIL_{name.upper()}": value for name, value in settings.items()}


@contextmanager
def api(
    database_url: str, log: Path, model_dir: Path | None = None, port: int | None = None
) -> Iterator[Service]:
    with running("api", api_env(database_url, model_dir), API_PROBE, log, port) as service:
        yield service


@contextmanager
def api_starting(
    database_url: str, log: Path, model_dir: Path | None = None, port: int | None = None
) -> Iterator[Service]:
    """The API started but not waited for (`wait_until_ready(s, API_PROBE)`): it boots while
    something else is done (a model trained into `model_dir`: the API serves a version
    promoted after its start from the next request on)."""
    with started("api", api_env(database_url, model_dir), log, port) as service:
        yield service


@contextmanager
def portal(api_url: str, log: Path, **settings: str) -> Iterator[Service]:
    with running("portal", portal_env(api_url, **settings), PORTAL_PROBE, log) as service:
        yield service


@contextmanager
def portal_starting(api_url: str, log: Path, **settings: str) -> Iterator[Service]:
    """The portal started but not waited for: it boots while its API gets ready (the portal
    asks the API nothing before a visitor opens a page); `wait_until_ready(s, PORTAL_PROBE)`."""
    with started("portal", portal_env(api_url, **settings), log) as service:
        yield service


def local_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"
