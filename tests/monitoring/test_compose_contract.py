"""What the monitoring configs expect inside their containers is what docker-compose.yml (owned by
delivery) provides: mounted files, rule and dashboard folders, secrets, environment, volumes."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from tests.monitoring.stack import (
    ALERTMANAGER_CONFIG,
    MONITORING,
    PROMETHEUS_CONFIG,
    ROOT,
    load_yaml,
)

COMPOSE: dict[str, Any] = load_yaml(ROOT / "docker-compose.yml")


def mounts(service: str) -> dict[str, str]:
    """Container path -> source (host path relative to the repository, or volume name)."""
    found = {}
    for volume in COMPOSE["services"][service].get("volumes", []):
        source, target = volume.split(":")[:2]
        found[target] = source.removeprefix("./")
    return found


def command_flag(service: str, flag: str) -> str:
    for argument in COMPOSE["services"][service]["command"]:
        if argument.startswith(f"{flag}="):
            return str(argument.split("=", 1)[1])
    raise AssertionError(f"{service} has no {flag}")


def test_prometheus_gets_its_config_and_the_rules_next_to_it():
    config_path = PurePosixPath(command_flag("prometheus", "--config.file"))
    assert mounts("prometheus")[str(config_path)] == "monitoring/prometheus/prometheus.yml"
    for pattern in load_yaml(PROMETHEUS_CONFIG)["rule_files"]:
        rules_dir = config_path.parent / PurePosixPath(pattern).parent
        assert mounts("prometheus")[str(rules_dir)] == "monitoring/prometheus/rules"


def test_alertmanager_gets_its_config_and_every_secret_file_it_reads():
    config_path = command_flag("alertmanager", "--config.file")
    assert mounts("alertmanager")[config_path] == "monitoring/alertmanager/alertmanager.yml"
    text = ALERTMANAGER_CONFIG.read_text()
    read = {
        line.split("/run/secrets/", 1)[1].strip()
        for line in text.splitlines()
        if "/run/secrets/" in line and ":" in line and not line.lstrip().startswith("#")
    }
    assert read == set(COMPOSE["services"]["alertmanager"]["secrets"])
    assert read <= set(COMPOSE["secrets"])


def test_blackbox_loki_and_promtail_get_their_config_files():
    assert (
        mounts("blackbox")[command_flag("blackbox", "--config.file")]
        == "monitoring/blackbox/blackbox.yml"
    )
    assert mounts("loki")[command_flag("loki", "-config.file")] == "monitoring/loki/loki.yml"
    assert (
        mounts("promtail")[command_flag("promtail", "-config.file")]
        == "monitoring/promtail/promtail.yml"
    )


def test_loki_and_promtail_keep_their_state_on_volumes():
    loki = load_yaml(MONITORING / "loki" / "loki.yml")
    assert mounts("loki")[loki["common"]["path_prefix"]] in COMPOSE["volumes"]
    promtail = load_yaml(MONITORING / "promtail" / "promtail.yml")
    positions_dir = str(PurePosixPath(promtail["positions"]["filename"]).parent)
    assert mounts("promtail")[positions_dir] in COMPOSE["volumes"]
    socket = promtail["scrape_configs"][0]["docker_sd_configs"][0]["host"].removeprefix("unix://")
    assert socket in mounts("promtail")


def test_grafana_gets_provisioning_dashboards_and_the_bi_password():
    grafana = mounts("grafana")
    assert (
        grafana["/etc/grafana/provisioning/datasources"]
        == "monitoring/grafana/provisioning/datasources"
    )
    assert (
        grafana["/etc/grafana/provisioning/dashboards"]
        == "monitoring/grafana/provisioning/dashboards"
    )
    (provider,) = load_yaml(MONITORING / "grafana/provisioning/dashboards/dashboards.yml")[
        "providers"
    ]
    assert grafana[provider["options"]["path"]] == "monitoring/grafana/dashboards"
    assert "OBRAIL_BI_ROLE_PASSWORD" in COMPOSE["services"]["grafana"]["environment"]


def test_metabase_is_provisioned_by_obrail_metabase_with_the_bi_role():
    provision = COMPOSE["services"]["metabase-provision"]
    assert provision["command"] == ["metabase"]
    environment = provision["environment"]
    assert environment["OBRAIL_METABASE_URL"] == "http://metabase:3000"
    assert environment["OBRAIL_METABASE_WAREHOUSE_URL"].startswith(
        "postgresql://obrail_bi@postgres:5432/"
    )
    for secret in ("OBRAIL_METABASE_ADMIN_PASSWORD", "OBRAIL_BI_ROLE_PASSWORD"):
        assert environment[secret].startswith("${"), f"{secret} must come from the environment"


def test_the_api_proxies_the_compose_alertmanager_and_the_batches_push_to_the_pushgateway():
    services = COMPOSE["services"]
    assert services["api"]["environment"]["OBRAIL_ALERTMANAGER_URL"] == "http://alertmanager:9093"
    for batch in ("etl", "scheduler", "quality"):
        assert services[batch]["environment"]["OBRAIL_PUSHGATEWAY_URL"] == "http://pushgateway:9091"
