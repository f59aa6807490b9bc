"""Dashboard "ObRail — Données et qualité": published volumes, freshness, ETL runs, quality suites."""

from __future__ import annotations

from grafana_foundation_sdk.builders import bargauge, dashboard, stat, table, timeseries
from grafana_foundation_sdk.builders.common import TableSortByFieldState
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.models import dashboard as model

from monitoring import config
from monitoring.dashboards.common import (
    API,
    PROMETHEUS,
    SUCCESS_TEXTS,
    WAREHOUSE,
    promql,
    promql_table,
    sql,
    thresholds,
)

UID = "obrail-data"
ETL = config.ETL
QUALITY = config.QUALITY_PUBLISHED
DAY = 86400


def _published_row() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Trajets publiés — jour")
        .description(
            "Trajets de jour des éditions courantes comptés dans les statistiques, selon l'API : "
            "des services (un train avec tous ses jours, compté une fois, trajets invraisemblables "
            "exclus), les mêmes chiffres que le portail."
        )
        .with_target(promql(f'sum(obrail_data_trajets{{{API},day_night="day"}})', "jour"))
        .unit("short")
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Trajets publiés — nuit")
        .description(
            "Trajets de nuit des éditions courantes comptés dans les statistiques, selon l'API "
            "(services, comme le portail)."
        )
        .with_target(promql(f'sum(obrail_data_trajets{{{API},day_night="night"}})', "nuit"))
        .unit("short")
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Âge des données publiées")
        .description(
            "Temps écoulé depuis la publication des données servies (alerte au-delà de 8 jours)."
        )
        .with_target(promql(f"max(obrail_data_age_seconds{{{API}}})", "âge"))
        .unit("s")
        .thresholds(thresholds((None, "green"), (7 * DAY, "orange"), (8 * DAY, "red")))
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Dernier chargement réussi")
        .description("Date du dernier ETL réussi, telle que l'API la lit dans l'entrepôt.")
        .with_target(
            promql(
                f"max(obrail_data_last_etl_success_timestamp_seconds{{{API}}}) * 1000", "dernier"
            )
        )
        .unit("dateTimeFromNow")
        .span(6)
        .height(5),
        bargauge.Panel()
        .datasource(PROMETHEUS)
        .title("Trajets publiés par source et jour/nuit")
        .description(
            "Services comptés dans les statistiques par source et par catégorie jour/nuit "
            "(éditions courantes)."
        )
        .with_target(
            promql(
                f"sum by (source_id, day_night) (obrail_data_trajets{{{API}}})",
                "{{source_id}} — {{day_night}}",
            ).instant()
        )
        .unit("short")
        .span(12)
        .height(9),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Validité des horaires par source (jours restants)")
        .description(
            "Jours restant avant la fin de validité de chaque édition horaire courante "
            "(alerte sous 14 jours ; négatif = expirée)."
        )
        .with_target(
            promql_table(
                f"(min by (source_id) (obrail_source_valid_until_timestamp_seconds{{{API}}}) - time()) / {DAY}"
            )
        )
        .with_transformation(
            model.DataTransformerConfig(
                id_val="organize",
                options={
                    "excludeByName": {"Time": True},
                    "renameByName": {"Value": "jours restants"},
                },
            )
        )
        .decimals(0)
        .thresholds(thresholds((None, "red"), (14, "orange"), (30, "green")))
        .span(12)
        .height(9),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Éditions d'horaires expirées")
        .description(
            "Éditions courantes dont les horaires ont expiré aujourd'hui : les chiffres publiés "
            "décrivent alors des horaires qui ne sont plus valides."
        )
        .with_target(promql(f"sum(obrail_source_expired{{{API}}})", "expirées"))
        .unit("short")
        .thresholds(thresholds((None, "green"), (1, "red")))
        .span(12)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Trajets signalés invraisemblables")
        .description(
            "Services des éditions courantes signalés invraisemblables : publiés avec un "
            "avertissement, exclus des statistiques."
        )
        .with_target(promql(f"sum(obrail_data_trajets_implausible{{{API}}})", "signalés"))
        .unit("short")
        .span(12)
        .height(5),
    ]


