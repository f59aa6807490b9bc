"""Running the real monitoring tools in tests: free ports, managed processes, rendered configs.

The committed configuration files target the docker compose network (api:8000, blackbox:9115...).
Tests render a copy pointing at processes started on free loopback ports, with short intervals,
and otherwise unchanged (same jobs, relabelling, rules, routes, inhibitions, receivers).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import yaml

from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "monitoring"
PROMETHEUS_CONFIG = MONITORING / "prometheus" / "prometheus.yml"
RULES_DIR = MONITORING / "prometheus" / "rules"
ALERTMANAGER_CONFIG = MONITORING / "alertmanager" / "alertmanager.yml"
BLACKBOX_CONFIG = MONITORING / "blackbox" / "blackbox.yml"
OBRAIL = ROOT / ".venv" / "bin" / "obrail"

T = TypeVar("T")


def binary(name: str) -> str:
    """Absolute path of a tool installed by scripts/system-deps.sh; fails the test when missing."""
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed (run `make system-deps`)")
    return path


def wait_for[T](
    probe: Callable[[], T | None], timeout_s: float, what: str, interval_s: float = 0.2
) -> T:
    """Call `probe` until it returns something truthy; fail with `what` after `timeout_s`."""
    return wait_until(probe, timeout_s, what, interval_s)


def stop_all(processes: Iterable[Process], timeout_s: float = 10) -> None:
    """Stop the processes (SIGTERM, then SIGKILL after `timeout_s`), all signalled at once rather
    than each after the previous one has exited."""
    running = [process for process in processes if process.terminate()]
    deadline = time.monotonic() + timeout_s
    for process in running:
        process.reap(max(0.0, deadline - time.monotonic()))


def http_ok(url: str) -> bool:
    return httpx.get(url, timeout=2).status_code == 200


@dataclass
class Process:
    """A child process whose output goes to a log file; stopped (SIGTERM, then SIGKILL) on exit."""

    name: str
    argv: list[str]
    log_dir: Path
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    popen: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def start(self) -> Process:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                self.argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
                cwd=self.cwd,
                start_new_session=True,
            )
        return self

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self) -> None:
        stop_all([self])

    def terminate(self) -> bool:
        """SIGTERM if it runs; whether it was running."""
        if not self.running():
            return False
        assert self.popen is not None
        self.popen.send_signal(signal.SIGTERM)
        return True

    def reap(self, timeout_s: float) -> None:
        """Wait up to `timeout_s` for it to exit after SIGTERM, then SIGKILL it."""
        assert self.popen is not None
        try:
            self.popen.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_ready(self, url: str, timeout_s: float = 30) -> None:
        def ready() -> bool:
            if not self.running():
                raise RuntimeError(f"{self.name} exited early:\n{self.log()[-3000:]}")
            return http_ok(url)

        try:
            wait_for(ready, timeout_s, f"{self.name} at {url}")
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n{self.name} log:\n{self.log()[-3000:]}") from error


@contextlib.contextmanager
def running(*processes: Process) -> Iterator[None]:
    try:
        for process in processes:
            process.start()
        yield
    finally:
        for process in reversed(processes):
            process.stop()


# -- rendering the committed configs for local processes ------------------------------------


def load_yaml(path: Path) -> Any:
    """The YAML document as plain data; anchors/aliases become independent copies."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))


def compose_addresses(config: Mapping[str, Any]) -> set[str]:
    """Every host:port of the compose network the Prometheus config refers to."""
    found: set[str] = set()
    for job in config["scrape_configs"]:
        for static in job.get("static_configs", []):
            for target in static["targets"]:
                found.add(_address_of(target))
        for relabel in job.get("relabel_configs", []):
            if relabel.get("target_label") == "__address__":
                found.add(relabel["replacement"])
    for manager in config.get("alerting", {}).get("alertmanagers", []):
        for static in manager["static_configs"]:
            found.update(static["targets"])
    return found


def _address_of(target: str) -> str:
    return target.split("://", 1)[-1].split("/", 1)[0]


def _relocate(target: str, addresses: Mapping[str, str]) -> str:
    address = _address_of(target)
    if address not in addresses:
        raise KeyError(f"no local process for {address} (add it to the test stack)")
    return target.replace(address, addresses[address], 1)


def render_prometheus_config(
    addresses: Mapping[str, str], rules_dir: Path, interval: str = "1s"
) -> dict[str, Any]:
    """The committed prometheus.yml with local addresses, short intervals and `rules_dir`."""
    config: dict[str, Any] = load_yaml(PROMETHEUS_CONFIG)
    config["global"].update(
        scrape_interval=interval, evaluation_interval=interval, scrape_timeout=interval
    )
    config["rule_files"] = [str(rules_dir / Path(pattern).name) for pattern in config["rule_files"]]
    for job in config["scrape_configs"]:
        for static in job.get("static_configs", []):
            static["targets"] = [_relocate(t, addresses) for t in static["targets"]]
        for relabel in job.get("relabel_configs", []):
            if relabel.get("target_label") == "__address__":
                relabel["replacement"] = _relocate(relabel["replacement"], addresses)
    for manager in config.get("alerting", {}).get("alertmanagers", []):
        for static in manager["static_configs"]:
            static["targets"] = [_relocate(t, addresses) for t in static["targets"]]
    return config


