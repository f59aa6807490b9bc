"""Day and night routes on a map of Europe: coastlines and borders shipped with the portal (no
tile server), routes as lines, the busiest stations as labelled points kept apart so that labels
never overlap; zoom and pan with the mouse, a region chosen with the keyboard. Night routes are
drawn dashed as well as in another colour, so colour is never the only cue; tooltips on routes
and stations."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.components import geo
from portal.components.charts import DAY_COLOUR, NIGHT_COLOUR, vega_lite
from portal.components.stats import ChartBlock
from portal.i18n import Translator
from portal.models import Route, RouteEnd

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


@dataclass(frozen=True)
class MapLine:
    """One line of the map: the routes between two stations in one period, both directions
    together (`both`: served each way). Its trajets and departures add both directions."""

    first: RouteEnd
    second: RouteEnd
    day_night: str
    trajets: int
    weekly: float
    both: bool


def map_lines(routes: list[Route]) -> list[MapLine]:
    """The routes as lines, a station pair's two directions merged into one (drawn once:
    the same segment twice costs the browser twice and shows nothing more), busiest first.
    The first station is that of the busier direction."""
    grouped: dict[tuple[frozenset[str], str], list[Route]] = {}
    for route in routes:
        key = (frozenset((route.origin.id, route.destination.id)), route.day_night)
        grouped.setdefault(key, []).append(route)
    lines = []
    for group in grouped.values():
        busiest = max(group, key=lambda r: (r.weekly_departures or 0, r.trajets))
        lines.append(
            MapLine(
                first=busiest.origin,
                second=busiest.destination,
                day_night=busiest.day_night,
                trajets=sum(r.trajets for r in group),
                weekly=sum(r.weekly_departures or 0.0 for r in group),
                both=len({r.origin.id for r in group}) > 1,
            )
        )
    return sorted(lines, key=lambda line: (line.weekly, line.trajets), reverse=True)


def lines_frame(lines: list[MapLine], t: Translator) -> pd.DataFrame:
    """The map's data: only what it draws and its tooltips show."""
    return pd.DataFrame(
        [
            {
                "link": f"{line.first.name} {'↔' if line.both else '→'} {line.second.name}",
                "lon": line.first.longitude,
                "lat": line.first.latitude,
                "lon2": line.second.longitude,
                "lat2": line.second.latitude,
                "period": t(f"common.{line.day_night}"),
                "trajets": line.trajets,
                "weekly": line.weekly,
            }
            for line in lines
        ],
        columns=["link", "lon", "lat", "lon2", "lat2", "period", "trajets", "weekly"],
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
    drawn = map_lines(located)
    data = lines_frame(drawn, t)
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
            alt.Tooltip("link:N", title=t("map.col_link")),
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
    chart = geo.on_canvas(
        geo.zoomable(
            alt.layer(geo.basemap_layer(x_scale, y_scale), lines, points, halos, labels), height
        )
    )

    night = sum(1 for line in drawn if line.day_night == "night")
    top = drawn[0] if drawn else None
    summary = t(
        "map.summary",
        routes=fmt.number(len(drawn), lang),
        night=fmt.number(night, lang),
        day=fmt.number(len(drawn) - night, lang),
        top=f"{top.first.name} – {top.second.name}" if top else fmt.MISSING,  # intro: both ways
        top_weekly=fmt.number(top.weekly if top else None, lang),
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
