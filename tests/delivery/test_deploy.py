"""deploy/deploy.sh and deploy/rollback.sh, the CD's scripts, run for real with bash against a
stand-in `docker` CLI (tests/delivery/fake_docker.py: no Docker engine on these machines) that
keeps the running tag and the warehouse revision. Covers: deployment, automatic rollback with
Alembic downgrade or backup restore, the first deployment, a missing image, a manual rollback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.delivery.files import BIN, ROOT

FAKE_DOCKER = Path(__file__).with_name("fake_docker.py")
HEADS = {"v1": "0001", "v2": "0002", "v3": "0003"}


class Host:
    """A deployment folder and its (simulated) Docker engine."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.copytree(ROOT / "deploy", folder / "deploy")
        (folder / ".env").write_text("HOST_PORT_API=8000\n")
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        docker = bin_dir / "docker"
        docker.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_DOCKER}" "$@"\n')
        docker.chmod(0o755)
        self.env = {
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "FAKE_DOCKER_STATE": str(folder / "docker-state.json"),
            "FAKE_HEADS": json.dumps(HEADS),
            "OBRAIL_SMOKE_COMMAND": f"{docker} smoke",
        }

    def run(self, script: str, *args: str, **fake: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(self.folder / "deploy" / script), *args],
            env={**self.env, **fake},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def deploy(self, tag: str, **fake: str) -> subprocess.CompletedProcess[str]:
        return self.run("deploy.sh", tag, **fake)

    @property
    def engine(self) -> dict[str, Any]:
        state: dict[str, Any] = json.loads((self.folder / "docker-state.json").read_text())
        return state

    def state(self, name: str) -> str:
        path = self.folder / ".deploy" / name
        return path.read_text().strip() if path.exists() else ""

    def commands(self, *words: str) -> list[list[str]]:
        """Calls whose words include all of `words`."""
        return [call for call in self.engine["calls"] if all(w in call for w in words)]


@pytest.fixture
def host(tmp_path) -> Host:
    return Host(tmp_path)


def test_a_first_deployment_starts_the_tag_and_records_it(host):
    result = host.deploy("v1")
    assert result.returncode == 0, result.stderr
    assert host.engine["tag"] == "v1" and host.engine["revision"] == "0001"
    assert host.state("current") == "v1" and host.state("previous") == ""
    assert host.state("revisions/v1") == "0001"
    assert not host.commands("backup"), "an empty warehouse is not backed up"


def test_a_good_deployment_backs_up_first_then_replaces_the_previous_tag(host):
    host.deploy("v1")
    result = host.deploy("v2")
    assert result.returncode == 0, result.stderr
    assert host.engine["tag"] == "v2" and host.engine["revision"] == "0002"
    assert (host.state("current"), host.state("previous")) == ("v2", "v1")
    backups = host.engine["backups"]
    assert list(backups.values()) == ["0001"], "backed up at the previous revision, before `up`"
    calls = host.engine["calls"]
    backup_at = next(i for i, call in enumerate(calls) if "backup" in call)
    start_at = next(
        i
        for i, call in enumerate(calls)
        if call[0] == "v2" and "up" in call and "postgres" not in call
    )
    assert backup_at < start_at, "the backup is taken before the new tag starts"


def test_a_failing_deployment_downgrades_the_schema_and_rolls_back(host):
    host.deploy("v1")
    host.deploy("v2")
    result = host.deploy("v3", FAKE_BROKEN_TAGS="v3")
    assert result.returncode == 2, result.stderr
    assert host.engine["tag"] == "v2" and host.engine["revision"] == "0002"
    downgrade = host.commands("downgrade")
    assert downgrade == [["v3", *downgrade[0][1:]]] and downgrade[0][-1] == "0002", (
        "the schema goes back with the new code, which knows the downgrade scripts"
    )
    assert (host.state("current"), host.state("previous")) == ("v2", "v1")
    assert "FAILED v3, rolled back to v2" in (host.folder / ".deploy" / "history").read_text()


def test_when_the_downgrade_fails_the_backup_is_restored(host):
    host.deploy("v1")
    host.deploy("v2")
    result = host.deploy("v3", FAKE_BROKEN_TAGS="v3", FAKE_DOWNGRADE_FAILS="1")
    assert result.returncode == 2, result.stderr
    restore = host.commands("restore")
    assert len(restore) == 1 and restore[0][0] == "v2"
    assert host.engine["revision"] == "0002" and host.engine["tag"] == "v2"


def test_a_rollback_that_fails_its_smoke_tests_says_so(host):
    host.deploy("v1")
    host.deploy("v2")
    result = host.deploy("v3", FAKE_BROKEN_TAGS="v3,v2")
    assert result.returncode == 3
    assert "failed its smoke tests too" in result.stderr


def test_a_failing_first_deployment_has_nothing_to_roll_back_to(host):
    result = host.deploy("v1", FAKE_BROKEN_TAGS="v1")
    assert result.returncode == 1
    assert "nothing to roll back to" in result.stderr
    assert host.state("current") == ""


def test_a_missing_image_changes_nothing(host):
    host.deploy("v1")
    result = host.deploy("v2", FAKE_MISSING_TAGS="v2")
    assert result.returncode == 1
    assert host.engine["tag"] == "v1"
    assert not [call for call in host.engine["calls"] if call[0] == "v2" and "up" in call]


def test_a_manual_rollback_returns_to_the_previous_tag_and_its_schema(host):
    host.deploy("v1")
    host.deploy("v3")
    result = host.run("rollback.sh")
    assert result.returncode == 0, result.stderr
    assert host.engine["tag"] == "v1" and host.engine["revision"] == "0001"
    assert host.commands("downgrade")[0][0] == "v3"
    assert (host.state("current"), host.state("previous")) == ("v1", "v3")


def test_redeploying_an_older_tag_brings_its_schema_back_first(host):
    host.deploy("v1")
    host.deploy("v3")
    result = host.deploy("v1")
    assert result.returncode == 0, result.stderr
    assert host.engine["tag"] == "v1" and host.engine["revision"] == "0001"
    assert [call[0] for call in host.commands("downgrade")] == ["v3"]


def test_a_manual_rollback_refuses_an_unknown_tag(host):
    host.deploy("v1")
    result = host.run("rollback.sh", "v9")
    assert result.returncode == 1
    assert host.engine["tag"] == "v1"


def test_the_scripts_pass_shellcheck():
    scripts = sorted((ROOT / "deploy").glob("*.sh")) + sorted((ROOT / "docker").rglob("*.sh"))
    result = subprocess.run(
        [str(BIN / "shellcheck"), "--external-sources", *map(str, scripts)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout
