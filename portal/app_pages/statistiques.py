"""Statistiques: day/night split, volumes by operator and by country, duration and distance
distributions, CO2 by train and by plane. Each chart has a summary and a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from portal import formatting as fmt
from portal.client import Ok, Outcome
from portal.components import stats
from portal.components.charts import factor_label, show_chart
from portal.components.layout import external_link, outcome_message
from portal.components.shared_filters import shared_filter_form
from portal.components.validity import summary_editions, validity_notice
from portal.context import PageContext, page_context
from portal.filters import TrajetFilters
from portal.models import Co2Stats

T = TypeVar("T")


def section[T](
    ctx: PageContext,
    title: str,
    outcome: Outcome[T],
    build: Callable[[T], stats.ChartBlock],
    is_empty: Callable[[T], bool],
) -> None:
    st.header(title)
    section_body(ctx, title, outcome, build, is_empty)


def section_body[T](
    ctx: PageContext,
    title: str,
    outcome: Outcome[T],
    build: Callable[[T], stats.ChartBlock],
    is_empty: Callable[[T], bool],
) -> None:
    if not isinstance(outcome, Ok):
        outcome_message(ctx, outcome, title)
        return
    if is_empty(outcome.value):
        st.info(ctx.t("stats.no_data"), icon=":material/info:")
        return
    block = build(outcome.value)
    show_chart(
        block.chart,
        description=block.description,
        summary=block.summary,
        table=block.table,
        t=ctx.t,
        sortable=block.sortable,
        key=title,
    )


#: The distributions shown one at a time (the first by default).
DISTRIBUTIONS = ("duration", "distance")


@st.fragment
def distributions(ctx: PageContext, params: dict[str, object]) -> None:
    """Durations or distances, one chart at a time, chosen with a radio group (a fragment:
    choosing reruns only this section)."""
    t = ctx.t
    st.header(t("stats.distributions"))
    metric = st.radio(
        t("stats.distribution_choice"),
        DISTRIBUTIONS,
        format_func=lambda m: t(f"stats.metric_{m}"),
        horizontal=True,
        key="stats_distribution",
    )
    metric = metric or DISTRIBUTIONS[0]
    section_body(
        ctx,
        t(f"stats.distribution_{metric}"),
        ctx.api.distribution(metric, params),
        lambda d: stats.distribution_chart(d, t),
        lambda d: not d.bins,
    )


def co2_factors(ctx: PageContext, co2: Co2Stats) -> None:
    if not co2.factors:
        return
    lines = []
    for factor in co2.factors:
        source = factor.source_name or fmt.MISSING
        if factor.source_url:
            source = external_link(source, factor.source_url, ctx)
        lines.append(
            ctx.t(
                "stats.factor_line",
                label=factor_label(factor, ctx.t),
                value=fmt.number(factor.kg_per_pkm, ctx.language, 4),
                source=source,
            )
        )
    st.markdown(ctx.t("stats.factors_intro") + "\n\n" + "\n".join(f"- {line}" for line in lines))


def co2_left_out(ctx: PageContext, co2: Co2Stats) -> None:
    """Say how many trajets the CO2 averages leave out (no distance, no airport), never silently."""
    lines = [
        ctx.t(
            "stats.co2_left_out",
            period=ctx.t(f"common.{row.day_night}"),
            comparable=fmt.number(row.comparable, ctx.language),
            missing=fmt.number(row.trajets - row.comparable, ctx.language),
        )
        for row in co2.by_day_night
        if row.comparable is not None
    ]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))


def validity(ctx: PageContext) -> None:
    summary = ctx.api.summary()
    if not isinstance(summary, Ok):
        return
    validity_notice(summary.value.timetables_status, summary_editions(summary.value), ctx.t)


def render(ctx: PageContext) -> None:
    t, api = ctx.t, ctx.api
    st.title(t("stats.title"))
    st.markdown(t("stats.intro"))
    validity(ctx)
    current = TrajetFilters.from_query(st.query_params.to_dict()).shared()
    filters = shared_filter_form(ctx, current, "stats_filters")
    params = filters.statistics()
    by_operator = api.volumes("operator", params)
    section(
        ctx,
        t("stats.split"),
        by_operator,
        lambda v: stats.day_night_split(v, t),
        lambda v: v.totals.trajets.total == 0 and not v.groups,
    )
    section(
        ctx,
        t("stats.by_operator"),
        by_operator,
        lambda v: stats.volumes_by_group(v, t),
        lambda v: not v.groups,
    )
    section(
        ctx,
        t("stats.by_country"),
        api.volumes("country", params),
        lambda v: stats.volumes_by_group(v, t),
        lambda v: not v.groups,
    )
    st.caption(t("stats.coverage_note"))
    distributions(ctx, params)
    co2 = api.co2(params)
    section(
        ctx,
        t("stats.co2"),
        co2,
        lambda c: stats.co2_comparison(c, t),
        lambda c: not c.by_day_night,
    )
    if isinstance(co2, Ok):
        co2_left_out(ctx, co2.value)
        co2_factors(ctx, co2.value)


render(page_context())
