"""What a validation run produced, independent of Great Expectations' result objects."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quality.checks import Severity, Target


@dataclass(frozen=True)
class ExpectationOutcome:
    """One check's result. For table-level expectations (row counts) unexpected_count is 0
    when met and 1 when not; observed_value is GE's observation as text."""

    suite: str
    expectation: str
    expectation_type: str
    severity: Severity
    success: bool
    description: str
    element_count: int | None = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    observed_value: str | None = None
    sample: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def reason(self) -> str:
        """One line for the ETL's failure record and the logs."""
        if self.error:
            detail = f"could not be evaluated: {self.error}"
        elif self.unexpected_count is not None and self.element_count is not None:
            detail = f"{self.unexpected_count} unexpected of {self.element_count}"
        else:
            detail = f"observed {self.observed_value}"
        examples = ", ".join(str(row.get("row_key", row)) for row in self.sample[:3])
        suffix = f" (e.g. {examples})" if examples else ""
        return f"quality {self.suite}.{self.expectation} [{self.severity}]: {detail}{suffix}"


@dataclass(frozen=True)
class RunReport:
    target: Target
    started_at: dt.datetime
    duration_s: float
    outcomes: tuple[ExpectationOutcome, ...]

    def failures(self, severity: Severity) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity is severity]

    @property
    def critical_failures(self) -> int:
        return len(self.failures(Severity.critical))

    @property
    def warning_failures(self) -> int:
        return len(self.failures(Severity.warning))

    @property
    def success(self) -> bool:
        return self.critical_failures == 0

    def suites(self) -> dict[str, list[ExpectationOutcome]]:
        grouped: dict[str, list[ExpectationOutcome]] = {}
        for outcome in self.outcomes:
            grouped.setdefault(outcome.suite, []).append(outcome)
        return grouped

    def outcome(self, expectation: str) -> ExpectationOutcome:
        for candidate in self.outcomes:
            if candidate.expectation == expectation:
                return candidate
        raise KeyError(expectation)


def json_safe(value: Any) -> Any:
    """Values from PostgreSQL rows as JSON: numbers stay numbers, dates and times become ISO text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, Sequence | set | frozenset):
        return [json_safe(v) for v in value]
    return str(value)
