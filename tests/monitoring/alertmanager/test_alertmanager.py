"""Alertmanager: amtool's checks, routing by severity, secrets from files, and the real
Alertmanager applying the committed inhibitions and delivering to the receivers."""

from __future__ import annotations

import base64
import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.monitoring.stack import (
    ALERTMANAGER_CONFIG,
    ROOT,
    RULES_DIR,
    AlertmanagerApi,
    CaptureServer,
    Process,
    SmtpCapture,
    binary,
    load_yaml,
    render_alertmanager_config,
    wait_for,
    write_yaml,
)
from tests.support.network import free_port

#: Settings that would hold a secret in clear; the committed config must use their *_file twin.
CLEAR_SECRET_KEYS = {
    "api_url",
    "auth_password",
    "smtp_auth_password",
    "credentials",
    "routing_key",
    "service_key",
}
SECRETS = {
    "alertmanager_slack_critical_url": "/slack/critical",
    "alertmanager_slack_warning_url": "/slack/warning",
    "alertmanager_smtp_password": "smtp-password-for-tests",
    "alertmanager_watchdog_token": "watchdog-token-for-tests",
}


def amtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([binary("amtool"), *args], capture_output=True, text=True, check=False)


def route_of(labels: dict[str, str]) -> str:
    result = amtool(
        "config",
        "routes",
        "test",
        f"--config.file={ALERTMANAGER_CONFIG}",
        *(f"{k}={v}" for k, v in labels.items()),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_amtool_accepts_the_config():
    result = amtool("check-config", str(ALERTMANAGER_CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 inhibit rules" in result.stdout
    assert "4 receivers" in result.stdout


def test_amtool_rejects_a_route_to_an_unknown_receiver(tmp_path):
    config = load_yaml(ALERTMANAGER_CONFIG)
    config["route"]["routes"][1]["receiver"] = "nobody"
    result = amtool("check-config", str(write_yaml(tmp_path / "alertmanager.yml", config)))
    assert result.returncode == 1
    assert "nobody" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("labels", "receiver"),
    [
        ({"alertname": "ObrailApiDown", "severity": "critical"}, "ops-critical"),
        ({"alertname": "ObrailEtlFailed", "severity": "warning"}, "ops-warning"),
        ({"alertname": "ObrailWatchdog", "severity": "none"}, "watchdog"),
        ({"alertname": "SomethingElse", "severity": "none"}, "blackhole"),
        ({"alertname": "SomethingElse", "severity": "info"}, "ops-warning"),
        ({"alertname": "NoSeverity"}, "ops-warning"),
    ],
)
def test_routing_by_severity(labels, receiver):
    assert route_of(labels) == receiver


def test_every_alert_rule_reaches_a_receiver_that_notifies_people():
    expected = {"critical": "ops-critical", "warning": "ops-warning"}
    for path in RULES_DIR.glob("*.yml"):
        for group in load_yaml(path)["groups"]:
            for rule in group["rules"]:
                if "alert" not in rule:
                    continue
                severity = rule["labels"]["severity"]
                receiver = route_of({"alertname": rule["alert"], **rule["labels"]})
                assert receiver == expected.get(severity, "watchdog"), rule["alert"]


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", value
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def test_receivers_read_their_secrets_from_files_documented_for_delivery():
    settings = list(_walk(load_yaml(ALERTMANAGER_CONFIG)))
    clear = [path for path, _ in settings if path.rsplit(".", 1)[-1] in CLEAR_SECRET_KEYS]
    assert not clear, f"secrets in clear: {clear}"
    files = {value for path, value in settings if path.endswith("_file")}
    assert files == {f"/run/secrets/{name}" for name in SECRETS}
    documentation = (ROOT / "docs" / "monitoring" / "alertes.md").read_text(encoding="utf-8")
    for name in SECRETS:
        assert name in documentation


# -- the real Alertmanager ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpCapture]:
    with SmtpCapture() as relay:
        yield relay


@pytest.fixture(scope="module")
def alertmanager(tmp_path_factory, smtp) -> Iterator[tuple[AlertmanagerApi, CaptureServer]]:
    workdir = tmp_path_factory.mktemp("alertmanager")
    with CaptureServer() as capture:
        secrets = {
            name: capture.url(value) if value.startswith("/") else value
            for name, value in SECRETS.items()
        }
        config = render_alertmanager_config(
            secrets,
            workdir / "secrets",
            smtp=smtp.address,
            webhook_url=capture.url("/watchdog"),
        )
        port = free_port()
        process = Process(
            "alertmanager",
            [
                binary("prometheus-alertmanager"),
                f"--config.file={write_yaml(workdir / 'alertmanager.yml', config)}",
                f"--storage.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
            ],
            workdir,
        ).start()
        try:
            process.wait_ready(f"http://127.0.0.1:{port}/-/ready")
            yield AlertmanagerApi(f"http://127.0.0.1:{port}"), capture
        finally:
            process.stop()


def alert(
    name: str, severity: str, ends_in: timedelta = timedelta(hours=1), **labels: str
) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "labels": {"alertname": name, "severity": severity, **labels},
        "annotations": {"summary": f"{name} summary", "runbook_url": f"docs/runbooks/{name}.md"},
        "startsAt": (now - timedelta(minutes=1)).isoformat(),
        "endsAt": (now + ends_in).isoformat(),
    }


def states(api: AlertmanagerApi) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (a["labels"]["alertname"], a["labels"]["severity"]): a["status"]
        for a in api.alerts(active="true", inhibited="true", silenced="true")
    }


