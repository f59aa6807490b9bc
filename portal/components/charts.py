"""Charts that everyone can read: every chart comes with a text summary, a short description
as its accessible name, and the same data as a real HTML table."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from portal.i18n import Translator

#: What `st.altair_chart` is given here.
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
    """An axis whose title is also its accessible description (Vega writes English otherwise)."""
    return alt.Axis(title=title, description=title, **kwargs)


def show_chart(
    chart: ChartType,
    *,
    description: str,
    summary: str,
    table: pd.DataFrame,
    t: Translator,
    key: str,
) -> None:
    """Summary paragraph, then the chart (its accessible name is `description`), then the
    data as a table in an expander."""
    st.markdown(summary)
    readable = chart.configure_axis(
        labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR
    ).configure_legend(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR)
    st.altair_chart(readable, width="stretch", alt=description, key=key)
    with st.expander(t("charts.show_table"), icon=":material/table:"):
        st.table(table, hide_index=True, alt=description)
