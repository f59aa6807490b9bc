"""Log shipping (Promtail -> Loki, checked statically: neither runs here): the pipeline extracts
the labels the dashboards query from the lines our JSON formatter really writes, and the
retention period is the one the RGPD documentation states."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from monitoring.dashboards import logs as logs_dashboard
from obrail.logs import JsonFormatter
from tests.monitoring.queries import targets
from tests.monitoring.stack import MONITORING, ROOT, load_yaml

PROMTAIL = load_yaml(MONITORING / "promtail" / "promtail.yml")
LOKI = load_yaml(MONITORING / "loki" / "loki.yml")
LOG_POLICY = ROOT / "docs" / "monitoring" / "logs.md"
_SELECTOR = re.compile(r"\{([^{}]*)\}")
_LABEL = re.compile(r"(\w+)\s*(?:=~|!~|!=|=)")


def scrape_config() -> dict[str, Any]:
    (config,) = PROMTAIL["scrape_configs"]
    return dict(config)


def promtail_labels() -> set[str]:
    labels = {r["target_label"] for r in scrape_config()["relabel_configs"]}
    for stage in scrape_config()["pipeline_stages"]:
        labels |= set(stage.get("labels", {}) or {})
    return labels


def apply_pipeline(line: str) -> dict[str, str]:
    """Promtail's json, template (ToLower), replace and labels stages, for our JSON lines."""
    extracted: dict[str, str] = {}
    labels: dict[str, str] = {}
    for stage in scrape_config()["pipeline_stages"]:
        if "json" in stage:
            document = json.loads(line)
            for name, key in stage["json"]["expressions"].items():
                if key in document:
                    extracted[name] = str(document[key])
        elif "template" in stage:
            source = stage["template"]["source"]
            assert "ToLower .Value" in stage["template"]["template"]
            if source in extracted:
                extracted[source] = extracted[source].lower()
        elif "replace" in stage:
            source = stage["replace"]["source"]
            if source in extracted:
                extracted[source] = re.sub(
                    stage["replace"]["expression"], stage["replace"]["replace"], extracted[source]
                )
        elif "labels" in stage:
            labels.update({name: extracted[name] for name in stage["labels"] if name in extracted})
    return labels


def formatted(service: str, level: int, message: str, **extra: object) -> str:
    record = logging.LogRecord("obrail.api", level, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return JsonFormatter(service).format(record)


def test_services_are_labelled_by_their_compose_service_name():
    (relabel,) = [r for r in scrape_config()["relabel_configs"] if r["target_label"] == "service"]
    assert relabel["source_labels"] == ["__meta_docker_container_label_com_docker_compose_service"]


def test_the_level_of_our_json_lines_becomes_a_label():
    for level, expected in [
        (logging.ERROR, "error"),
        (logging.WARNING, "warning"),
        (logging.INFO, "info"),
    ]:
        line = formatted("api", level, "request", request_id="r-1", route="/trajets")
        assert apply_pipeline(line) == {"level": expected}


def test_the_apis_access_log_lines_get_the_same_labels():
    from api.logs import AccessLogFormatter, access_record

    record = access_record({"request_id": "r-7", "route": "/trajets", "status": 200})
    line = AccessLogFormatter("api").format(record)
    assert apply_pipeline(line) == {"level": "info"}
    assert json.loads(line)["request_id"] == "r-7"
    assert json.loads(line)["time"].endswith("+00:00")


def test_request_ids_are_not_labels():
    assert "request_id" not in promtail_labels()
    line = formatted("api", logging.ERROR, "failed", request_id="r-42")
    assert "request_id" not in apply_pipeline(line)
    assert json.loads(line)["request_id"] == "r-42"


def test_the_timestamp_stage_reads_our_time_field():
    (stage,) = [s["timestamp"] for s in scrape_config()["pipeline_stages"] if "timestamp" in s]
    assert stage["source"] == "time"
    assert stage["format"] == "RFC3339Nano"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00",
        json.loads(formatted("api", 20, "x"))["time"],
    )


def test_promtail_pushes_to_the_loki_server():
    (client,) = PROMTAIL["clients"]
    assert client["url"] == f"http://loki:{LOKI['server']['http_listen_port']}/loki/api/v1/push"


def test_dashboard_log_queries_only_select_on_labels_promtail_sets():
    logql = [t.query for t in targets() if t.datasource == "loki"]
    assert len(logql) == 5
    for query in logql:
        for selector in _SELECTOR.findall(query):
            assert set(_LABEL.findall(selector)) <= promtail_labels(), query


def test_the_logs_dashboard_offers_every_obrail_service_of_docker_compose():
    """Promtail labels lines with the compose service name: the dashboard's choices must match."""
    compose = load_yaml(ROOT / "docker-compose.yml")["services"]
    obrail_services = {
        name for name, service in compose.items() if "obrail-" in service.get("image", "")
    }
    assert obrail_services == set(logs_dashboard.SERVICES)


def test_loki_retention_is_enforced_and_stated_in_the_log_policy():
    retention = LOKI["limits_config"]["retention_period"]
    assert LOKI["compactor"]["retention_enabled"] is True
    assert retention == "744h"
    policy = LOG_POLICY.read_text(encoding="utf-8")
    assert "744h" in policy and "31 jours" in policy
