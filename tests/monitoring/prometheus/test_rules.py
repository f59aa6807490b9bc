"""Alert and recording rules: the committed files are the generator's output (monitoring/rules),
promtool's checks and unit tests, and the conventions every alert follows (severity, service,
summary, description, a runbook that exists, a tested `for:` boundary)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from monitoring import config
from monitoring import rules as generator
from tests.monitoring.stack import ROOT, RULES_DIR, binary, load_yaml

RULE_FILES = sorted(RULES_DIR.glob("*.yml"))
RULE_TESTS = sorted((RULES_DIR / "tests").glob("*_test.yml"))
SEVERITIES = {"critical", "warning", "none"}
_DURATION = re.compile(r"(\d+)(ms|s|m|h|d|w|y)")
_UNIT_S = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


def seconds(duration: str) -> float:
    parts = _DURATION.findall(duration)
    assert parts and "".join(n + u for n, u in parts) == duration, f"bad duration {duration!r}"
    return sum(int(number) * _UNIT_S[unit] for number, unit in parts)


def rules(kind: str) -> list[dict[str, Any]]:
    return [
        rule
        for path in RULE_FILES
        for group in load_yaml(path)["groups"]
        for rule in group["rules"]
        if kind in rule
    ]


ALERTS = rules("alert")


def test_committed_rule_files_are_the_generator_output():
    committed = sorted(path.name for path in RULES_DIR.glob("*.yml"))
    assert committed == sorted(rule_file.name for rule_file in generator.RULE_FILES)
    assert generator.stale() == []


def test_a_hand_edit_of_a_rule_file_is_detected(tmp_path):
    generator.write_all(tmp_path)
    assert generator.stale(tmp_path) == []
    edited = tmp_path / "api.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("> 0.05", "> 0.5", 1))
    assert generator.stale(tmp_path) == ["api.yml"]


def test_the_check_command_passes_on_the_committed_files():
    result = subprocess.run(
        [sys.executable, "-m", "monitoring.rules", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_generation_is_deterministic():
    assert generator.rendered() == generator.rendered()


def test_thresholds_come_from_the_one_config():
    """The burn-rate alerts use the config's SLO and windows; every API rule its job selector."""
    burns = [a for a in ALERTS if a["alert"] == "ObrailApiErrorBudgetBurn"]
    assert [(a["labels"]["long_window"], a["for"]) for a in burns] == [
        (b.long_window, b.for_) for b in config.BURN_RATES
    ]
    for burn, rule in zip(config.BURN_RATES, burns, strict=True):
        assert f"({burn.factor:g} * {config.ERROR_BUDGET:g})" in rule["expr"]
    selectors = [
        found
        for rule in rules("expr")
        for found in re.findall(r"\bobrail_http_[a-z_]+\{([^}]*)\}", rule["expr"])
    ]
    assert selectors and all(config.API in found for found in selectors)


