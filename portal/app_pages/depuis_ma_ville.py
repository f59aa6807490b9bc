"""Depuis ma ville: every city reached without changing trains from a city named in any
language, by day and by night, on a map and in a sortable list. The city and the day/night
choice live in the URL (`ville`, `day_night`)."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from portal import formatting as fmt
from portal.client import Ok
from portal.components.charts import draw, sorted_table
from portal.components.journeys import LIST_PAGE, destination_views
from portal.components.layout import outcome_message
from portal.components.shared_filters import DAY_NIGHT
from portal.context import PageContext, page_context
from portal.navigation import language_query

CITY_KEY = "ville"


def city_form(ctx: PageContext) -> tuple[str, str]:
    t = ctx.t
    city = st.query_params.get(CITY_KEY, "")[:100]
    day_night = st.query_params.get("day_night", "all")
    day_night = day_night if day_night in DAY_NIGHT else "all"
    with st.form("from_city", border=True, enter_to_submit=True):
        left, right = st.columns([2, 1])
        typed = left.text_input(t("from.city"), value=city, placeholder="München, Wien, Paris…")
        chosen = right.radio(
            t("filters.day_night"),
            DAY_NIGHT,
            index=DAY_NIGHT.index(day_night),
            format_func=lambda v: t(f"filters.day_night_{v}"),
            horizontal=True,
        )
        if st.form_submit_button(t("from.show"), type="primary", icon=":material/travel_explore:"):
            city, day_night = typed.strip(), chosen or "all"
            query = {CITY_KEY: city} if city else {}
            if day_night != "all":
                query["day_night"] = day_night
            st.query_params.from_dict({**query, **language_query(ctx.language)})
    return city, day_night


def examples(ctx: PageContext) -> None:
    """The busiest cities, as links that open their destinations."""
    stations = ctx.api.busiest_stations(limit=30)
    if not isinstance(stations, Ok):
        outcome_message(ctx, stations, ctx.t("from.examples"))
        return
    cities = list(dict.fromkeys(s.city for s in stations.value if s.city))[:8]
    if not cities:
        return
    links = ", ".join(
        f"[{city}](?{urlencode({CITY_KEY: city, **language_query(ctx.language)})})"
        for city in cities
    )
    st.markdown(ctx.t("from.examples_line", cities=links))


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("from.title"))
    st.markdown(t("from.intro"))
    city, day_night = city_form(ctx)
    if not city:
        st.info(t("from.ask"), icon=":material/info:")
        examples(ctx)
        return
    outcome = ctx.api.destinations(city, None if day_night == "all" else day_night)
    if not isinstance(outcome, Ok):
        outcome_message(ctx, outcome, t("from.list"))
        return
    answer = outcome.value
    name = answer.origin.city or city
    if not answer.destinations:
        st.info(t("from.none", city=name), icon=":material/search_off:")
        return
    top = max(answer.destinations, key=lambda d: d.weekly_departures)
    st.markdown(
        t(
            "from.summary",
            city=name,
            count=fmt.number(len(answer.destinations), ctx.language),
            night=fmt.number(
                sum(d.day_night == "night" for d in answer.destinations), ctx.language
            ),
            top=top.city,
            weekly=fmt.number(top.weekly_departures, ctx.language, 1),
        )
    )
    st.header(t("from.map"))
    area = st.selectbox(
        t("map.region"),
        ["europe", "west", "central", "north", "south_east"],
        format_func=lambda key: t(f"map.region_{key}"),
        help=t("map.zoom_help"),
        key="from_region",
    )
    views = destination_views(answer, t, area or "europe", name)
    draw(views.map, width="content")
    st.header(t("from.list"))
    sorted_table(
        views.table,
        views.raw,
        t("from.list_alt", city=name),
        t,
        "destinations",
        page_size=LIST_PAGE,
    )
    st.caption(t("from.method"))


render(page_context())
