"""The statistics charts: each builder returns the chart, its accessible description, a text
summary computed from the data, and the data as a readable table."""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd

from portal import formatting as fmt
from portal.components.charts import ChartType, VegaLite, axis, day_night_colour
from portal.i18n import Translator
from portal.i18n.countries import country_name
from portal.models import (
    Co2Stats,
    DayNightCount,
    Distribution,
    DistributionBin,
    VolumeGroup,
    Volumes,
)

TOP_GROUPS = 15


@dataclass(frozen=True)
class ChartBlock:
    chart: ChartType | VegaLite
    description: str
    summary: str
    table: pd.DataFrame
    sortable: pd.DataFrame | None = None
    """The chart's data with raw numbers, shown next to it (sorted by clicking a header)."""


def _share(part: float, total: float) -> float | None:
    return part / total if total else None


def _totals(volumes: Volumes) -> tuple[DayNightCount, DayNightCount]:
    """The API's totals; summed from the groups when it gives none (groups must not overlap)."""
    if volumes.totals.trajets.total:
        trajets = DayNightCount.model_validate(volumes.totals.trajets.model_dump())
        return trajets, volumes.totals.weekly_departures

    def total(attribute: str) -> DayNightCount:
        counts = [getattr(g, attribute) for g in volumes.groups]
        day, night = sum(c.day for c in counts), sum(c.night for c in counts)
        return DayNightCount(day=day, night=night, total=day + night)

    return total("trajets"), total("weekly_departures")


def day_night_split(volumes: Volumes, t: Translator) -> ChartBlock:
    """Needs volumes whose groups do not overlap (by operator, not by country)."""
    lang = t.language
    trajets, weekly = _totals(volumes)
    measures = (t("stats.axis_trajets"), t("stats.col_weekly"))
    data = pd.DataFrame(
        [
            {"measure": measure, "period": t(f"common.{period}"), "value": getattr(counts, period)}
            for measure, counts in zip(measures, (trajets, weekly), strict=True)
            for period in ("day", "night")
        ]
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", stack="normalize", axis=axis(t("stats.col_share"), format="%")),
            y=alt.Y("measure:N", axis=axis("", labelLimit=220), sort=None),
            color=day_night_colour(t),
            order=alt.Order("period:N"),
            tooltip=[
                alt.Tooltip("measure:N", title=""),
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("value:Q", title=t("stats.axis_value"), format=",.0f"),
            ],
        )
        .properties(height=alt.Step(40))
    )
    summary = t(
        "stats.split_summary",
        night=fmt.number(trajets.night, lang),
        share=fmt.percent(_share(trajets.night, trajets.day + trajets.night), lang),
        weekly_share=fmt.percent(_share(weekly.night, weekly.day + weekly.night), lang),
    )
    table = pd.DataFrame(
        [
            {
                t("charts.period"): t(f"common.{period}"),
                t("stats.axis_trajets"): fmt.number(getattr(trajets, period), lang),
                t("stats.col_share_trajets"): fmt.percent(
                    _share(getattr(trajets, period), trajets.day + trajets.night), lang
                ),
                t("stats.col_weekly"): fmt.number(getattr(weekly, period), lang),
                t("stats.col_share_weekly"): fmt.percent(
                    _share(getattr(weekly, period), weekly.day + weekly.night), lang
                ),
            }
            for period in ("day", "night")
        ]
    )
    return ChartBlock(chart, t("stats.split_description"), summary, table)


def _group_label(key: str | None, label: str | None, group_by: str, t: Translator) -> str:
    if group_by == "country":
        return country_name(key, t.language)
    return label or key or fmt.MISSING


def _coverage(group: VolumeGroup, period: str) -> str:
    """covered, partial or none for a country group; covered for any other grouping."""
    return getattr(group.coverage, period) if group.coverage else "covered"


def _count_cell(group: VolumeGroup, period: str, t: Translator) -> str:
    """A per-country count, or « non couvert » where no source covers (never a 0)."""
    if _coverage(group, period) == "none":
        return t("coverage.none")
    return fmt.number(getattr(group.trajets, period), t.language)


