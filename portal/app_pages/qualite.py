"""Qualité des données: the latest data-quality run, suite by suite, expectation by expectation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.client import Ok
from portal.components.layout import outcome_message
from portal.components.tables import data_table
from portal.components.validity import validity_notice
from portal.context import PageContext, page_context
from portal.models import EditionValidity, QualityLatest, QualitySuite


def _result(success: bool, ctx: PageContext) -> str:
    return ctx.t("quality.passed") if success else ctx.t("quality.failed")


def run_overview(ctx: PageContext, latest: QualityLatest) -> None:
    t, lang = ctx.t, ctx.language
    run = latest.run
    assert run is not None
    expectations = [e for suite in latest.suites for e in suite.expectations]
    failed = [e for e in expectations if not e.success]
    critical = [e for e in failed if (e.severity or "").lower() == "critical"]
    first, second, third = st.columns(3)
    first.metric(
        t("quality.metric_result"),
        _result(run.success if run.success is not None else not critical, ctx),
        border=True,
    )
    second.metric(t("quality.metric_checks"), fmt.number(len(expectations), lang), border=True)
    third.metric(t("quality.metric_failed"), fmt.number(len(failed), lang), border=True)
    st.markdown(
        t(
            "quality.run_text",
            finished=fmt.moment(run.finished_at or run.started_at, lang),
            version=run.data_version or fmt.MISSING,
            critical=len(critical),
            warnings=len(failed) - len(critical),
        )
    )


def failures(ctx: PageContext, latest: QualityLatest) -> None:
    """Each failing check named, with its severity and what it means."""
    t, lang = ctx.t, ctx.language
    st.header(t("quality.failures"))
    failed = [(s.suite, e) for s in latest.suites for e in s.expectations if not e.success]
    if not failed:
        st.success(t("quality.no_failure"), icon=":material/check_circle:")
        return
    lines = []
    for suite, e in sorted(failed, key=lambda f: ((f[1].severity or "") != "critical", f[0])):
        severity = (e.severity or "warning").lower()
        count = (
            t("quality.failure_count", count=fmt.number(e.unexpected_count, lang))
            if e.unexpected_count
            else ""
        )
        lines.append(
            "- "
            + t(
                "quality.failure_line",
                check=f"{suite} · {e.expectation}",
                severity=t(f"quality.severity_{severity}")
                if severity in ("critical", "warning")
                else severity,
                description=e.description or fmt.MISSING,
                count=count,
            )
        )
    st.markdown("\n".join(lines))


def expired_timetables(ctx: PageContext) -> None:
    """The timetable editions shown although expired (also flagged on every page of figures)."""
    sources = ctx.api.sources()
    if not isinstance(sources, Ok):
        return
    editions = [
        EditionValidity(
            source_id=s.id,
            name=s.name,
            status=s.validity_status or "current",
            valid_from=s.valid_from,
            valid_until=s.valid_until,
            expired_since=s.expired_since,
        )
        for s in sources.value
        if s.is_current and s.kind in (None, "timetable")
    ]
    expired = [e for e in editions if e.status == "expired"]
    st.header(ctx.t("quality.expired"))
    status = (
        "current"
        if not expired
        else ("expired" if len(expired) == len(editions) else "partly_expired")
    )
    validity_notice(status, editions, ctx.t)


def suite_table(ctx: PageContext, suite: QualitySuite) -> None:
    t, lang = ctx.t, ctx.language
    st.subheader(t("quality.suite", suite=suite.suite, result=_result(suite.success, ctx).lower()))
    table = pd.DataFrame(
        [
            {
                t("quality.col_check"): e.description or e.expectation,
                t("quality.col_severity"): t(
                    f"quality.severity_{(e.severity or 'warning').lower()}"
                )
                if (e.severity or "warning").lower() in ("critical", "warning")
                else e.severity,
                t("quality.col_result"): _result(e.success, ctx),
                t("quality.col_unexpected"): fmt.number(e.unexpected_count, lang),
            }
            for e in sorted(suite.expectations, key=lambda e: (e.success, e.expectation))
        ],
        columns=[
            t("quality.col_check"),
            t("quality.col_severity"),
            t("quality.col_result"),
            t("quality.col_unexpected"),
        ],
    )
    data_table(table, t("quality.table_alt", suite=suite.suite))


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("quality.title"))
    st.markdown(t("quality.intro"))
    st.header(t("quality.latest"))
    latest = ctx.api.quality_latest()
    if not isinstance(latest, Ok):
        outcome_message(ctx, latest, t("quality.latest"))
        return
    if latest.value.run is None:
        st.info(t("quality.empty"), icon=":material/pending:")
        return
    run_overview(ctx, latest.value)
    if latest.value.run.target == "staging":
        st.caption(t("quality.gate_note"))
    failures(ctx, latest.value)
    expired_timetables(ctx)
    st.header(t("quality.suites"))
    for suite in latest.value.suites:
        suite_table(ctx, suite)


render(page_context())
