"""Trajets as rows people can read: formatted in the page's language, one real table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from portal import formatting as fmt
from portal.i18n import Translator
from portal.models import TrajetDetail, TrajetSummary


def train_label(trajet: TrajetSummary | TrajetDetail) -> str:
    """`ICE 578`, `Nightjet 469 « Paris – Wien »`: the designation, with the name when it adds
    something (sources often repeat the designation as the name, or abbreviate the brand)."""
    designation = " ".join(part for part in (trajet.brand, trajet.train_number) if part)
    name = (trajet.name or "").strip()
    if not designation:
        return name or str(trajet.id)
    if not name or name.casefold() in designation.casefold():
        return designation
    if designation.casefold() in name.casefold() or any(ch.isdigit() for ch in name):
        return name
    if len(name) <= 3:  # an abbreviation of the brand: EN, IC, NJ
        return designation
    return f"{designation} « {name} »"


def arrival_label(trajet: TrajetSummary | TrajetDetail, t: Translator) -> str:
    time = trajet.arrival_local or fmt.MISSING
    offset = trajet.arrival_day_offset or 0
    return t("trajets.next_day", time=time, days=offset) if offset > 0 else time


def period_label(trajet: TrajetSummary | TrajetDetail, t: Translator) -> str:
    return t("common.night") if trajet.day_night == "night" else t("common.day")


def days_label(trajet: TrajetSummary, t: Translator) -> str:
    """`lundi, mardi, du 18/07/2025 au 15/12/2025 (+2 / −4 dates)`: the weekly pattern, the
    period and how many exceptions (every date is in the trajet's detail)."""
    lang = t.language
    days = fmt.weekdays(trajet.weekdays, lang) or trajet.days_label or fmt.MISSING
    if trajet.service_start and trajet.service_end:
        days = t(
            "trajets.days_period",
            days=days,
            start=fmt.day(trajet.service_start, lang),
            end=fmt.day(trajet.service_end, lang),
        )
    if trajet.extra_dates or trajet.removed_dates:
        days = t(
            "trajets.days_exceptions",
            days=days,
            extra=len(trajet.extra_dates),
            removed=len(trajet.removed_dates),
        )
    return days


def option_label(trajet: TrajetSummary, t: Translator) -> str:
    """One line to pick a trajet in a list."""
    return t(
        "trajets.option",
        train=train_label(trajet),
        origin=trajet.origin.name,
        destination=trajet.destination.name,
        time=trajet.departure_local or fmt.MISSING,
    )


def trajets_frame(trajets: Sequence[TrajetSummary], t: Translator) -> pd.DataFrame:
    """One row per trajet (a service); an implausible one says so in its train cell (a column
    more would make the table wider than the page)."""
    lang = t.language
    rows = [
        {
            t("trajets.col_train"): train_label(x)
            if x.plausibility.plausible
            else t("trajets.flagged", train=train_label(x)),
            t("trajets.col_operator"): (x.operator.name if x.operator else None) or fmt.MISSING,
            t("trajets.col_origin"): f"{x.departure_local or fmt.MISSING} {x.origin.name}",
            t("trajets.col_destination"): f"{arrival_label(x, t)} {x.destination.name}",
            t("trajets.col_duration"): fmt.duration(x.duration_min, lang),
            t("trajets.col_distance"): fmt.number(x.distance_km, lang),
            t("trajets.col_period"): period_label(x, t),
            t("trajets.col_days"): days_label(x, t),
            t("trajets.col_co2_train"): fmt.number(x.co2.train_kg, lang, 1),
            t("trajets.col_co2_plane"): fmt.number(x.co2.plane_kg, lang, 1),
        }
        for x in trajets
    ]
    return pd.DataFrame(rows)
