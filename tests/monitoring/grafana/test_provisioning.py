"""Grafana provisioning files (Grafana cannot run here: checked statically against the rest of
the stack: compose addresses, the dashboard files, the read-only BI role, secrets from the env)."""

from __future__ import annotations

import re
from typing import Any

from monitoring.dashboards import DASHBOARDS
from tests.monitoring.stack import MONITORING, load_yaml

PROVISIONING = MONITORING / "grafana" / "provisioning"


def datasources() -> dict[str, dict[str, Any]]:
    document = load_yaml(PROVISIONING / "datasources" / "datasources.yml")
    assert document["apiVersion"] == 1
    return {d["uid"]: d for d in document["datasources"]}


def test_prometheus_is_the_default_datasource_on_its_compose_address():
    prometheus = datasources()["prometheus"]
    assert prometheus["type"] == "prometheus"
    assert prometheus["url"] == "http://prometheus:9090"
    assert [d["uid"] for d in datasources().values() if d.get("isDefault")] == ["prometheus"]
    scrape = load_yaml(MONITORING / "prometheus" / "prometheus.yml")["global"]["scrape_interval"]
    assert prometheus["jsonData"]["timeInterval"] == scrape


def test_loki_datasource_points_at_the_loki_server_and_links_request_ids():
    loki = datasources()["loki"]
    port = load_yaml(MONITORING / "loki" / "loki.yml")["server"]["http_listen_port"]
    assert loki["url"] == f"http://loki:{port}"
    (derived,) = loki["jsonData"]["derivedFields"]
    match = re.search(derived["matcherRegex"], '{"level": "error", "request_id": "abc-123"}')
    assert match is not None and match.group(1) == "abc-123"
    assert derived["datasourceUid"] == "loki"


def test_the_warehouse_is_read_with_the_read_only_bi_role_and_a_password_from_the_environment():
    warehouse = datasources()["warehouse"]
    assert warehouse["type"] == "grafana-postgresql-datasource"
    assert warehouse["url"] == "postgres:5432"
    assert warehouse["user"] == "obrail_bi"
    assert warehouse["secureJsonData"] == {"password": "${OBRAIL_BI_ROLE_PASSWORD}"}
    assert "password" not in warehouse.get("jsonData", {})


def test_the_dashboard_provider_loads_the_generated_files_read_only():
    (provider,) = load_yaml(PROVISIONING / "dashboards" / "dashboards.yml")["providers"]
    assert provider["type"] == "file"
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"
    assert provider["allowUiUpdates"] is False
    assert {path.name for path in (MONITORING / "grafana" / "dashboards").glob("*.json")} == set(
        DASHBOARDS
    )
