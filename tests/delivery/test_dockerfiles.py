"""Every Dockerfile passes hadolint and follows the rules of the images: multi-stage on one
pinned slim base, dependencies from the lock file, non-root user, a healthcheck, and an
`obrail` subcommand as its command."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.delivery.files import (
    BIN,
    DOCKERFILES,
    ROOT,
    dockerfile_instructions,
    exec_form,
    parse_obrail_arguments,
)
from tests.support.subprocesses import without_coverage

#: The Python the tests run on (.python-version, read by pyenv, uv and the CI's setup-python).
PYTHON_VERSION = (ROOT / ".python-version").read_text().strip()
#: The one base image: that Python, pinned to an exact patch release, and Debian's release.
BASE_IMAGE = re.compile(
    rf"^python:{re.escape(PYTHON_VERSION)}\.\d+-slim-bookworm(@sha256:[0-9a-f]{{64}})?$"
)
SERVICES = {"api", "portal", "etl", "quality"}


def hadolint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hadolint"), "--failure-threshold", "style", "--no-color", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_there_is_one_dockerfile_per_service():
    assert {path.name.removesuffix(".Dockerfile") for path in DOCKERFILES} == SERVICES


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_hadolint_finds_nothing_even_of_style(dockerfile):
    result = hadolint(dockerfile)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_does_report_a_bad_dockerfile(tmp_path):
    """The check above can fail: the same call flags an unpinned base and an unpinned apt install."""
    bad = tmp_path / "bad.Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get update && apt-get install -y curl\n")
    result = hadolint(bad)
    assert result.returncode != 0
    assert "DL3007" in result.stdout and "DL3008" in result.stdout


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_multi_stage_build_on_the_pinned_slim_base(dockerfile):
    stages = [
        arguments.split()
        for keyword, arguments in dockerfile_instructions(dockerfile)
        if keyword == "FROM"
    ]
    assert len(stages) >= 2, "build and runtime stages"
    for stage in stages:
        assert BASE_IMAGE.match(stage[0]), f"{stage[0]} is not the pinned python slim base"
        assert len(stage) == 3 and stage[1].upper() == "AS", "every stage is named"
    copies_from_build = [
        arguments
        for keyword, arguments in dockerfile_instructions(dockerfile)
        if keyword == "COPY" and arguments.startswith("--from=")
    ]
    assert copies_from_build, "the runtime stage takes the built virtualenv, not the build tools"


def test_every_image_uses_the_same_base():
    bases = {
        arguments.split()[0]
        for dockerfile in DOCKERFILES
        for keyword, arguments in dockerfile_instructions(dockerfile)
        if keyword == "FROM"
    }
    assert len(bases) == 1, bases


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_dependencies_are_installed_from_the_lock_file(dockerfile):
    installs = [
        a for k, a in dockerfile_instructions(dockerfile) if k == "RUN" and "pip install" in a
    ]
    with_deps = [a for a in installs if "--no-deps" not in a]
    assert with_deps, "no pip install of the dependencies"
    for command in with_deps:
        assert "--constraint requirements.lock" in command, command
    copied = " ".join(a for k, a in dockerfile_instructions(dockerfile) if k == "COPY")
    assert "requirements.lock" in copied


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_the_runtime_stage_runs_as_a_non_root_user(dockerfile):
    instructions = dockerfile_instructions(dockerfile)
    last_stage = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    users = [arguments for keyword, arguments in instructions[last_stage:] if keyword == "USER"]
    assert users, "no USER in the runtime stage"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert user.isdigit() and int(user) >= 1000, (
        "numeric uid (Kubernetes runAsNonRoot can check it)"
    )


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_the_command_and_the_healthcheck_are_real_obrail_subcommands_or_http_probes(dockerfile):
    instructions = dict(dockerfile_instructions(dockerfile))
    assert exec_form(instructions["ENTRYPOINT"]) == ["obrail"]
    command = exec_form(instructions["CMD"])
    parse_obrail_arguments(command)
    service = dockerfile.name.removesuffix(".Dockerfile")
    assert (
        command[0]
        == {"etl": "etl", "api": "api", "portal": "portal", "quality": "quality"}[service]
    )

    healthcheck = instructions["HEALTHCHECK"]
    probe = exec_form(healthcheck[healthcheck.index("CMD") + 3 :].strip())
    if probe[0] == "obrail":
        parse_obrail_arguments(probe[1:])
    else:
        assert (
            probe[:2] == ["python", "-c"]
            and "urllib.request.urlopen('http://127.0.0.1:" in probe[2]
        )
        port = instructions["EXPOSE"]
        assert f"127.0.0.1:{port}/" in probe[2], "the probe targets the exposed port"


def test_the_build_context_holds_only_what_pip_install_needs():
    """.dockerignore is an allow-list; every COPY source of every Dockerfile is allowed back in."""
    rules = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert rules[0] == "*"
    allowed = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    for dockerfile in DOCKERFILES:
        for keyword, arguments in dockerfile_instructions(dockerfile):
            if keyword == "COPY" and not arguments.startswith("--from="):
                for source in arguments.split()[:-1]:
                    assert source.rstrip("/") in allowed, f"{dockerfile.name}: {source} is ignored"
                    assert (ROOT / source).exists(), f"{dockerfile.name}: {source} does not exist"
    for secret_like in (".env", "*.dump", "**/.env"):
        assert secret_like in rules or f"**/{secret_like}" in rules or secret_like == "**/.env"


#: The module each service's subcommand ends up running (lazy imports of obrail/cli.py).
ENTRY_MODULES = {
    "api": ["api.app", "api.commands"],
    "portal": ["portal.server", "portal.commands"],
    "etl": [
        "warehouse.commands",
        "warehouse.etl",
        "warehouse.schedule",
        "quality.gate",
        "monitoring.metabase.commands",
    ],
    "quality": ["quality.commands", "quality.service", "warehouse.commands"],
}
FIRST_PARTY = {"obrail", "warehouse", "api", "portal", "quality", "monitoring"}


@pytest.mark.parametrize("service", sorted(ENTRY_MODULES))
def test_each_image_copies_every_first_party_package_its_commands_import(service):
    probe = (
        "import importlib, sys\n"
        f"for name in {ENTRY_MODULES[service]!r}: importlib.import_module(name)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    # A fresh interpreter, as in the image; not measured by coverage (`make test` measures the
    # subprocesses it starts: here that would only trace the imports, seconds of CPU for lines
    # every other test imports too).
    result = subprocess.run(
        [str(BIN / "python"), "-c", probe],
        cwd=ROOT,
        env=without_coverage(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split()) & FIRST_PARTY
    copied = {
        arguments.split()[0].rstrip("/")
        for keyword, arguments in dockerfile_instructions(ROOT / "docker" / f"{service}.Dockerfile")
        if keyword == "COPY" and not arguments.startswith("--from=")
    }
    assert imported <= copied, f"{service}.Dockerfile misses {sorted(imported - copied)}"
