"""A run as plain text for the terminal: one line per suite, then the failing expectations."""

from __future__ import annotations

from quality.results import RunReport


def format_report(report: RunReport) -> str:
    verdict = "passed" if report.success else "FAILED (critical expectations not met)"
    lines = [
        f"Quality run on {report.target.name.value} data: {verdict} in {report.duration_s:.1f} s, "
        f"{report.critical_failures} critical and {report.warning_failures} warning failures",
        f"{'suite':14} {'expectations':>12} {'met':>5}",
    ]
    for suite, outcomes in report.suites().items():
        met = sum(o.success for o in outcomes)
        lines.append(f"{suite:14} {len(outcomes):>12} {met:>5}")
    failures = [o for o in report.outcomes if not o.success]
    if failures:
        lines.append("Not met:")
        lines.extend(f"  {o.reason()}" for o in failures)
    return "\n".join(lines)
