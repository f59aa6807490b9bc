"""Depuis ma ville and Train ou avion ?: what the API answers, shown in the page's language with
times and their zone, tables sortable and as text, the method said."""

from __future__ import annotations

import copy

from portal import formatting as fmt
from portal.components.journeys import LIST_PAGE
from tests.portal.conftest import PortalFactory, charts, tables, texts
from tests.portal.fake_api import FakeApi


def test_from_my_city_lists_and_maps_every_destination(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "depuis_ma_ville", query={"ville": "Vienna", "day_night": "night"})
    assert not at.exception
    assert api.last("/destinations") == {"from": "Vienna", "day_night": "night"}
    shown = texts(at)
    assert "Depuis **Wien** : **2** destinations directes, dont **1** de nuit" in shown
    [(name, spec)] = charts(at)
    assert "Wien" in name and "Paris" in spec and "München" in spec
    assert not at.dataframe  # a real HTML table, sortable by any column
    table = tables(at)[0].value
    assert list(table["Ville"]) == ["München", "Paris"]
    assert table["Dernière arrivée"][1] == "10:06 (heure de Paris), 1 j plus tard"
    assert table["Premier départ"][0] == "06:28 (heure de Vienne)"
    assert "quand il va de son premier à son dernier arrêt" in shown
    sorter = next(s for s in at.selectbox if s.key == "sort_destinations_by")
    sorter.set_value("Départs par semaine").run()
    assert list(tables(at)[0].value["Ville"]) == ["München", "Paris"]
    at.radio(key="sort_destinations_order").set_value(False).run()
    assert list(tables(at)[0].value["Ville"]) == ["Paris", "München"]


def _many_destinations(api: FakeApi, count: int) -> None:
    """The fake API's Wien answers `count` destinations, `Ville 000`... with fastest times
    `count` down to 1 minute (so that the API's order, fastest first, is the reverse)."""
    answer = copy.deepcopy(api.payloads["/destinations"])
    first = answer["destinations"][0]
    answer["destinations"] = [
        {**first, "city": f"Ville {i:03d}", "fastest_min": count - i, "trains": i + 1}
        for i in range(count)
    ]
    api.payloads["/destinations"] = answer


def test_a_long_destination_list_is_shown_a_page_at_a_time_sorted_as_a_whole(
    api: FakeApi, portal: PortalFactory
) -> None:
    count = 2 * LIST_PAGE + 7
    _many_destinations(api, count)
    at = portal(api.url, "depuis_ma_ville", query={"ville": "Vienna"})
    assert not at.exception
    assert f"**{count}** destinations directes" in texts(at)
    [(_, spec)] = charts(at)
    assert f"Ville {count - 1:03d}" in spec and "Ville 000" in spec  # the map shows them all
    [table] = tables(at)
    assert len(table.value) == LIST_PAGE
    assert table.value["Ville"][0] == "Ville 000"
    assert f"Lignes 1 à {LIST_PAGE} sur {count}" in texts(at)
    assert f"(Lignes 1 à {LIST_PAGE} sur {count})" in table.label
    next_rows = next(b for b in at.button if b.label == "Lignes suivantes")
    assert not next_rows.disabled
    assert next(b for b in at.button if b.label == "Lignes précédentes").disabled
    next_rows.click().run()
    next(b for b in at.button if b.label == "Lignes suivantes").click().run()
    [last] = tables(at)
    assert len(last.value) == 7
    assert list(last.value["Ville"]) == [f"Ville {i:03d}" for i in range(2 * LIST_PAGE, count)]
    assert f"Lignes {2 * LIST_PAGE + 1} à {count} sur {count}" in texts(at)
    assert next(b for b in at.button if b.label == "Lignes suivantes").disabled
    # sorted as a whole, from the first page again: the most trains first
    sorter = next(s for s in at.selectbox if s.key == "sort_destinations_by")
    sorter.set_value("Trains").run()
    [first_page] = tables(at)
    assert first_page.value["Ville"][0] == f"Ville {count - 1:03d}"
    assert len(first_page.value) == LIST_PAGE


def test_from_my_city_without_a_city_offers_examples(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "depuis_ma_ville")
    assert "Par exemple : [Wien](?ville=Wien)" in texts(at)
    assert "/destinations" not in [path for path, _ in api.requests]


def test_train_or_plane_gives_a_verdict_and_the_plane_steps(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "train_ou_avion", query={"de": "Wien", "a": "Munich"})
    assert not at.exception
    assert api.last("/comparison") == {"from": "Wien", "to": "Munich"}
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Train, porte à porte"] == "4\u00a0h\u00a028"
    assert metrics["Avion, porte à porte"] == "5\u00a0h\u00a020"
    shown = texts(at)
    assert (
        "**Le train gagne** : 0\u00a0h\u00a052 plus rapide de porte à porte et 79 fois moins de CO₂."
        in shown
    )
    assert "118 min à l'aéroport avant le vol" in shown
    steps = tables(at)[0].value
    assert list(steps["Minutes"]) == ["37", "118", "69", "39", "57"]
    assert "1 relations directes" in shown  # the pairs where the train wins
    # the method says where the train's distance and CO2 come from, and what a row is
    assert "au prorata de la distance le long des arrêts" in shown
    assert "forme une seule ligne, ses départs par semaine additionnés" in shown


def test_train_or_plane_minutes_are_whole_numbers(api: FakeApi, portal: PortalFactory) -> None:
    """The "Minutes gagnées par le train" column said "-171,0"; a train without figures shows
    dashes, never "NaN"."""
    at = portal(api.url, "train_ou_avion", query={"de": "Wien", "a": "Munich"})
    trains = next(t.value for t in tables(at) if "Minutes gagnées par le train" in t.value.columns)
    assert list(trains["Minutes gagnées par le train"]) == [
        fmt.number(52, "fr"),
        fmt.number(-171, "fr"),
    ]
    assert "," not in fmt.number(-171, "fr")
    assert list(trains["Trajet (min)"]) == ["236", "439"]
    assert list(trains["Départs par semaine"]) == ["7,2", "7,0"]
    assert list(trains["CO₂ train (kg)"]) == ["1,2", fmt.MISSING]
    pairs = next(t.value for t in tables(at) if "Avion porte à porte (min)" in t.value.columns)
    assert all("," not in value for value in pairs["Minutes gagnées par le train"])


def test_train_or_plane_in_english(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "train_ou_avion", query={"de": "Wien", "a": "Munich", "lang": "en"})
    assert "**The train wins**" in texts(at)
    assert "06:28 (Vienna time)" in texts(at)
