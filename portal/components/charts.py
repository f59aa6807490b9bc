"""Charts that everyone can read: every chart comes with a text summary, a short description
as its accessible name, and the same data as a real HTML table.

Charts are drawn on the server: the Vega-Lite chart becomes an SVG image (vl-convert, cached by
chart) shown as `<img alt="description">`. The browser then has no charting library to load and
run, which halves the time to show a page with charts, and the image zooms without blur.
"""

from __future__ import annotations

import json
import re
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
import vl_convert

from portal.i18n import Translator

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
    """An axis titled in the page's language."""
    return alt.Axis(title=title, **kwargs)


#: Coordinates with more than two decimals (sub-pixel precision nobody sees).
_LONG_DECIMALS = re.compile(r"(\d\.\d\d)\d+")


@st.cache_data(max_entries=256, show_spinner=False)
def _svg(spec_json: str) -> str:
    svg = str(vl_convert.vegalite_to_svg(json.loads(spec_json)))
    return _LONG_DECIMALS.sub(r"\1", svg)


def chart_svg(chart: ChartType) -> str:
    """The chart as an SVG document, with readable text colours and the portal's font."""
    sized = chart.properties(width=CHART_WIDTH) if chart.width is alt.Undefined else chart
    styled = (
        sized.configure(font="Source Sans 3, Source Sans Pro, Helvetica, Arial, sans-serif")
        # Inside an <img>, Vega's ARIA labels (one per mark) are dead weight: the alt text speaks.
        .configure_mark(aria=False)
        .configure_axis(
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=12,
            titleFontSize=13,
            aria=False,
        )
        .configure_legend(
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            labelFontSize=12,
            titleFontSize=13,
            aria=False,
        )
        .configure_view(stroke=None)
    )
    return _svg(json.dumps(styled.to_dict(), sort_keys=True))


def show_chart(
    chart: ChartType,
    *,
    description: str,
    summary: str,
    table: pd.DataFrame,
    t: Translator,
) -> None:
    """Summary paragraph, then the chart (its accessible name is `description`), then the
    data as a table in an expander."""
    st.markdown(summary)
    st.image(chart_svg(chart), alt=description, width="stretch")
    with st.expander(t("charts.show_table"), icon=":material/table:"):
        st.table(table, hide_index=True, alt=description)
