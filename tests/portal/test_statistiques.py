"""Statistiques: every chart has a summary, an accessible description and a data table."""

from __future__ import annotations

from portal import formatting as fmt
from tests.portal import payloads
from tests.portal.conftest import (
    PortalFactory,
    chart_table_keys,
    charts,
    open_chart_tables,
    tables,
    texts,
)
from tests.portal.fake_api import FakeApi

CHARTS = 5  # day/night, by operator, by country, durations or distances, CO2


def test_every_chart_has_an_accessible_name_and_a_table(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "statistiques")
    drawn = charts(at)
    assert len(drawn) == CHARTS
    assert all(name.strip() for name, _ in drawn)
    assert len(at.expander) == CHARTS
    open_chart_tables(at)
    # the volume and distribution tables sort by any column (the split and CO2 have 2 rows)
    assert len(at.selectbox) >= CHARTS - 2
    assert all(len(tables(expander)) == 1 for expander in at.expander)


def test_one_distribution_at_a_time_durations_first(api: FakeApi, portal: PortalFactory) -> None:
    """Durations or distances, chosen with a radio group; the other one is not drawn."""
    at = portal(api.url, "statistiques")
    names = [name for name, _ in charts(at)]
    assert any("durée" in name for name in names)
    assert not any("distance" in name for name in names)
    at.radio(key="stats_distribution").set_value("distance").run()
    names = [name for name, _ in charts(at)]
    assert any("distance" in name for name in names)
    assert not any("durée" in name for name in names)
    assert len(names) == CHARTS
    assert api.last("/stats/distributions")["metric"] == "distance"


def test_chart_tables_are_built_only_when_opened(api: FakeApi, portal: PortalFactory) -> None:
    """A closed expander sends no table and no sort control (the first render stays light);
    opening one shows its table, and it stays open when the filters change."""
    at = portal(api.url, "statistiques")
    assert len(at.expander) == CHARTS and not tables(at)
    sorters = [s for s in at.selectbox if s.key and s.key.startswith("sort_")]
    assert not sorters
    key = next(k for k in chart_table_keys(at) if "pays" in k)
    at.session_state[key] = True
    at.run()
    [shown] = tables(at)
    assert "Pays" in shown.value.columns
    at.radio(key="stats_filters_day_night").set_value("night")
    at.button[0].click().run()
    assert [t for t in tables(at) if "Pays" in t.value.columns]


def test_axis_titles_are_in_the_page_language(api: FakeApi, portal: PortalFactory) -> None:
    english = " ".join(
        svg for _, svg in charts(portal(api.url, "statistiques", query={"lang": "en"}))
    )
    french = " ".join(svg for _, svg in charts(portal(api.url, "statistiques")))
    assert '"Journeys"' in english and '"Journeys"' not in french
    assert '"Trajets"' in french and '"Trajets"' not in english
    assert '"decimal": ","' in french and '"decimal": "."' in english


def test_day_night_summary_is_computed_from_the_volumes(
    api: FakeApi, portal: PortalFactory
) -> None:
    totals = payloads.normal()["/stats/volumes?group_by=operator"]["totals"]["trajets"]
    share = fmt.percent(totals["night"] / totals["total"], "fr")
    assert f"représentent **{share}** des trajets" in texts(portal(api.url, "statistiques"))


def test_operator_table_lists_every_operator_by_volume(api: FakeApi, portal: PortalFactory) -> None:
    groups = payloads.normal()["/stats/volumes?group_by=operator"]["groups"]
    at = open_chart_tables(portal(api.url, "statistiques"))
    table = next(t.value for t in tables(at) if "Opérateur" in t.value.columns)
    expected = [
        g["label"] for g in sorted(groups, key=lambda g: g["trajets"]["total"], reverse=True)
    ]
    assert list(table["Opérateur"]) == expected


def test_co2_factors_are_cited_with_their_source(api: FakeApi, portal: PortalFactory) -> None:
    factor = payloads.normal()["/stats/co2"]["factors"][0]
    shown = texts(portal(api.url, "statistiques"))
    assert factor["source_name"] in shown and factor["source_url"] in shown


def test_empty_statistics_say_there_is_no_data(empty_api: FakeApi, portal: PortalFactory) -> None:
    at = portal(empty_api.url, "statistiques")
    assert not charts(at)
    assert sum("Pas de données" in str(i.value) for i in at.info) == CHARTS


def test_a_chart_table_sorts_by_any_column(api: FakeApi, portal: PortalFactory) -> None:
    """« Which country has the most night trains? »: sort the country table by night trains."""
    groups = payloads.normal()["/stats/volumes?group_by=country"]["groups"]
    at = open_chart_tables(portal(api.url, "statistiques"))
    countries = next(i for i, t in enumerate(tables(at)) if "Pays" in t.value.columns)
    sorter = next(s for s in at.selectbox if s.key and "pays" in s.key and s.key.endswith("_by"))
    sorter.set_value("Nuit").run()
    table = next(t.value for t in tables(at) if "Pays" in t.value.columns)
    covered = [g for g in groups if (g.get("coverage") or {}).get("night") != "none"]
    top = max(covered, key=lambda g: g["trajets"]["night"])
    assert table["Pays"].iloc[0] == fmt_country(top["key"])
    assert countries >= 0


def fmt_country(code: str) -> str:
    from portal.i18n.countries import country_name

    return country_name(code, "fr")
