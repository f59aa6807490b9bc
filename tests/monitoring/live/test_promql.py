"""Every PromQL expression of every dashboard panel and every rule, run on a live Prometheus that
scrapes the real API, the Pushgateway fed by the real ETL and quality pushers, postgres_exporter,
the blackbox probes and Alertmanager: each must parse and return data. Every metric of the
catalogue (docs/monitoring/metriques.md) must be exposed for real."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import promql_parser
import pytest

from tests.monitoring.live.conftest import LiveStack
from tests.monitoring.queries import substitute_promql, targets
from tests.monitoring.stack import ROOT, RULES_DIR, load_yaml, wait_for

CATALOGUE = ROOT / "docs" / "monitoring" / "metriques.md"
PANEL_QUERIES = sorted({t.query for t in targets() if t.datasource == "prometheus"})
RULES = [
    rule
    for path in sorted(RULES_DIR.glob("*.yml"))
    for group in load_yaml(path)["groups"]
    for rule in group["rules"]
]


def catalogue_metrics() -> list[str]:
    return re.findall(
        r"^\| `([A-Za-z_:]+)` \|", CATALOGUE.read_text(encoding="utf-8"), flags=re.MULTILINE
    )


def selectors(expr: str) -> list[str]:
    """Each vector selector of the expression, without its offset, as a query of its own."""
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            matchers = [str(m) for m in node.matchers.matchers]
            if node.name:
                matchers.insert(0, f'__name__="{node.name}"')
            found.append("{" + ", ".join(matchers) + "}")

    promql_parser.walk(promql_parser.parse(expr), visit)
    return found


def returns_data(stack: LiveStack, expr: str) -> bool:
    return bool(stack.prometheus.query(expr))


@pytest.fixture(scope="module")
def warmed_up(live_stack: LiveStack) -> LiveStack:
    """Rates need two scrapes and recording rules an evaluation: wait until every query has
    answered (asked 8 at a time; each again until it does, not the ones that already did)."""
    live_stack.replayed()  # the API's traffic, if a test restarted it
    live_stack.quality_pushed()
    waiting = [substitute_promql(q) for q in PANEL_QUERIES] + [
        r["record"] for r in RULES if "record" in r
    ]

    def all_answered() -> bool:
        with ThreadPoolExecutor(8) as asking:
            answered = list(asking.map(partial(returns_data, live_stack), waiting))
        waiting[:] = [e for e, data in zip(waiting, answered, strict=True) if not data]
        return not waiting

    try:
        wait_for(all_answered, 45, "every panel and recorded series", 0.5)
    except TimeoutError as error:
        raise TimeoutError(f"{error}; still empty: {waiting}") from None
    return live_stack


def test_the_live_check_tells_empty_and_broken_queries_apart(warmed_up: LiveStack):
    assert warmed_up.prometheus.query("obrail_no_such_metric") == []
    with pytest.raises(AssertionError, match="parse error"):
        warmed_up.prometheus.query("sum(rate(obrail_http_requests_total[5m])")


def test_the_selector_walker_sees_every_selector():
    assert selectors('sum(rate(a{x="1"}[5m] offset 1h)) / b unless vector(1)') == [
        '{__name__="a", x="1"}',
        '{__name__="b"}',
    ]


@pytest.mark.parametrize("query", PANEL_QUERIES)
def test_panel_query_parses_and_returns_data(warmed_up: LiveStack, query: str):
    assert warmed_up.prometheus.query(substitute_promql(query))


@pytest.mark.parametrize("rule", [r for r in RULES if "record" in r], ids=lambda r: r["record"])
def test_recording_rule_returns_data_and_is_recorded(warmed_up: LiveStack, rule: dict[str, Any]):
    assert warmed_up.prometheus.query(rule["expr"])
    assert warmed_up.prometheus.query(rule["record"])


@pytest.mark.parametrize(
    "rule",
    [r for r in RULES if "alert" in r],
    ids=lambda r: f"{r['alert']}-{r['labels']['severity']}",
)
def test_alert_expression_parses_and_reads_series_that_exist(
    warmed_up: LiveStack, rule: dict[str, Any]
):
    """An alert is silent on a healthy stack, so its data is checked selector by selector."""
    warmed_up.prometheus.query(rule["expr"])  # parses and evaluates (raises otherwise)
    for selector in selectors(rule["expr"]):
        assert warmed_up.prometheus.query(selector), f"{rule['alert']}: no series for {selector}"


def test_probes_and_exporter_see_a_healthy_stack(warmed_up: LiveStack):
    """The blackbox modules accept the real API readiness answer and the real portal page."""
    for expr in (
        'probe_success{job="blackbox-api"}',
        'probe_success{job="blackbox-portal"}',
        "pg_up",
    ):
        healthy = f"{expr} == 1"
        wait_for(lambda query=healthy: warmed_up.prometheus.query(query), 20, healthy)  # type: ignore[misc]


def test_no_rule_fails_to_evaluate(warmed_up: LiveStack):
    failures = warmed_up.prometheus.query("sum(prometheus_rule_evaluation_failures_total)")
    assert failures and float(failures[0]["value"][1]) == 0


def test_every_catalogued_metric_is_exposed_for_real(warmed_up: LiveStack):
    metrics = catalogue_metrics()
    assert len(metrics) >= 25
    missing = [name for name in metrics if not warmed_up.prometheus.query(f'{{__name__="{name}"}}')]
    assert not missing, f"catalogued but not exposed: {missing}"


def test_every_metric_the_rules_and_panels_read_is_catalogued():
    documented = set(catalogue_metrics())
    recorded = {r["record"] for r in RULES if "record" in r}
    used = {
        re.search(r'__name__="([^"]+)"', selector).group(1)  # type: ignore[union-attr]
        for expr in [substitute_promql(q) for q in PANEL_QUERIES] + [r["expr"] for r in RULES]
        for selector in selectors(expr)
    }
    assert used - recorded - documented == set()
