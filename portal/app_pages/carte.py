"""Carte: day and night routes across Europe, filterable by period, country and operator,
with the busiest routes as a table."""

from __future__ import annotations

import streamlit as st

from portal.client import Ok
from portal.components.charts import show_chart
from portal.components.layout import outcome_message
from portal.components.route_map import TABLE_ROUTES, route_map
from portal.context import PageContext, page_context
from portal.filters import TrajetFilters
from portal.i18n.countries import country_name
from portal.navigation import language_query


def map_filters(ctx: PageContext, countries: list[str]) -> TrajetFilters:
    """Period and country, read from and written to the URL."""
    t = ctx.t
    current = TrajetFilters.from_query(st.query_params.to_dict())
    periods = ["all", "day", "night"]
    codes = ["", *sorted(set(countries) | ({current.country} if current.country else set()))]
    left, right = st.columns(2)
    day_night = left.radio(
        t("filters.day_night"),
        periods,
        index=periods.index(current.day_night),
        format_func=lambda v: t(f"filters.day_night_{v}"),
        horizontal=True,
    )
    country = right.selectbox(
        t("filters.country"),
        codes,
        index=codes.index(current.country),
        format_func=lambda c: country_name(c, ctx.language) if c else t("filters.any_country"),
    )
    chosen = TrajetFilters(day_night=day_night or "all", country=country or "")  # type: ignore[arg-type]
    shown = TrajetFilters(day_night=current.day_night, country=current.country)
    if chosen != shown:
        st.query_params.from_dict({**chosen.to_query(), **language_query(ctx.language)})
    return chosen


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("map.title"))
    st.markdown(t("map.intro"))
    countries = ctx.api.volumes("country")
    filters = map_filters(
        ctx, [g.key for g in countries.value.groups if g.key] if isinstance(countries, Ok) else []
    )
    st.header(t("map.routes"))
    routes = ctx.api.map_routes(filters.without_paging())
    if not isinstance(routes, Ok):
        outcome_message(ctx, routes, t("map.routes"))
        return
    if not routes.value.routes:
        st.info(t("map.empty"), icon=":material/info:")
        return
    block = route_map(routes.value.routes, t)
    st.caption(t("map.table_note", count=TABLE_ROUTES))
    show_chart(
        block.chart,
        description=block.description,
        summary=block.summary,
        table=block.table,
        t=t,
    )


render(page_context())
