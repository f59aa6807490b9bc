"""Monitoring's tunables, defined once (as kubernetes-mixin's config): the SLOs, the burn-rate
windows and the scrape jobs' selectors. The Prometheus rule files (monitoring.rules) and the
Grafana dashboards (monitoring.dashboards) are generated from these values.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Scrape and push jobs (monitoring/prometheus/prometheus.yml, the Pushgateway groups).
API_JOB = "obrail-api"
ETL_JOB = "obrail-etl"
QUALITY_JOB = "obrail-quality"
BLACKBOX_JOBS = "blackbox-.*"
BLACKBOX_API_JOB = "blackbox-api"
BLACKBOX_PORTAL_JOB = "blackbox-portal"
POSTGRES_JOB = "postgres"
#: The monitoring stack's own targets (ObrailMonitoringTargetDown).
MONITORING_JOBS = ("prometheus", "alertmanager", "pushgateway", "blackbox", "postgres")


def selector(**labels: str) -> str:
    """PromQL label matchers: selector(job="x", status="~5..") -> 'job="x",status=~"5.."'."""
    parts = []
    for name, value in labels.items():
        operator = "=~" if value.startswith("~") else "="
        parts.append(f'{name}{operator}"{value.removeprefix("~")}"')
    return ",".join(parts)


API = selector(job=API_JOB)
ETL = selector(job=ETL_JOB)
QUALITY_PUBLISHED = selector(job=QUALITY_JOB, target="published")

#: Availability SLO: 99.5 % of the API's requests answered without a 5xx over 30 days.
ERROR_BUDGET = 0.005
AVAILABILITY_TARGET = 1 - ERROR_BUDGET
SLO_PERIOD = "30d"
SLO_PERIOD_DAYS = 30

#: Latency SLO: 95 % of the requests answered within 0.5 s.
LATENCY_THRESHOLD_S = 0.5
LATENCY_TARGET = 0.95


@dataclass(frozen=True)
class BurnRate:
    """One multi-window burn-rate alert (Google SRE workbook): fires when the 5xx ratio over both
    windows exceeds `factor` times the error budget, for `for_`."""

    factor: float
    long_window: str
    short_window: str
    for_: str
    severity: str
    budget_spent: str  # what that rate spends, in words (the rule's comment)
    exhausted_in: str  # when the budget is gone at that rate (the alert's description, French)
    summary_factor: str  # the factor as written in the summary (French)

    @property
    def threshold(self) -> str:
        return f"({self.factor:g} * {ERROR_BUDGET:g})"


BURN_RATES = (
    BurnRate(
        14.4, "1h", "5m", "2m", "critical", "2 % of the 30-day budget in one hour",
        "en un peu plus de 2 jours", "14",
    ),
    BurnRate(
        6, "6h", "30m", "15m", "warning", "5 % in six hours",
        "en 5 jours", "6",
    ),
)  # fmt: skip

#: Windows of the 5xx ratio recording rules: the burn rates' windows, shortest first.
ERROR_RATIO_WINDOWS = tuple(
    sorted(
        {w for b in BURN_RATES for w in (b.long_window, b.short_window)},
        key=lambda w: int(w[:-1]) * {"m": 1, "h": 60, "d": 1440}[w[-1]],
    )
)

#: Threshold of the fast-burning error ratio alert (ObrailApiHighErrorRatio).
HIGH_ERROR_RATIO = 0.05
#: Latency alert: p95 of a route above this, with at least this much traffic on it.
HIGH_LATENCY_P95_S = 1
HIGH_LATENCY_MIN_RATE = 0.05
#: The data is refreshed weekly: older than this means a missed refresh.
DATA_MAX_AGE_DAYS = 8
#: A source's published trajets may fall by at most this share against the last 7 days.
VOLUME_DROP_SHARE = 0.2
#: Warn this long before a timetable edition expires.
VALIDITY_WARNING_DAYS = 14
#: Models (the slot of ml/). Input drift: population stability index above this, over at least this many recent inputs.
MODEL_DRIFT_PSI = 0.25
MODEL_DRIFT_MIN_INPUTS = 200


def number(value: float, french: bool = True) -> str:
    """14.4 -> '14,4' (French notation, as in the alerts and dashboards) or '14.4'."""
    text = f"{value:g}"
    return text.replace(".", ",") if french else text


def percent(value: float, french: bool = True) -> str:
    """0.005 -> '0,5 %' or '0.5 %'."""
    return number(value * 100, french) + " %"
