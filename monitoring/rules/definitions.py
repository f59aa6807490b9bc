"""The recording and alert rules, one `RuleFile` per YAML file. Every alert: severity, service,
summary, description (French, for the on-call team) and runbook_url (docs/runbooks/<alert>.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitoring.config import (
    API,
    API_JOB,
    BLACKBOX_API_JOB,
    BLACKBOX_JOBS,
    BLACKBOX_PORTAL_JOB,
    BURN_RATES,
    DATA_MAX_AGE_DAYS,
    ERROR_BUDGET,
    ERROR_RATIO_WINDOWS,
    ETL,
    HIGH_ERROR_RATIO,
    HIGH_LATENCY_MIN_RATE,
    HIGH_LATENCY_P95_S,
    LATENCY_TARGET,
    LATENCY_THRESHOLD_S,
    MODEL_DRIFT_MIN_INPUTS,
    MODEL_DRIFT_PSI,
    MONITORING_JOBS,
    POSTGRES_JOB,
    QUALITY_PUBLISHED,
    SLO_PERIOD_DAYS,
    VALIDITY_WARNING_DAYS,
    VOLUME_DROP_SHARE,
    number,
    percent,
    selector,
)

Rule = dict[str, Any]


@dataclass(frozen=True)
class RuleFile:
    name: str
    group: str
    comment: str
    rules: list[Rule] = field(default_factory=list)


def record(name: str, expr: str) -> Rule:
    return {"record": name, "expr": expr}


def alert(
    name: str,
    expr: str,
    for_: str,
    severity: str,
    service: str,
    summary: str,
    description: str,
    **labels: str,
) -> Rule:
    return {
        "alert": name,
        "expr": expr,
        "for": for_,
        "labels": {"severity": severity, "service": service, **labels},
        "annotations": {
            "summary": summary,
            "description": description,
            "runbook_url": f"docs/runbooks/{name}.md",
        },
    }


# -- the API's service level: recording rules -----------------------------------------------------


def _requests(window: str, **extra: str) -> str:
    return f"rate(obrail_http_requests_total{{{selector(job=API_JOB, **extra)}}}[{window}])"


def error_ratio(window: str) -> str:
    """Share of requests answered with a 5xx over `window`; no 5xx series yet means 0."""
    return f"(sum({_requests(window, status='~5..')}) or vector(0)) / sum({_requests(window)})"


def _latency_quantile(quantile: str) -> str:
    return (
        f"histogram_quantile({quantile}, sum by (route, le) "
        f"(rate(obrail_http_request_duration_seconds_bucket{{{API}}}[5m])))"
    )


API_SLO = RuleFile(
    "api-slo.yml",
    "obrail-api-slo",
    "Recording rules: the API's service-level figures, computed once and reused by the dashboards\n"
    "and the alerts. Naming: level:metric:operation (Prometheus conventions).\n"
    f"SLOs (docs/monitoring/alertes.md): availability {percent(1 - ERROR_BUDGET, False)} of "
    f"requests without a 5xx over {SLO_PERIOD_DAYS} days\n(error budget "
    f"{percent(ERROR_BUDGET, False)}), latency {percent(LATENCY_TARGET, False)} of requests under "
    f"{LATENCY_THRESHOLD_S:g} s.",
    [
        record("route:obrail_http_requests:rate5m", f"sum by (route) ({_requests('5m')})"),
        *(
            record(f"route:obrail_http_request_duration_seconds:p{q}_5m", _latency_quantile(f"0.{q}"))
            for q in ("50", "95", "99")
        ),
        *(record(f"obrail_api:http_errors:ratio_rate{w}", error_ratio(w)) for w in ERROR_RATIO_WINDOWS),
        record("obrail_api:availability:ratio_rate5m", "1 - obrail_api:http_errors:ratio_rate5m"),
        record(
            "obrail_api:http_fast_requests:ratio_rate5m",
            f'sum(rate(obrail_http_request_duration_seconds_bucket{{{API},le="{LATENCY_THRESHOLD_S:g}"}}[5m]))'
            f" / sum(rate(obrail_http_request_duration_seconds_count{{{API}}}[5m]))",
        ),
        record(
            "job:probe_success:avg_over_time5m",
            f"avg by (job) (avg_over_time(probe_success{{{selector(job='~' + BLACKBOX_JOBS)}}}[5m]))",
        ),
    ],
)  # fmt: skip


# -- the API's service level: alerts --------------------------------------------------------------


def _burn_rate_alert(burn: Any) -> Rule:
    return alert(
        "ObrailApiErrorBudgetBurn",
        f"obrail_api:http_errors:ratio_rate{burn.long_window} > {burn.threshold}"
        f" and obrail_api:http_errors:ratio_rate{burn.short_window} > {burn.threshold}",
        burn.for_,
        burn.severity,
        "api",
        f"L'API consomme son budget d'erreurs {burn.summary_factor} fois trop vite.",
        f"Taux d'erreurs 5xx sur {burn.long_window.replace('h', ' h')} : "
        "{{ $value | humanizePercentage }} ; à ce rythme le budget de "
        f"{SLO_PERIOD_DAYS} jours ({percent(ERROR_BUDGET)}) est épuisé {burn.exhausted_in}.",
        long_window=burn.long_window,
    )


API_ALERTS = RuleFile(
    "api.yml",
    "obrail-api",
    "Alerts on the API's service level. Every alert: severity, service, summary, description,\n"
    "runbook_url (docs/runbooks/<alertname>.md). Unit tests: tests/api_test.yml.\n"
    f"Multi-window, multi-burn-rate alerts on the {percent(1 - ERROR_BUDGET, False)} availability SLO "
    f"(error budget {ERROR_BUDGET:g}):\n"
    + "; ".join(f"a burn rate of {b.factor:g} spends {b.budget_spent}" for b in BURN_RATES)
    + ".",
    [
        alert(
            "ObrailApiHighErrorRatio",
            f"obrail_api:http_errors:ratio_rate5m > {HIGH_ERROR_RATIO:g}",
            "5m",
            "critical",
            "api",
            f"L'API répond en erreur 5xx à plus de {percent(HIGH_ERROR_RATIO)} des requêtes.",
            "{{ $value | humanizePercentage }} des requêtes de l'API ont reçu une réponse 5xx sur "
            f"les 5 dernières minutes (seuil {percent(HIGH_ERROR_RATIO)}).",
        ),
        alert(
            "ObrailApiHighLatency",
            f"route:obrail_http_request_duration_seconds:p95_5m > {HIGH_LATENCY_P95_S:g}"
            f" and route:obrail_http_requests:rate5m > {HIGH_LATENCY_MIN_RATE:g}",
            "10m",
            "warning",
            "api",
            "Latence p95 élevée sur la route {{ $labels.route }}.",
            "Le 95e centile du temps de réponse de {{ $labels.route }} vaut "
            "{{ $value | humanizeDuration }} depuis 10 minutes "
            f"(seuil {HIGH_LATENCY_P95_S:g} s).",
        ),
        *(_burn_rate_alert(burn) for burn in BURN_RATES),
    ],
)


# -- availability ---------------------------------------------------------------------------------

AVAILABILITY = RuleFile(
    "availability.yml",
    "obrail-availability",
    "Alerts on availability: API, portal, database, and the monitoring stack's own targets.\n"
    "Unit tests: tests/availability_test.yml.\n"
    "ObrailApiDown: down when Prometheus cannot scrape the API or the outside probe of "
    "/health/ready fails.",
    [
        alert(
            "ObrailApiDown",
            f"min(up{{{API}}} or probe_success{{{selector(job=BLACKBOX_API_JOB)}}}) == 0",
            "1m",
            "critical",
            "api",
            "L'API ObRail est injoignable.",
            "Prometheus ne peut plus interroger l'API, ou la sonde externe de /health/ready "
            "échoue, depuis plus d'une minute. Le portail et Metabase restent sans données "
            "fraîches.",
        ),
        alert(
            "ObrailPortalDown",
            f"probe_success{{{selector(job=BLACKBOX_PORTAL_JOB)}}} == 0",
            "2m",
            "critical",
            "portal",
            "Le portail ObRail est injoignable.",
            "La sonde externe de {{ $labels.instance }} échoue depuis plus de 2 minutes.",
        ),
        alert(
            "ObrailDatabaseDown",
            f"pg_up{{{selector(job=POSTGRES_JOB)}}} == 0",
            "1m",
            "critical",
            "database",
            "L'entrepôt PostgreSQL est injoignable.",
            "postgres_exporter ({{ $labels.instance }}) ne parvient plus à se connecter à "
            "PostgreSQL depuis plus d'une minute.",
        ),
        alert(
            "ObrailMonitoringTargetDown",
            f"up{{{selector(job='~' + '|'.join(MONITORING_JOBS))}}} == 0",
            "5m",
            "warning",
            "monitoring",
            "Cible de supervision {{ $labels.job }} injoignable.",
            "Prometheus ne peut plus interroger {{ $labels.job }} ({{ $labels.instance }}) "
            "depuis 5 minutes : une partie de la supervision est aveugle.",
        ),
    ],
)


# -- data -----------------------------------------------------------------------------------------

_PUBLISHED = f"obrail_etl_published_trajets{{{ETL}}}"
_VOLUME_DROP = f"""(
  sum by (source_id) ({_PUBLISHED})
  < {1 - VOLUME_DROP_SHARE:g} * sum by (source_id) (max_over_time({_PUBLISHED}[7d]))
)
or
(
  sum by (source_id) (max_over_time({_PUBLISHED}[7d]))
  unless sum by (source_id) ({_PUBLISHED})
) * 0
"""

DATA = RuleFile(
    "data.yml",
    "obrail-data",
    "Alerts on the data: ETL runs, freshness, quality, volumes, timetable validity.\n"
    "Unit tests: tests/data_test.yml.\n"
    f"ObrailDataStale: the data is refreshed weekly, older than {DATA_MAX_AGE_DAYS} days means a "
    "missed refresh.\n"
    f"ObrailDataVolumeDrop: a source's published trajets fell by more than "
    f"{percent(VOLUME_DROP_SHARE, False)} against its loads of\nthe last 7 days, or the source "
    "disappeared from the last load.",
    [
        alert(
            "ObrailEtlFailed",
            f"obrail_etl_last_run_success{{{ETL}}} == 0",
            "5m",
            "warning",
            "etl",
            "Le dernier chargement ETL a échoué.",
            "Le dernier `obrail etl` a échoué ou a été refusé par la porte qualité ; les données "
            "publiées précédentes restent en ligne.",
        ),
        alert(
            "ObrailDataStale",
            f"max(obrail_data_age_seconds{{{API}}}) > {DATA_MAX_AGE_DAYS} * 86400",
            "30m",
            "warning",
            "data",
            f"Les données publiées ont plus de {DATA_MAX_AGE_DAYS} jours.",
            "Les données servies par l'API ont été publiées il y a "
            "{{ $value | humanizeDuration }} (rafraîchissement hebdomadaire attendu).",
        ),
        alert(
            "ObrailDataQualityCriticalFailure",
            f"max(obrail_quality_critical_failures{{{QUALITY_PUBLISHED}}}) > 0",
            "5m",
            "critical",
            "quality",
            "Des attentes critiques de qualité échouent sur les données publiées.",
            "{{ $value }} attente(s) critique(s) en échec lors de la dernière validation des "
            "données publiées (obrail quality).",
        ),
        alert(
            "ObrailDataVolumeDrop",
            _VOLUME_DROP,
            "15m",
            "warning",
            "etl",
            "Chute du volume publié pour la source {{ $labels.source_id }}.",
            "La source {{ $labels.source_id }} ne publie plus que {{ $value }} trajets, soit plus "
            f"de {percent(VOLUME_DROP_SHARE)} de moins que lors des chargements des 7 derniers "
            "jours.",
        ),
        alert(
            "ObrailTimetableValidityEndingSoon",
            f"min by (source_id) (obrail_source_valid_until_timestamp_seconds{{{API}}}) - time()"
            f" < {VALIDITY_WARNING_DAYS} * 86400",
            "1h",
            "warning",
            "data",
            "Horaires de {{ $labels.source_id }} : fin de validité dans moins de "
            f"{VALIDITY_WARNING_DAYS} jours, ou dépassée.",
            "Validité restante des horaires de la source {{ $labels.source_id }} : "
            "{{ $value | humanizeDuration }} "
            f"(seuil : {VALIDITY_WARNING_DAYS} jours ; une durée négative signifie que l'édition "
            "a expiré). Chargez la nouvelle édition.",
        ),
    ],
)


# -- models ---------------------------------------------------------------------------------------

_NOT_SERVED = f"max by (model) (obrail_model_available{{{API}}}) == 0"
_DRIFT = (
    f"max by (model, feature) (obrail_model_input_drift{{{API}}}) > {MODEL_DRIFT_PSI:g}\n"
    f"and on (model, feature)\n"
    f"max by (model, feature) (obrail_model_input_window{{{API}}}) >= {MODEL_DRIFT_MIN_INPUTS}\n"
)

MODELS = RuleFile(
    "models.yml",
    "obrail-models",
    "Alerts on the models the API serves (ml/, /predictions/...). Unit tests: tests/models_test.yml.\n"
    "ObrailModelUnavailable: the last prediction request of a model found no loadable active "
    "version\n(503 model_unavailable: none promoted, artefact missing, altered or unreadable).\n"
    f"ObrailModelInputDrift: the population stability index of the recent inputs against the "
    f"training data\nexceeds {MODEL_DRIFT_PSI:g} over at least {MODEL_DRIFT_MIN_INPUTS} inputs.",
    [
        alert(
            "ObrailModelUnavailable",
            _NOT_SERVED,
            "5m",
            "warning",
            "models",
            "Le modèle {{ $labels.model }} ne peut pas répondre.",
            "Des demandes de prédiction du modèle {{ $labels.model }} reçoivent 503 "
            "model_unavailable (aucune version promue, artefact absent, altéré ou illisible) ; "
            "le reste de l'API répond.",
        ),
        alert(
            "ObrailModelInputDrift",
            _DRIFT,
            "1h",
            "warning",
            "models",
            "Le modèle {{ $labels.model }} est interrogé loin de ses données d'entraînement.",
            "Indice de stabilité (PSI) des dernières entrées {{ $labels.feature }} du modèle "
            '{{ $labels.model }} : {{ $value | printf "%.2f" }} '
            f"(seuil {number(MODEL_DRIFT_PSI)}) ; les prédictions sont plus souvent extrapolées.",
        ),
    ],
)


# -- watchdog -------------------------------------------------------------------------------------

WATCHDOG = RuleFile(
    "watchdog.yml",
    "obrail-watchdog",
    "Always firing: proves the whole alerting pipeline works (Prometheus -> Alertmanager -> "
    "receiver).\nThe watchdog receiver (a dead man's switch) raises the alarm when it stops "
    "arriving.",
    [
        alert(
            "ObrailWatchdog",
            "vector(1)",
            "1m",
            "none",
            "monitoring",
            "Alerte permanente : la chaîne d'alerte fonctionne.",
            "Cette alerte est toujours active. Si le récepteur « dead man's switch » cesse de la "
            "recevoir, Prometheus, Alertmanager ou le réseau entre eux est en panne.",
        ),
    ],
)

RULE_FILES = (API_SLO, API_ALERTS, AVAILABILITY, DATA, MODELS, WATCHDOG)
