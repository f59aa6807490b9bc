"""Tables and maps of « Depuis ma ville » and « Train ou avion ? »."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.components import geo
from portal.components.charts import DAY_COLOUR, NIGHT_COLOUR, VegaLite, vega_lite
from portal.i18n import Translator
from portal.i18n.countries import country_name
from portal.models import CityRef, Destination, Destinations, LocalTime

#: Destinations listed at a time (the list sorted as a whole; the map shows them all).
LIST_PAGE = 50


def local_time(value: LocalTime, t: Translator) -> str:
    """`09:59 (heure de Berlin)`, with `, 1 j plus tard` when it is another day."""
    text = fmt.clock(value.time, value.time_zone, t.language)
    return t("from.next_day", time=text, days=value.days) if value.days else text


def destinations_table(
    destinations: list[Destination], t: Translator, *, raw: bool
) -> pd.DataFrame:
    """One row per destination city and day/night. `raw`: numbers kept as numbers (sortable)."""
    lang = t.language
    rows = []
    for d in destinations:
        rows.append(
            {
                t("from.col_city"): d.city,
                t("from.col_country"): country_name(d.country, lang),
                t("from.col_period"): t(f"common.{d.day_night}"),
                t("from.col_fastest"): d.fastest_min if raw else fmt.duration(d.fastest_min, lang),
                t("from.col_trains"): d.trains if raw else fmt.number(d.trains, lang),
                t("from.col_weekly"): round(d.weekly_departures, 1)
                if raw
                else fmt.number(d.weekly_departures, lang, 1),
                t("from.col_first"): local_time(d.earliest_departure, t),
                t("from.col_last"): local_time(d.latest_arrival, t),
                t("from.col_co2_train"): d.co2_train_kg
                if raw
                else fmt.number(d.co2_train_kg, lang, 1),
                t("from.col_co2_plane"): d.co2_plane_kg
                if raw
                else fmt.number(d.co2_plane_kg, lang, 1),
            }
        )
    return pd.DataFrame(rows)


def destinations_map(
    origin: CityRef, destinations: list[Destination], t: Translator, area: str
) -> alt.LayerChart | alt.FacetChart:
    """Lines from the origin to each destination (night dashed), points with tooltips."""
    x_scale, y_scale, height = geo.scales(geo.region(area))
    located = [d for d in destinations if d.station.latitude is not None]
    frame = pd.DataFrame(
        [
            {
                "city": d.city,
                "period": t(f"common.{d.day_night}"),
                "x": origin.longitude,
                "y": geo.mercator_y(origin.latitude or 0.0),
                "x2": d.station.longitude,
                "y2": geo.mercator_y(d.station.latitude or 0.0),
                "fastest": fmt.duration(d.fastest_min, t.language),
                "weekly": d.weekly_departures,
                "trains": d.trains,
            }
            for d in located
        ],
        columns=["city", "period", "x", "y", "x2", "y2", "fastest", "weekly", "trains"],
    )
    period = alt.Scale(
        domain=[t("common.day"), t("common.night")], range=[DAY_COLOUR, NIGHT_COLOUR]
    )
    dash = alt.Scale(domain=[t("common.day"), t("common.night")], range=[[1, 0], [6, 3]])
    tooltip = [
        alt.Tooltip("city:N", title=t("from.col_city")),
        alt.Tooltip("period:N", title=t("charts.period")),
        alt.Tooltip("fastest:N", title=t("from.col_fastest")),
        alt.Tooltip("trains:Q", title=t("from.col_trains"), format=",.0f"),
        alt.Tooltip("weekly:Q", title=t("from.col_weekly"), format=",.1f"),
    ]
    lines = (
        alt.Chart(frame)
        .mark_rule(opacity=0.6, clip=True)
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=None),
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            color=alt.Color(
                "period:N",
                scale=period,
                title=t("charts.period"),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("period:N", scale=dash, title=t("charts.period")),
            tooltip=tooltip,
        )
    )
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=50, clip=True)
        .encode(
            x=alt.X("x2:Q", scale=x_scale, axis=None),
            y=alt.Y("y2:Q", scale=y_scale, axis=None),
            color=alt.Color("period:N", scale=period, legend=None),
            shape=alt.Shape(
                "period:N",
                scale=alt.Scale(
                    domain=[t("common.day"), t("common.night")], range=["circle", "triangle-up"]
                ),
                title=t("charts.period"),
            ),
            tooltip=tooltip,
        )
    )
    home = pd.DataFrame(
        [{"x": origin.longitude, "y": geo.mercator_y(origin.latitude or 0.0), "name": origin.city}]
    )
    start = (
        alt.Chart(home)
        .mark_point(shape="square", size=140, color="#111827", filled=True, clip=True)
        .encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), tooltip=alt.Tooltip("name:N", title=t("from.city")))
    )
    label = (
        alt.Chart(home)
        .mark_text(
            align="left",
            dx=9,
            dy=-9,
            fontSize=14,
            fontWeight="bold",
            color="#111827",
            stroke="#FFFFFF",
            strokeWidth=0,
            clip=True,
            aria=False,
        )
        .encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), text=alt.Text("name:N"))
    )
    return geo.on_canvas(
        geo.zoomable(
            alt.layer(geo.basemap_layer(x_scale, y_scale), lines, points, start, label), height
        )
    )


def answer_fingerprint(answer: Destinations) -> str:
    """What tells two answers of /destinations apart (as validated)."""
    return hashlib.blake2b(answer.model_dump_json().encode(), digest_size=16).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=32)
def _converted_map(
    _answer: Destinations, fingerprint: str, _t: Translator, language: str, area: str, name: str
) -> VegaLite:
    chart = destinations_map(_answer.origin, _answer.destinations, _t, area)
    return vega_lite(chart, _t("from.map_description", city=name), _t.language)


@st.cache_resource(show_spinner=False, max_entries=32)
def _tables(
    _answer: Destinations, fingerprint: str, _t: Translator, language: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    destinations = _answer.destinations
    return (
        destinations_table(destinations, _t, raw=False),
        destinations_table(destinations, _t, raw=True),
    )


@dataclass(frozen=True)
class DestinationViews:
    """What Depuis ma ville draws from one answer: the map (Vega-Lite), and the list as text and
    with raw numbers to sort on."""

    map: VegaLite
    table: pd.DataFrame
    raw: pd.DataFrame


def destination_views(
    answer: Destinations, t: Translator, area: str, name: str
) -> DestinationViews:
    """The map and the list, each built once per answer and language (the map per region too)
    for every session of the process (a busy city's map costs more to build than the rest of its
    page; the tables are shared, never modified, only read)."""
    fingerprint = answer_fingerprint(answer)
    table, raw = _tables(answer, fingerprint, t, t.language)
    return DestinationViews(
        _converted_map(answer, fingerprint, t, t.language, area, name), table, raw
    )
