"""Page furniture: the language switch, the API status banner, plain messages for failures."""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlencode

import streamlit as st

from portal.client import Outcome, Problem, Unavailable
from portal.context import PageContext
from portal.i18n import LANGUAGE_NAMES, other_language

#: Portal-wide style. A focus indicator on every control reached with the keyboard (RGAA 10.7): Streamlit's own
#: buttons show none. Dark blue ring, 3 px, off the element so it shows on coloured buttons too.
FOCUS_STYLE = """<style>
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible,
[role="combobox"]:focus-visible, [role="slider"]:focus-visible, [role="radio"]:focus-visible,
summary:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid #1F3A8F !important;
  outline-offset: 2px !important;
}
/* The portal's HTML tables (components/tables.py), drawn like Streamlit's. They fit the page:
   they wrap instead of scrolling sideways (a scrolling region would need keyboard access,
   WCAG 2.1.1). */
table.obrail-table {
  table-layout: fixed; width: 100%; border-collapse: separate; border-spacing: 0;
  border: 1px solid rgba(49, 51, 63, 0.1); border-radius: 0.5rem; color: #111827;
  font-size: 0.875rem; margin: 0;
}
table.obrail-table th, table.obrail-table td {
  padding: 0.25rem 0.375rem; text-align: left; vertical-align: middle; font-weight: 400;
  border-bottom: 1px solid rgba(49, 51, 63, 0.1); border-right: 1px solid rgba(49, 51, 63, 0.1);
  white-space: normal; overflow-wrap: break-word; hyphens: auto;
}
table.obrail-table th { color: #374151; }
table.obrail-table tr > :last-child { border-right: none; }
table.obrail-table tbody tr:last-child > * { border-bottom: none; }
</style>"""


def global_style() -> None:
    st.html(FOCUS_STYLE)


def switch_language_href(query: Mapping[str, str], target: str) -> str:
    """A relative link to the same page and view in the other language (a full page load,
    so the server answers with the right `<html lang>`)."""
    params = {k: v for k, v in query.items() if k != "lang"}
    params["lang"] = target
    return "?" + urlencode(params)


def language_switch(ctx: PageContext) -> None:
    target = other_language(ctx.language)
    href = switch_language_href(st.query_params.to_dict(), target)
    label = LANGUAGE_NAMES[target]
    title = ctx.t("layout.switch_language")
    st.markdown(
        f'<p class="obrail-lang"><a href="{html.escape(href)}" target="_self" lang="{target}" '
        f'hreflang="{target}" title="{html.escape(title)}">'
        f"{html.escape(label)}</a></p>",
        unsafe_allow_html=True,
    )


def api_status_banner(ctx: PageContext) -> None:
    """Says plainly when the API could not answer, or answered slowly, during this run."""
    t = ctx.t
    if ctx.api.unavailable:
        st.error(t("layout.api_down"), icon=":material/cloud_off:")
    elif ctx.api.is_slow:
        seconds = ctx.api.slowest_ms / 1000
        st.warning(t("layout.api_slow", seconds=f"{seconds:.1f}"), icon=":material/hourglass_top:")


def outcome_message(ctx: PageContext, outcome: Outcome[object], what: str) -> None:
    """A short local message where a block could not be filled: `what` is the missing block."""
    t = ctx.t
    if isinstance(outcome, Unavailable):
        st.info(t("layout.block_unavailable", what=what), icon=":material/info:")
    elif isinstance(outcome, Problem):
        detail = outcome.detail or outcome.title
        st.warning(t("layout.block_refused", what=what, detail=detail), icon=":material/warning:")


def external_link(label: str, url: str, ctx: PageContext) -> str:
    """A Markdown link that opens in a new tab and says so to screen-reader users (just the
    label when the address is not a web page, e.g. a source compiled by the project)."""
    if not url.startswith(("https://", "http://")):
        return label
    title = ctx.t("layout.new_tab", label=label).replace('"', "'")
    return f'[{label}]({url} "{title}")'
