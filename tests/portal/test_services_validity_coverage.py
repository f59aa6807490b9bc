"""What a user reads about services, validity, plausibility and coverage (issue 10)."""

from __future__ import annotations

import copy

from tests.portal import payloads
from tests.portal.conftest import PortalFactory, open_chart_tables, tables, texts
from tests.portal.fake_api import FakeApi


def _all_expired() -> dict[str, object]:
    answers = payloads.normal()
    summary = copy.deepcopy(answers["/stats/summary"])
    for validity in summary["validity"]:
        validity["status"] = "expired"
        validity["expired_since"] = "2025-12-16"
    summary["timetables_status"] = "expired"
    answers["/stats/summary"] = summary
    return answers


def test_home_says_which_timetables_expired_and_never_in_force(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url)
    warnings = " ".join(str(w.value) for w in at.warning)
    assert "Horaires en partie expirés" in warnings
    assert "Deutschland Fernverkehr GTFS : expiré depuis le 10/12/2025" in warnings
    assert "en vigueur" not in texts(at)
    validity = tables(at)[0].value
    assert list(validity["Statut"]) == ["expiré depuis le 10/12/2025", "valide"]


def test_home_when_every_timetable_expired(api: FakeApi, portal: PortalFactory) -> None:
    api.reset(_all_expired())
    at = portal(api.url)
    assert any("**Horaires expirés.**" in str(w.value) for w in at.warning)
    english = portal(api.url, query={"lang": "en"})
    assert any("Expired timetables" in str(w.value) for w in english.warning)


def test_home_discloses_coverage(api: FakeApi, portal: PortalFactory) -> None:
    shown = texts(portal(api.url))
    # DE, ES covered, AT and FR partly; SE has no day source
    assert "trains de jour sont couverts dans **4** pays (dont 2 en partie)" in shown
    assert "trains de nuit dans **4** pays" in shown
    assert "non couverts" in shown


def test_trajets_rows_show_the_service_period_exceptions_and_validity(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "trajets")
    table = tables(at)[0].value
    assert table["Jours"][0] == "tous les jours, du 09/11/2025 au 09/12/2025 (+0 / −2 dates)"
    assert table["Jours"][1] == "lundi, mercredi, vendredi"
    assert any("Horaires en partie expirés" in str(w.value) for w in at.warning)


def test_an_implausible_trajet_is_flagged_in_the_list_and_its_detail(
    api: FakeApi, portal: PortalFactory
) -> None:
    answers = payloads.normal()
    answers["/trajets"] = payloads.trajet_page(
        [payloads.DAY_TRAJET, payloads.IMPLAUSIBLE_TRAJET], total=2
    )
    api.reset(answers)
    at = portal(api.url, "trajets", query={"trajet": "t-icf-8626"})
    table = tables(at)[0].value
    assert list(table["Train"]) == [
        "ICE 9577",
        "ICF 8626 Burgas – Sofia (invraisemblable, hors statistiques)",
    ]
    warning = next(str(w.value) for w in at.warning if "invraisemblable" in str(w.value))
    assert "n'entre dans aucune statistique" in warning
    assert "durée plus longue que possible pour sa catégorie" in warning
    assert "heures de la source qui reculent entre deux arrêts" in warning


def test_detail_lists_exceptions_every_date_and_the_variants(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "trajets", query={"trajet": "t-ice-9577"})
    shown = texts(at)
    assert "Pas de train : 15/11/2025, 16/11/2025." in shown
    assert "3 dates de départ ; 3 voyages de la source" in shown
    assert any(e.label == "Toutes les dates de départ" for e in at.expander)
    assert "Horaires expirés depuis le 10/12/2025 (valables jusqu'au 09/12/2025)." in shown
    # the dates are written once their expander is opened (a closed one sends nothing)
    dates = next(e for e in at.expander if e.label == "Toutes les dates de départ")
    assert not dates.markdown
    at.session_state["detail_run_dates"] = True
    at.run()
    dates = next(e for e in at.expander if e.label == "Toutes les dates de départ")
    assert [m.value for m in dates.markdown] == ["09/11/2025, 10/11/2025, 11/11/2025"]


def test_country_figures_say_non_covered_never_zero(api: FakeApi, portal: PortalFactory) -> None:
    at = open_chart_tables(portal(api.url, "statistiques"))
    table = next(t.value for t in tables(at) if "Pays" in t.value.columns)
    spain = table[table["Pays"] == "Espagne"].iloc[0]
    assert spain["Nuit"] == "non couvert"
    assert spain["Couverture (nuit)"] == "non couvert"
    assert spain["Couverture (jour)"] == "couvert"
    france = table[table["Pays"] == "France"].iloc[0]
    assert france["Couverture (jour)"] == "couvert en partie"
    assert "« non couvert » n'a aucune source" in texts(at)


def test_statistics_say_what_the_co2_averages_leave_out(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "statistiques")
    shown = texts(at)
    assert "Nuit : moyennes sur 25 trajets" in shown
    assert "9 trajets n'y entrent pas" in shown
    assert any("Horaires en partie expirés" in str(w.value) for w in at.warning)
