"""Unknown addresses get the portal's own « page introuvable », in the page's language.

Streamlit answers an unknown page path with an English dialog and runs the home page. Before
navigation resolves the page, the run's intended page name is checked: the home page's slug
(`/accueil`) opens the home page, any other unknown name opens the hidden localised page (which
says which address was asked for). Streamlit internals used: the script run context's pages
manager (`intended_page_name`, `set_script_intent`), stable across 1.4x-1.6x.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from portal.navigation import HOME_ALIASES, NOT_FOUND, is_page_path

NOT_FOUND_PATH_KEY = "_obrail_not_found_path"


def route_unknown_paths() -> None:
    run = get_script_run_ctx()
    if run is None:
        return
    manager = run.pages_manager
    name = manager.intended_page_name or ""
    if manager.intended_page_script_hash or not name:
        return
    if name in HOME_ALIASES:
        manager.set_script_intent("", "")
    elif not is_page_path(name):
        st.session_state[NOT_FOUND_PATH_KEY] = name
        manager.set_script_intent("", NOT_FOUND.url_path)
