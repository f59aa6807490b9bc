"""Dashboard "ObRail — Service API": SLOs, traffic, latency by route, rate limiting, database pool."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard, stat, table, timeseries
from grafana_foundation_sdk.builders.common import ReduceDataOptions
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.models import dashboard as model

from monitoring import config
from monitoring.config import number, percent, selector
from monitoring.dashboards.common import API, PROMETHEUS, promql, promql_table, thresholds

UID = "obrail-api"
#: Availability objective: 99.5 % of requests without a 5xx (error budget 0.5 % over 30 days).
ERROR_BUDGET = config.ERROR_BUDGET
SLO = percent(config.AVAILABILITY_TARGET)
BUDGET = percent(ERROR_BUDGET)
FAST_BURN, SLOW_BURN = (burn.factor for burn in config.BURN_RATES)


def _availability_row() -> list[cogbuilder.Builder[model.Panel]]:
    slo_colours = thresholds((None, "red"), (0.99, "orange"), (config.AVAILABILITY_TARGET, "green"))
    return [
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Disponibilité (requêtes sans 5xx, 5 min)")
        .description(
            f"Part des requêtes de l'API sans réponse 5xx sur 5 minutes. Objectif : {SLO}."
        )
        .with_target(promql("obrail_api:availability:ratio_rate5m"))
        .unit("percentunit")
        .decimals(2)
        .thresholds(slo_colours)
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Disponibilité vue de l'extérieur (sonde)")
        .description("Part des sondes blackbox réussies sur /health/ready pendant 5 minutes.")
        .with_target(
            promql(f"job:probe_success:avg_over_time5m{{{selector(job=config.BLACKBOX_API_JOB)}}}")
        )
        .unit("percentunit")
        .decimals(2)
        .thresholds(slo_colours)
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title(f"Requêtes servies en moins de {number(config.LATENCY_THRESHOLD_S)} s")
        .description(
            "Indicateur de latence : part des requêtes terminées en moins de "
            f"{number(config.LATENCY_THRESHOLD_S)} s. Objectif : {percent(config.LATENCY_TARGET)}."
        )
        .with_target(promql("obrail_api:http_fast_requests:ratio_rate5m"))
        .unit("percentunit")
        .decimals(1)
        .thresholds(thresholds((None, "red"), (0.9, "orange"), (0.95, "green")))
        .span(6)
        .height(5),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Budget d'erreurs restant (30 jours)")
        .description(
            f"Part du budget d'erreurs de {config.SLO_PERIOD_DAYS} jours ({BUDGET} des requêtes) "
            "encore disponible, "
            "d'après le taux moyen de 5xx sur la période."
        )
        .with_target(
            promql(
                f"1 - avg_over_time(obrail_api:http_errors:ratio_rate5m[{config.SLO_PERIOD}])"
                f" / {ERROR_BUDGET}"
            )
        )
        .unit("percentunit")
        .decimals(1)
        .thresholds(thresholds((None, "red"), (0.25, "orange"), (0.5, "green")))
        .span(6)
        .height(5),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Taux de consommation du budget d'erreurs")
        .description(
            f"Taux d'erreurs 5xx divisé par le budget ({BUDGET}) sur 5 min, 1 h et 6 h. "
            f"1 = budget consommé exactement en {config.SLO_PERIOD_DAYS} jours ; alertes à "
            + " et ".join(
                f"{number(b.factor)} ({b.long_window.replace('h', ' h')})"
                for b in config.BURN_RATES
            )
            + "."
        )
        .with_target(promql(f"obrail_api:http_errors:ratio_rate5m / {ERROR_BUDGET}", "5 min", "A"))
        .with_target(promql(f"obrail_api:http_errors:ratio_rate1h / {ERROR_BUDGET}", "1 h", "B"))
        .with_target(promql(f"obrail_api:http_errors:ratio_rate6h / {ERROR_BUDGET}", "6 h", "C"))
        .unit("none")
        .thresholds(thresholds((None, "green"), (SLOW_BURN, "orange"), (FAST_BURN, "red")))
        .span(24)
        .height(7),
    ]


def _traffic_row() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Requêtes par seconde, par route")
        .description(
            "Débit de requêtes reçues par l'API, par gabarit de route (ex. /trajets/{trajet_id})."
        )
        .with_target(
            promql(
                f"sum by (route) (rate(obrail_http_requests_total{{{API}}}[$__rate_interval]))",
                "{{route}}",
            )
        )
        .unit("reqps")
        .span(12)
        .height(8),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Réponses par code HTTP")
        .description("Débit de réponses par code de statut HTTP (2xx, 304, 4xx, 5xx).")
        .with_target(
            promql(
                f"sum by (status) (rate(obrail_http_requests_total{{{API}}}[$__rate_interval]))",
                "{{status}}",
            )
        )
        .unit("reqps")
        .span(12)
        .height(8),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Requêtes refusées par la limite de débit (429), par route")
        .description(
            "Requêtes rejetées avec 429 Too Many Requests par le limiteur de débit de l'API."
        )
        .with_target(
            promql(
                f"sum by (route) (rate(obrail_http_rate_limited_total{{{API}}}[$__rate_interval]))",
                "{{route}}",
            )
        )
        .unit("reqps")
        .span(12)
        .height(8),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Taux d'erreurs 5xx")
        .description("Part des réponses 5xx sur 5 minutes (seuil d'alerte : 5 %).")
        .with_target(promql("obrail_api:http_errors:ratio_rate5m", "5xx"))
        .unit("percentunit")
        .thresholds(thresholds((None, "green"), (0.05, "red")))
        .span(12)
        .height(8),
    ]


def _latency_row() -> list[cogbuilder.Builder[model.Panel]]:
    buckets = f'obrail_http_request_duration_seconds_bucket{{{API},route=~"$route"}}'
    return [
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Latence p50 / p95 / p99 — $route")
        .description("Quantiles du temps de réponse des routes choisies (variable « route »).")
        .with_target(
            promql(
                f"histogram_quantile(0.50, sum by (le) (rate({buckets}[$__rate_interval])))",
                "p50",
                "A",
            )
        )
        .with_target(
            promql(
                f"histogram_quantile(0.95, sum by (le) (rate({buckets}[$__rate_interval])))",
                "p95",
                "B",
            )
        )
        .with_target(
            promql(
                f"histogram_quantile(0.99, sum by (le) (rate({buckets}[$__rate_interval])))",
                "p99",
                "C",
            )
        )
        .unit("s")
        .thresholds(thresholds((None, "green"), (1, "red")))
        .span(12)
        .height(8),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Latence p95 par route")
        .description(
            "95e centile du temps de réponse de chaque route sur 5 minutes (alerte au-delà de 1 s)."
        )
        .with_target(promql("route:obrail_http_request_duration_seconds:p95_5m", "{{route}}"))
        .unit("s")
        .span(12)
        .height(8),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Latence par route (p50, p95, p99)")
        .description("Dernières valeurs des quantiles de latence par route, sur 5 minutes.")
        .with_target(promql_table("route:obrail_http_request_duration_seconds:p50_5m", "A"))
        .with_target(promql_table("route:obrail_http_request_duration_seconds:p95_5m", "B"))
        .with_target(promql_table("route:obrail_http_request_duration_seconds:p99_5m", "C"))
        .with_transformation(model.DataTransformerConfig(id_val="merge", options={}))
        .with_transformation(
            model.DataTransformerConfig(
                id_val="organize",
                options={
                    "excludeByName": {"Time": True},
                    "renameByName": {"Value #A": "p50", "Value #B": "p95", "Value #C": "p99"},
                },
            )
        )
        .unit("s")
        .span(24)
        .height(8),
    ]


def _runtime_row() -> list[cogbuilder.Builder[model.Panel]]:
    return [
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Requêtes en cours")
        .description("Nombre de requêtes en cours de traitement par l'API.")
        .with_target(promql(f"sum(obrail_http_requests_in_flight{{{API}}})", "en cours"))
        .unit("short")
        .span(8)
        .height(7),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Connexions du pool de base de données")
        .description("Connexions PostgreSQL du pool de l'API : utilisées, libres et maximum.")
        .with_target(promql(f"sum by (state) (obrail_db_pool_connections{{{API}}})", "{{state}}"))
        .unit("short")
        .span(8)
        .height(7),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Erreurs de base de données")
        .description("Erreurs PostgreSQL vues par l'API, par nature (connexion, délai, requête).")
        .with_target(
            promql(
                f"sum by (kind) (rate(obrail_db_errors_total{{{API}}}[$__rate_interval]))",
                "{{kind}}",
            )
        )
        .unit("short")
        .span(8)
        .height(7),
        stat.Panel()
        .datasource(PROMETHEUS)
        .title("Version déployée")
        .description("Version de l'API en service (obrail_build_info).")
        .with_target(promql_table(f"obrail_build_info{{{API}}}"))
        .reduce_options(_field_reduce("version"))
        .span(24)
        .height(4),
    ]


def _models_row() -> list[cogbuilder.Builder[model.Panel]]:
    """The models of the slot (ml/): answers, latency, served version, input drift."""
    return [
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Prédictions par modèle et issue")
        .description(
            "Demandes de prédiction par seconde, par modèle et issue (ok, not_modified, "
            "not_found, unavailable : 503, voir l'alerte ObrailModelUnavailable)."
        )
        .with_target(
            promql(
                f"sum by (model, outcome) (rate(obrail_predictions_total{{{API}}}"
                "[$__rate_interval]))",
                "{{model}} {{outcome}}",
            )
        )
        .unit("reqps")
        .span(8)
        .height(7),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Latence p95 des prédictions")
        .description(
            "95e centile du temps d'une prédiction (version active, caractéristiques, modèle)."
        )
        .with_target(
            promql(
                "histogram_quantile(0.95, sum by (model, le) "
                f"(rate(obrail_prediction_duration_seconds_bucket{{{API}}}[$__rate_interval])))",
                "{{model}}",
            )
        )
        .unit("s")
        .span(8)
        .height(7),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Dérive des entrées (PSI)")
        .description(
            "Indice de stabilité de population des 1 000 dernières entrées par rapport aux "
            f"données d'entraînement (alerte au-delà de {number(config.MODEL_DRIFT_PSI)} sur au "
            f"moins {config.MODEL_DRIFT_MIN_INPUTS} entrées)."
        )
        .with_target(
            promql(
                f"max by (model, feature) (obrail_model_input_drift{{{API}}})",
                "{{model}} {{feature}}",
            )
        )
        .unit("short")
        .thresholds(thresholds((None, "green"), (0.1, "orange"), (config.MODEL_DRIFT_PSI, "red")))
        .span(8)
        .height(7),
        table.Panel()
        .datasource(PROMETHEUS)
        .title("Version servie de chaque modèle")
        .description(
            "Modèle, version active, empreinte de l'artefact et version des données "
            "d'entraînement (obrail_model_info) ; disponibilité (obrail_model_available)."
        )
        .with_target(
            promql_table(
                f"max by (model, version, artefact_sha256, trained_data_version) (obrail_model_info{{{API}}})",
                "A",
            )
        )
        .with_target(promql_table(f"max by (model) (obrail_model_available{{{API}}})", "B"))
        .with_transformation(model.DataTransformerConfig(id_val="merge", options={}))
        .with_transformation(
            model.DataTransformerConfig(
                id_val="organize",
                options={
                    "excludeByName": {"Time": True, "Value #A": True},
                    "renameByName": {"Value #B": "disponible"},
                },
            )
        )
        .span(12)
        .height(6),
        timeseries.Panel()
        .datasource(PROMETHEUS)
        .title("Entrées dans la plage d'entraînement")
        .description(
            "Entrées prédites par seconde, dans la plage des données d'entraînement (inside) ou "
            "en dehors (below, above : extrapolation)."
        )
        .with_target(
            promql(
                f"sum by (model, range) (rate(obrail_prediction_inputs_total{{{API}}}"
                "[$__rate_interval]))",
                "{{model}} {{range}}",
            )
        )
        .unit("short")
        .span(12)
        .height(6),
    ]


def _field_reduce(field: str) -> ReduceDataOptions:
    return ReduceDataOptions().values(True).fields(f"/^{field}$/").calcs(["lastNotNull"])


def build() -> dashboard.Dashboard:
    board = (
        dashboard.Dashboard("ObRail — Service API")
        .uid(UID)
        .description(f"Disponibilité, trafic, erreurs et latence de l'API ObRail (SLO {SLO}).")
        .tags(["obrail", "api", "slo"])
        .time("now-6h", "now")
        .refresh("30s")
        .timezone("browser")
        .with_variable(
            dashboard.QueryVariable("route")
            .label("Route")
            .datasource(PROMETHEUS)
            .query(f"label_values(obrail_http_requests_total{{{API}}}, route)")
            .refresh(model.VariableRefresh.ON_TIME_RANGE_CHANGED)
            .sort(model.VariableSort.ALPHABETICAL_ASC)
            .multi(True)
            .include_all(True)
            .all_value(".*")
            .current(model.VariableOption(selected=True, text="All", value="$__all"))
        )
    )
    sections = [
        ("Disponibilité et SLO", _availability_row()),
        ("Trafic et erreurs", _traffic_row()),
        ("Latence", _latency_row()),
        ("Exécution et base de données", _runtime_row()),
        ("Modèles (prédictions)", _models_row()),
    ]
    for title, panels in sections:
        board = board.with_row(dashboard.Row(title))
        for panel in panels:
            board = board.with_panel(panel)
    return board