def volumes_by_group(volumes: Volumes, t: Translator) -> ChartBlock:
    lang, group_by = t.language, volumes.group_by
    groups = sorted(volumes.groups, key=lambda g: g.trajets.total, reverse=True)
    group_title = t(f"stats.group_{group_by}")
    with_coverage = any(g.coverage for g in volumes.groups)
    long = pd.DataFrame(
        [
            {
                "group": _group_label(g.key, g.label, group_by, t),
                "period": t(f"common.{period}"),
                "trajets": getattr(g.trajets, period),
                "coverage": t(f"coverage.{_coverage(g, period)}"),
            }
            for g in groups
            for period in ("day", "night")
            if _coverage(g, period) != "none"
        ]
    )
    order = [_group_label(g.key, g.label, group_by, t) for g in groups]
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                "group:N", sort=order, axis=axis(group_title, labelLimit=240, labelOverlap=False)
            ),
            x=alt.X("sum(trajets):Q", axis=axis(t("stats.axis_trajets"))),
            color=day_night_colour(t),
            order=alt.Order("period:N"),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("trajets:Q", title=t("stats.axis_trajets")),
                *([alt.Tooltip("coverage:N", title=t("stats.coverage"))] if with_coverage else []),
            ],
        )
        .properties(height=alt.Step(20))
    )
    top = groups[0] if groups else None
    summary_key = (
        "stats.volumes_summary_uncovered"
        if top and _coverage(top, "night") == "none"
        else "stats.volumes_summary"
    )
    summary = (
        t(
            summary_key,
            group=group_title.lower(),
            count=len(volumes.groups),
            top=_group_label(top.key, top.label, group_by, t),
            top_trajets=fmt.number(top.trajets.total, lang),
            top_night=fmt.number(top.trajets.night, lang),
        )
        if top
        else t("stats.no_data")
    )
    table = pd.DataFrame(
        [
            {
                group_title: _group_label(g.key, g.label, group_by, t),
                t("common.day"): _count_cell(g, "day", t),
                t("common.night"): _count_cell(g, "night", t),
                t("stats.col_total"): fmt.number(g.trajets.total, lang),
                t("stats.col_weekly"): fmt.number(g.weekly_departures.total, lang),
            }
            | (
                {
                    t("stats.col_day_coverage"): t(f"coverage.{_coverage(g, 'day')}"),
                    t("stats.col_night_coverage"): t(f"coverage.{_coverage(g, 'night')}"),
                }
                if with_coverage
                else {}
            )
            for g in sorted(volumes.groups, key=lambda g: g.trajets.total, reverse=True)
        ]
    )
    description = t("stats.volumes_description", group=group_title.lower(), top=len(groups))
    sortable = pd.DataFrame(
        [
            {
                group_title: _group_label(g.key, g.label, group_by, t),
                t("common.day"): None if _coverage(g, "day") == "none" else int(g.trajets.day),
                t("common.night"): None
                if _coverage(g, "night") == "none"
                else int(g.trajets.night),
                t("stats.col_total"): int(g.trajets.total),
                t("stats.col_weekly"): round(g.weekly_departures.total),
            }
            | (
                {
                    t("stats.col_day_coverage"): t(f"coverage.{_coverage(g, 'day')}"),
                    t("stats.col_night_coverage"): t(f"coverage.{_coverage(g, 'night')}"),
                }
                if with_coverage
                else {}
            )
            for g in groups
        ]
    )
    return ChartBlock(chart, description, summary, table, sortable)


#: Distributions show the bins holding this share of trajets; the long tail becomes one bin.
SHOWN_SHARE = 0.995


def _bin_label(lower: float, upper: float, metric: str, t: Translator) -> str:
    scale, key = (60, "hours") if metric == "duration" else (1, "km")
    low = fmt.number(lower / scale, t.language, 0)
    if math.isinf(upper):
        return t(f"stats.bin_{key}_more", lower=low)
    return t(f"stats.bin_{key}", lower=low, upper=fmt.number(upper / scale, t.language, 0))


def shown_bins(bins: list[DistributionBin]) -> list[DistributionBin]:
    """The bins up to SHOWN_SHARE of all trajets, then the rest gathered into one open bin."""
    total = sum(b.day + b.night for b in bins)
    running = 0
    for index, current in enumerate(bins):
        running += current.day + current.night
        rest = bins[index + 1 :]
        if running >= SHOWN_SHARE * total and any(b.day or b.night for b in rest):
            tail = DistributionBin(
                lower=rest[0].lower,
                upper=math.inf,
                day=sum(b.day for b in rest),
                night=sum(b.night for b in rest),
            )
            return [*bins[: index + 1], tail]
    return list(bins)


def _modal_bin(bins: list[DistributionBin], period: str, metric: str, t: Translator) -> str:
    filled = [b for b in bins if getattr(b, period) > 0]
    if not filled:
        return fmt.MISSING
    top = max(filled, key=lambda b: getattr(b, period))
    return _bin_label(top.lower, top.upper, metric, t)


