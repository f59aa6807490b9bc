"""The Prometheus scrape configuration and the blackbox modules, checked by the real tools."""

from __future__ import annotations

import subprocess
from typing import Any

from tests.monitoring.stack import (
    BLACKBOX_CONFIG,
    PROMETHEUS_CONFIG,
    RULES_DIR,
    binary,
    compose_addresses,
    load_yaml,
)

#: Compose services and ports agreed with delivery (CONTRACT.md), as host:port.
COMPOSE_ADDRESSES = {
    "api:8000",
    "portal:8501",
    "pushgateway:9091",
    "blackbox:9115",
    "postgres-exporter:9187",
    "localhost:9090",
    "alertmanager:9093",
}


def jobs() -> dict[str, dict[str, Any]]:
    return {job["job_name"]: job for job in load_yaml(PROMETHEUS_CONFIG)["scrape_configs"]}


def test_promtool_accepts_the_config_and_its_rule_files():
    result = subprocess.run(
        [binary("promtool"), "check", "config", str(PROMETHEUS_CONFIG)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rule_files = sorted(RULES_DIR.glob("*.yml"))
    assert f"SUCCESS: {len(rule_files)} rule files found" in result.stdout
    for path in rule_files:
        assert f"Checking {path}" in result.stdout


def test_promtool_rejects_a_broken_config(tmp_path):
    broken = tmp_path / "prometheus.yml"
    broken.write_text(
        PROMETHEUS_CONFIG.read_text().replace("scrape_interval: 15s", "scrape_interval: soon")
    )
    result = subprocess.run(
        [binary("promtool"), "check", "config", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1


def test_every_service_of_the_contract_is_scraped():
    assert set(jobs()) == {
        "obrail-api",
        "pushgateway",
        "blackbox-api",
        "blackbox-portal",
        "postgres",
        "prometheus",
        "alertmanager",
        "blackbox",
    }
    assert compose_addresses(load_yaml(PROMETHEUS_CONFIG)) == COMPOSE_ADDRESSES


def test_the_api_is_scraped_on_its_metrics_path():
    api = jobs()["obrail-api"]
    assert api.get("metrics_path", "/metrics") == "/metrics"
    assert api["static_configs"][0]["targets"] == ["api:8000"]


def test_pushed_job_labels_are_kept():
    # Without honor_labels, pushed metrics would carry job="pushgateway" instead of obrail-etl.
    assert jobs()["pushgateway"]["honor_labels"] is True


def test_blackbox_probes_target_api_readiness_and_portal_with_existing_modules():
    modules = load_yaml(BLACKBOX_CONFIG)["modules"]
    expected = {
        "blackbox-api": "http://api:8000/health/ready",
        "blackbox-portal": "http://portal:8501/",
    }
    for job_name, target in expected.items():
        job = jobs()[job_name]
        assert job["metrics_path"] == "/probe"
        assert job["static_configs"][0]["targets"] == [target]
        (module,) = job["params"]["module"]
        assert modules[module]["prober"] == "http"
        relabels = {r["target_label"]: r for r in job["relabel_configs"]}
        assert relabels["__param_target"]["source_labels"] == ["__address__"]
        assert relabels["instance"]["source_labels"] == ["__param_target"]
        assert relabels["__address__"]["replacement"] == "blackbox:9115"


def test_blackbox_exporter_accepts_its_modules():
    result = subprocess.run(
        [
            binary("prometheus-blackbox-exporter"),
            f"--config.file={BLACKBOX_CONFIG}",
            "--config.check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "level=warn" not in result.stderr, result.stderr
