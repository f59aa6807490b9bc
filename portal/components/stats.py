"""The statistics charts: each builder returns the chart, its accessible description, a text
summary computed from the data, and the data as a readable table."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from portal import formatting as fmt
from portal.components.charts import ChartType, axis, day_night_colour
from portal.i18n import Translator
from portal.i18n.countries import country_name
from portal.models import Co2Stats, DayNightCount, Distribution, Volumes

TOP_GROUPS = 15


@dataclass(frozen=True)
class ChartBlock:
    chart: ChartType
    description: str
    summary: str
    table: pd.DataFrame


def _share(part: float, total: float) -> float | None:
    return part / total if total else None


def _totals(volumes: Volumes) -> tuple[DayNightCount, DayNightCount]:
    """The API's totals; summed from the groups when it gives none (groups must not overlap)."""
    if volumes.totals.trajets.total:
        return volumes.totals.trajets, volumes.totals.weekly_departures

    def total(attribute: str) -> DayNightCount:
        counts = [getattr(g, attribute) for g in volumes.groups]
        day, night = sum(c.day for c in counts), sum(c.night for c in counts)
        return DayNightCount(day=day, night=night, total=day + night)

    return total("trajets"), total("weekly_departures")


def day_night_split(volumes: Volumes, t: Translator) -> ChartBlock:
    """Needs volumes whose groups do not overlap (by operator, not by country)."""
    lang = t.language
    trajets, weekly = _totals(volumes)
    data = pd.DataFrame(
        {
            "period": [t("common.day"), t("common.night")],
            "trajets": [trajets.day, trajets.night],
            "weekly": [weekly.day, weekly.night],
        }
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("trajets:Q", axis=axis(t("stats.axis_trajets"))),
            y=alt.Y("period:N", axis=axis(t("charts.period")), sort=None),
            color=day_night_colour(t),
            tooltip=[
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("trajets:Q", title=t("stats.axis_trajets")),
            ],
        )
        .properties(height=140)
    )
    summary = t(
        "stats.split_summary",
        night=fmt.number(trajets.night, lang),
        share=fmt.percent(_share(trajets.night, trajets.day + trajets.night), lang),
        weekly_share=fmt.percent(_share(weekly.night, weekly.day + weekly.night), lang),
    )
    table = pd.DataFrame(
        {
            t("charts.period"): data["period"],
            t("stats.axis_trajets"): [fmt.number(v, lang) for v in data["trajets"]],
            t("stats.col_share"): [
                fmt.percent(_share(v, trajets.day + trajets.night), lang) for v in data["trajets"]
            ],
            t("stats.col_weekly"): [fmt.number(v, lang) for v in data["weekly"]],
        }
    )
    return ChartBlock(chart, t("stats.split_description"), summary, table)


def _group_label(key: str | None, label: str | None, group_by: str, t: Translator) -> str:
    if group_by == "country":
        return country_name(key, t.language)
    return label or key or fmt.MISSING


def volumes_by_group(volumes: Volumes, t: Translator) -> ChartBlock:
    lang, group_by = t.language, volumes.group_by
    groups = sorted(volumes.groups, key=lambda g: g.trajets.total, reverse=True)[:TOP_GROUPS]
    group_title = t(f"stats.group_{group_by}")
    long = pd.DataFrame(
        [
            {
                "group": _group_label(g.key, g.label, group_by, t),
                "period": t(f"common.{period}"),
                "trajets": getattr(g.trajets, period),
            }
            for g in groups
            for period in ("day", "night")
        ]
    )
    order = [_group_label(g.key, g.label, group_by, t) for g in groups]
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", sort=order, axis=axis(group_title)),
            x=alt.X("sum(trajets):Q", axis=axis(t("stats.axis_trajets"))),
            color=day_night_colour(t),
            order=alt.Order("period:N"),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("trajets:Q", title=t("stats.axis_trajets")),
            ],
        )
        .properties(height=max(160, 26 * len(groups)))
    )
    top = groups[0] if groups else None
    summary = (
        t(
            "stats.volumes_summary",
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
                t("common.day"): fmt.number(g.trajets.day, lang),
                t("common.night"): fmt.number(g.trajets.night, lang),
                t("stats.col_total"): fmt.number(g.trajets.total, lang),
                t("stats.col_weekly"): fmt.number(g.weekly_departures.total, lang),
            }
            for g in sorted(volumes.groups, key=lambda g: g.trajets.total, reverse=True)
        ]
    )
    description = t("stats.volumes_description", group=group_title.lower(), top=TOP_GROUPS)
    return ChartBlock(chart, description, summary, table)


def _bin_label(lower: float, upper: float, metric: str, t: Translator) -> str:
    if metric == "duration":
        return t(
            "stats.bin_hours",
            lower=fmt.number(lower / 60, t.language, 0),
            upper=fmt.number(upper / 60, t.language, 0),
        )
    return t(
        "stats.bin_km", lower=fmt.number(lower, t.language), upper=fmt.number(upper, t.language)
    )


def _modal_bin(distribution: Distribution, period: str, t: Translator) -> str:
    bins = [b for b in distribution.bins if getattr(b, period) > 0]
    if not bins:
        return fmt.MISSING
    top = max(bins, key=lambda b: getattr(b, period))
    return _bin_label(top.lower, top.upper, distribution.metric, t)


def distribution_chart(distribution: Distribution, t: Translator) -> ChartBlock:
    metric = distribution.metric
    labels = [_bin_label(b.lower, b.upper, metric, t) for b in distribution.bins]
    long = pd.DataFrame(
        [
            {"bin": label, "period": t(f"common.{period}"), "trajets": getattr(b, period)}
            for b, label in zip(distribution.bins, labels, strict=True)
            for period in ("day", "night")
        ]
    )
    metric_title = t(f"stats.metric_{metric}")
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("bin:N", sort=labels, axis=axis(metric_title, labelAngle=-40)),
            xOffset=alt.XOffset("period:N"),
            y=alt.Y("trajets:Q", axis=axis(t("stats.axis_trajets"))),
            color=day_night_colour(t),
            tooltip=[
                alt.Tooltip("bin:N", title=metric_title),
                alt.Tooltip("period:N", title=t("charts.period")),
                alt.Tooltip("trajets:Q", title=t("stats.axis_trajets")),
            ],
        )
        .properties(height=280)
    )
    summary = t(
        "stats.distribution_summary",
        metric=metric_title.lower(),
        day=_modal_bin(distribution, "day", t),
        night=_modal_bin(distribution, "night", t),
    )
    table = pd.DataFrame(
        [
            {
                metric_title: label,
                t("common.day"): fmt.number(b.day, t.language),
                t("common.night"): fmt.number(b.night, t.language),
            }
            for b, label in zip(distribution.bins, labels, strict=True)
        ]
    )
    description = t("stats.distribution_description", metric=metric_title.lower())
    return ChartBlock(chart, description, summary, table)


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
