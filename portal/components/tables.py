"""Tables as plain HTML: one element per table instead of one Markdown renderer per cell.

`st.table` renders every cell (and header) through Streamlit's Markdown component in the
browser: a 190-row list of destinations meant 1,900 Markdown renderers, seconds of script work
before the page was complete. Our cells are plain text (numbers and labels already formatted in
the page's language), so the table is written once as HTML, its text escaped, and given to
`st.html` (no iframe: the table is part of the page, read by screen readers like any other).

Accessibility is that of `st.table`: a real `<table>` named by `aria-label`, column headers
`<th scope="col">`; the portal's style (`layout.FOCUS_STYLE`) makes it wrap to the page's width.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import streamlit as st

#: The class of every table drawn here (the portal's style and the tests find them by it).
TABLE_CLASS = "obrail-table"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


def table_html(frame: pd.DataFrame, label: str) -> str:
    """The frame (its columns, without its index) as an HTML table named `label`."""
    head = "".join(f'<th scope="col">{_cell(column)}</th>' for column in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(value)}</td>" for value in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return (
        f'<table class="{TABLE_CLASS}" aria-label="{html.escape(label, quote=True)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def data_table(frame: pd.DataFrame, label: str) -> None:
    """Show the frame as a table whose accessible name is `label`."""
    st.html(table_html(frame, label))
