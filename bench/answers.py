"""The client's question answered on the loaded mirror, by the API itself and by the warehouse's
views: what day and night trains contribute (services, weekly departures, countries and their
coverage, operators), where the train beats the plane door to door and in CO2, and the data
model's headline figures (services, plausibility flags, overnight night trains, cross-source
links). Writes docs/resultats/reponses.json, which the report's results chapter quotes.

    .venv/bin/python -m bench.answers                    # a private copy of the loaded mirror
    .venv/bin/python -m bench.answers --database URL     # a warehouse already loaded (owner role)

The API is the real app (`create_app`, served by uvicorn on a free port) reading through the
read-only role `obrail_api`; nothing is timed here.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Any

import httpx

from api.settings import ApiSettings
from bench.figures import read as read_warehouse
from docsbuild.figures import format_number
from docsbuild.results import Figure, Table, write_results
from tests.api.server import running_api
from tests.support.database import (
    DATA_DIR,
    allow_login,
    loaded_template,
    temporary_database,
    url_for,
)

LEVELS = {"covered": "couvert", "partial": "partiel", "none": "non couvert"}
DAY_NIGHT = {"day": "jour", "night": "nuit"}
TOP_OPERATORS = 12
TOP_PAIRS = 12


def n(value: float, decimals: int = 0) -> str:
    return format_number(value, decimals)


def hours(minutes: float) -> str:
    total = round(minutes)
    return f"{total // 60}\u00a0h\u00a0{total % 60:02d}"


@contextlib.contextmanager
def warehouse(database: str | None) -> Iterator[str]:
    if database:
        yield database
        return
    with temporary_database("obrail_bench_answers", template=loaded_template(DATA_DIR)) as url:
        yield url


def api_answers(owner_url: str) -> dict[str, Any]:
    allow_login("obrail_api")
    settings = ApiSettings(
        database_url=url_for(owner_url.rsplit("/", 1)[1], "obrail_api"),
        access_log=False,
        rate_limit_per_minute=1_000_000,
        rate_limit_burst=100_000,
    )
    paths = {
        "summary": "/stats/summary",
        "coverage": "/coverage",
        "countries": "/stats/volumes?group_by=country",
        "operators": "/stats/volumes?group_by=operator",
        "co2": "/stats/co2",
        "pairs": "/comparison/pairs?limit=500",
        "pairs_day": "/comparison/pairs?limit=1&day_night=day",
        "pairs_night": "/comparison/pairs?limit=1&day_night=night",
    }
    answers: dict[str, Any] = {}
    with running_api(settings) as base, httpx.Client(base_url=base, timeout=60) as client:
        for name, path in paths.items():
            response = client.get(path)
            response.raise_for_status()
            answers[name] = response.json()
    return answers


def coverage_cell(cell: dict[str, Any]) -> str:
    if cell["level"] == "none":
        return LEVELS["none"]
    return f"{n(cell['services'])} ({LEVELS[cell['level']]})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="libpq URL of a loaded warehouse (owner role)")
    args = parser.parse_args()
    with warehouse(args.database) as url:
        data = read_warehouse(url, "valeur")
        answers = api_answers(url)

    summary = answers["summary"]
    totals = answers["countries"]["totals"]
    weekly = {dn: float(v) for dn, v in totals["weekly_departures"].items()}
    coverage = answers["coverage"]
    levels = {
        (dn, level): sum(1 for c in coverage if c[dn]["level"] == level)
        for dn in DAY_NIGHT
        for level in LEVELS
    }
    departures = {
        g["key"]: g["weekly_departures"] for g in answers["countries"]["groups"] if g["key"]
    }
    co2 = {row["day_night"]: row for row in answers["co2"]["by_day_night"]}
    pairs = answers["pairs"]
    raw = data.numbers

    figures = {
        "services": Figure(summary["trajets"], "services", "services comptés dans les statistiques"),
        "services_day": Figure(summary["trajets_day"], "services", "dont trains de jour"),
        "services_night": Figure(summary["trajets_night"], "services", "dont trains de nuit"),
        "night_share": Figure(100 * summary["night_share"], "%", "part des trains de nuit", 1),
        "weekly": Figure(weekly["total"], "départs", "départs hebdomadaires comptés"),
        "weekly_day": Figure(weekly["day"], "départs", "départs hebdomadaires, jour"),
        "weekly_night": Figure(weekly["night"], "départs", "départs hebdomadaires, nuit"),
        "weekly_night_share": Figure(
            100 * weekly["night"] / weekly["total"], "%", "part de la nuit dans les départs", 1
        ),
        "countries": Figure(summary["countries"], "pays", "pays desservis"),
        "operators": Figure(summary["operators"], "opérateurs", "opérateurs"),
        "stations": Figure(summary["stations"], "gares", "gares desservies"),
        "source_rows": Figure(raw["rows"], "voyages", "voyages des sources courantes"),
        "rows": Figure(raw["services"], "services", "lignes de core.trajets (sources courantes)"),
        "implausible": Figure(raw["implausible"], "services", "services signalés invraisemblables"),
        "night_total": Figure(raw["night"], "trains de nuit", "trains de nuit (comptés ou non)"),
        "night_overnight": Figure(
            raw["night_overnight"], "", "trains de nuit en route entre 0 h et 5 h"
        ),
        "linked": Figure(raw["linked"], "services", "services reliés au même train d'une autre source"),
        "day_covered": Figure(levels["day", "covered"], "pays", "pays couverts le jour"),
        "day_partial": Figure(levels["day", "partial"], "pays", "pays couverts en partie le jour"),
        "day_none": Figure(levels["day", "none"], "pays", "pays non couverts le jour"),
        "night_covered": Figure(levels["night", "covered"], "pays", "pays couverts la nuit"),
        "night_none": Figure(levels["night", "none"], "pays", "pays non couverts la nuit"),
        "coverage_countries": Figure(len(coverage), "pays", "pays de la table de couverture"),
        "pairs_winning": Figure(
            pairs["total"], "relations", "relations où le train est plus rapide et moins émetteur"
        ),
        "pairs_winning_day": Figure(
            answers["pairs_day"]["total"], "relations", "dont par un train de jour"
        ),
        "pairs_winning_night": Figure(
            answers["pairs_night"]["total"], "relations", "dont par un train de nuit"
        ),
    }  # fmt: skip

    country_rows = [
        [
            c["country"],
            coverage_cell(c["day"]),
            coverage_cell(c["night"]),
            n(departures[c["country"]]["day"]) if c["country"] in departures else "0",
            n(departures[c["country"]]["night"]) if c["country"] in departures else "0",
        ]
        for c in sorted(coverage, key=lambda c: c["country"])
        if c["day"]["level"] != "none" or c["night"]["level"] != "none"
    ]
    uncovered = sorted(
        c["country"]
        for c in coverage
        if c["day"]["level"] == "none" and c["night"]["level"] == "none"
    )
    by_services = sorted(answers["operators"]["groups"], key=lambda g: -g["trajets"]["total"])
    operator_groups = by_services[:TOP_OPERATORS]
    operator_rows = [
        [
            g["label"] or g["key"] or "–",
            n(g["trajets"]["day"]),
            n(g["trajets"]["night"]),
            n(g["weekly_departures"]["day"]),
            n(g["weekly_departures"]["night"]),
        ]
        for g in operator_groups
    ]
    co2_rows = [
        [
            DAY_NIGHT[dn],
            n(row["trajets"]),
            n(row["comparable"]),
            n(row["avg_train_kg"], 1) if row["avg_train_kg"] is not None else "–",
            n(row["avg_plane_kg"], 1) if row["avg_plane_kg"] is not None else "–",
            n(row["avg_saving_kg"], 1) if row["avg_saving_kg"] is not None else "–",
        ]
        for dn, row in sorted(co2.items())
    ]
    pair_rows = [
        [
            f"{p['origin']} – {p['destination']}",
            p["train"] or "–",
            hours(p["train_door_to_door_min"]),
            hours(p["plane_door_to_door_min"]),
            hours(p["minutes_saved"]),
            n(p["co2_train_kg"], 1) if p["co2_train_kg"] is not None else "–",
            n(p["co2_plane_kg"], 1) if p["co2_plane_kg"] is not None else "–",
        ]
        for p in pairs["pairs"][:TOP_PAIRS]
    ]
    tables = {
        "donnees": Table(
            "Le modèle de données sur le miroir (éditions courantes)",
            ["mesure", "valeur"],
            [[k, v] for k, v in data.headline.items()],
        ),
        "pays": Table(
            "Services comptés et couverture par pays, départs hebdomadaires (pays sans aucune "
            f"source, ni jour ni nuit : {', '.join(uncovered) or 'aucun'})",
            ["pays", "jour : services (couverture)", "nuit : services (couverture)",
             "départs / semaine, jour", "départs / semaine, nuit"],
            country_rows,
        ),
        "operateurs": Table(
            f"Les {TOP_OPERATORS} opérateurs qui font rouler le plus de services",
            ["opérateur", "services de jour", "services de nuit",
             "départs / semaine, jour", "départs / semaine, nuit"],
            operator_rows,
        ),
        "co2": Table(
            "CO2 par passager : train et avion sur le même parcours (kg CO2e, moyennes sur les "
            "services comparables)",
            ["trains", "services comptés", "comparables", "train (kg)", "avion (kg)", "économie (kg)"],
            co2_rows,
        ),
        "paires": Table(
            "Relations où le train est plus rapide porte à porte et moins émetteur que l'avion "
            f"(les {TOP_PAIRS} plus longues, /comparison/pairs ; temps porte à porte)",
            ["relation", "train", "en train", "en avion", "gagné", "CO2 train (kg)", "CO2 avion (kg)"],
            pair_rows,
        ),
    }  # fmt: skip
    path = write_results(
        "reponses",
        title="Réponses à la question du client sur le miroir chargé (API et entrepôt)",
        command=".venv/bin/python -m bench.answers",
        producer="bench/answers.py",
        details="docs/api/train-ou-avion.md",
        figures=figures,
        tables=tables,
    )
    print(path)
    for name, figure in figures.items():
        print(f"{name:22} {figure.value}")


if __name__ == "__main__":
    main()