def _etl_row() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Dernier ETL")
        .description("Résultat du dernier `obrail etl` (poussé vers la Pushgateway).")
        .with_target(promql(f"obrail_etl_last_run_success{{{ETL}}}", "résultat"))
        .mappings(SUCCESS_TEXTS)
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Durée du dernier ETL")
        .description("Durée totale du dernier chargement.")
        .with_target(promql(f"obrail_etl_duration_seconds{{{ETL}}}", "durée"))
        .unit("s")
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Dernier ETL réussi")
        .description("Date du dernier chargement réussi, selon l'ETL.")
        .with_target(promql(f"obrail_etl_last_success_timestamp_seconds{{{ETL}}} * 1000", "date"))
        .unit("dateTimeFromNow")
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Trajets publiés par le dernier ETL")
        .description(
            "Services (un train avec tous ses jours) publiés lors du dernier chargement, toutes "
            "sources et éditions, comptés ou non."
        )
        .with_target(promql(f"sum(obrail_etl_published_trajets{{{ETL}}})", "trajets"))
        .unit("short")
        .span(6)
        .height(5),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Lignes lues, chargées et rejetées par source (dernier ETL)")
        .description("Bilan ligne à ligne du dernier chargement, par source.")
        .with_target(promql_table(f"sum by (source_id, kind) (obrail_etl_rows{{{ETL}}})"))
        .with_transformation(
            model.DataTransformerConfig(
                id_val="groupingToMatrix",
                options={"columnField": "kind", "rowField": "source_id", "valueField": "Value"},
            )
        )
        .span(12)
        .height(9),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Historique des chargements")
        .description(
            "Les 20 derniers chargements lus dans l'entrepôt (vue api.etl_runs, rôle obrail_bi)."
        )
        .datasource(WAREHOUSE)
        .with_target(
            sql(
                """
                SELECT started_at AS "début", finished_at AS "fin", status AS "statut",
                       data_version AS "version", rows_read AS "lues", rows_loaded AS "chargées",
                       rows_rejected AS "rejetées", error AS "erreur"
                FROM api.etl_runs
                ORDER BY started_at DESC
                LIMIT 20
                """
            )
        )
        .span(12)
        .height(9),
    ]


def _quality_row() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Attentes critiques en échec")
        .description(
            "Attentes critiques en échec lors de la dernière validation des données publiées."
        )
        .with_target(promql(f"max(obrail_quality_critical_failures{{{QUALITY}}})", "critiques"))
        .thresholds(thresholds((None, "green"), (1, "red")))
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Attentes d'avertissement en échec")
        .description("Attentes de sévérité « warning » en échec lors de la dernière validation.")
        .with_target(promql(f"max(obrail_quality_warning_failures{{{QUALITY}}})", "avertissements"))
        .thresholds(thresholds((None, "green"), (1, "orange")))
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Dernière validation")
        .description("Date de la dernière exécution de `obrail quality` sur les données publiées.")
        .with_target(
            promql(f"max(obrail_quality_last_run_timestamp_seconds{{{QUALITY}}}) * 1000", "date")
        )
        .unit("dateTimeFromNow")
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Durée de la validation")
        .description("Durée de la dernière validation des données publiées.")
        .with_target(promql(f"max(obrail_quality_run_duration_seconds{{{QUALITY}}})", "durée"))
        .unit("s")
        .span(6)
        .height(5),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Succès des suites d'attentes")
        .description("1 = toutes les attentes de la suite réussissent, 0 = au moins un échec.")
        .with_target(promql(f"obrail_quality_suite_success{{{QUALITY}}}", "{{suite}}"))
        .min(0)
        .max(1)
        .span(12)
        .height(9),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Attentes, échecs en tête")
        .description(
            "Toutes les attentes de la dernière validation, les échecs (succès = 0) en premier, "
            "avec le nombre de valeurs inattendues."
        )
        .with_target(
            promql_table(
                f"sort(max by (suite, expectation, severity) (obrail_quality_expectation_success{{{QUALITY}}}))",
                "A",
            )
        )
        .with_target(
            promql_table(
                f"max by (suite, expectation, severity) (obrail_quality_expectation_unexpected{{{QUALITY}}})",
                "B",
            )
        )
        .with_transformation(model.DataTransformerConfig(id_val="merge", options={}))
        .with_transformation(
            model.DataTransformerConfig(
                id_val="organize",
                options={
                    "excludeByName": {"Time": True},
                    "renameByName": {"Value #A": "succès", "Value #B": "valeurs inattendues"},
                },
            )
        )
        .sort_by([TableSortByFieldState().display_name("succès").desc(False)])
        .override_by_name(
            "succès", [model.DynamicConfigValue(id_val="mappings", value=SUCCESS_TEXTS)]
        )
        .span(12)
        .height(9),
    ]


def build() -> dashboard.Dashboard:
    board = (
        dashboard.Dashboard("ObRail — Données et qualité")
        .uid(UID)
        .description(
            "Volumes publiés, fraîcheur, chargements ETL et suites de qualité des données."
        )
        .tags(["obrail", "données", "qualité"])
        .time("now-7d", "now")
        .refresh("5m")
        .timezone("browser")
    )
    sections = [
        ("Données publiées", _published_row()),
        ("Chargements (ETL)", _etl_row()),
        ("Qualité des données", _quality_row()),
    ]
    for title, panels in sections:
        board = board.with_row(dashboard.Row(title))
        for panel in panels:
            board = board.with_panel(panel)
    return board
