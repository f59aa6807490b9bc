"""Test results recorded for the report from pytest's and coverage's own XML reports."""

from __future__ import annotations

import json

from docsbuild.record import count_tests, line_coverage, percent

JUNIT = """<?xml version="1.0"?>
<testsuites><testsuite name="pytest" tests="10" failures="1" errors="0" skipped="2" time="90.5">
</testsuite></testsuites>"""

COVERAGE = {
    "files": {
        "api/app.py": {"summary": {"covered_lines": 1, "num_statements": 2}},
        "api/routes/x.py": {"summary": {"covered_lines": 1, "num_statements": 1}},
        "portal/app.py": {"summary": {"covered_lines": 0, "num_statements": 1}},
    }
}


def test_counts_and_duration_from_junit(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT, encoding="utf-8")
    counts = count_tests(junit)
    assert (counts.total, counts.passed, counts.failures, counts.skipped) == (10, 7, 1, 2)
    assert counts.seconds == 90.5


def test_coverage_per_top_level_package(tmp_path):
    report = tmp_path / "coverage.json"
    report.write_text(json.dumps(COVERAGE), encoding="utf-8")
    assert line_coverage(report) == {"api": (2, 3), "portal": (0, 1)}
    assert round(percent(2, 3), 1) == 66.7
    assert percent(0, 0) == 0.0
