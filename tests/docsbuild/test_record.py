"""Test results recorded for the report from pytest's and coverage's own XML reports."""

from __future__ import annotations

from docsbuild.record import count_tests, line_coverage, percent

JUNIT = """<?xml version="1.0"?>
<testsuites><testsuite name="pytest" tests="10" failures="1" errors="0" skipped="2" time="90.5">
</testsuite></testsuites>"""

COVERAGE = """<?xml version="1.0"?>
<coverage><packages><package name="api"><classes>
<class filename="api/app.py"><lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class>
<class filename="api/routes/x.py"><lines><line number="1" hits="3"/></lines></class>
</classes></package><package name="portal"><classes>
<class filename="portal/app.py"><lines><line number="1" hits="0"/></lines></class>
</classes></package></packages></coverage>"""


def test_counts_and_duration_from_junit(tmp_path):
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT, encoding="utf-8")
    counts = count_tests(junit)
    assert (counts.total, counts.passed, counts.failures, counts.skipped) == (10, 7, 1, 2)
    assert counts.seconds == 90.5


def test_line_coverage_per_top_level_package(tmp_path):
    report = tmp_path / "coverage.xml"
    report.write_text(COVERAGE, encoding="utf-8")
    assert line_coverage(report) == {"api": (2, 3), "portal": (0, 1)}
    assert round(percent(2, 3), 1) == 66.7
    assert percent(0, 0) == 0.0
