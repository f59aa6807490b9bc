"""Charts that everyone can read and explore: every chart comes with a text summary, a short
description as its accessible name, a sortable table of its data next to it, and the same data
as a real HTML table.

Charts are Vega-Lite (Altair) drawn in the browser by Streamlit: tooltips, zoom and pan where
they help, numbers and dates in the page's language (the Vega locale is built from the CLDR by
Babel), axis and legend descriptions in that language too.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from portal.components.tables import data_table
from portal.formatting import locale, number
from portal.i18n import Language, Translator

#: Width (px) charts are drawn at; the image then scales to the page's width.
CHART_WIDTH = 900
#: Charts carry their data; the map has a few thousand routes.
alt.data_transformers.disable_max_rows()

#: What the chart builders return.
ChartType = alt.Chart | alt.LayerChart | alt.FacetChart

#: Day and night colours: distinguishable with colour-blindness, >= 4.5:1 against white.
DAY_COLOUR = "#9A4A00"
NIGHT_COLOUR = "#1F3A8F"
NEUTRAL_COLOUR = "#3D4451"
#: Axis and legend text: 10:1 against white (Streamlit's default grey is too pale).
TEXT_COLOUR = "#374151"


def day_night_colour(t: Translator, title: str | None = None) -> alt.Color:
    """Colour by the translated day/night label, with a legend titled in the page's language."""
    return alt.Color(
        "period:N",
        title=title or t("charts.period"),
        scale=alt.Scale(
            domain=[t("common.day"), t("common.night")], range=[DAY_COLOUR, NIGHT_COLOUR]
        ),
        legend=alt.Legend(orient="bottom"),
    )


def axis(title: str, **kwargs: Any) -> alt.Axis:
    """An axis titled in the page's language; its accessible description too (Vega would
    generate an English one)."""
    if title:
        kwargs.setdefault("description", title)
    else:
        kwargs.setdefault("aria", False)
    return alt.Axis(title=title, **kwargs)


