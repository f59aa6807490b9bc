"""One trajet opened: its calls and times, distance, CO2 by train and by plane (with method and
factor sources), and the source and licence it comes from."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from portal import formatting as fmt
from portal.components.charts import NEUTRAL_COLOUR, NIGHT_COLOUR, axis, factor_label, show_chart
from portal.components.layout import external_link
from portal.components.tables import data_table
from portal.components.trajet_table import arrival_label, period_label, train_label
from portal.context import PageContext
from portal.i18n import Translator
from portal.i18n.countries import country_name
from portal.models import Co2Factor, TrajetDetail


def _method(t: Translator, family: str, code: str | None) -> str:
    """A method code (`factor`, `calls`...) in words, or the code itself when unknown."""
    key = f"detail.{family}_{code}"
    return t(key) if code and t.has(key) else (code or fmt.MISSING)


def _time_with_offset(time: str | None, offset: int | None, ctx: PageContext) -> str:
    if not time:
        return fmt.MISSING
    return ctx.t("trajets.next_day", time=time, days=offset) if offset else time


#: After a station placed at its town's centre (no station reference knows it).
TOWN_MARK = " *"


def calls_frame(trajet: TrajetDetail, ctx: PageContext) -> pd.DataFrame:
    t = ctx.t
    return pd.DataFrame(
        [
            {
                t("detail.col_seq"): str(position),
                t("detail.col_station"): call.station.name
                + (TOWN_MARK if call.station.coordinates_precision == "town" else ""),
                t("detail.col_country"): country_name(call.station.country, ctx.language),
                t("detail.col_arrival"): _time_with_offset(
                    call.arrival_local, call.arrival_day_offset, ctx
                ),
                t("detail.col_departure"): _time_with_offset(
                    call.departure_local, call.departure_day_offset, ctx
                ),
            }
            for position, call in enumerate(sorted(trajet.calls, key=lambda c: c.seq), start=1)
        ]
    )


def _factor_text(factor: Co2Factor | None, ctx: PageContext) -> str:
    if factor is None:
        return ctx.t("detail.no_factor")
    value = fmt.number(factor.kg_per_pkm, ctx.language, 4)
    source = factor.source_name or fmt.MISSING
    if factor.source_url:
        source = external_link(source, factor.source_url, ctx)
    return ctx.t("detail.factor", label=factor_label(factor, ctx.t), value=value, source=source)


def overview(trajet: TrajetDetail, ctx: PageContext) -> None:
    t, lang = ctx.t, ctx.language
    operator = (trajet.operator.name if trajet.operator else None) or fmt.MISSING
    st.markdown(
        t(
            "detail.overview",
            train=train_label(trajet),
            operator=operator,
            period=period_label(trajet, t).lower(),
            origin=trajet.origin.name,
            destination=trajet.destination.name,
            departure=trajet.departure_local or fmt.MISSING,
            arrival=arrival_label(trajet, t),
            duration=fmt.duration(trajet.duration_min, lang),
            distance=fmt.number(trajet.distance_km, lang),
        )
    )
    service_section(trajet, ctx)
    if trajet.distance_method:
        st.markdown(
            t(
                "detail.distance_method",
                method=_method(t, "distance_method", trajet.distance_method),
            )
        )
    if trajet.is_fragment:
        st.markdown(t("detail.fragment"))


def plausibility_warning(trajet: TrajetDetail, ctx: PageContext) -> None:
    if trajet.plausibility.plausible:
        return
    t = ctx.t
    reasons = [
        t(f"plausibility.{f.code}") if t.has(f"plausibility.{f.code}") else f.code
        for f in trajet.plausibility.flags
    ]
    st.warning(
        t("detail.implausible") + "\n" + "\n".join(f"- {reason}" for reason in reasons),
        icon=":material/warning:",
    )


def _dates(dates: list[date], ctx: PageContext) -> str:
    return ", ".join(fmt.day(d, ctx.language) for d in dates)


def service_section(trajet: TrajetDetail, ctx: PageContext) -> None:
    """Weekly pattern and period, exceptions, every departure date, variants grouped."""
    t, lang = ctx.t, ctx.language
    service = trajet.service
    if service is None:
        return
    days = fmt.weekdays(service.weekdays, lang) or service.label
    if days:
        st.markdown(
            t(
                "detail.service",
                days=days,
                start=fmt.day(service.start, lang),
                end=fmt.day(service.end, lang),
                weekly=fmt.number(service.weekly_departures, lang, 1),
            )
        )
    if service.extra_dates:
        st.markdown(t("detail.service_extra", dates=_dates(service.extra_dates, ctx)))
    if service.removed_dates:
        st.markdown(t("detail.service_removed", dates=_dates(service.removed_dates, ctx)))
    if service.run_dates:
        st.markdown(
            t(
                "detail.service_dates",
                count=fmt.number(len(service.run_dates), lang),
                variants=fmt.number(len(service.variant_trip_ids) or 1, lang),
            )
        )
        run_dates(t("detail.run_dates"), service.run_dates, ctx)


@st.fragment
def run_dates(label: str, dates: list[date], ctx: PageContext) -> None:
    """Every departure date in an expander, written only once it is opened (a fragment:
    opening reruns only this): a closed expander sends and draws nothing (a year of daily
    departures is a long paragraph)."""
    with st.expander(label, key="detail_run_dates", on_change="rerun") as box:
        if box.open:
            st.markdown(_dates(dates, ctx))


def co2_section(trajet: TrajetDetail, ctx: PageContext) -> None:
    t, lang = ctx.t, ctx.language
    co2 = trajet.co2
    st.subheader(t("detail.co2"))
    train, plane, saving = st.columns(3)
    train.metric(t("detail.co2_train"), f"{fmt.number(co2.train_kg, lang, 1)} kg", border=True)
    plane.metric(t("detail.co2_plane"), f"{fmt.number(co2.plane_kg, lang, 1)} kg", border=True)
    saving.metric(t("detail.co2_saving"), f"{fmt.number(co2.saving_kg, lang, 1)} kg", border=True)
    st.markdown(
        t(
            "detail.co2_train_method",
            method=_method(t, "co2_method", co2.train_method),
            factor=_factor_text(co2.train_factor, ctx),
        )
    )
    if co2.plane_kg is None:
        st.markdown(t("detail.no_plane"))
        return
    origin = co2.origin_airport.iata if co2.origin_airport else fmt.MISSING
    destination = co2.destination_airport.iata if co2.destination_airport else fmt.MISSING
    st.markdown(
        t(
            "detail.co2_plane_method",
            origin=origin,
            destination=destination,
            distance=fmt.number(co2.plane_distance_km, lang),
            factor=_factor_text(co2.plane_factor, ctx),
        )
    )
    if co2.train_kg is None:
        return
    data = pd.DataFrame(
        {
            t("detail.col_mode"): [t("detail.mode_train"), t("detail.mode_plane")],
            t("detail.col_kg"): [co2.train_kg, co2.plane_kg],
        }
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{t('detail.col_mode')}:N", axis=axis(t("detail.col_mode")), sort=None),
            x=alt.X(f"{t('detail.col_kg')}:Q", axis=axis(t("detail.col_kg"))),
            color=alt.Color(
                f"{t('detail.col_mode')}:N",
                legend=None,
                scale=alt.Scale(range=[NIGHT_COLOUR, NEUTRAL_COLOUR]),
            ),
        )
        .properties(height=120)
    )
    ratio = co2.plane_kg / co2.train_kg if co2.train_kg else None
    summary = t(
        "detail.co2_summary",
        train=fmt.number(co2.train_kg, lang, 1),
        plane=fmt.number(co2.plane_kg, lang, 1),
        ratio=fmt.number(ratio, lang, 0),
    )
    table = data.assign(
        **{t("detail.col_kg"): [fmt.number(v, lang, 1) for v in data[t("detail.col_kg")]]}
    )
    show_chart(
        chart,
        description=t("detail.co2_chart"),
        summary=summary,
        table=table,
        t=t,
        key="detail_co2",
    )


def source_section(trajet: TrajetDetail, ctx: PageContext) -> None:
    t = ctx.t
    st.subheader(t("detail.source"))
    source = trajet.source
    if source is None:
        st.markdown(fmt.MISSING)
        return
    name = external_link(source.name, source.public_url, ctx) if source.public_url else source.name
    licence = source.licence or fmt.MISSING
    if source.licence_url:
        licence = external_link(licence, source.licence_url, ctx)
    lines = [
        t("detail.source_name", name=name, edition=source.edition or fmt.MISSING),
        t("detail.source_publisher", publisher=source.publisher or fmt.MISSING),
        t("detail.source_licence", licence=licence),
    ]
    if source.attribution:
        lines.append(t("detail.source_attribution", attribution=source.attribution))
    if source.is_current is False:
        lines.append(t("detail.source_historical"))
    elif source.validity_status == "expired":
        lines.append(
            t(
                "detail.source_expired",
                since=fmt.day(source.expired_since, ctx.language),
                until=fmt.day(source.valid_until, ctx.language),
            )
        )
    st.markdown("\n".join(f"- {line}" for line in lines))


def render_detail(trajet: TrajetDetail, ctx: PageContext) -> None:
    t = ctx.t
    st.header(t("detail.title", origin=trajet.origin.name, destination=trajet.destination.name))
    plausibility_warning(trajet, ctx)
    overview(trajet, ctx)
    st.subheader(t("detail.calls"))
    if trajet.calls:
        data_table(calls_frame(trajet, ctx), t("detail.calls_alt"))
        if any(c.station.coordinates_precision == "town" for c in trajet.calls):
            st.caption(t("detail.town_position"))
    else:
        st.markdown(t("detail.no_calls"))
    co2_section(trajet, ctx)
    source_section(trajet, ctx)
