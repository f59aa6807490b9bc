"""The « potentiel de report modal » (the modal-shift model served by the API): its block on
`Train ou avion ?` for one city pair, and its layer on the map. Always with its caveat: the
curve describes existing markets, it is not a demand forecast. A missing model or pair is said
in the block; the rest of the page does not depend on it."""

from __future__ import annotations

import statistics

import altair as alt
import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.client import Ok, Outcome, Problem
from portal.components import geo
from portal.components.layout import outcome_message
from portal.components.stats import ChartBlock
from portal.context import PageContext
from portal.i18n import Translator
from portal.models import CityRef, ModalShift, ModalShiftPairs, ShiftPairPrediction

#: Pairs drawn on the map layer (the busiest of the model's domain).
MAP_PAIRS = 300
TABLE_PAIRS = 50
SHARE_COLOURS = ("#deebf7", "#08519c")  # light to dark blue: a sequential scale


def _share(value: float, ctx: PageContext) -> str:
    return fmt.percent(value, ctx.language, 0)


def caveat(ctx: PageContext) -> None:
    st.caption(ctx.t("shift.caveat"))


def _problem_message(ctx: PageContext, outcome: Outcome[object], what: str) -> None:
    if isinstance(outcome, Problem) and outcome.code == "prediction_input_not_found":
        st.info(ctx.t("shift.no_pair"), icon=":material/search_off:")
    elif isinstance(outcome, Problem) and outcome.code == "model_unavailable":
        st.info(ctx.t("shift.unavailable"), icon=":material/info:")
    else:
        outcome_message(ctx, outcome, what)


def modal_shift_slot(
    ctx: PageContext, origin: CityRef, destination: CityRef, fastest_here: int | None = None
) -> None:
    """The modal-shift potential of origin -> destination, with its interval and caveat.
    `fastest_here`: the fastest train's minutes in this direction, as the page shows it; the
    model takes the pair's fastest in either direction, and says so when they differ."""
    t = ctx.t
    st.subheader(t("plane.model_slot"))
    first = origin.city or origin.query or ""
    second = destination.city or destination.query or ""
    outcome = ctx.api.modal_shift(first, second)
    if isinstance(outcome, Ok):
        show_prediction(ctx, outcome.value)
        minutes = outcome.value.pair.rail_time_min
        if fastest_here is not None and fastest_here != minutes:
            st.markdown(
                t(
                    "shift.direction_note",
                    time=fmt.duration(minutes, ctx.language),
                    origin=first,
                    destination=second,
                    here=fmt.duration(fastest_here, ctx.language),
                )
            )
    else:
        _problem_message(ctx, outcome, t("plane.model_slot"))
    caveat(ctx)


def show_prediction(ctx: PageContext, answer: ModalShift) -> None:
    t, lang = ctx.t, ctx.language
    p, pair = answer.prediction, answer.pair
    level = fmt.percent(answer.model.interval_level, lang, 0)
    left, right = st.columns(2)
    left.metric(t("shift.share"), _share(p.rail_share, ctx), border=True)
    right.metric(
        t("shift.interval", level=level),
        f"{_share(p.low, ctx)} – {_share(p.high, ctx)}",
        border=True,
    )
    time = fmt.duration(pair.rail_time_min, lang)
    st.markdown(
        t(
            "shift.explain",
            time=time,
            share=_share(p.rail_share, ctx),
            low=_share(p.low, ctx),
            high=_share(p.high, ctx),
        )
    )
    if p.extrapolation:
        st.warning(
            t(f"shift.extrapolation_{p.extrapolation}", time=time), icon=":material/warning:"
        )
    mae = answer.model.cv_mae
    st.caption(
        t(
            "shift.model",
            name=answer.model.name,
            version=answer.model.version,
            mae=fmt.number(100 * mae if mae is not None else None, lang, 1),
        )
    )


def map_layer(ctx: PageContext, area: str, params: dict[str, object]) -> None:
    """The map layer of the potential (opt-in), with its text alternative and caveat."""
    from portal.components.charts import show_chart

    t = ctx.t
    st.header(t("shift.map_title"))
    st.markdown(t("shift.map_intro"))
    caveat(ctx)
    if not st.toggle(t("shift.map_toggle"), key="map_shift"):
        return
    outcome = ctx.api.modal_shift_pairs(
        {**params, "sort": "-weekly_departures", "limit": MAP_PAIRS}
    )
    if not isinstance(outcome, Ok):
        _problem_message(ctx, outcome, t("shift.map_title"))
        return
    if not outcome.value.items:
        st.info(t("shift.map_empty"), icon=":material/info:")
        return
    block = shift_map(outcome.value, t, area)
    show_chart(
        block.chart,
        description=block.description,
        summary=block.summary,
        table=block.table,
        t=t,
        key="shift_map",
    )


