"""Santé du service: is the API up and how fast, how fresh the data is, the last ETL runs, and
the incidents the monitoring has detected (or that monitoring is not running)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.client import Ok, Unavailable
from portal.components.layout import external_link, outcome_message
from portal.components.tables import data_table
from portal.context import PageContext, page_context
from portal.models import Alerts, EtlRun, Health


def api_health(ctx: PageContext, health: Health, latency_ms: float) -> None:
    t, lang = ctx.t, ctx.language
    ok = health.status == "ok"
    first, second, third = st.columns(3)
    first.metric(
        t("health.metric_api"), t("health.up") if ok else t("health.degraded"), border=True
    )
    second.metric(
        t("health.metric_latency"),
        f"{fmt.number(latency_ms, lang)} ms",
        border=True,
    )
    database = t("health.up") if health.database.reachable else t("health.down")
    third.metric(
        t("health.metric_database"),
        database,
        border=True,
    )
    st.caption(t("health.metrics_note", latency=fmt.number(health.database.latency_ms, lang, 1)))
    if not ok:
        st.warning(t("health.degraded_text"), icon=":material/warning:")
    st.markdown(t("health.version", version=health.version or fmt.MISSING))


def freshness(ctx: PageContext, health: Health) -> None:
    t, lang = ctx.t, ctx.language
    data = health.data
    age = fmt.ago(data.last_etl_success_at, datetime.now(UTC), lang)
    st.markdown(
        t(
            "health.freshness_text",
            published=fmt.moment(data.published_at, lang),
            etl=fmt.moment(data.last_etl_success_at, lang),
            version=data.version or fmt.MISSING,
            age=age,
        )
    )


def etl_runs(ctx: PageContext, runs: list[EtlRun]) -> None:
    t, lang = ctx.t, ctx.language
    if not runs:
        st.info(t("health.no_runs"), icon=":material/info:")
        return
    table = pd.DataFrame(
        [
            {
                t("health.col_started"): fmt.moment(r.started_at, lang),
                t("health.col_finished"): fmt.moment(r.finished_at, lang),
                t("health.col_status"): t(f"health.status_{r.status}")
                if r.status in ("success", "succeeded", "failed", "running", "refused")
                else r.status,
                t("health.col_loaded"): fmt.number(r.rows_loaded, lang),
                t("health.col_rejected"): fmt.number(r.rows_rejected, lang),
            }
            for r in runs
        ]
    )
    data_table(table, t("health.runs_alt"))


def incidents(ctx: PageContext, alerts: Alerts) -> None:
    t, lang = ctx.t, ctx.language
    if not alerts.available:
        st.info(t("health.monitoring_off"), icon=":material/visibility_off:")
        return
    if not alerts.alerts:
        st.success(t("health.no_incident"), icon=":material/check_circle:")
        return
    st.warning(t("health.incidents_count", count=len(alerts.alerts)), icon=":material/warning:")
    lines = []
    for alert in alerts.alerts:
        severity = alert.severity or fmt.MISSING
        text = t(
            "health.incident_line",
            name=alert.name,
            severity=severity,
            since=fmt.moment(alert.starts_at, lang),
            summary=alert.summary or "",
        )
        if alert.runbook_url and alert.runbook_url.startswith(("https://", "http://")):
            text += " " + external_link(t("health.runbook"), alert.runbook_url, ctx)
        elif alert.runbook_url:  # a path in the project's docs, not a web address
            text += f" ({t('health.runbook')} `{alert.runbook_url}`)"
        lines.append(f"- {text}")
    st.markdown("\n".join(lines))


def render(ctx: PageContext) -> None:
    t, api = ctx.t, ctx.api
    st.title(t("health.title"))
    st.markdown(t("health.intro"))
    st.header(t("health.api"))
    health = api.health()
    if isinstance(health, Ok):
        api_health(ctx, health.value, health.elapsed_ms)
    elif isinstance(health, Unavailable):
        st.error(
            t("health.api_down", reason=t(f"health.reason_{health.reason}")),
            icon=":material/cloud_off:",
        )
    st.header(t("health.freshness"))
    if isinstance(health, Ok):
        freshness(ctx, health.value)
    else:
        outcome_message(ctx, health, t("health.freshness"))
    st.header(t("health.etl"))
    runs = api.etl_runs(limit=10)
    if isinstance(runs, Ok):
        etl_runs(ctx, runs.value)
    else:
        outcome_message(ctx, runs, t("health.etl"))
    st.header(t("health.incidents"))
    alerts = api.alerts()
    if isinstance(alerts, Ok):
        incidents(ctx, alerts.value)
    else:
        outcome_message(ctx, alerts, t("health.incidents"))


render(page_context())