def test_api_down_inhibits_the_api_latency_and_error_alerts(alertmanager):
    api, _ = alertmanager
    api.post_alerts(
        [
            alert("ObrailApiHighLatency", "warning", service="api", route="/trajets"),
            alert("ObrailApiHighErrorRatio", "critical", service="api"),
            alert("ObrailPortalDown", "critical", service="portal"),
            alert("ObrailApiDown", "critical", service="api"),
        ]
    )
    status = wait_for(
        lambda: (s := states(api)) and s[("ObrailApiHighLatency", "warning")]["inhibitedBy"] and s,
        10,
        "the latency alert to be inhibited",
    )
    assert status[("ObrailApiHighLatency", "warning")]["state"] == "suppressed"
    assert status[("ObrailApiHighErrorRatio", "critical")]["state"] == "suppressed"
    assert status[("ObrailApiDown", "critical")] == {
        "state": "active",
        "silencedBy": [],
        "inhibitedBy": [],
    }
    assert status[("ObrailPortalDown", "critical")]["state"] == "active"


def test_a_critical_burn_rate_alert_inhibits_its_warning_twin(alertmanager):
    api, _ = alertmanager
    api.post_alerts(
        [
            alert("ObrailApiErrorBudgetBurn", "warning", service="api", long_window="6h"),
            alert("ObrailApiErrorBudgetBurn", "critical", service="api", long_window="1h"),
        ]
    )
    status = wait_for(
        lambda: (
            (s := states(api))
            and s.get(("ObrailApiErrorBudgetBurn", "warning"), {}).get("inhibitedBy")
            and s
        ),
        10,
        "the slow-burn warning to be inhibited",
    )
    assert status[("ObrailApiErrorBudgetBurn", "critical")]["state"] in {"active", "suppressed"}
    assert status[("ObrailApiErrorBudgetBurn", "warning")]["state"] == "suppressed"


def _titles(capture: CaptureServer, path: str) -> list[str]:
    return [
        attachment["title"] for post in capture.posts_to(path) for attachment in post["attachments"]
    ]


def test_notifications_reach_the_receiver_of_their_severity_then_resolve(alertmanager):
    api, capture = alertmanager
    api.post_alerts(
        [alert("ObrailDatabaseDown", "critical", service="database", instance="pg:9187")]
    )
    api.post_alerts([alert("ObrailEtlFailed", "warning", service="etl")])
    wait_for(
        lambda: "[ALERTE] ObrailDatabaseDown (database)" in _titles(capture, "/slack/critical"),
        15,
        "the on-call channel to be notified",
    )
    wait_for(
        lambda: "[ATTENTION] ObrailEtlFailed (etl)" in _titles(capture, "/slack/warning"),
        15,
        "the ops channel to be notified",
    )
    assert not any("ObrailEtlFailed" in title for title in _titles(capture, "/slack/critical"))
    critical = next(
        p for p in capture.posts_to("/slack/critical") if "ObrailDatabaseDown" in json.dumps(p)
    )
    assert critical["channel"] == "#obrail-astreinte"
    assert "docs/runbooks/ObrailDatabaseDown.md" in critical["attachments"][0]["text"]

    api.post_alerts(
        [
            alert(
                "ObrailDatabaseDown",
                "critical",
                ends_in=-timedelta(seconds=1),
                service="database",
                instance="pg:9187",
            )
        ]
    )
    wait_for(
        lambda: "[RÉSOLU] ObrailDatabaseDown (database)" in _titles(capture, "/slack/critical"),
        15,
        "the resolution to be notified",
    )


def test_critical_alerts_are_also_mailed_to_on_call_with_the_password_from_its_file(
    alertmanager, smtp
):
    api, _ = alertmanager
    api.post_alerts(
        [alert("ObrailPortalDown", "critical", service="portal", instance="http://portal:8501/")]
    )
    mail = wait_for(
        lambda: next((m for m in smtp.messages if "ObrailPortalDown" in m["data"]), None),
        15,
        "the on-call e-mail",
    )
    assert mail["rcpt"] == ["RCPT TO:<astreinte@obrail.eu>"]
    assert "Subject: [ObRail FIRING] ObrailPortalDown (portal)" in mail["data"]
    credentials = base64.b64decode(mail["auth"].split(" ")[-1]).split(b"\0")
    assert credentials[-1].decode() == SECRETS["alertmanager_smtp_password"]


def test_the_watchdog_reaches_the_dead_mans_switch_with_its_token(alertmanager):
    api, capture = alertmanager
    api.post_alerts([alert("ObrailWatchdog", "none", service="monitoring")])
    posts = wait_for(lambda: capture.posts_to("/watchdog"), 15, "the watchdog webhook")
    assert posts[0]["alerts"][0]["labels"]["alertname"] == "ObrailWatchdog"
    assert capture.headers_to("/watchdog")[0]["Authorization"] == "Bearer watchdog-token-for-tests"
    assert not any("ObrailWatchdog" in json.dumps(p) for p in capture.posts_to("/slack/warning"))
