"""GitHub Actions workflows: actionlint (with shellcheck on every `run:`), the workflow schema,
actions pinned by commit SHA, least permissions, timeouts, concurrency, and the jobs the
pipeline promises (CI gates, image scan, deployment with rollback, releases from tags)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.delivery.files import BIN, DOCKERFILES, ROOT, WORKFLOWS

CI = ROOT / ".github" / "workflows" / "ci.yml"
CD = ROOT / ".github" / "workflows" / "cd.yml"
CICD_DOC = ROOT / "docs" / "livraison" / "ci-cd.md"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "deploy" / "ci" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def workflow(path: Path) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in loaded:
        loaded["on"] = loaded.pop(True)
    return loaded


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "actionlint"), "-color=false", *map(str, paths)],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"},  # shellcheck for run: blocks
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_both_workflows_exist():
    assert {CI, CD} <= set(WORKFLOWS)


def test_actionlint_finds_nothing():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_catch_errors_including_shellcheck_ones(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo $UNQUOTED_VARIABLE ${{ github.event.pull_request.title }}\n"
        "      - uses: actions/checkout@v4\n        with:\n          no-such-input: 1\n"
    )
    result = actionlint(bad)
    assert result.returncode != 0
    assert "shellcheck" in result.stdout, "shellcheck is not wired into actionlint"
    assert "untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_schema(path):
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_by_a_full_sha_with_its_tag():
    pins, problems = load_script("verify_action_pins").read_pins(WORKFLOWS)
    assert problems == []
    assert len(pins) >= 10
    tags_per_sha: dict[tuple[str, str], set[str]] = {}
    for pin in pins:
        tags_per_sha.setdefault((pin.repo, pin.sha), set()).add(pin.tag)
    assert all(len(tags) == 1 for tags in tags_per_sha.values()), "one SHA, one tag"


def test_the_pin_reader_flags_what_is_not_pinned(tmp_path):
    sample = tmp_path / "w.yml"
    sample.write_text(
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684\n"
        "      - uses: ./.github/workflows/ci.yml\n"
    )
    pins, problems = load_script("verify_action_pins").read_pins([sample])
    assert pins == [] and len(problems) == 2


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_timeouts_and_concurrency(path):
    flow = workflow(path)
    assert flow["permissions"] == {"contents": "read"}, "read-only by default"
    assert "group" in flow["concurrency"]
    for name, job in flow["jobs"].items():
        if "uses" in job:  # a reusable workflow call: timeouts live in the called jobs
            continue
        assert 0 < job["timeout-minutes"] <= 60, name
        for scope, level in (job.get("permissions") or {}).items():
            assert level in {"read", "write", "none"}, name
            if level == "write":
                assert (scope, name) in {("packages", "images"), ("contents", "release")}, (
                    f"{name} writes {scope}"
                )


def step_runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def step_uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_dependabot_config_matches_its_schema():
    result = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.dependabot",
            str(ROOT / ".github" / "dependabot.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_audit_installs_the_locked_pip_audit():
    command = re.search(
        r"grep -iE '([^']+)' requirements.lock", step_runs(workflow(CI)["jobs"]["audit"])
    )
    assert command, "the audit job reads pip-audit's version from the lock file"
    locked = [
        line
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if re.match(command[1], line, re.I)
    ]
    assert len(locked) == 1


def test_ci_runs_on_pushes_and_pull_requests_and_is_reusable():
    triggers = workflow(CI)["on"]
    assert {"push", "pull_request", "workflow_call"} <= set(triggers)


def test_ci_gates():
    jobs = workflow(CI)["jobs"]
    lint = step_runs(jobs["lint"])
    assert "ruff check" in lint and "ruff format --check" in lint and "mypy" in lint
    test = jobs["test"]
    assert test["services"]["postgres"]["image"].startswith("postgres:15")
    assert "pytest" in step_runs(test) and "--cov" in step_runs(test)
    gate = re.search(r"--include='([^']+)' --fail-under=(\d+)", step_runs(test))
    assert gate and set(gate[1].split(",")) == {"api/*", "warehouse/*", "quality/*"}
    assert int(gate[2]) >= 85
    assert "-m e2e" in step_runs(jobs["e2e"])
    delivery = step_runs(jobs["delivery"])
    for check in (
        "hadolint",
        "docker compose",
        "config --quiet",
        "vendor.compose-spec",
        "actionlint",
        "vendor.github-workflows",
        "shellcheck",
    ):
        assert check in delivery, check
    assert "pip-audit" in step_runs(jobs["audit"])
    assert "verify_action_pins.py" in step_runs(jobs["action-pins"])


def test_cd_builds_scans_pushes_deploys_and_releases():
    flow = workflow(CD)
    assert flow["on"]["push"]["branches"] == ["main"] and flow["on"]["push"]["tags"] == ["v*.*.*"]
    jobs = flow["jobs"]
    assert jobs["ci"]["uses"] == "./.github/workflows/ci.yml"
    images = jobs["images"]
    assert set(images["strategy"]["matrix"]["service"]) == {
        p.name.removesuffix(".Dockerfile") for p in DOCKERFILES
    }
    assert "aquasecurity/trivy-action" in step_uses(images)
    scan = next(s for s in images["steps"] if s.get("uses", "").startswith("aquasecurity/"))
    assert scan["with"]["exit-code"] == "1"
    uses = step_uses(images)
    assert uses.index("aquasecurity/trivy-action") < len(uses) - 1 - uses[::-1].index(
        "docker/build-push-action"
    ), "scan before push"
    meta = next(s for s in images["steps"] if s.get("id") == "meta")["with"]["tags"]
    assert "type=sha" in meta and "type=semver" in meta
    deploy = jobs["deploy-test"]
    assert deploy["environment"]["name"] == "test"
    assert "./deploy/deploy.sh" in step_runs(deploy)
    release = jobs["release"]
    assert release[
        "if"
    ] == "startsWith(github.ref, 'refs/tags/v')" and "gh release create" in step_runs(release)


def test_every_secret_and_variable_is_documented():
    names = set()
    for path in WORKFLOWS:
        names |= set(re.findall(r"\b(?:secrets|vars)\.([A-Z][A-Z0-9_]*)", path.read_text()))
    assert names, "the workflows use secrets"
    doc = CICD_DOC.read_text()
    undocumented = sorted(n for n in names if f"`{n}`" not in doc)
    assert not undocumented, f"not in {CICD_DOC.relative_to(ROOT)}: {undocumented}"
