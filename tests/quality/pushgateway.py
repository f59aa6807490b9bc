"""The real Debian prometheus-pushgateway, started on a free loopback port for a test."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.network import free_port
from tests.support.waiting import wait_until


@contextmanager
def running_pushgateway(log_dir: Path) -> Iterator[str]:
    """Yields the base URL of a fresh Pushgateway (persisting into `log_dir`); stops it after."""
    binary = shutil.which("prometheus-pushgateway")
    if binary is None:
        raise RuntimeError("prometheus-pushgateway is not installed (run `make system-deps`)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (log_dir / "pushgateway.log").open("wb") as log:
        process = subprocess.Popen(
            [
                binary,
                f"--web.listen-address=127.0.0.1:{port}",
                f"--persistence.file={log_dir / 'pushgateway.data'}",
            ],
            stdout=log,
            stderr=log,
        )
        try:
            _wait_ready(url, process)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float = 15) -> None:
    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"the Pushgateway exited with code {process.returncode}")
        return httpx.get(f"{url}/-/ready", timeout=1).status_code == 200

    wait_until(ready, timeout_s, "the Pushgateway to be ready", interval_s=0.1)


def scrape(url: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Samples of the obrail_quality_* metrics the Pushgateway exposes, by metric name."""
    text = httpx.get(f"{url}/metrics", timeout=5).text
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.startswith("obrail_quality_"):
                samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples


def value(samples, name: str, **labels: str) -> float:
    matches = [v for found, v in samples.get(name, []) if labels.items() <= found.items()]
    assert len(matches) == 1, (name, labels, matches)
    return float(matches[0])
