"""Carte: day and night routes across Europe, filterable by period, country and operator,
with the busiest routes as a table."""

from __future__ import annotations

import streamlit as st

from portal.client import Ok
from portal.components import geo
from portal.components.charts import show_chart
from portal.components.layout import outcome_message
from portal.components.modal_shift import map_layer
from portal.components.route_map import TABLE_ROUTES, converted_route_map
from portal.components.shared_filters import shared_filter_form
from portal.context import PageContext, page_context
from portal.filters import TrajetFilters


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("map.title"))
    st.markdown(t("map.intro"))
    current = TrajetFilters.from_query(st.query_params.to_dict()).shared()
    filters = shared_filter_form(ctx, current, "map_filters")
    st.header(t("map.routes"))
    routes = ctx.api.map_routes(filters.statistics())
    if not isinstance(routes, Ok):
        outcome_message(ctx, routes, t("map.routes"))
        return
    if not routes.value.routes:
        st.info(t("map.empty"), icon=":material/info:")
        return
    area = st.selectbox(
        t("map.region"),
        [r.key for r in geo.REGIONS],
        format_func=lambda key: t(f"map.region_{key}"),
        help=t("map.zoom_help"),
        key="map_region",
    )
    block = converted_route_map(routes.value.routes, t, area or "europe")
    st.caption(t("map.table_note", count=TABLE_ROUTES))
    show_chart(
        block.chart,
        description=block.description,
        summary=block.summary,
        table=block.table,
        t=t,
        key="map_routes",
    )
    countries = filters.countries
    map_layer(ctx, area or "europe", {"country": countries[0]} if len(countries) == 1 else {})


render(page_context())
