"""Trajets: filters in the URL and sent to the API, results table, paging, opening a trajet."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.portal import payloads
from tests.portal.conftest import (
    PortalFactory,
    apply_filters,
    closed_port_url,
    tables,
    texts,
)
from tests.portal.fake_api import FakeApi

OPEN_LABEL = "Ouvrir un trajet de cette page"


def _open_selector(at: AppTest):
    return next(box for box in at.selectbox if box.label == OPEN_LABEL)


def test_results_table_shows_the_page_of_trajets(api: FakeApi, portal: PortalFactory) -> None:
    page = payloads.normal()["/trajets"]
    at = portal(api.url, "trajets")
    table = tables(at)[0].value
    assert len(table) == len(page["items"])
    departures = [f"{t['departure_local']} {t['origin']['name']}" for t in page["items"]]
    assert list(table["Départ (heure locale, gare)"]) == departures
    assert f"**{page['total']}** trajets" in texts(at)
    assert f"Page 1 sur {page['pages']}" in texts(at)


def test_submitted_filters_go_to_the_api_and_into_the_url(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "trajets")
    at.text_input(key="f_q").input("Wien")
    at.radio(key="f_day_night").set_value("night")
    at.multiselect(key="f_countries").set_value(["AT"])
    at.slider(key="f_duration").set_value((8, 30))
    apply_filters(at)
    assert not at.exception
    sent = api.last("/trajets")
    assert sent["q"] == "Wien"
    assert sent["day_night"] == "night"
    assert sent["country"] == "AT"
    assert sent["min_duration"] == str(8 * 60)
    assert "max_duration" not in sent  # the slider's upper end means "no limit"
    assert at.query_params["day_night"] == "night"
    assert at.query_params["min_duration_h"] == "8"


def test_a_shared_url_gives_the_same_view(api: FakeApi, portal: PortalFactory) -> None:
    query = {"day_night": "night", "operator": "obb", "page": "2", "sort": "-duration"}
    at = portal(api.url, "trajets", query=query)
    sent = api.last("/trajets")
    assert {k: sent[k] for k in ("day_night", "operator", "page", "sort")} == query
    assert at.radio(key="f_day_night").value == "night"
    assert at.multiselect(key="f_operators").value == ["obb"]
    assert at.selectbox(key="f_sort").value == "-duration"


def test_invalid_url_values_are_ignored(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "trajets", query={"day_night": "evening", "page": "-3", "sort": "price"})
    sent = api.last("/trajets")
    assert "day_night" not in sent
    assert sent["page"] == "1"
    assert sent["sort"] == "departure"
    assert not at.exception


def test_next_page_asks_the_api_for_page_two(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "trajets")
    at.button(key="page_next").click().run()
    assert api.last("/trajets")["page"] == "2"
    assert at.query_params["page"] == "2"
    assert at.button(key="page_previous").disabled is False


def test_opening_a_trajet_shows_calls_co2_and_source(api: FakeApi, portal: PortalFactory) -> None:
    detail = payloads.normal()["/trajets/t-nj-469"]
    at = portal(api.url, "trajets")
    _open_selector(at).set_value("t-nj-469").run()
    assert at.query_params["trajet"] == "t-nj-469"
    assert "Trajet Paris Est → Wien Hbf" in [h.value for h in at.header]
    calls = next(t.value for t in tables(at) if "Gare" in t.value.columns)
    assert list(calls["Gare"]) == [c["station"]["name"] for c in detail["calls"]]
    shown = texts(at)
    assert detail["co2"]["train_factor"]["source_name"] in shown
    assert detail["source"]["attribution"] in shown
    assert "Circule : lundi, mercredi, vendredi" in shown  # the days in the page's language
    assert detail["source"]["licence"] in shown
    assert {m.label for m in at.metric} >= {"En train", "En avion", "CO₂ évité en train"}


def test_closing_a_trajet_removes_it_from_the_url(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "trajets", query={"trajet": "t-ice-9577"})
    assert "Trajet Paris Est → München Hbf" in [h.value for h in at.header]
    at.button(key="close_trajet").click().run()
    assert "trajet" not in at.query_params
    assert not any(h.value.startswith("Trajet ") for h in at.header)


def test_unknown_trajet_is_explained(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "trajets", query={"trajet": "does-not-exist"})
    assert any("does-not-exist does not exist" in str(w.value) for w in at.warning)
    assert not at.exception


def test_reset_clears_filters(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "trajets", query={"day_night": "night", "q": "Wien"})
    at.button(key="reset_filters").click().run()
    assert dict(at.query_params) == {}
    assert at.text_input(key="f_q").value == ""
    assert "q" not in api.last("/trajets")


def test_no_result_is_explained(empty_api: FakeApi, portal: PortalFactory) -> None:
    at = portal(empty_api.url, "trajets")
    assert any("Aucun trajet ne correspond" in str(i.value) for i in at.info)
    assert not tables(at)


def test_filters_stay_usable_when_the_api_is_down(portal: PortalFactory) -> None:
    at = portal(closed_port_url(), "trajets")
    assert at.text_input(key="f_q").value == ""
    assert not tables(at)
    apply_filters(at)
    assert not at.exception


def test_a_station_placed_at_its_town_is_marked_with_a_note(
    api: FakeApi, portal: PortalFactory
) -> None:
    """Kozyatyn (Ukraine): the API says its position is the town's, the calls table says so."""
    answers = payloads.normal()
    detail = answers["/trajets/t-nj-469"]
    detail["calls"][1]["station"] = {**detail["calls"][1]["station"], "name": "Kozyatyn"}
    detail["calls"][1]["station"]["coordinates_precision"] = "town"
    api.reset(answers)
    at = portal(api.url, "trajets")
    _open_selector(at).set_value("t-nj-469").run()
    calls = next(t.value for t in tables(at) if "Gare" in t.value.columns)
    assert "Kozyatyn *" in list(calls["Gare"])
    assert "Position approchée" in texts(at)