def copy_rules_with_short_for(destination: Path, for_: str = "1s") -> Path:
    """The committed rule files, each alert's `for:` shortened so a live test need not wait."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in sorted(RULES_DIR.glob("*.yml")):
        rules = load_yaml(path)
        for group in rules["groups"]:
            for rule in group["rules"]:
                if "alert" in rule and "for" in rule:
                    rule["for"] = for_
        (destination / path.name).write_text(
            yaml.safe_dump(rules, allow_unicode=True, sort_keys=False)
        )
    return destination


def render_alertmanager_config(
    secrets: Mapping[str, str], secrets_dir: Path, smtp: str, webhook_url: str, timing: str = "1s"
) -> dict[str, Any]:
    """The committed alertmanager.yml with its secret files written under `secrets_dir`
    (same names as /run/secrets/), the SMTP relay and the watchdog webhook replaced by local
    addresses, and group timings shortened."""
    config: dict[str, Any] = load_yaml(ALERTMANAGER_CONFIG)
    secrets_dir.mkdir(parents=True, exist_ok=True)
    for name, value in secrets.items():
        (secrets_dir / name).write_text(value)

    def relocate(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: relocate(value) for key, value in node.items()}
        if isinstance(node, list):
            return [relocate(value) for value in node]
        if isinstance(node, str) and node.startswith("/run/secrets/"):
            return str(secrets_dir / node.removeprefix("/run/secrets/"))
        return node

    config = relocate(config)
    config["global"]["smtp_smarthost"] = smtp
    config["global"]["smtp_require_tls"] = False
    for receiver in config["receivers"]:
        for webhook in receiver.get("webhook_configs", []):
            webhook["url"] = webhook_url

    def shorten(route: dict[str, Any]) -> None:
        for key in ("group_wait", "group_interval"):
            if key in route:
                route[key] = timing
        for child in route.get("routes", []):
            shorten(child)

    config["route"].update(group_wait=timing, group_interval=timing)
    shorten(config["route"])
    return config


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


# -- talking to them -------------------------------------------------------------------------


class PrometheusApi:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def query(self, expr: str) -> list[dict[str, Any]]:
        """Instant query; raises AssertionError with Prometheus' message when it does not parse."""
        response = httpx.post(f"{self.base_url}/api/v1/query", data={"query": expr}, timeout=10)
        body = response.json()
        if response.status_code != 200 or body.get("status") != "success":
            raise AssertionError(f"Prometheus refused {expr!r}: {body.get('error', response.text)}")
        result = body["data"]["result"]
        if body["data"]["resultType"] == "scalar":
            return [{"metric": {}, "value": result}]
        return list(result)

    def targets_up(self) -> dict[str, bool]:
        body = httpx.get(f"{self.base_url}/api/v1/targets", timeout=5).json()
        return {t["labels"]["job"]: t["health"] == "up" for t in body["data"]["activeTargets"]}

    def alerts(self) -> list[dict[str, Any]]:
        return list(httpx.get(f"{self.base_url}/api/v1/alerts", timeout=5).json()["data"]["alerts"])


class AlertmanagerApi:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def alerts(self, **filters: str) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.base_url}/api/v2/alerts", params=filters, timeout=5)
        response.raise_for_status()
        return list(response.json())

    def post_alerts(self, alerts: list[dict[str, Any]]) -> None:
        httpx.post(f"{self.base_url}/api/v2/alerts", json=alerts, timeout=5).raise_for_status()


class CaptureServer:
    """A local HTTP server recording every JSON POST (stands for Slack and the watchdog relay)."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received: list[tuple[str, dict[str, str], Any]] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                try:
                    payload: Any = json.loads(body)
                except ValueError:
                    payload = body.decode(errors="replace")
                received.append((self.path, dict(self.headers.items()), payload))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def posts_to(self, path: str) -> list[Any]:
        """JSON bodies POSTed to `path`, oldest first."""
        return [payload for where, _, payload in list(self.received) if where == path]

    def headers_to(self, path: str) -> list[dict[str, str]]:
        return [headers for where, headers, _ in list(self.received) if where == path]

    def __enter__(self) -> CaptureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class SmtpCapture:
    """A minimal SMTP server (no TLS) recording each message: stands for the mail relay."""

    def __init__(self) -> None:
        import socketserver
        import threading

        messages: list[dict[str, Any]] = []
        self.messages = messages

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self) -> None:
                message: dict[str, Any] = {"rcpt": [], "auth": None, "data": ""}
                self.reply("220 localhost ESMTP test relay")
                while line := self.rfile.readline().decode(errors="replace").rstrip("\r\n"):
                    verb = line.split(" ", 1)[0].upper()
                    if verb in {"EHLO", "HELO"}:
                        self.reply("250-localhost")
                        self.reply("250 AUTH PLAIN LOGIN")
                    elif verb == "AUTH":
                        message["auth"] = line.split(" ", 2)[2] if line.count(" ") >= 2 else ""
                        self.reply("235 2.7.0 Authentication successful")
                    elif verb == "MAIL":
                        message["from"] = line
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        message["rcpt"].append(line)
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        chunks = []
                        while (chunk := self.rfile.readline().decode(errors="replace")) not in {
                            ".\r\n",
                            "",
                        }:
                            chunks.append(chunk)
                        message["data"] = "".join(chunks)
                        messages.append(message)
                        message = {"rcpt": [], "auth": message["auth"], "data": ""}
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("250 OK")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SmtpCapture:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
