"""A localised « page not found » for any address that is not a page of the portal (Streamlit's
own dialog is in English): says which address, and offers the way home."""

from __future__ import annotations

import streamlit as st

from portal.context import PageContext, page_context
from portal.navigation import page_link
from portal.not_found import NOT_FOUND_PATH_KEY


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("notfound.title"))
    path = str(st.session_state.get(NOT_FOUND_PATH_KEY, ""))[:200]
    st.markdown(t("notfound.text", path="/" + path))
    page_link("app_pages/accueil.py", t, ctx.language, label=t("notfound.home"))


render(page_context())
