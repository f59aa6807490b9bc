"""One set of figures, four readers: the portal's key figures (Accueil), the Statistiques page,
Metabase's saved questions (their SQL run as the BI role) and the API agree on the same loaded
warehouse — trajets, night share, weekly departures, per-country figures and coverage, CO2
comparisons and which timetables have expired."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import psycopg
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monitoring.metabase.questions import load_questions
from portal import context
from portal import formatting as fmt
from portal.i18n.countries import country_name
from portal.settings import PortalSettings
from tests.portal.conftest import APP_SCRIPT, PAGE_FILES, open_chart_tables, tables, texts
from tests.support.database import ADMIN_URL, url_for


@pytest.fixture(scope="module")
def bi_url(loaded_db: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute("ALTER ROLE obrail_bi LOGIN")
    return url_for(loaded_db.rsplit("/", 1)[1], "obrail_bi")


@pytest.fixture(scope="module")
def metabase(bi_url: str) -> dict[str, list[dict[str, Any]]]:
    """Every saved question's rows, run as Metabase runs them (role obrail_bi)."""
    answers = {}
    with psycopg.connect(bi_url) as connection:
        assert connection.execute("SELECT current_user").fetchone() == ("obrail_bi",)
        for question in load_questions():
            cursor = connection.execute(question.sql)
            names = [c.name for c in cursor.description or []]
            answers[question.slug] = [dict(zip(names, row, strict=True)) for row in cursor]
    return answers


@pytest.fixture(scope="module")
def api(live_api) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_api.url, timeout=30) as client:
        yield client


def _portal(api_url: str, page: str) -> AppTest:
    """The real portal script on one page, talking to the real API (no cache)."""
    st.cache_data.clear()
    context.configure(PortalSettings(api_url=api_url, api_timeout_s=20.0, api_cache_ttl_s=0))
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=60)
    if page != "accueil":
        at.run()
        at.switch_page(PAGE_FILES[page])
    at.run()
    assert not at.exception
    return at


def test_portal_statistics_metabase_and_api_show_the_same_figures(live_api, api, metabase):
    summary = api.get("/stats/summary").json()
    by_country = api.get("/stats/volumes", params={"group_by": "country"}).json()
    by_operator = api.get("/stats/volumes", params={"group_by": "operator"}).json()
    coverage = {c["country"]: c for c in api.get("/coverage").json()}
    co2 = {r["day_night"]: r for r in api.get("/stats/co2").json()["by_day_night"]}
    listed = api.get("/trajets", params={"page_size": 1}).json()
    home = _portal(live_api.url, "accueil")
    stats = open_chart_tables(_portal(live_api.url, "statistiques"))

    # -- headline: trajets (services), day/night, night share, weekly departures ---------------
    metric = {m.label: m.value for m in home.metric}
    assert metric["Trajets"] == fmt.number(summary["trajets"], "fr")
    assert metric["Part des trains de nuit"] == fmt.percent(summary["night_share"], "fr")
    assert metric["Départs par semaine"] == fmt.number(summary["weekly_departures"], "fr")
    split = next(t.value for t in tables(stats) if "Part des trajets" in t.value.columns)
    day_row, night_row = split.iloc[0], split.iloc[1]
    assert day_row["Trajets"] == fmt.number(summary["trajets_day"], "fr")
    assert night_row["Trajets"] == fmt.number(summary["trajets_night"], "fr")
    assert by_operator["totals"]["trajets"]["total"] == summary["trajets"]
    day_night = {r["catégorie"]: r for r in metabase["01_trajets_jour_nuit"]}
    assert day_night["Jour"]["trajets"] == summary["trajets_day"]
    assert day_night["Nuit"]["trajets"] == summary["trajets_night"]
    assert float(day_night["Nuit"]["part des trajets (%)"]) == round(
        100 * summary["night_share"], 1
    )
    weekly = sum(float(r["départs par semaine"]) for r in day_night.values())
    assert weekly == pytest.approx(summary["weekly_departures"], abs=0.2)
    # the list counts services of the current editions, flagged ones included
    assert listed["total"] >= summary["trajets"]

    # -- per country: counts and coverage, « non couvert » never 0 ----------------------------
    countries = next(t.value for t in tables(stats) if "Pays" in t.value.columns)
    shown = {row["Pays"]: row for _, row in countries.iterrows()}
    questions = {r["pays"]: r for r in metabase["03_trajets_par_pays"]}
    assert by_country["groups"]
    for group in by_country["groups"]:
        code = group["key"]
        cover = coverage[code]
        row, question = shown[country_name(code, "fr")], questions[code]
        for period, column, label in (
            ("day", "Jour", "trajets de jour"),
            ("night", "Nuit", "trajets de nuit"),
        ):
            level = group["coverage"][period]
            assert level == cover[period]["level"], (code, period)
            count = group["trajets"][period]
            assert count == cover[period]["services"], (code, period)
            expected = "non couvert" if level == "none" else fmt.number(count, "fr")
            assert row[column] == expected, (code, period)
            assert question[label] == ("non couvert" if level == "none" else str(count))
    assert shown[country_name("ES", "fr")]["Nuit"] == "non couvert"

    # -- CO2: the same comparable trajets, what is left out said -------------------------------
    co2_question = {r["catégorie"]: r for r in metabase["04_co2_train_avion"]}
    for period, label in (("day", "Jour"), ("night", "Nuit")):
        api_row, question = co2[period], co2_question[label]
        assert question["trajets comparables"] == api_row["comparable"]
        assert question["trajets sans comparaison"] == api_row["trajets"] - api_row["comparable"]
        assert float(question["train (kg CO₂e)"]) == pytest.approx(
            api_row["avg_train_kg"], abs=0.06
        )
        assert f"moyennes sur {fmt.number(api_row['comparable'], 'fr')} trajets" in texts(stats)

    # -- validity: which timetables expired, said by all four ---------------------------------
    expired = {v["name"]: v for v in summary["validity"] if v["status"] == "expired"}
    health = api.get("/health").json()["data"]["timetables"]
    assert {e["name"] for e in health["editions"] if e["status"] == "expired"} == set(expired)
    validity_card = {r["source"]: r["horaires"] for r in metabase["00_validite_des_horaires"]}
    home_text = texts(home)
    for name, edition in expired.items():
        since = fmt.day(date.fromisoformat(edition["expired_since"]), "fr")
        assert validity_card[name] == f"EXPIRÉS depuis le {since}"
        assert f"{name} : expiré depuis le {since}" in home_text
        assert f"{name} : expiré depuis le {since}" in texts(stats)
    for name, status in validity_card.items():
        if name not in expired:
            assert not status.startswith("EXPIRÉS"), name
    if expired:
        assert summary["timetables_status"] in ("partly_expired", "expired")
        assert "en vigueur" not in home_text
