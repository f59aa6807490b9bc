"""The filters shared by Trajets, Statistiques and Carte (day/night, countries, operators,
source editions, service period): one form, written into the URL and kept in the session, so
that they survive a page change through the menu."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import streamlit as st
from babel.dates import format_date

from portal import formatting as fmt
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


def _month_of(text: str) -> str:
    """`2025-12-09` -> `2025-12`."""
    return text[:7] if text else ""


def _month_start(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def _month_end(month: str) -> date:
    start = _month_start(month)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _month_label(month: str, language: str) -> str:
    return str(format_date(_month_start(month), "MMM y", locale=fmt.locale(language)))


def _months(editions: Sequence[Source], current: TrajetFilters) -> list[str]:
    """Every month the timetable editions cover (and those of the current filter)."""
    bounds = [d for e in editions for d in (e.valid_from, e.valid_until) if d is not None]
    bounds += [
        _month_start(m)
        for m in (_month_of(current.service_from), _month_of(current.service_until))
        if m
    ]
    if not bounds:
        return []
    first, last = min(bounds), max(bounds)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


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
    fourth, fifth, sixth = st.columns([2, 1, 1])
    sources = fourth.multiselect(
        t("filters.sources"),
        edition_ids,
        default=current.sources,
        format_func=lambda i: editions.get(i, i),
        placeholder=t("filters.current_sources"),
        key=f"{prefix}_sources",
    )
    months = _months(choices.editions, current)
    options = ["", *months]
    start_month, end_month = _month_of(current.service_from), _month_of(current.service_until)
    first_month = fifth.selectbox(
        t("filters.period_from"),
        options,
        index=options.index(start_month) if start_month in options else 0,
        format_func=lambda m: _month_label(m, lang) if m else t("filters.any_period"),
        key=f"{prefix}_period_from",
        help=t("filters.period_help"),
    )
    last_month = sixth.selectbox(
        t("filters.period_until"),
        options,
        index=options.index(end_month) if end_month in options else 0,
        format_func=lambda m: _month_label(m, lang) if m else t("filters.any_period"),
        key=f"{prefix}_period_until",
    )
    chosen = (
        (
            _month_start(first_month or months[0]),
            _month_end(max(last_month or months[-1], first_month or months[0])),
        )
        if months and (first_month or last_month)
        else ()
    )
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
