"""Day and night routes on a map of Europe: coastlines and borders shipped with the portal (no
tile server), routes as lines, the busiest stations as labelled points kept apart so that labels
never overlap; zoom and pan with the mouse, a region chosen with the keyboard. Night routes are
drawn dashed as well as in another colour, so colour is never the only cue; tooltips on routes
and stations."""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import altair as alt
import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.components import geo
from portal.components.charts import DAY_COLOUR, NIGHT_COLOUR, vega_lite
from portal.components.stats import ChartBlock
from portal.i18n import Translator
from portal.models import Route

LABELLED_STATIONS = 12
TABLE_ROUTES = 50
#: Two labelled stations are at least this far apart (degrees), so labels do not overlap.
LABEL_SPACING_DEG = 2.0


def _located(routes: list[Route]) -> list[Route]:
    return [
        r
        for r in routes
        if None
        not in (
            r.origin.latitude,
            r.origin.longitude,
            r.destination.latitude,
            r.destination.longitude,
        )
    ]


def routes_frame(routes: list[Route], t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "origin": r.origin.name,
                "destination": r.destination.name,
                "lon": r.origin.longitude,
                "lat": r.origin.latitude,
                "lon2": r.destination.longitude,
                "lat2": r.destination.latitude,
                "period": t(f"common.{r.day_night}"),
                "trajets": r.trajets,
                "weekly": r.weekly_departures or 0.0,
            }
            for r in routes
        ],
        columns=[
            "origin",
            "destination",
            "lon",
            "lat",
            "lon2",
            "lat2",
            "period",
            "trajets",
            "weekly",
        ],
    )


def busiest_stations(routes: list[Route]) -> pd.DataFrame:
    weight: Counter[str] = Counter()
    where: dict[str, tuple[str, float, float]] = {}
    for r in routes:
        for end in (r.origin, r.destination):
            weight[end.id] += r.trajets
            where[end.id] = (end.name, end.longitude or 0.0, end.latitude or 0.0)
    labelled: list[tuple[str, float, float]] = []
    for station_id, _ in weight.most_common():
        name, lon, lat = where[station_id]
        if all(math.dist((lon, lat), (x, y)) >= LABEL_SPACING_DEG for _, x, y in labelled):
            labelled.append((name, lon, lat))
        if len(labelled) == LABELLED_STATIONS:
            break
    rows = [{"name": name, "lon": lon, "lat": lat} for name, lon, lat in labelled]
    return pd.DataFrame(rows, columns=["name", "lon", "lat"])


def route_map(routes: list[Route], t: Translator, area: str = "europe") -> ChartBlock:
    lang = t.language
    located = _located(routes)
    data = routes_frame(located, t)
    x_scale, y_scale, height = geo.scales(geo.region(area))
    period_scale = alt.Scale(
        domain=[t("common.day"), t("common.night")], range=[DAY_COLOUR, NIGHT_COLOUR]
    )
    lines = geo.route_lines(data, x_scale, y_scale, opacity=0.75).encode(
        color=alt.Color(
            "period:N",
            scale=period_scale,
            title=t("charts.period"),
            legend=alt.Legend(orient="bottom"),
        ),
        strokeDash=alt.StrokeDash(
            "period:N",
            title=t("charts.period"),
            scale=alt.Scale(domain=[t("common.day"), t("common.night")], range=[[1, 0], [6, 3]]),
        ),
        strokeWidth=alt.StrokeWidth(
            "weekly:Q",
            title=t("map.weekly"),
            scale=alt.Scale(range=[0.8, 4]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("origin:N", title=t("map.col_origin")),
            alt.Tooltip("destination:N", title=t("map.col_destination")),
            alt.Tooltip("period:N", title=t("charts.period")),
            alt.Tooltip("trajets:Q", title=t("stats.axis_trajets"), format=",.0f"),
            alt.Tooltip("weekly:Q", title=t("map.weekly"), format=",.1f"),
        ],
    )
    stations = busiest_stations(located)
    stations["y"] = stations["lat"].map(geo.mercator_y)
    points = (
        alt.Chart(stations)
        .mark_circle(size=45, color="#111827", clip=True)
        .encode(
            x=alt.X("lon:Q", scale=x_scale, axis=None),
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            tooltip=alt.Tooltip("name:N", title=t("map.station")),
        )
    )
    halos = (
        alt.Chart(stations)
        .mark_text(
            align="left",
            dx=6,
            dy=-6,
            fontSize=12,
            clip=True,
            aria=False,
            stroke="#FFFFFF",
            strokeWidth=3,
        )
        .encode(x=alt.X("lon:Q"), y=alt.Y("y:Q"), text=alt.Text("name:N"))
    )
    labels = (
        alt.Chart(stations)
        .mark_text(align="left", dx=6, dy=-6, fontSize=12, clip=True, aria=False, color="#111827")
        .encode(x=alt.X("lon:Q"), y=alt.Y("y:Q"), text=alt.Text("name:N"))
    )
    chart = geo.zoomable(
        alt.layer(geo.basemap_layer(x_scale, y_scale), lines, points, halos, labels), height
    )

    night = sum(1 for r in located if r.day_night == "night")
    top = max(located, key=lambda r: r.weekly_departures or 0, default=None)
    summary = t(
        "map.summary",
        routes=fmt.number(len(located), lang),
        night=fmt.number(night, lang),
        day=fmt.number(len(located) - night, lang),
        top=f"{top.origin.name} – {top.destination.name}" if top else fmt.MISSING,
        top_weekly=fmt.number(top.weekly_departures if top else None, lang),
    )
    if len(located) < len(routes):
        summary += " " + t("map.unlocated", count=len(routes) - len(located))
    ranked = sorted(routes, key=lambda r: (r.weekly_departures or 0, r.trajets), reverse=True)[
        :TABLE_ROUTES
    ]
    table = pd.DataFrame(
        [
            {
                t("map.col_origin"): r.origin.name,
                t("map.col_destination"): r.destination.name,
                t("charts.period"): t(f"common.{r.day_night}"),
                t("stats.axis_trajets"): fmt.number(r.trajets, lang),
                t("map.weekly"): fmt.number(r.weekly_departures, lang, 1),
            }
            for r in ranked
        ]
    )
    return ChartBlock(chart, t("map.description"), summary, table)


def routes_fingerprint(routes: list[Route]) -> str:
    """What tells two lists of routes apart (the API's answer, as validated)."""
    digest = hashlib.blake2b(digest_size=16)
    for route in routes:
        digest.update(route.model_dump_json().encode())
    return digest.hexdigest()


@st.cache_resource(show_spinner=False, max_entries=32)
def _converted_map(
    _routes: list[Route], fingerprint: str, _t: Translator, language: str, area: str
) -> ChartBlock:
    block = route_map(_routes, _t, area)
    return ChartBlock(
        vega_lite(block.chart, block.description, _t.language),  # type: ignore[arg-type]
        block.description,
        block.summary,
        block.table,
    )


def converted_route_map(routes: list[Route], t: Translator, area: str = "europe") -> ChartBlock:
    """`route_map`, converted to Vega-Lite once per routes, language and region for every
    session of the process: the map's Altair layers cost more to build and convert than
    everything else on the page (the same answer of the API gives the same map)."""
    return _converted_map(routes, routes_fingerprint(routes), t, t.language, area)
