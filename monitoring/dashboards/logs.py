"""Dashboard "ObRail — Journaux": errors by service, log volume, one request by its id (Loki).

Labels `service` and `level` are set by Promtail (monitoring/promtail/promtail.yml); the other
fields of the JSON lines (request_id, logger, route...) are parsed at query time with `| json`.
"""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard, logs, timeseries
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.models import common
from grafana_foundation_sdk.models import dashboard as model

from monitoring.dashboards.common import LOKI, logql

UID = "obrail-logs"
#: The docker compose services running an `obrail` command (Promtail's `service` label).
SERVICES = [
    "api",
    "portal",
    "etl",
    "scheduler",
    "quality",
    "migrate",
    "metabase-provision",
    "portal-key",
    "model",
]
SELECTED = 'service=~"$service"'


def _log_panel(title: str, description: str, expr: str, width: int = 24) -> logs.Panel:
    return (
        logs.Panel()
        .title(title)
        .description(description)
        .datasource(LOKI)
        .with_target(logql(expr, max_lines=500))
        .show_time(True)
        .wrap_log_message(True)
        .enable_log_details(True)
        .prettify_log_message(False)
        .sort_order(common.LogsSortOrder.DESCENDING)
        .span(width)
        .height(12)
    )


def _panels() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        timeseries.Panel()
        .title("Erreurs par service")
        .description("Lignes de journal de niveau error ou critical, par service.")
        .datasource(LOKI)
        .with_target(
            logql(
                f'sum by (service) (count_over_time({{{SELECTED}, level=~"error|critical"}} [$__auto]))'
            ).legend_format("{{service}}")
        )
        .unit("short")
        .span(12)
        .height(8),
        timeseries.Panel()
        .title("Volume de journaux par niveau")
        .description(
            "Nombre de lignes de journal par niveau (debug, info, warning, error, critical)."
        )
        .datasource(LOKI)
        .with_target(
            logql(f"sum by (level) (count_over_time({{{SELECTED}}} [$__auto]))").legend_format(
                "{{level}}"
            )
        )
        .unit("short")
        .span(12)
        .height(8),
        _log_panel(
            "Erreurs récentes",
            "Dernières lignes de niveau error ou critical des services choisis, champs JSON détaillés.",
            f'{{{SELECTED}, level=~"error|critical"}} | json',
        ),
        _log_panel(
            "Une requête par son identifiant",
            "Toutes les lignes portant l'identifiant de requête saisi (en-tête X-Request-ID, "
            "champ request_id des erreurs de l'API), tous services confondus.",
            '{service=~".+"} |= "$request_id" | json | request_id = "$request_id"',
        ),
        _log_panel(
            "Journaux des services choisis",
            "Toutes les lignes des services et niveaux choisis.",
            f'{{{SELECTED}, level=~"$level"}}',
        ),
    ]


def build() -> dashboard.Dashboard:
    board = (
        dashboard.Dashboard("ObRail — Journaux")
        .uid(UID)
        .description("Journaux JSON de tous les services ObRail, collectés par Promtail dans Loki.")
        .tags(["obrail", "journaux", "loki"])
        .time("now-1h", "now")
        .refresh("1m")
        .timezone("browser")
        .with_variable(
            dashboard.CustomVariable("service")
            .label("Service")
            .values(",".join(SERVICES))
            .multi(True)
            .include_all(True)
            .all_value(".+")
            .current(model.VariableOption(selected=True, text="All", value="$__all"))
        )
        .with_variable(
            dashboard.CustomVariable("level")
            .label("Niveau")
            .values("debug,info,warning,error,critical")
            .multi(True)
            .include_all(True)
            .all_value(".+")
            .current(model.VariableOption(selected=True, text="All", value="$__all"))
        )
        .with_variable(
            dashboard.TextBoxVariable("request_id")
            .label("Identifiant de requête")
            .description("Valeur de l'en-tête X-Request-ID d'une réponse de l'API.")
        )
    )
    for panel in _panels():
        board = board.with_panel(panel)
    return board
