"""The portal's entry point (run by Streamlit): navigation, language, API status, safety net.

Each page is a file in `app_pages/`; this script runs first on every interaction, builds the
run's context, runs the selected page and then says whether the API could answer.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from portal import context
from portal.components import layout
from portal.navigation import streamlit_pages
from portal.not_found import route_unknown_paths

LOGGER = logging.getLogger("portal")

# A local favicon: a Material icon would be fetched from Google's font servers (not offline).
FAVICON = Path(__file__).with_name("assets") / "favicon.png"
st.set_page_config(page_icon=str(FAVICON), layout="wide", initial_sidebar_state="expanded")
ctx = context.begin_run()
route_unknown_paths()
page = st.navigation(streamlit_pages(ctx.t))
st.set_page_config(page_title=ctx.t("layout.page_title", page=page.title))
layout.global_style()
# The language link sits at the top but is drawn once the page has run: a page writes the
# filters chosen in this run into the URL, and the link must carry them to the other language.
language = st.container()
status = st.container()
try:
    page.run()
except Exception:
    # No traceback ever reaches a user: log it, say it plainly.
    LOGGER.exception("page failed", extra={"page": page.url_path})
    st.error(ctx.t("layout.page_failed"), icon=":material/error:")
finally:
    with language:
        layout.language_switch(ctx)
with status:
    layout.api_status_banner(ctx)
