"""Trajets: search and filter the published trajets, page through them, download them as CSV,
open one. The whole view (filters, page, open trajet, language) lives in the URL."""

from __future__ import annotations

import streamlit as st

from portal import formatting as fmt
from portal.client import Ok, Outcome
from portal.components.layout import outcome_message
from portal.components.shared_filters import reference_choices
from portal.components.shared_filters import show_view as show_shared_view
from portal.components.tables import data_table
from portal.components.trajet_detail import render_detail
from portal.components.trajet_filters import filter_form, reset_form
from portal.components.trajet_table import option_label, trajets_frame
from portal.components.validity import validity_notice
from portal.context import PageContext, page_context
from portal.csv_export import localise
from portal.filters import SHARED_KEYS, TrajetFilters
from portal.models import TrajetPage

#: The whole Trajets view (search, bounds, sort, page, open trajet) for the session's return.
VIEW_KEY = "_obrail_trajets_view"


def show_view(ctx: PageContext, filters: TrajetFilters) -> None:
    """Write the view into the URL and keep it for when the visitor comes back to Trajets."""
    show_shared_view(ctx, filters)
    st.session_state[VIEW_KEY] = {
        k: v for k, v in filters.to_query().items() if k not in SHARED_KEYS
    }


def current_view() -> TrajetFilters:
    """The view in the URL; when the URL holds nothing of Trajets' own (the menu cleared it),
    the view left earlier in this session, with today's shared filters."""
    query = st.query_params.to_dict()
    own = set(TrajetFilters.query_keys()) - set(SHARED_KEYS)
    saved = st.session_state.get(VIEW_KEY) or {}
    if saved and not own & set(query):
        for key, value in saved.items():
            st.query_params[key] = value
        query = {**query, **saved}
    return TrajetFilters.from_query(query)


def csv_download(ctx: PageContext, filters: TrajetFilters) -> None:
    api, params = ctx.api, filters.without_paging()
    failure_note = ctx.t("trajets.csv_failed").encode()

    language = ctx.language

    def build_csv() -> bytes:
        outcome = api.trajets_csv(params)
        return localise(outcome.value, language) if isinstance(outcome, Ok) else failure_note

    st.download_button(
        ctx.t("trajets.csv"),
        data=build_csv,
        file_name="obrail-trajets.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )


def pager(ctx: PageContext, filters: TrajetFilters, page: TrajetPage) -> None:
    t = ctx.t
    previous, position, following = st.columns([1, 2, 1], vertical_alignment="center")
    if previous.button(
        t("trajets.previous"),
        disabled=page.page <= 1,
        icon=":material/chevron_left:",
        key="page_previous",
    ):
        show_view(ctx, filters.with_changes(page=page.page - 1, trajet=""))
        st.rerun()
    position.markdown(t("trajets.page_of", page=page.page, pages=max(page.pages, 1)))
    if following.button(
        t("trajets.next"),
        disabled=page.page >= page.pages,
        icon=":material/chevron_right:",
        key="page_next",
    ):
        show_view(ctx, filters.with_changes(page=page.page + 1, trajet=""))
        st.rerun()


def open_trajet_choice(ctx: PageContext, filters: TrajetFilters, page: TrajetPage) -> TrajetFilters:
    """Pick a trajet of this page to open it (its id goes into the URL)."""
    labels = {str(x.id): option_label(x, ctx.t) for x in page.items}
    options = ["", *labels]
    if filters.trajet and filters.trajet not in labels:
        options.append(filters.trajet)
    choice = st.selectbox(
        ctx.t("trajets.open"),
        options,
        index=options.index(filters.trajet),
        format_func=lambda i: labels.get(i, i) if i else ctx.t("trajets.open_none"),
    )
    if (choice or "") != filters.trajet:
        filters = filters.with_changes(trajet=choice or "")
        show_view(ctx, filters)
    return filters


def results(
    ctx: PageContext, filters: TrajetFilters, outcome: Outcome[TrajetPage]
) -> TrajetFilters:
    t = ctx.t
    st.header(t("trajets.results"))
    if not isinstance(outcome, Ok):
        outcome_message(ctx, outcome, t("trajets.results"))
        return filters
    page = outcome.value
    st.markdown(t("trajets.count", count=fmt.number(page.total, ctx.language)))
    if page.timetables is not None:
        validity_notice(page.timetables.status, page.timetables.editions, t)
    if not page.items:
        st.info(t("trajets.empty"), icon=":material/search_off:")
        return filters
    data_table(trajets_frame(page.items, t), t("trajets.table_alt"))
    pager(ctx, filters, page)
    csv_download(ctx, filters)
    return open_trajet_choice(ctx, filters, page)


def detail(ctx: PageContext, filters: TrajetFilters) -> None:
    if not filters.trajet:
        return
    outcome = ctx.api.trajet(filters.trajet)
    if isinstance(outcome, Ok):
        render_detail(outcome.value, ctx)
    else:
        st.header(ctx.t("detail.title_unknown"))
        outcome_message(ctx, outcome, ctx.t("detail.block"))
    if st.button(ctx.t("detail.close"), icon=":material/close:", key="close_trajet"):
        show_view(ctx, filters.with_changes(trajet=""))
        st.rerun()


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("trajets.title"))
    st.markdown(t("trajets.intro"))
    filters = current_view()
    submitted = filter_form(ctx, filters, reference_choices(ctx))
    if submitted is not None:
        filters = submitted
        show_view(ctx, filters)
    if st.button(t("filters.reset"), icon=":material/restart_alt:", key="reset_filters"):
        reset_form()
        show_view(ctx, TrajetFilters())
        st.rerun()
    filters = results(ctx, filters, ctx.api.trajets(filters.to_api()))
    detail(ctx, filters)


render(page_context())
