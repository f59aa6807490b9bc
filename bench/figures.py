"""The headline figures of a loaded warehouse, side by side for two databases (before/after).

Prints the Markdown table of docs/donnees/harmonisation.md ("Avant / après"): source rows,
services, counted services, night share, weekly departures, trajets flagged implausible,
night trains overnight, and the coverage of each country (day/night). A database loaded by an
older ETL (no services, no coverage table) is read with what it has.

    .venv/bin/python -m bench.figures postgresql://…/before postgresql://…/after
    .venv/bin/python -m bench.figures postgresql://…/warehouse        # one column
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

import psycopg
import psycopg.rows

CURRENT = "t.is_current"


@dataclass
class Figures:
    label: str
    headline: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    coverage: dict[tuple[str, str], str] = field(default_factory=dict)


def _has_column(connection: psycopg.Connection[Any], view: str, column: str) -> bool:
    row = connection.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = 'api'"
        " AND table_name = %s AND column_name = %s",
        (view, column),
    ).fetchone()
    return row is not None


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


def read(url: str, label: str) -> Figures:
    figures = Figures(label)
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as connection:
        services = _has_column(connection, "trajets", "variant_count")
        variants = "sum(t.variant_count)" if services else "count(*)"
        plausible = "t.is_plausible" if services else "true"
        row = connection.execute(
            f"""SELECT {variants} AS rows,
                       count(*) AS services,
                       count(*) FILTER (WHERE t.counted_in_stats) AS counted,
                       count(*) FILTER (WHERE t.counted_in_stats AND t.day_night = 'night')
                           AS counted_night,
                       sum(t.weekly_departures) FILTER (WHERE t.counted_in_stats) AS weekly,
                       count(*) FILTER (WHERE NOT {plausible}) AS implausible,
                       count(*) FILTER (WHERE t.day_night = 'night') AS night,
                       count(*) FILTER (WHERE t.day_night = 'night' AND t.runs_overnight)
                           AS night_overnight,
                       count(*) FILTER (WHERE t.counted_in_stats AND t.day_night = 'night'
                                        AND t.co2_train_kg IS NULL) AS night_without_co2,
                       count(*) FILTER (WHERE t.duplicate_of IS NOT NULL) AS linked
                FROM api.trajets t WHERE {CURRENT}"""
        ).fetchone()
        assert row is not None
        figures.numbers = dict(row)
        share = row["counted_night"] / row["counted"] if row["counted"] else None
        figures.headline = {
            "voyages des sources courantes (lignes des fichiers chargées)": _number(row["rows"]),
            "lignes de `core.trajets` (sources courantes)": _number(row["services"]),
            "trajets comptés dans les statistiques": _number(row["counted"]),
            "dont trains de nuit": _number(row["counted_night"]),
            "part de la nuit": f"{100 * share:.1f} %".replace(".", ",") if share else "–",
            "départs hebdomadaires comptés": _number(row["weekly"]),
            "trajets signalés invraisemblables": (
                _number(row["implausible"]) if services else "non mesuré"
            ),
            "trains de nuit en route entre 0 h et 5 h": (
                f"{_number(row['night_overnight'])} / {_number(row['night'])}"
            ),
            "trains de nuit comptés sans CO2": _number(row["night_without_co2"]),
            "lignes reliées au même train d'une autre source (`duplicate_of`)": _number(
                row["linked"]
            ),
        }
        figures.coverage = _coverage(connection, has_table=services)
    return figures


def _coverage(
    connection: psycopg.Connection[Any], *, has_table: bool
) -> dict[tuple[str, str], str]:
    counted = {
        (r["country"], r["day_night"]): r["n"]
        for r in connection.execute(
            f"""SELECT c AS country, t.day_night, count(*) AS n
                FROM api.trajets t, unnest(t.countries) c
                WHERE {CURRENT} AND t.counted_in_stats GROUP BY 1, 2"""
        ).fetchall()
    }
    if not has_table:
        return {cell: _number(n) for cell, n in counted.items()}
    words = {"covered": "couvert", "partial": "partiel", "none": "non couvert"}
    return {
        (r["country"], r["day_night"]): (
            words["none"]
            if r["level"] == "none"
            else f"{_number(r['services'])} ({words[r['level']]})"
        )
        for r in connection.execute("SELECT * FROM api.coverage").fetchall()
    }


def markdown(columns: list[Figures]) -> str:
    header = "| mesure | " + " | ".join(f.label for f in columns) + " |"
    rule = "|---|" + "---|" * len(columns)
    lines = [header, rule]
    for key in columns[-1].headline:
        lines.append(f"| {key} | " + " | ".join(f.headline.get(key, "–") for f in columns) + " |")
    lines += ["", "Par pays (services comptés ; couverture) :", ""]
    lines.append(
        "| pays | " + " | ".join(f"jour {f.label} | nuit {f.label}" for f in columns) + " |"
    )
    lines.append("|---|" + "---|---|" * len(columns))
    countries = sorted({c for f in columns for c, _ in f.coverage})
    for country in countries:
        cells = []
        for f in columns:
            cells += [
                f.coverage.get((country, "day"), "0"),
                f.coverage.get((country, "night"), "0"),
            ]
        lines.append(f"| {country} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+", help="libpq URLs: before then after (or one)")
    parser.add_argument("--labels", nargs="*", help="column labels (default: avant, après)")
    args = parser.parse_args()
    labels = args.labels or (["avant", "après"] if len(args.urls) == 2 else ["valeur"])
    print(markdown([read(url, label) for url, label in zip(args.urls, labels, strict=True)]))


if __name__ == "__main__":
    main()
