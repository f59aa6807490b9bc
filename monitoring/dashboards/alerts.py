"""Dashboard "ObRail — Alertes": active alerts, their history, and the health of the alerting chain."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard, stat, statetimeline, table, timeseries
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.models import dashboard as model

from monitoring.dashboards.common import PROMETHEUS, promql, promql_table, thresholds, value_texts

UID = "obrail-alerts"
FIRING = 'alertstate="firing"'


def _count(severity: str) -> str:
    return f'count(ALERTS{{{FIRING},severity="{severity}"}}) or vector(0)'


def _panels() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Alertes critiques actives")
        .description("Alertes de sévérité critique en cours (astreinte prévenue).")
        .with_target(promql(_count("critical"), "critiques"))
        .thresholds(thresholds((None, "green"), (1, "red")))
        .span(8)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Avertissements actifs")
        .description("Alertes de sévérité warning en cours (canal d'exploitation).")
        .with_target(promql(_count("warning"), "avertissements"))
        .thresholds(thresholds((None, "green"), (1, "orange")))
        .span(8)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Chaîne d'alerte (watchdog)")
        .description(
            "L'alerte ObrailWatchdog est toujours active quand Prometheus évalue les règles ; "
            "« Absente » signale une chaîne d'alerte en panne."
        )
        .with_target(
            promql(f'count(ALERTS{{alertname="ObrailWatchdog",{FIRING}}}) or vector(0)', "watchdog")
        )
        .mappings(value_texts({"1": ("Active", "green"), "0": ("Absente", "red")}))
        .span(8)
        .height(5),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Alertes actives")
        .description(
            "Une ligne par alerte active, avec ses étiquettes (service, sévérité, source...)."
        )
        .with_target(promql_table(f"ALERTS{{{FIRING}}}"))
        .with_transformation(
            model.DataTransformerConfig(
                id_val="organize",
                options={"excludeByName": {"Time": True, "Value": True, "__name__": True}},
            )
        )
        .span(24)
        .height(8),
        statetimeline.Panel()
        .datasource(PROMETHEUS)
        .title("Historique des alertes")
        .description(
            "Périodes pendant lesquelles chaque alerte était active (le watchdog l'est toujours)."
        )
        .with_target(
            promql(
                f"max by (alertname, severity) (ALERTS{{{FIRING}}})", "{{alertname}} ({{severity}})"
            )
        )
        .mappings(value_texts({"1": ("active", "red")}))
        .span(24)
        .height(8),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Cibles de supervision")
        .description("État de chaque cible interrogée par Prometheus (1 = joignable).")
        .with_target(promql_table("up"))
        .with_transformation(
            model.DataTransformerConfig(
                id_val="organize",
                options={
                    "excludeByName": {"Time": True, "__name__": True},
                    "renameByName": {"Value": "joignable"},
                },
            )
        )
        .mappings(value_texts({"1": ("oui", "green"), "0": ("non", "red")}))
        .span(12)
        .height(8),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Notifications d'Alertmanager")
        .description(
            "Notifications envoyées et en échec par type de récepteur (slack, email, webhook)."
        )
        .with_target(
            promql(
                "sum by (integration) (rate(alertmanager_notifications_total[$__rate_interval]))",
                "envoyées {{integration}}",
                "A",
            )
        )
        .with_target(
            promql(
                "sum by (integration) (rate(alertmanager_notifications_failed_total[$__rate_interval]))",
                "en échec {{integration}}",
                "B",
            )
        )
        .unit("short")
        .span(12)
        .height(8),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Évaluation des règles")
        .description("Échecs d'évaluation des règles Prometheus et durée des groupes de règles.")
        .with_target(
            promql(
                "sum(rate(prometheus_rule_evaluation_failures_total[$__rate_interval]))",
                "échecs",
                "A",
            )
        )
        .with_target(
            promql(
                "max by (rule_group) (prometheus_rule_group_last_duration_seconds)",
                "{{rule_group}}",
                "B",
            )
        )
        .span(24)
        .height(7),
    ]


def build() -> dashboard.Dashboard:
    board = (
        dashboard.Dashboard("ObRail — Alertes")
        .uid(UID)
        .description("Alertes actives et historique, santé de Prometheus et d'Alertmanager.")
        .tags(["obrail", "alertes"])
        .time("now-24h", "now")
        .refresh("30s")
        .timezone("browser")
    )
    for panel in _panels():
        board = board.with_panel(panel)
    return board
