"""The portal's pages, in menu order: file, URL path, icon, title key. Paths and URL slugs are
the same in both languages, so a shared link works whatever language its reader uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import streamlit as st

from portal.i18n import DEFAULT_LANGUAGE, Language, Translator


@dataclass(frozen=True)
class PageSpec:
    file: str
    url_path: str
    icon: str
    title_key: str


PAGES: Final[tuple[PageSpec, ...]] = (
    PageSpec("app_pages/accueil.py", "accueil", ":material/home:", "nav.home"),
    PageSpec("app_pages/trajets.py", "trajets", ":material/train:", "nav.trajets"),
    PageSpec("app_pages/statistiques.py", "statistiques", ":material/bar_chart:", "nav.stats"),
    PageSpec("app_pages/carte.py", "carte", ":material/map:", "nav.map"),
    PageSpec(
        "app_pages/depuis_ma_ville.py",
        "depuis-ma-ville",
        ":material/travel_explore:",
        "nav.from_city",
    ),
    PageSpec(
        "app_pages/train_ou_avion.py",
        "train-ou-avion",
        ":material/compare_arrows:",
        "nav.train_or_plane",
    ),
    PageSpec("app_pages/qualite.py", "qualite", ":material/fact_check:", "nav.quality"),
    PageSpec("app_pages/sante.py", "sante", ":material/monitor_heart:", "nav.health"),
    PageSpec("app_pages/a_propos.py", "a-propos", ":material/info:", "nav.about"),
)


#: Shown for any address that is not a page (hidden from the menu).
NOT_FOUND = PageSpec("app_pages/introuvable.py", "introuvable", ":material/help:", "nav.not_found")
#: The home page is served at `/`; its slug is accepted too (`/accueil`).
HOME_ALIASES = frozenset({PAGES[0].url_path})


def page_by_file(file: str) -> PageSpec:
    return next(spec for spec in (*PAGES, NOT_FOUND) if spec.file == file)


def is_page_path(name: str) -> bool:
    """Whether a URL path (without its leading slash) is a page of the portal."""
    return name in {"", NOT_FOUND.url_path} | {spec.url_path for spec in PAGES}


def streamlit_pages(t: Translator) -> list[st.Page]:
    pages = [
        st.Page(
            spec.file,
            title=t(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        for index, spec in enumerate(PAGES)
    ]
    hidden = st.Page(
        NOT_FOUND.file,
        title=t(NOT_FOUND.title_key),
        icon=NOT_FOUND.icon,
        url_path=NOT_FOUND.url_path,
        visibility="hidden",
    )
    return [*pages, hidden]


def language_query(language: Language) -> dict[str, str]:
    """Query parameters that keep the language when following an internal link."""
    return {} if language == DEFAULT_LANGUAGE else {"lang": language}


def page_link(file: str, t: Translator, language: Language, label: str | None = None) -> None:
    spec = page_by_file(file)
    st.page_link(
        spec.file,
        label=label or t(spec.title_key),
        icon=spec.icon,
        query_params=language_query(language),
    )