@cache
def vega_locale(language: Language) -> dict[str, Any]:
    """Vega's number and time locale for the page's language, from the CLDR (Babel)."""
    cldr = locale(language)
    symbols = cldr.number_symbols["latn"]
    days = cldr.days["format"]
    months = cldr.months["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    return {
        "number": {
            "decimal": symbols["decimal"],
            "thousands": symbols["group"],
            "grouping": [3],
            "currency": ["", "\u00a0€"] if language == "fr" else ["€", ""],
            "percent": "\u202f%" if language == "fr" else "%",
        },
        "time": {
            "dateTime": "%A %e %B %Y %X",
            "date": "%d/%m/%Y" if language == "fr" else "%d %b %Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][i] for i in sunday_first],
            "shortDays": [days["abbreviated"][i] for i in sunday_first],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }


def styled(chart: ChartType, description: str, language: Language) -> ChartType:
    """The chart with its accessible name, the page's locale, readable text and the portal's
    font."""
    configured: ChartType = (
        chart.properties(description=description)
        .configure(
            font="Source Sans 3, Source Sans Pro, Helvetica, Arial, sans-serif",
            locale=vega_locale(language),
        )
        # Vega describes each mark in English ("Sum of trajets: 4906"): the chart's name, its
        # summary and its tables say it in the page's language instead.
        .configure_mark(aria=False)
        .configure_axis(
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=12,
            titleFontSize=13,
        )
        .configure_legend(
            aria=False,  # its text is visible; Vega's generated description is English
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=12,
            titleFontSize=13,
        )
        .configure_view(stroke=None)
    )
    return configured


@dataclass(frozen=True)
class VegaLite:
    """A chart converted once: its Vega-Lite specification and its datasets (Arrow IPC bytes,
    by name), ready to be drawn as many times as needed."""

    spec: dict[str, Any]
    datasets: dict[str, bytes]


#: Altair's data transformer and theme are process-wide settings: one conversion at a time.
_CONVERSION_LOCK = threading.Lock()


def _arrow_dataset(data: Any, datasets: dict[str, bytes]) -> dict[str, str]:
    """Altair data transformer: the frame as Arrow IPC bytes (what Streamlit sends to the
    browser), named by its content."""
    payload = convert_anything_to_arrow_bytes(data)
    name = "data-" + hashlib.blake2b(payload, digest_size=12).hexdigest()
    datasets[name] = payload
    return {"name": name}


alt.data_transformers.register("obrail_arrow", _arrow_dataset)


def vega_lite(chart: ChartType, description: str, language: Language) -> VegaLite:
    """The styled chart as Vega-Lite, without Altair's schema validation at every draw.

    `st.altair_chart` validates the whole specification against the Vega-Lite JSON schema on
    every script run (a tenth of a second for a layered map on this machine); the charts are
    validated by the tests instead (tests/portal/test_charts_valid.py)."""
    datasets: dict[str, bytes] = {}
    with (
        _CONVERSION_LOCK,
        alt.theme.enable("none"),  # as Streamlit does: no default width or height
        alt.data_transformers.enable("obrail_arrow", datasets=datasets),
    ):
        spec = styled(chart, description, language).to_dict(validate=False)
    return VegaLite(spec, datasets)


def draw(chart: VegaLite, width: Literal["stretch", "content"] = "stretch") -> None:
    """Draw a converted chart (the browser receives its data once, as Arrow)."""
    st.vega_lite_chart(spec={**chart.spec, "datasets": dict(chart.datasets)}, width=width)


def show_chart(
    chart: ChartType | VegaLite,
    *,
    description: str,
    summary: str,
    table: pd.DataFrame,
    t: Translator,
    sortable: pd.DataFrame | None = None,
    key: str | None = None,
) -> None:
    """Summary paragraph; the chart (its accessible name is `description`, already given when
    the chart comes converted); then its data as a real HTML table in an expander, sortable by
    any column when `sortable` (the same rows and columns with raw values to sort on) is
    given."""
    st.markdown(summary)
    draw(chart if isinstance(chart, VegaLite) else vega_lite(chart, description, t.language))
    chart_table(table, sortable, description, t, key or description)


@st.fragment
def chart_table(
    table: pd.DataFrame, sortable: pd.DataFrame | None, description: str, t: Translator, key: str
) -> None:
    """The chart's data table in an expander, built only once the expander is open (a
    fragment: opening it reruns only this). A closed expander sends and draws nothing: its
    table and sort controls cost the page's first render nothing; it stays open across the
    page's reruns."""
    with st.expander(
        t("charts.show_table"), icon=":material/table:", key=f"table_{key}", on_change="rerun"
    ) as box:
        if not box.open:
            return
        if sortable is None:
            data_table(table, description)
        else:
            _sorted_table(table, sortable, description, t, key)


def _sorted_table(
    table: pd.DataFrame,
    raw: pd.DataFrame,
    description: str,
    t: Translator,
    key: str,
    page_size: int | None = None,
) -> None:
    """The table sorted by the column and in the order chosen. `raw` holds the values to sort on
    (numbers as numbers), row for row. With `page_size`, a longer table is shown `page_size` rows
    at a time, sorted as a whole, with previous and next buttons (see `paged`)."""
    columns = list(table.columns)
    first, second = st.columns([3, 2])
    chosen = first.selectbox(
        t("charts.sort_by"),
        ["", *columns],
        format_func=lambda c: c or t("charts.sort_chart_order"),
        key=f"sort_{key}_by",
    )
    descending = second.radio(
        t("charts.sort_order"),
        [True, False],
        format_func=lambda d: t("charts.sort_desc") if d else t("charts.sort_asc"),
        horizontal=True,
        key=f"sort_{key}_order",
    )
    shown = table
    if chosen:
        values = raw[chosen] if chosen in raw.columns else table[chosen]
        order = values.sort_values(ascending=not descending, na_position="last", kind="stable")
        shown = table.loc[order.index]
    if page_size is None or len(shown) <= page_size:
        data_table(shown, description)
        return
    paged(shown, description, t, f"{key}_{chosen}_{descending}", page_size)


#: `_sorted_table` as a fragment: choosing a sort or a page reruns only the table (the chart's own
#: table calls `_sorted_table` inside the fragment of its expander).
sorted_table = st.fragment(_sorted_table)


def page_rows(rows: int, page: int, page_size: int) -> tuple[int, int, int]:
    """The page actually shown (within 1..pages), its first row (0-based) and its end row."""
    pages = max(math.ceil(rows / page_size), 1)
    page = min(max(page, 1), pages)
    first = (page - 1) * page_size
    return page, first, min(first + page_size, rows)


def paged(
    table: pd.DataFrame, description: str, t: Translator, order_key: str, page_size: int
) -> None:
    """A long table `page_size` rows at a time (the whole table sorted first): which rows are
    shown, the rows, then previous and next buttons. A new sort (`order_key`) starts again at
    the first page. Each page is a real HTML table named like the whole table and its rows."""
    state = f"rows_page_{order_key}"
    page, first, end = page_rows(len(table), st.session_state.get(state, 1), page_size)
    st.session_state[state] = page
    lang = t.language
    position = t(  # said before the table (and in its name), for screen readers too
        "charts.rows_shown",
        first=number(first + 1, lang),
        last=number(end, lang),
        total=number(len(table), lang),
    )
    st.markdown(position)
    data_table(table.iloc[first:end], f"{description} ({position})")
    previous, following = st.columns(2)
    previous.button(
        t("charts.rows_previous"),
        disabled=first == 0,
        icon=":material/chevron_left:",
        key=f"{state}_previous",
        on_click=_turn_page,
        args=(state, page - 1),
    )
    following.button(
        t("charts.rows_next"),
        disabled=end >= len(table),
        icon=":material/chevron_right:",
        key=f"{state}_next",
        on_click=_turn_page,
        args=(state, page + 1),
    )


def _turn_page(state: str, page: int) -> None:
    st.session_state[state] = page


def factor_label(factor: object, t: Translator) -> str:
    """An emission factor's name in the page's language (the API gives ADEME's French label)."""
    mode, category = getattr(factor, "mode", None), getattr(factor, "category", None)
    factor_id = str(getattr(factor, "id", None) or "")
    if not (mode and category) and "-" in factor_id:  # `ademe-2024:plane-short`
        mode, _, rest = factor_id.rsplit(":", 1)[-1].partition("-")
        category = rest.replace("-", "_") + ("_haul" if mode == "plane" else "")
    key = f"co2.factor_{mode}_{category}"
    if mode and category and t.has(key):
        return t(key)
    return str(getattr(factor, "label", None) or getattr(factor, "id", None) or "")