def test_promtool_accepts_every_rule_file():
    result = subprocess.run(
        [binary("promtool"), "check", "rules", *map(str, RULE_FILES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(RULE_FILES)


@pytest.mark.parametrize("test_file", RULE_TESTS, ids=lambda p: p.name)
def test_promtool_unit_tests_pass(test_file: Path):
    result = subprocess.run(
        [binary("promtool"), "test", "rules", str(test_file)],
        capture_output=True,
        text=True,
        check=False,
        cwd=test_file.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_unit_tests_catch_a_wrong_expectation(tmp_path):
    """The harness really compares annotations: a one-character change makes it fail."""
    original = RULES_DIR / "tests" / "availability_test.yml"
    mutated = tmp_path / original.name
    text = original.read_text().replace("../availability.yml", str(RULES_DIR / "availability.yml"))
    mutated.write_text(
        text.replace("L'API ObRail est injoignable.", "L'API ObRail est joignable.", 1)
    )
    result = subprocess.run(
        [binary("promtool"), "test", "rules", str(mutated)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "ObrailApiDown" in result.stdout + result.stderr


def test_the_alert_catalogue():
    assert {alert["alert"] for alert in ALERTS} == {
        "ObrailApiDown",
        "ObrailPortalDown",
        "ObrailDatabaseDown",
        "ObrailMonitoringTargetDown",
        "ObrailApiHighErrorRatio",
        "ObrailApiHighLatency",
        "ObrailApiErrorBudgetBurn",
        "ObrailEtlFailed",
        "ObrailDataStale",
        "ObrailDataQualityCriticalFailure",
        "ObrailDataVolumeDrop",
        "ObrailTimetableValidityEndingSoon",
        "ObrailModelUnavailable",
        "ObrailModelInputDrift",
        "ObrailWatchdog",
    }


@pytest.mark.parametrize("alert", ALERTS, ids=lambda a: f"{a['alert']}-{a['labels']['severity']}")
def test_every_alert_has_severity_service_texts_and_an_existing_runbook(alert: dict[str, Any]):
    assert alert["labels"]["severity"] in SEVERITIES
    assert alert["labels"]["service"]
    annotations = alert["annotations"]
    assert annotations["summary"].strip()
    assert len(annotations["description"]) > len(annotations["summary"]) / 2
    assert annotations["runbook_url"] == f"docs/runbooks/{alert['alert']}.md"
    runbook = ROOT / annotations["runbook_url"]
    assert runbook.is_file(), f"missing runbook {runbook}"
    assert alert["alert"] in runbook.read_text(encoding="utf-8")
    assert seconds(alert["for"]) > 0, "every alert waits before firing (tested at its boundary)"


def _alert_rule_tests() -> dict[tuple[str, str], list[tuple[float, float, bool]]]:
    """(alertname, severity) -> [(evaluation interval, eval time, fires)] from the unit tests."""
    seen: dict[tuple[str, str], list[tuple[float, float, bool]]] = defaultdict(list)
    for path in RULE_TESTS:
        document = load_yaml(path)
        step = seconds(document.get("evaluation_interval", "1m"))
        for case in document["tests"]:
            expected_severities = defaultdict(set)
            for check in case.get("alert_rule_test", []):
                for alert in check["exp_alerts"]:
                    expected_severities[check["alertname"]].add(alert["exp_labels"]["severity"])
            for check in case.get("alert_rule_test", []):
                name, at = check["alertname"], seconds(check["eval_time"])
                for severity in expected_severities[name] or SEVERITIES:
                    fires = any(
                        a["exp_labels"]["severity"] == severity for a in check["exp_alerts"]
                    )
                    seen[(name, severity)].append((step, at, fires))
    return seen


@pytest.mark.parametrize("alert", ALERTS, ids=lambda a: f"{a['alert']}-{a['labels']['severity']}")
def test_every_alert_is_tested_silent_before_its_for_boundary_and_firing_after(
    alert: dict[str, Any],
):
    checks = _alert_rule_tests()[(alert["alert"], alert["labels"]["severity"])]
    for_s = seconds(alert["for"])
    boundaries = [
        (silent_at, firing_at)
        for step, silent_at, silent in checks
        if not silent
        for step2, firing_at, fires in checks
        if fires and 0 < firing_at - silent_at <= step and firing_at >= for_s
    ]
    assert boundaries, (
        f"{alert['alert']} ({alert['labels']['severity']}) needs a unit test with no alert at one "
        f"evaluation and the alert firing at the next, after its for: {alert['for']}"
    )


def test_every_recording_rule_is_checked_by_a_unit_test():
    tested = " ".join(
        check["expr"]
        for path in RULE_TESTS
        for case in load_yaml(path)["tests"]
        for check in case.get("promql_expr_test", [])
    )
    untested = [rule["record"] for rule in rules("record") if rule["record"] not in tested]
    assert not untested