def _located(items: list[ShiftPairPrediction]) -> list[ShiftPairPrediction]:
    return [
        i
        for i in items
        if None
        not in (i.pair.latitude_a, i.pair.longitude_a, i.pair.latitude_b, i.pair.longitude_b)
    ]


def shift_frame(items: list[ShiftPairPrediction], t: Translator) -> pd.DataFrame:
    lang = t.language
    rows = [
        {
            "pair": f"{i.pair.place_a} – {i.pair.place_b}",
            "lon": i.pair.longitude_a,
            "lat": i.pair.latitude_a,
            "lon2": i.pair.longitude_b,
            "lat2": i.pair.latitude_b,
            "share": i.prediction.rail_share,
            "interval": f"{fmt.percent(i.prediction.low, lang, 0)} – "
            f"{fmt.percent(i.prediction.high, lang, 0)}",
            "time": fmt.duration(i.pair.rail_time_min, lang),
            "weekly": i.pair.weekly_departures or 0.0,
        }
        for i in items
    ]
    columns = ["pair", "lon", "lat", "lon2", "lat2", "share", "interval", "time", "weekly"]
    return pd.DataFrame(rows, columns=columns)


def shift_map(answer: ModalShiftPairs, t: Translator, area: str = "europe") -> ChartBlock:
    lang = t.language
    located = _located(answer.items)
    data = shift_frame(located, t)
    x_scale, y_scale, height = geo.scales(geo.region(area))
    legend = alt.Legend(orient="bottom", format=".0%")
    lines = geo.route_lines(data, x_scale, y_scale, opacity=0.8).encode(
        # Colour and width both carry the share: colour is never the only cue.
        color=alt.Color(
            "share:Q",
            title=t("shift.legend"),
            scale=alt.Scale(domain=[0, 1], range=list(SHARE_COLOURS)),
            legend=legend,
        ),
        strokeWidth=alt.StrokeWidth(
            "share:Q",
            title=t("shift.legend"),
            scale=alt.Scale(domain=[0, 1], range=[0.5, 4]),
            legend=legend,
        ),
        order=alt.Order("share:Q"),
        tooltip=[
            alt.Tooltip("pair:N", title=t("shift.col_pair")),
            alt.Tooltip("time:N", title=t("shift.col_time")),
            alt.Tooltip("share:Q", title=t("shift.col_share"), format=".0%"),
            alt.Tooltip("interval:N", title=t("shift.col_interval")),
            alt.Tooltip("weekly:Q", title=t("shift.col_weekly"), format=",.0f"),
        ],
    )
    chart = geo.zoomable(alt.layer(geo.basemap_layer(x_scale, y_scale), lines), height)
    shares = [i.prediction.rail_share for i in located]
    top = max(located, key=lambda i: i.prediction.rail_share, default=None)
    summary = t(
        "shift.map_summary",
        pairs=fmt.number(len(located), lang),
        low=fmt.percent(min(shares, default=None), lang, 0),
        high=fmt.percent(max(shares, default=None), lang, 0),
        median=fmt.percent(statistics.median(shares) if shares else None, lang, 0),
        top=f"{top.pair.place_a} – {top.pair.place_b}" if top else fmt.MISSING,
        top_share=fmt.percent(top.prediction.rail_share if top else None, lang, 0),
    )
    table = pd.DataFrame(
        [
            {
                t("shift.col_pair"): f"{i.pair.place_a} – {i.pair.place_b}",
                t("shift.col_time"): fmt.duration(i.pair.rail_time_min, lang),
                t("shift.col_share"): fmt.percent(i.prediction.rail_share, lang, 0),
                t("shift.col_interval"): f"{fmt.percent(i.prediction.low, lang, 0)} – "
                f"{fmt.percent(i.prediction.high, lang, 0)}",
                t("shift.col_weekly"): fmt.number(i.pair.weekly_departures, lang),
            }
            for i in located[:TABLE_PAIRS]
        ]
    )
    return ChartBlock(chart, t("shift.map_description"), summary, table)
