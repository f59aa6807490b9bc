"""The data-quality suites, one module per subject. Order = order of the reports."""

from __future__ import annotations

from quality.checks import Check, Suite
from quality.suites import (
    calls,
    cross_source,
    freshness,
    models,
    operators,
    stations,
    trajets,
    volumes,
)

ALL_SUITES: tuple[Suite, ...] = (
    trajets.SUITE,
    calls.SUITE,
    stations.SUITE,
    operators.SUITE,
    cross_source.SUITE,
    freshness.SUITE,
    volumes.SUITE,
    models.SUITE,
)


def all_checks() -> dict[str, tuple[Suite, Check]]:
    """Every check by its stable name (names are unique across suites)."""
    checks: dict[str, tuple[Suite, Check]] = {}
    for suite in ALL_SUITES:
        for check in suite.checks:
            if check.name in checks:
                raise ValueError(f"duplicate check name {check.name!r}")
            checks[check.name] = (suite, check)
    return checks
