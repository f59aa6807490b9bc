"""The filters shared by Trajets, Statistiques and Carte (day/night, countries, operators,
source editions, service period): one form, written into the URL and kept in the session, so
that they survive a page change through the menu."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import streamlit as st

from portal.client import Ok
from portal.context import PageContext, remember_filters
from portal.filters import TrajetFilters
from portal.i18n.countries import country_name
from portal.models import Operator, Source
from portal.navigation import language_query

DAY_NIGHT = ["all", "day", "night"]


@dataclass(frozen=True)
class Choices:
    operators: Sequence[Operator]
    countries: Sequence[str]
    editions: Sequence[Source]


def show_view(ctx: PageContext, filters: TrajetFilters) -> None:
    """Write the view into the URL (the language is kept) and remember the shared filters."""
    query = filters.to_query()
    st.query_params.from_dict({**query, **language_query(ctx.language)})
    remember_filters(query)


def reference_choices(ctx: PageContext) -> Choices:
    operators = ctx.api.operators()
    countries = ctx.api.volumes("country")
    sources = ctx.api.sources()
    return Choices(
        operators=operators.value if isinstance(operators, Ok) else [],
        countries=[g.key for g in countries.value.groups if g.key]
        if isinstance(countries, Ok)
        else [],
        editions=[s for s in sources.value if s.kind in (None, "timetable")]
        if isinstance(sources, Ok)
        else [],
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def shared_widgets(
    ctx: PageContext, current: TrajetFilters, choices: Choices, prefix: str
) -> TrajetFilters:
    """The shared filter widgets (inside a form); the filters they show."""
    t, lang = ctx.t, ctx.language
    names = {op.id: op.name for op in choices.operators}
    operator_ids = sorted(names, key=lambda i: names[i].casefold())
    operator_ids += [o for o in current.operators if o not in names]
    codes = sorted(
        set(choices.countries) | set(current.countries), key=lambda c: country_name(c, lang)
    )
    editions = {e.id: f"{e.name} ({e.edition})" if e.edition else e.name for e in choices.editions}
    edition_ids = sorted(editions, key=lambda i: editions[i].casefold())
    edition_ids += [s for s in current.sources if s not in editions]
    first, second, third = st.columns(3)
    day_night = first.radio(
        t("filters.day_night"),
        DAY_NIGHT,
        index=DAY_NIGHT.index(current.day_night),
        format_func=lambda v: t(f"filters.day_night_{v}"),
        horizontal=True,
        key=f"{prefix}_day_night",
    )
    countries = second.multiselect(
        t("filters.countries"),
        codes,
        default=current.countries,
        format_func=lambda c: country_name(c, lang),
        placeholder=t("filters.any_country"),
        key=f"{prefix}_countries",
    )
    operators = third.multiselect(
        t("filters.operators"),
        operator_ids,
        default=current.operators,
        format_func=lambda i: names.get(i, i),
        placeholder=t("filters.any_operator"),
        key=f"{prefix}_operators",
    )
    fourth, fifth = st.columns([2, 1])
    sources = fourth.multiselect(
        t("filters.sources"),
        edition_ids,
        default=current.sources,
        format_func=lambda i: editions.get(i, i),
        placeholder=t("filters.current_sources"),
        key=f"{prefix}_sources",
    )
    start, end = _day(current.service_from), _day(current.service_until)
    period = fifth.date_input(
        t("filters.period"),
        value=(start, end) if start and end else (),  # type: ignore[arg-type]
        format="DD/MM/YYYY" if lang == "fr" else "YYYY/MM/DD",
        key=f"{prefix}_period",
        help=t("filters.period_help"),
    )
    chosen = tuple(period) if isinstance(period, tuple | list) else ()
    return current.with_changes(
        day_night=day_night or "all",
        country=",".join(countries),
        operator=",".join(operators),
        source=",".join(sources),
        service_from=chosen[0].isoformat() if len(chosen) == 2 else "",
        service_until=chosen[1].isoformat() if len(chosen) == 2 else "",
        page=1,
        trajet="",
    )


def shared_filter_form(ctx: PageContext, current: TrajetFilters, form_key: str) -> TrajetFilters:
    """The shared filters as a form of their own (Statistiques, Carte); returns the filters in
    force (the submitted ones, written into the URL)."""
    choices = reference_choices(ctx)
    with st.form(form_key, border=True, enter_to_submit=True):
        st.header(ctx.t("filters.title"))
        chosen = shared_widgets(ctx, current, choices, form_key)
        submitted = st.form_submit_button(
            ctx.t("filters.apply"), type="primary", icon=":material/filter_alt:"
        )
    if submitted:
        show_view(ctx, chosen.shared())
        return chosen.shared()
    return current
