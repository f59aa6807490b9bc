"""Train ou avion ?: every direct train between two cities against the plane door to door
(a sourced estimate made by the API), the CO2 of each, a verdict; and the relations where the
train is both faster and lower-carbon. The cities live in the URL (`de`, `a`)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.client import Ok
from portal.components.charts import sorted_table
from portal.components.journeys import local_time
from portal.components.layout import outcome_message
from portal.components.modal_shift import modal_shift_slot
from portal.components.tables import data_table
from portal.context import PageContext, page_context
from portal.i18n.countries import country_name
from portal.models import Comparison, PlaneEstimate, TrainOption, WinningPairs
from portal.navigation import language_query


def cities_form(ctx: PageContext) -> tuple[str, str]:
    t = ctx.t
    origin, destination = st.query_params.get("de", "")[:100], st.query_params.get("a", "")[:100]
    with st.form("train_or_plane", border=True, enter_to_submit=True):
        left, right = st.columns(2)
        typed_origin = left.text_input(t("plane.from"), value=origin, placeholder="Paris")
        typed_destination = right.text_input(t("plane.to"), value=destination, placeholder="Berlin")
        if st.form_submit_button(
            t("plane.compare"), type="primary", icon=":material/compare_arrows:"
        ):
            origin, destination = typed_origin.strip(), typed_destination.strip()
            query = {k: v for k, v in (("de", origin), ("a", destination)) if v}
            st.query_params.from_dict({**query, **language_query(ctx.language)})
    return origin, destination


def _minutes(value: float | None, ctx: PageContext) -> str:
    return fmt.duration(abs(value) if value is not None else None, ctx.language)


def verdict(ctx: PageContext, fastest: TrainOption, plane: PlaneEstimate | None) -> None:
    t, lang = ctx.t, ctx.language
    st.subheader(t("plane.fastest"))
    st.markdown(
        t(
            "plane.train_line",
            train=fastest.train or fmt.MISSING,
            operator=fastest.operator or fmt.MISSING,
            departure=local_time(fastest.departure, t),
            from_station=fastest.from_station,
            arrival=local_time(fastest.arrival, t),
            to_station=fastest.to_station,
            duration=fmt.duration(fastest.rail_min, lang),
        )
    )
    first, second, third, fourth = st.columns(4)
    first.metric(t("plane.metric_train"), fmt.duration(fastest.door_to_door_min, lang), border=True)
    second.metric(
        t("plane.metric_plane"),
        fmt.duration(plane.door_to_door_min if plane else None, lang),
        help=t("plane.metric_plane_help"),
        border=True,
    )
    third.metric(
        t("plane.metric_co2_train"),
        t("plane.kg", value=fmt.number(fastest.co2_train_kg, lang, 1)),
        border=True,
    )
    fourth.metric(
        t("plane.metric_co2_plane"),
        t("plane.kg", value=fmt.number(plane.co2_kg if plane else None, lang, 1)),
        border=True,
    )
    ratio = (
        fmt.number(plane.co2_kg / fastest.co2_train_kg, lang, 0)
        if plane and plane.co2_kg and fastest.co2_train_kg
        else fmt.MISSING
    )
    st.markdown(
        t(
            f"plane.verdict_{fastest.verdict}",
            minutes=_minutes(fastest.minutes_saved, ctx),
            ratio=ratio,
        )
    )


def breakdown(ctx: PageContext, plane: PlaneEstimate) -> None:
    t, lang = ctx.t, ctx.language
    st.subheader(t("plane.breakdown"))
    steps = [
        (t("plane.step_access", airport=plane.origin_airport.iata), plane.access_min),
        (t("plane.step_before"), plane.airport_before_min),
        (t("plane.step_flight", km=fmt.number(plane.distance_km, lang)), plane.flight_min),
        (t("plane.step_after"), plane.airport_after_min),
        (t("plane.step_egress", airport=plane.destination_airport.iata), plane.egress_min),
    ]
    table = pd.DataFrame(
        [{t("plane.step"): step, t("plane.minutes"): fmt.number(m, lang)} for step, m in steps]
    )
    data_table(table, t("plane.breakdown_alt"))


def _text(frame: pd.DataFrame, ctx: PageContext, whole: tuple[str, ...] = ()) -> pd.DataFrame:
    """Numbers written the page's way (the raw frame keeps them for sorting): the `whole`
    columns (minutes, counts) without decimals even when pandas made them floats (a column
    with a missing value), other decimals with one; a missing value as a dash."""

    def writer(name: object) -> Callable[[object], object]:
        digits = 0 if name in whole else 1

        def cell(value: object) -> object:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return fmt.MISSING
            if isinstance(value, bool):
                return value
            if isinstance(value, int):
                return fmt.number(value, ctx.language)
            if isinstance(value, float):
                return fmt.number(value, ctx.language, digits)
            return value

        return cell

    text: pd.DataFrame = frame.apply(lambda column: column.map(writer(column.name)))
    return text


def trains(ctx: PageContext, answer: Comparison) -> None:
    t = ctx.t
    st.subheader(t("plane.trains"))
    raw = pd.DataFrame(
        [
            {
                t("plane.col_train"): o.train or fmt.MISSING,
                t("charts.period"): t(f"common.{o.day_night}"),
                t("plane.col_departure"): local_time(o.departure, t),
                t("plane.col_arrival"): local_time(o.arrival, t),
                t("plane.col_rail_min"): o.rail_min,
                t("plane.col_door_min"): o.door_to_door_min,
                t("plane.col_saved_min"): o.minutes_saved,
                t("from.col_weekly"): o.weekly_departures,
                t("plane.col_co2"): o.co2_train_kg,
            }
            for o in answer.trains
        ]
    )
    minutes = (t("plane.col_rail_min"), t("plane.col_door_min"), t("plane.col_saved_min"))
    sorted_table(
        _text(raw, ctx, minutes),
        raw,
        t("plane.trains_alt", origin=answer.origin.city, destination=answer.destination.city),
        t,
        "trains",
    )


def method(ctx: PageContext, answer: Comparison) -> None:
    m = answer.method
    st.caption(
        ctx.t(
            "plane.method",
            before=m.get("airport_before_min", fmt.MISSING),
            after=m.get("airport_after_min", fmt.MISSING),
            fixed=fmt.number(m.get("flight_fixed_min"), ctx.language),
        )
    )


def winning_pairs(ctx: PageContext, pairs: WinningPairs) -> None:
    t, lang = ctx.t, ctx.language
    st.header(t("plane.pairs"))
    st.markdown(t("plane.pairs_intro", count=fmt.number(pairs.total, lang)))
    raw = pd.DataFrame(
        [
            {
                t("plane.col_origin"): f"{p.origin} ({country_name(p.origin_country, lang)})",
                t("plane.col_destination"): (
                    f"{p.destination} ({country_name(p.destination_country, lang)})"
                ),
                t("plane.col_train"): p.train or fmt.MISSING,
                t("plane.col_door_min"): p.train_door_to_door_min,
                t("plane.col_plane_min"): p.plane_door_to_door_min,
                t("plane.col_saved_min"): p.minutes_saved,
                t("plane.col_plane_km"): p.plane_km,
            }
            for p in pairs.pairs
        ]
    )
    minutes = (t("plane.col_door_min"), t("plane.col_plane_min"), t("plane.col_saved_min"))
    sorted_table(_text(raw, ctx, minutes), raw, t("plane.pairs_alt"), t, "pairs")


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("plane.title"))
    st.markdown(t("plane.intro"))
    origin, destination = cities_form(ctx)
    if origin and destination:
        outcome = ctx.api.comparison(origin, destination)
        if isinstance(outcome, Ok):
            answer = outcome.value
            if answer.fastest is None:
                st.info(
                    t(
                        "plane.no_train",
                        origin=answer.origin.city,
                        destination=answer.destination.city,
                    ),
                    icon=":material/search_off:",
                )
            else:
                verdict(ctx, answer.fastest, answer.plane)
                if answer.plane:
                    breakdown(ctx, answer.plane)
                trains(ctx, answer)
                method(ctx, answer)
                modal_shift_slot(ctx, answer.origin, answer.destination, answer.fastest.rail_min)
        else:
            outcome_message(ctx, outcome, t("plane.title"))
    else:
        st.info(t("plane.ask"), icon=":material/info:")
    pairs = ctx.api.winning_pairs(limit=100)
    if isinstance(pairs, Ok):
        winning_pairs(ctx, pairs.value)
    else:
        outcome_message(ctx, pairs, t("plane.pairs"))


render(page_context())
