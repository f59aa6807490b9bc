"""scripts/system-deps.sh installs what is missing and stops only the daemons its own install
started: a developer's Prometheus (or another checkout's test stack) keeps running."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.waiting import wait_until

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-deps.sh"


def _fake(path: Path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def _daemon(name: str) -> subprocess.Popen[bytes]:
    """A long-running process whose command line is the daemon's (what pgrep -f sees)."""
    return subprocess.Popen(["bash", "-c", f"exec -a {name} sleep 300"], start_new_session=True)


def _alive(process: subprocess.Popen[bytes]) -> bool:
    return process.poll() is None


@pytest.fixture
def fake_apt(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """dpkg-query says nothing is installed; apt-get 'install' starts a new daemon (as apt may)
    and writes its pid to a file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    started = tmp_path / "started.pid"
    _fake(bin_dir / "dpkg-query", "exit 1\n")
    _fake(
        bin_dir / "apt-get",
        'if [ "$1" = "install" ] || [ "$3" = "install" ] || [[ " $* " == *" install "* ]]; then\n'
        "  (exec -a prometheus-pushgateway sleep 300) >/dev/null 2>&1 &\n"
        f"  echo $! > {started}\n"
        "fi\n"
        "exit 0\n",
    )
    yield bin_dir, started
    if started.is_file():
        pid = int(started.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_stops_only_the_daemons_its_install_started(fake_apt: tuple[Path, Path]) -> None:
    bin_dir, started = fake_apt
    developer_prometheus = _daemon("prometheus")
    try:
        time.sleep(0.2)
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
        result = subprocess.run(
            ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        assert _alive(developer_prometheus), "system-deps.sh stopped a daemon it did not start"
        new_pid = int(started.read_text())
        wait_until(
            lambda: _gone(new_pid), 5, "the daemon started by the install to stop", interval_s=0.1
        )
    finally:
        developer_prometheus.kill()
        developer_prometheus.wait()
