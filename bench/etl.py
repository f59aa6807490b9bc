"""Benchmark of the full load: a fresh database, migrations, then `obrail etl` on the mirror.

Baseline in the same run: parsing every source file with the standard library (csv, json),
which is the least any ETL must do. Results go to docs/donnees/benchmark-etl.md.

    .venv/bin/python -m bench.etl [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from docsbuild.results import Figure, Table, write_results
from warehouse import db
from warehouse.etl import run_etl
from warehouse.settings import WarehouseSettings
from warehouse.sources import catalogue

ADMIN_URL = os.environ.get("OBRAIL_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATA_DIR = Path(
    os.environ.get("OBRAIL_DATA_DIR") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
REPORT = Path(__file__).resolve().parents[1] / "docs" / "donnees" / "benchmark-etl.md"


def parse_all_files() -> float:
    started = time.perf_counter()
    for spec in catalogue.ALL_SOURCES:
        if spec.package is not None:  # read from an installed package, not the mirror
            continue
        for file in spec.files:
            path = DATA_DIR / spec.mirror_dir / file
            if path.suffix == ".json":
                json.loads(path.read_text(encoding="utf-8"))
            elif path.suffix == ".ndjson":
                for line in path.read_text(encoding="utf-8").splitlines():
                    json.loads(line)
            else:
                delimiter = ";" if path.name == "stations.csv" else ","
                with path.open(encoding="utf-8", newline="") as handle:
                    for _ in csv.reader(handle, delimiter=delimiter):
                        pass
    return time.perf_counter() - started


def full_load() -> tuple[float, float]:
    """(migrations + ETL seconds, ETL seconds) on a new database, dropped afterwards."""
    name = f"obrail_bench_{uuid.uuid4().hex[:8]}"
    base = ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        started = time.perf_counter()
        db.upgrade(url.replace("postgresql://", "postgresql+psycopg://"))
        etl_started = time.perf_counter()
        run_etl(WarehouseSettings(database_url=url, data_dir=DATA_DIR), gates=None)
        ended = time.perf_counter()
        return ended - started, ended - etl_started
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    baseline = min(parse_all_files() for _ in range(args.runs))
    loads = [full_load() for _ in range(args.runs)]
    totals, etls = [t for t, _ in loads], [e for _, e in loads]
    median_total, median_etl = statistics.median(totals), statistics.median(etls)
    lines = [
        "# Banc d'essai du chargement complet (ETL)",
        "",
        f"Mesuré le {datetime.now(UTC):%Y-%m-%d %H:%M} UTC sur {platform.node()} "
        f"({os.cpu_count()} cœurs, Python {platform.python_version()}), miroir `{DATA_DIR}`, "
        f"{args.runs} exécutions, avec la porte qualité installée (`obrail.gates`).",
        "",
        "| mesure | médiane (s) | min (s) | max (s) |",
        "|---|---|---|---|",
        f"| référence : lecture brute de tous les fichiers (csv/json) | {baseline:.2f} | {baseline:.2f} | {baseline:.2f} |",
        f"| ETL seul (`obrail etl`) | {median_etl:.1f} | {min(etls):.1f} | {max(etls):.1f} |",
        f"| base neuve : migrations + ETL | {median_total:.1f} | {min(totals):.1f} | {max(totals):.1f} |",
        "",
        f"Rapport ETL / lecture brute : **{median_etl / baseline:.1f}×**. Objectif : chargement complet "
        f"sous 60 s sur 2 cœurs — {'atteint' if median_total < 60 else 'non atteint'} ({median_total:.1f} s).",
        "",
        "Relancer : `.venv/bin/python -m bench.etl --runs 3` (PostgreSQL local, `OBRAIL_DATA_DIR`).",
        "",
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    write_results(
        "etl",
        title="Chargement complet du miroir (ETL)",
        command=f".venv/bin/python -m bench.etl --runs {args.runs}",
        producer="bench/etl.py",
        details="docs/donnees/benchmark-etl.md",
        figures={
            "parse_s": Figure(baseline, "s", "lecture brute de tous les fichiers", 2),
            "etl_s": Figure(median_etl, "s", "ETL seul, médiane", 1),
            "total_s": Figure(median_total, "s", "base neuve : migrations + ETL, médiane", 1),
            "ratio": Figure(median_etl / baseline, "×", "ETL / lecture brute", 1),
            "runs": Figure(args.runs, "", "exécutions"),
        },
        tables={
            "chargement": Table(
                "Durée du chargement complet du miroir, porte qualité comprise",
                ["mesure", "médiane (s)", "min (s)", "max (s)"],
                [
                    [
                        "lecture brute de tous les fichiers (référence)",
                        f"{baseline:.2f}".replace(".", ","),
                        "—",
                        "—",
                    ],
                    [
                        "ETL seul (`obrail etl`)",
                        *(f"{v:.1f}".replace(".", ",") for v in (median_etl, min(etls), max(etls))),
                    ],
                    [
                        "base neuve : migrations + ETL",
                        *(
                            f"{v:.1f}".replace(".", ",")
                            for v in (median_total, min(totals), max(totals))
                        ),
                    ],
                ],
            )
        },
    )


if __name__ == "__main__":
    main()