def distribution_chart(distribution: Distribution, t: Translator) -> ChartBlock:
    """Each period's trajets as shares, so that the few night trains compare with the many
    day trains."""
    lang, metric = t.language, distribution.metric
    bins = shown_bins(distribution.bins)
    labels = [_bin_label(b.lower, b.upper, metric, t) for b in bins]
    totals = {period: sum(getattr(b, period) for b in bins) for period in ("day", "night")}
    long = pd.DataFrame(
        [
            {
                "bin": label,
                "period": t(f"common.{period}"),
                "trajets": getattr(b, period),
                "share": _share(getattr(b, period), totals[period]) or 0.0,
            }
            for b, label in zip(bins, labels, strict=True)
            for period in ("day", "night")
        ]
    )
    metric_title = t(f"stats.metric_{metric}")
    share_title = t("stats.axis_share_of_period")
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("bin:N", sort=labels, axis=axis(metric_title, labelAngle=-40)),
            xOffset=alt.XOffset("period:N", sort=[t("common.day"), t("common.night")]),
            y=alt.Y("share:Q", axis=axis(share_title, format="%")),
            color=day_night_colour(t),
            tooltip=[
                alt.Tooltip("bin:N", title=metric_title),
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("trajets:Q", title=t("stats.axis_trajets")),
                alt.Tooltip("share:Q", title=share_title, format=".1%"),
            ],
        )
        .properties(height=300)
    )
    summary = t(
        "stats.distribution_summary",
        metric=metric_title,
        day=_modal_bin(bins, "day", metric, t),
        night=_modal_bin(bins, "night", metric, t),
    )
    table = pd.DataFrame(
        [
            {
                metric_title: label,
                t("stats.col_day_trajets"): fmt.number(b.day, lang),
                t("stats.col_day_share"): fmt.percent(_share(b.day, totals["day"]), lang),
                t("stats.col_night_trajets"): fmt.number(b.night, lang),
                t("stats.col_night_share"): fmt.percent(_share(b.night, totals["night"]), lang),
            }
            for b, label in zip(bins, labels, strict=True)
        ]
    )
    description = t("stats.distribution_description", metric=metric_title.lower())
    sortable = pd.DataFrame(
        [
            {
                metric_title: b.lower,
                t("stats.col_day_trajets"): b.day,
                t("stats.col_day_share"): _share(b.day, totals["day"]),
                t("stats.col_night_trajets"): b.night,
                t("stats.col_night_share"): _share(b.night, totals["night"]),
            }
            for b in bins
        ]
    )
    return ChartBlock(chart, description, summary, table, sortable)


def co2_comparison(co2: Co2Stats, t: Translator) -> ChartBlock:
    lang = t.language
    train, plane = t("detail.mode_train"), t("detail.mode_plane")
    rows = [
        {"period": t(f"common.{row.day_night}"), "mode": mode, "kg": value}
        for row in co2.by_day_night
        for mode, value in ((train, row.avg_train_kg), (plane, row.avg_plane_kg))
        if value is not None
    ]
    long = pd.DataFrame(rows, columns=["period", "mode", "kg"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("period:N", axis=axis(t("charts.period")), sort=None),
            yOffset=alt.YOffset("mode:N"),
            x=alt.X("kg:Q", axis=axis(t("stats.axis_kg"))),
            color=alt.Color(
                "mode:N",
                title=t("stats.mode"),
                scale=alt.Scale(domain=[train, plane], range=["#1F6E43", "#5B2A86"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("mode:N", title=t("stats.mode")),
                alt.Tooltip("kg:Q", title=t("stats.axis_kg"), format=".1f"),
            ],
        )
        .properties(height=200)
    )
    sentences = [
        t(
            "stats.co2_summary_row",
            period=t(f"common.{row.day_night}").lower(),
            train=fmt.number(row.avg_train_kg, lang, 1),
            plane=fmt.number(row.avg_plane_kg, lang, 1),
            saving=fmt.number(row.avg_saving_kg, lang, 1),
        )
        for row in co2.by_day_night
    ]
    table = pd.DataFrame(
        [
            {
                t("charts.period"): t(f"common.{row.day_night}"),
                t("stats.axis_trajets"): fmt.number(row.trajets, lang),
                t("stats.col_train_kg"): fmt.number(row.avg_train_kg, lang, 1),
                t("stats.col_plane_kg"): fmt.number(row.avg_plane_kg, lang, 1),
                t("stats.col_saving_kg"): fmt.number(row.avg_saving_kg, lang, 1),
            }
            for row in co2.by_day_night
        ]
    )
    return ChartBlock(chart, t("stats.co2_description"), " ".join(sentences), table)
