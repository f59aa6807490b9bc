"""The Trajets filter form. Submitting it gives new filters; the page then writes them into the
URL, so the view can be shared or bookmarked."""

from __future__ import annotations

import streamlit as st

from portal.components.shared_filters import Choices, shared_widgets
from portal.context import PageContext
from portal.filters import MAX_DISTANCE_KM, MAX_DURATION_H, SORTS, TrajetFilters

#: Widget keys, cleared by "reset" so the form shows the defaults again.
FORM_KEYS = (
    "f_q",
    "f_origin",
    "f_destination",
    "f_countries",
    "f_operators",
    "f_sources",
    "f_period_from",
    "f_period_until",
    "f_day_night",
    "f_duration",
    "f_distance",
    "f_sort",
)


def _range(low: int | None, high: int | None, maximum: int) -> tuple[int, int]:
    return (low or 0, maximum if high is None else high)


def _sort_key(sort: str) -> str:
    """`-duration` -> `filters.sort_duration_desc`."""
    return f"filters.sort_{sort.lstrip('-')}{'_desc' if sort.startswith('-') else ''}"


def _bound(value: int, default: int) -> int | None:
    return None if value == default else value


def filter_form(ctx: PageContext, current: TrajetFilters, choices: Choices) -> TrajetFilters | None:
    """The form; returns the submitted filters (page 1, no trajet open), or None."""
    t = ctx.t
    with st.form("trajet_filters", border=True, enter_to_submit=True):
        st.header(t("filters.title"))
        st.caption(t("filters.hints"))
        first, second, third = st.columns(3)
        q = first.text_input(t("filters.q"), value=current.q, key="f_q")
        origin = second.text_input(t("filters.origin"), value=current.origin, key="f_origin")
        destination = third.text_input(
            t("filters.destination"), value=current.destination, key="f_destination"
        )
        shared = shared_widgets(ctx, current, choices, "f")
        first, second, third = st.columns(3)
        duration = first.slider(
            t("filters.duration"),
            0,
            MAX_DURATION_H,
            value=_range(current.min_duration_h, current.max_duration_h, MAX_DURATION_H),
            key="f_duration",
        )
        distance = second.slider(
            t("filters.distance"),
            0,
            MAX_DISTANCE_KM,
            step=50,
            value=_range(current.min_distance_km, current.max_distance_km, MAX_DISTANCE_KM),
            key="f_distance",
        )
        sort = third.selectbox(
            t("filters.sort"),
            SORTS,
            index=SORTS.index(current.sort),
            format_func=lambda s: t(_sort_key(s)),
            key="f_sort",
        )
        submitted = st.form_submit_button(
            t("filters.apply"), type="primary", icon=":material/search:"
        )
    if not submitted:
        return None
    return shared.with_changes(
        q=q.strip(),
        origin=origin.strip(),
        destination=destination.strip(),
        min_duration_h=_bound(duration[0], 0),
        max_duration_h=_bound(duration[1], MAX_DURATION_H),
        min_distance_km=_bound(distance[0], 0),
        max_distance_km=_bound(distance[1], MAX_DISTANCE_KM),
        sort=sort or SORTS[0],
        page=1,
        trajet="",
    )


def reset_form() -> None:
    for key in FORM_KEYS:
        st.session_state.pop(key, None)
