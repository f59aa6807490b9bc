"""What every page needs for one script run: settings, language, translator and API client.

The settings are given once per portal process (`configure`, called by `obrail portal`; or read
lazily from the environment under `streamlit run` and in tests); the pooled HTTP client (with its
HTTP cache) is a Streamlit resource shared by every session (`st.cache_resource`, one per
settings, closed when released). The page context is rebuilt on every run, because the language
and the API journal are per run.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

import httpx
import streamlit as st

from portal.client import ApiClient, new_http_client
from portal.filters import SHARED_KEYS
from portal.i18n import DEFAULT_LANGUAGE, Language, Translator, is_language, parse_language
from portal.settings import PortalSettings

_CONTEXT_KEY = "_obrail_page_context"
_LANGUAGE_KEY = "_obrail_language"
_FILTERS_KEY = "_obrail_shared_filters"


_settings: PortalSettings | None = None
_lock = threading.Lock()


def configure(settings: PortalSettings) -> None:
    """Use these settings (and their HTTP client) for every session of this process."""
    global _settings
    with _lock:
        _settings = settings


def _fingerprint(settings: PortalSettings) -> str:
    """What tells two settings apart (the API key's value included, never shown)."""
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    return hashlib.sha256((settings.model_dump_json() + key).encode()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=4, on_release=lambda http: http.close())
def shared_http_client(_settings: PortalSettings, fingerprint: str) -> httpx.Client:
    """The HTTP client of these settings, shared by every session of the process."""
    return new_http_client(_settings)


def _current_settings() -> PortalSettings:
    with _lock:
        global _settings
        if _settings is None:
            _settings = PortalSettings()
        return _settings


@dataclass(frozen=True)
class PageContext:
    settings: PortalSettings
    language: Language
    t: Translator
    api: ApiClient


def _run_language() -> Language:
    """The language in the URL; else the one this session already used (navigating between
    pages clears the query string); else French. Written back to the URL when not French."""
    asked = st.query_params.get("lang")
    if is_language(asked):
        language = asked
    else:
        language = parse_language(st.session_state.get(_LANGUAGE_KEY, DEFAULT_LANGUAGE))
    st.session_state[_LANGUAGE_KEY] = language
    if language != DEFAULT_LANGUAGE and st.query_params.get("lang") != language:
        st.query_params["lang"] = language
    return language


def remember_filters(query: dict[str, str]) -> None:
    """Keep the shared filters (Trajets, Statistiques, Carte) for the session's next pages."""
    st.session_state[_FILTERS_KEY] = {k: v for k, v in query.items() if k in SHARED_KEYS}


def _run_filters() -> None:
    """Filters in the URL are the session's filters; a page opened without any (the menu
    clears the query string) gets the session's filters back into its URL."""
    asked = {k: st.query_params[k] for k in SHARED_KEYS if k in st.query_params}
    if asked:
        st.session_state[_FILTERS_KEY] = asked
        return
    for key, value in st.session_state.get(_FILTERS_KEY, {}).items():
        st.query_params[key] = value


def begin_run() -> PageContext:
    """Build this run's context (called once per run by the entry point)."""
    settings = _current_settings()
    http = shared_http_client(settings, _fingerprint(settings))
    language = _run_language()
    _run_filters()
    context = PageContext(
        settings=settings,
        language=language,
        t=Translator(language),
        api=ApiClient(settings, http),
    )
    st.session_state[_CONTEXT_KEY] = context
    return context


def page_context() -> PageContext:
    """This run's context, for page scripts."""
    context = st.session_state.get(_CONTEXT_KEY)
    if isinstance(context, PageContext):
        return context
    return begin_run()
