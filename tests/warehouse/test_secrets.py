"""The database password never shows on a command line (`ps`) nor in any output, and every `obrail`
command ends with one clear line instead of a traceback (issue 16, items 2 and 7).

The backup and the restore run on a warehouse loaded with the synthetic mirror: where the
password goes does not depend on what the tables hold, and the real mirror's dump took about
15 s to write and restore."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.database import loaded_template, temporary_database
from tests.support.network import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "S3cret-4d1f9c0e77b2"


def _environment(url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "OBRAIL_DATABASE_URL": url,
        "OBRAIL_DATABASE_PASSWORD": SECRET,
        "OBRAIL_LOG_LEVEL": "INFO",
        **extra,
    }


def _obrail(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "obrail.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _running_command_lines() -> Iterator[str]:
    """The command line of every process, as `ps -ww -eo args` shows it: it reads the same
    /proc/<pid>/cmdline (arguments joined by spaces). Read here directly: starting `ps` every
    few milliseconds cost more CPU than the commands watched."""
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                    arguments = handle.read()
            except OSError:  # the process ended meanwhile
                continue
            if arguments:
                yield arguments.rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")


@contextmanager
def command_lines(tool: str) -> Iterator[list[str]]:
    """Every command line of `tool` that `ps` would show while the block runs."""
    seen: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.extend(line for line in _running_command_lines() if tool in line.split(" ", 1)[0])
            stop.wait(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield seen
    finally:
        stop.set()
        watcher.join()


@dataclass(frozen=True)
class Backup:
    """An `obrail db backup` of the loaded warehouse, watched with `ps` while it ran."""

    dump: Path
    returncode: int
    output: str
    seen: list[str]


@pytest.fixture(scope="module")
def warehouse(synthetic_dir: Path) -> Iterator[str]:
    """A published warehouse (the synthetic mirror's) that the module's tests only read."""
    with temporary_database("obrail_secrets", template=loaded_template(synthetic_dir)) as url:
        yield url


@pytest.fixture(scope="module")
def backup(warehouse, tmp_path_factory) -> Backup:
    """One backup for the module: its own test checks it, the restore test restores it."""
    dump = tmp_path_factory.mktemp("backup") / "warehouse.dump"
    with command_lines("pg_dump") as seen:
        process = _obrail("db", "backup", str(dump), env=_environment(warehouse))
        out, err = process.communicate(timeout=300)
    return Backup(dump, process.returncode, out + err, seen)


def test_backup_keeps_the_password_off_the_command_line_and_out_of_the_output(backup):
    assert backup.returncode == 0, backup.output
    assert backup.dump.stat().st_size > 0
    assert backup.seen, "ps never showed pg_dump running: the check would prove nothing"
    assert not [line for line in backup.seen if SECRET in line]
    assert SECRET not in backup.output


def test_restore_keeps_the_password_off_the_command_line(clone_synthetic_db, backup):
    assert backup.returncode == 0, backup.output
    with command_lines("psql") as seen:
        process = _obrail("db", "restore", str(backup.dump), env=_environment(clone_synthetic_db))
        out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert seen, "ps never showed psql running: the check would prove nothing"
    assert not [line for line in seen if SECRET in line]
    assert SECRET not in out + err


def test_a_failing_backup_says_why_without_password_or_traceback(warehouse):
    process = _obrail("db", "backup", "/nonexistent/x.dump", env=_environment(warehouse))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "pg_dump failed" in err and "/nonexistent/x.dump" in err
    assert "Traceback" not in err and SECRET not in out + err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "command",
    [
        ("db", "current"),
        ("db", "upgrade"),
        ("db", "downgrade", "base"),
        ("db", "roles"),
        ("db", "backup", "x.dump"),
        ("db", "restore", "x.dump"),
        ("etl",),
    ],
    ids=" ".join,
)
def test_an_unreachable_database_gives_one_clear_line(command, tmp_path):
    url = f"postgresql://obrail@127.0.0.1:{free_port()}/obrail"
    process = _obrail(*command, env=_environment(url, OBRAIL_DATA_DIR=str(tmp_path)))
    out, err = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "Traceback" not in err and SECRET not in out + err
    assert "Connection refused" in err
    assert len(err.strip().splitlines()) == 1, err
