"""Measured results that the report quotes: one JSON file per producer in docs/resultats/.

Benchmarks (`bench/`) and the test-results recorder (`python3 -m docsbuild.record`) write them
with `write_results`; the report reads them through placeholders (`docsbuild.figures`), so no
measured figure is ever typed by hand, and each one carries the command that reproduces it.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docsbuild.paths import REPO, RESULTS

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Figure:
    """One measured value: `value` in `unit`, shown with `decimals` digits after the comma."""

    value: float
    unit: str
    label: str
    decimals: int = 0


@dataclass(frozen=True)
class Table:
    """A small table of results (cells already formatted by the producer, in French)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]


@dataclass(frozen=True)
class Results:
    """What one producer measured, when, where, and how to measure it again."""

    name: str
    title: str
    command: str
    producer: str
    measured_at: str
    machine: str
    commit: str
    details: str | None = None
    figures: Mapping[str, Figure] = field(default_factory=dict)
    tables: Mapping[str, Table] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return RESULTS / f"{self.name}.json"


class ResultsError(ValueError):
    """A results file that cannot be read or lacks what the report needs."""


def machine_description() -> str:
    return f"{platform.node()} ({os.cpu_count()} cœurs, Python {platform.python_version()})"


def git(*arguments: str) -> str:
    """Output of a git command in the repository ('' when git or the repository is missing)."""
    executable = shutil.which("git")
    if executable is None:
        return ""
    try:
        return subprocess.run(
            [executable, *arguments],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def current_commit() -> str:
    """The checkout's commit, with '+modifié' when the working tree differs from it."""
    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "inconnu"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit}+modifié" if dirty else commit


def write_results(
    name: str,
    *,
    title: str,
    command: str,
    producer: str,
    details: str | None = None,
    figures: Mapping[str, Figure] | None = None,
    tables: Mapping[str, Table] | None = None,
    directory: Path = RESULTS,
) -> Path:
    """Write docs/resultats/<name>.json, stamped with the time, the machine and the commit."""
    results = Results(
        name=name,
        title=title,
        command=command,
        producer=producer,
        measured_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=machine_description(),
        commit=current_commit(),
        details=details,
        figures=dict(figures or {}),
        tables=dict(tables or {}),
    )
    document = {"schema": SCHEMA_VERSION, **asdict(results)}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _require(document: Mapping[str, Any], key: str, where: str) -> Any:
    value = document.get(key)
    if value in (None, ""):
        raise ResultsError(f"{where}: '{key}' is missing")
    return value


def read_results(path: Path) -> Results:
    """Load and validate one results file (every figure needs a value, a unit and a label)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ResultsError(f"{path.name}: {error}") from error
    where = path.name
    if document.get("schema") != SCHEMA_VERSION:
        raise ResultsError(f"{where}: schema {document.get('schema')!r}, expected {SCHEMA_VERSION}")
    if document.get("name") != path.stem:
        raise ResultsError(f"{where}: name {document.get('name')!r} differs from the file name")
    figures = {}
    for key, raw in (document.get("figures") or {}).items():
        figures[key] = Figure(
            value=float(_require(raw, "value", f"{where} {key}")),
            unit=str(raw.get("unit", "")),
            label=str(_require(raw, "label", f"{where} {key}")),
            decimals=int(raw.get("decimals", 0)),
        )
    tables = {}
    for key, raw in (document.get("tables") or {}).items():
        columns = list(_require(raw, "columns", f"{where} {key}"))
        rows = [list(map(str, row)) for row in _require(raw, "rows", f"{where} {key}")]
        if any(len(row) != len(columns) for row in rows):
            raise ResultsError(f"{where} {key}: a row does not have {len(columns)} cells")
        tables[key] = Table(title=str(raw.get("title", "")), columns=columns, rows=rows)
    return Results(
        name=document["name"],
        title=str(_require(document, "title", where)),
        command=str(_require(document, "command", where)),
        producer=str(_require(document, "producer", where)),
        measured_at=str(_require(document, "measured_at", where)),
        machine=str(_require(document, "machine", where)),
        commit=str(_require(document, "commit", where)),
        details=document.get("details"),
        figures=figures,
        tables=tables,
    )


def load_all(directory: Path = RESULTS) -> dict[str, Results]:
    return {path.stem: read_results(path) for path in sorted(directory.glob("*.json"))}
