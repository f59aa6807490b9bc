"""Environments for the subprocesses tests start."""

from __future__ import annotations

from collections.abc import Mapping

#: What coverage's `patch = ["subprocess"]` (pyproject.toml) puts in the environment so that a
#: Python subprocess measures itself too.
COVERAGE_HOOK = "COVERAGE_PROCESS_CONFIG"


def without_coverage(environment: Mapping[str, str]) -> dict[str, str]:
    """`environment` minus coverage's subprocess hook: for a subprocess that only runs code the
    tests already trace in-process (tracing it again costs CPU for no line more)."""
    return {k: v for k, v in environment.items() if k != COVERAGE_HOOK}
