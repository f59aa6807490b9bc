"""Day and night routes drawn on a longitude/latitude projection of Europe.

No map tiles (they cannot load offline): a graticule, the routes as lines and the busiest
stations as labelled points are enough to read the map. Night routes are drawn dashed as well
as in another colour, so colour is never the only cue."""

from __future__ import annotations

import math
from collections import Counter

import altair as alt
import pandas as pd

from portal import formatting as fmt
from portal.components.charts import DAY_COLOUR, NIGHT_COLOUR
from portal.components.stats import ChartBlock
from portal.i18n import Translator
from portal.models import Route

LABELLED_STATIONS = 12
TABLE_ROUTES = 50
#: Europe is taller than wide on a Mercator projection: the map is drawn narrower than charts.
MAP_WIDTH, MAP_HEIGHT = 640, 700
#: Degrees of margin around the routes when fitting the projection.
MARGIN_DEG = 1.0
#: Two labelled stations are at least this far apart (degrees), so labels do not overlap.
LABEL_SPACING_DEG = 2.0


def bounds(routes: list[Route]) -> list[list[float]]:
    """[[west, south], [east, north]] of the routes, with a margin."""
    lons = [
        p for r in routes for p in (r.origin.longitude, r.destination.longitude) if p is not None
    ]
    lats = [p for r in routes for p in (r.origin.latitude, r.destination.latitude) if p is not None]
    return [
        [min(lons) - MARGIN_DEG, min(lats) - MARGIN_DEG],
        [max(lons) + MARGIN_DEG, max(lats) + MARGIN_DEG],
    ]


def fit_box(corners: list[list[float]]) -> dict[str, object]:
    """A GeoJSON collection of the two corners, to fit the projection to them."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPoint", "coordinates": corners},
            }
        ],
    }


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


def route_map(routes: list[Route], t: Translator) -> ChartBlock:
    lang = t.language
    located = _located(routes)
    data = routes_frame(located, t)
    period_scale = alt.Scale(
        domain=[t("common.day"), t("common.night")], range=[DAY_COLOUR, NIGHT_COLOUR]
    )
    corners = bounds(located)
    graticule = alt.Chart(alt.graticule(extent=corners, step=[5, 5])).mark_geoshape(
        stroke="#C9CED6", strokeWidth=0.5, filled=False
    )
    lines = (
        alt.Chart(data)
        .mark_rule(opacity=0.7)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            longitude2="lon2:Q",
            latitude2="lat2:Q",
            color=alt.Color(
                "period:N",
                scale=period_scale,
                title=t("charts.period"),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "period:N",
                title=t("charts.period"),
                scale=alt.Scale(
                    domain=[t("common.day"), t("common.night")], range=[[1, 0], [6, 3]]
                ),
            ),
            strokeWidth=alt.StrokeWidth(
                "weekly:Q", title=t("map.weekly"), scale=alt.Scale(range=[0.6, 3.5])
            ),
            tooltip=[
                alt.Tooltip("origin:N", title=t("map.col_origin")),
                alt.Tooltip("destination:N", title=t("map.col_destination")),
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("weekly:Q", title=t("map.weekly"), format=".0f"),
            ],
        )
    )
    stations = busiest_stations(located)
    points = (
        alt.Chart(stations)
        .mark_circle(size=40, color="#111827")
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            tooltip=alt.Tooltip("name:N", title=t("map.station")),
        )
    )
    halos = (
        alt.Chart(stations)
        .mark_text(align="left", dx=5, dy=-5, fontSize=12, stroke="#FFFFFF", strokeWidth=3)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    labels = (
        alt.Chart(stations)
        .mark_text(align="left", dx=5, dy=-5, fontSize=12, color="#111827")
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    chart = (
        alt.layer(graticule, lines, points, halos, labels)
        .project(type="mercator", fit=fit_box(corners))
        .properties(width=MAP_WIDTH, height=MAP_HEIGHT)
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