def test_csv_is_written_in_the_page_language() -> None:
    from portal.csv_export import COLUMNS, localise

    api_csv = (
        b"id,day_night,runs_overnight,weekdays,distance_km,is_current\r\n"
        b"a1,night,t,1010100,361.9,f\r\n"
    )
    french = localise(api_csv, "fr").decode("utf-8-sig").splitlines()
    assert (
        french[0]
        == "identifiant;jour ou nuit;roule la nuit;jours de circulation;distance (km);édition courante"
    )
    assert french[1] == "a1;nuit;oui;lundi, mercredi, vendredi;361,9;non"
    english = localise(api_csv, "en").decode("utf-8-sig").splitlines()
    assert english[1] == 'a1,night,yes,"Monday, Wednesday, Friday",361.9,no'
    doc = (Path(__file__).resolve().parents[2] / "docs" / "portail" / "export-csv.md").read_text(
        encoding="utf-8"
    )
    for column in COLUMNS:
        assert f"| `{column}` |" in doc, column


def test_the_trajets_view_comes_back_after_another_page(
    api: FakeApi, portal: PortalFactory
) -> None:
    """Search, sort and page chosen on Trajets are there again when the visitor comes back
    through the menu (which clears the query string)."""
    at = portal(api.url, "trajets")
    at.text_input(key="f_q").input("Wien")
    at.selectbox(key="f_sort").set_value("-duration")
    apply_filters(at)
    at.query_params.clear()
    at.switch_page("app_pages/statistiques.py").run()
    at.query_params.clear()
    at.switch_page("app_pages/trajets.py").run()
    assert not at.exception
    sent = api.last("/trajets")
    assert sent["q"] == "Wien" and sent["sort"] == "-duration"
    assert at.text_input(key="f_q").value == "Wien"
