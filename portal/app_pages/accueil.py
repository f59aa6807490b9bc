"""Accueil: the observatory in key figures, how fresh the data is, where it comes from."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.client import Ok
from portal.components.layout import external_link, outcome_message
from portal.components.tables import data_table
from portal.components.validity import status_label, summary_editions, validity_notice
from portal.context import PageContext, page_context
from portal.models import CountryCoverage, Source, Summary
from portal.navigation import page_link


def coverage_sentence(ctx: PageContext, coverage: list[CountryCoverage]) -> None:
    day = [c for c in coverage if c.day.level != "none"]
    night = [c for c in coverage if c.night.level != "none"]
    st.markdown(
        ctx.t(
            "home.coverage_sentence",
            day=fmt.number(len(day), ctx.language),
            day_partial=fmt.number(sum(1 for c in day if c.day.level == "partial"), ctx.language),
            night=fmt.number(len(night), ctx.language),
        )
    )


def key_figures(ctx: PageContext, summary: Summary) -> None:
    t, lang = ctx.t, ctx.language
    validity_notice(summary.timetables_status, summary_editions(summary), t)
    first, second, third = st.columns(3)
    first.metric(
        t("home.metric_trajets"),
        fmt.number(summary.trajets, lang),
        border=True,
    )
    second.metric(
        t("home.metric_night_share"),
        fmt.percent(summary.night_share, lang),
        border=True,
    )
    third.metric(
        t("home.metric_weekly"),
        fmt.number(summary.weekly_departures, lang),
        border=True,
    )
    fourth, fifth, sixth = st.columns(3)
    fourth.metric(t("home.metric_operators"), fmt.number(summary.operators, lang), border=True)
    fifth.metric(t("home.metric_countries"), fmt.number(summary.countries, lang), border=True)
    sixth.metric(t("home.metric_stations"), fmt.number(summary.stations, lang), border=True)
    st.caption(t("home.figures_note"))
    st.markdown(
        t(
            "home.figures_sentence",
            day=fmt.number(summary.trajets_day, lang),
            night=fmt.number(summary.trajets_night, lang),
        )
    )


def freshness(ctx: PageContext, summary: Summary) -> None:
    t, lang = ctx.t, ctx.language
    st.markdown(
        t(
            "home.freshness_text",
            published=fmt.moment(summary.published_at, lang),
            etl=fmt.moment(summary.last_etl_success_at, lang),
            version=summary.data_version or fmt.MISSING,
            today=fmt.day(date.today(), lang),
        )
    )
    if not summary.validity:
        return
    table = pd.DataFrame(
        [
            {
                t("home.col_source"): v.name,
                t("home.col_valid_from"): fmt.day(v.valid_from, lang),
                t("home.col_valid_until"): fmt.day(v.valid_until, lang),
                t("home.col_status"): status_label(v.status, v.expired_since, t),
            }
            for v in summary.validity
        ]
    )
    data_table(table, t("home.validity_alt"))


def sources_list(ctx: PageContext, sources: list[Source]) -> None:
    lines = []
    for source in sources:
        if not source.is_current:
            continue
        name = (
            external_link(source.name, source.public_url, ctx) if source.public_url else source.name
        )
        lines.append(f"- {name} ({source.licence or fmt.MISSING})")
    st.markdown("\n".join(lines) if lines else ctx.t("home.no_sources"))


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("home.title"))
    st.markdown(t("home.intro"))

    st.header(t("home.figures"))
    summary = ctx.api.summary()
    if isinstance(summary, Ok):
        if summary.value.trajets:
            key_figures(ctx, summary.value)
            coverage = ctx.api.coverage()
            if isinstance(coverage, Ok):
                coverage_sentence(ctx, coverage.value)
        else:
            st.info(t("home.empty"), icon=":material/info:")
    else:
        outcome_message(ctx, summary, t("home.figures"))

    st.header(t("home.freshness"))
    if isinstance(summary, Ok):
        freshness(ctx, summary.value)
    else:
        outcome_message(ctx, summary, t("home.freshness"))

    st.header(t("home.explore"))
    st.markdown(t("home.explore_text"))
    for file in ("app_pages/trajets.py", "app_pages/statistiques.py", "app_pages/carte.py"):
        page_link(file, t, ctx.language)

    st.header(t("home.sources"))
    sources = ctx.api.sources()
    if isinstance(sources, Ok):
        sources_list(ctx, sources.value)
    else:
        outcome_message(ctx, sources, t("home.sources"))
    page_link("app_pages/a_propos.py", t, ctx.language, label=t("home.about_link"))


render(page_context())
