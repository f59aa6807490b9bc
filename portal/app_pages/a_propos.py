"""À propos: the open data behind the observatory with licences and attribution, the privacy
notice (RGPD) and the accessibility statement."""

from __future__ import annotations

import streamlit as st

from portal import formatting as fmt
from portal.client import Ok
from portal.components.layout import external_link, outcome_message
from portal.context import PageContext, page_context
from portal.models import Source


def source_entry(ctx: PageContext, source: Source) -> str:
    t = ctx.t
    name = external_link(source.name, source.public_url, ctx) if source.public_url else source.name
    licence = source.licence or fmt.MISSING
    if source.licence_url:
        licence = external_link(licence, source.licence_url, ctx)
    parts = [
        f"**{name}**",
        t("about.source_edition", edition=source.edition or fmt.MISSING),
        t("about.source_publisher", publisher=source.publisher or fmt.MISSING),
        t("about.source_licence", licence=licence),
    ]
    if source.attribution:
        parts.append(t("about.source_attribution", attribution=source.attribution))
    if source.is_current is False:
        parts.append(t("about.source_historical"))
    return "- " + " · ".join(parts)


def sources_section(ctx: PageContext) -> None:
    t = ctx.t
    st.header(t("about.sources"))
    st.markdown(t("about.sources_intro"))
    sources = ctx.api.sources()
    if not isinstance(sources, Ok):
        outcome_message(ctx, sources, t("about.sources"))
        return
    if not sources.value:
        st.info(t("about.no_sources"), icon=":material/info:")
        return
    ordered = sorted(
        sources.value, key=lambda s: (not s.is_current, s.name.casefold(), s.edition or "")
    )
    st.markdown("\n".join(source_entry(ctx, s) for s in ordered))


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("about.title"))
    st.markdown(t("about.intro"))
    sources_section(ctx)
    st.header(t("about.method"))
    st.markdown(t("about.method_text"))
    st.header(t("about.privacy"))
    st.markdown(t("about.privacy_text"))
    st.header(t("about.accessibility"))
    st.markdown(t("about.accessibility_text"))
    st.header(t("about.contact"))
    st.markdown(t("about.contact_text"))


render(page_context())
