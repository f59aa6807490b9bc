"""Benchmark of the data-quality suites (Great Expectations 1.x) on the whole mirror.

Measures, on a private copy of the loaded warehouse:
* importing Great Expectations in a fresh interpreter (what `obrail quality` and the ETL gate pay
  once per process);
* every suite on the published tables (`obrail quality` without storing or pushing), and per suite;
* the same suites on a staging copy (what the ETL's gate adds to a load).
Baseline in the same run: reading every asset once with plain SQL (each asset query materialised
into a temporary table), the least any validation of these rules must do.

    .venv/bin/python -m bench.quality [--runs 5]

Results: docs/qualite/benchmark.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from docsbuild.results import Figure, Table, write_results
from quality.checks import QueryTokens, Target
from quality.runner import RunOptions, validate
from quality.suites import ALL_SUITES
from tests.support.database import (
    DATA_DIR,
    loaded_template,
    sqlalchemy_url,
    temporary_database,
)
from warehouse.tables import PUBLISHED_TABLES

REPORT = Path(__file__).resolve().parents[1] / "docs" / "qualite" / "benchmark.md"
TARGET_S = 10.0


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import quality.runner; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def baseline_seconds(url: str) -> float:
    """Materialise every asset of every suite once (plain SQL, no GE)."""
    tokens = QueryTokens(Target.published(), etl_max_age_h=192)
    assets = {check.asset.name: check.asset for suite in ALL_SUITES for check in suite.checks}
    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        for name, asset in assets.items():
            connection.execute(f"CREATE TEMP TABLE bench_{name} AS {tokens.render(asset.query)}")
        elapsed = time.perf_counter() - started
        connection.rollback()
    return elapsed


def add_staging(url: str, run_id: int) -> Target:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA staging")
        for table in PUBLISHED_TABLES:
            connection.execute(f"CREATE TABLE staging.{table} AS SELECT * FROM core.{table}")
            connection.execute(f"ANALYZE staging.{table}")
    return Target.staging(run_id)


def timed_run(url: str, target: Target, only: set[str] | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    report = validate(sqlalchemy_url(url), target, RunOptions(), only=only)
    return time.perf_counter() - started, len(report.outcomes)


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {
            table: int(connection.execute(f"SELECT count(*) FROM core.{table}").fetchone()[0])  # type: ignore[index]
            for table in ("trajets", "calls", "stations", "operators")
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    imports = [import_seconds() for _ in range(args.runs)]
    with temporary_database("obrail_bench_quality", template=loaded_template(DATA_DIR)) as url:
        counts = row_counts(url)
        with psycopg.connect(url) as connection:
            run_id = int(connection.execute("SELECT run_id FROM core.publication").fetchone()[0])  # type: ignore[index]
        staging_target = add_staging(url, run_id)
        timed_run(url, Target.published())  # warm-up (PostgreSQL caches, GE registries)
        baselines, published, staged, ratios = [], [], [], []
        for _ in range(args.runs):  # interleaved: a burst of load hits every measure alike
            baselines.append(baseline_seconds(url))
            published.append(timed_run(url, Target.published()))
            staged.append(timed_run(url, staging_target))
            ratios.append(published[-1][0] / baselines[-1])
        per_suite = {
            suite.name: statistics.median(
                timed_run(url, Target.published(), {c.name for c in suite.checks})[0]
                for _ in range(args.runs)
            )
            for suite in ALL_SUITES
        }

    baseline = statistics.median(baselines)
    run_s = statistics.median(t for t, _ in published)
    expectations = published[0][1]
    staging_s = statistics.median(t for t, _ in staged)
    import_s = statistics.median(imports)
    lines = [
        "# Banc d'essai des suites de qualité",
        "",
        f"Mesuré le {datetime.now(UTC):%Y-%m-%d %H:%M} UTC sur {platform.node()} "
        f"({os.cpu_count()} cœurs, Python {platform.python_version()}), miroir complet "
        f"({counts['trajets']} trajets, {counts['calls']} arrêts, {counts['stations']} gares, "
        f"{counts['operators']} opérateurs), PostgreSQL local, {args.runs} exécutions "
        f"(médianes ; machine partagée, charge moyenne {load_before:.1f} au départ "
        f"puis {os.getloadavg()[0]:.1f} à la fin : ± 30 %).",
        "",
        "| mesure | médiane (s) | min (s) | max (s) |",
        "|---|---|---|---|",
        f"| référence : lecture SQL de chaque jeu de données une fois (sans GE) | {baseline:.2f} "
        f"| {min(baselines):.2f} | {max(baselines):.2f} |",
        f"| import de Great Expectations (nouveau processus) | {import_s:.2f} "
        f"| {min(imports):.2f} | {max(imports):.2f} |",
        f"| toutes les suites, données publiées ({expectations} attentes) | {run_s:.2f} "
        f"| {min(t for t, _ in published):.2f} | {max(t for t, _ in published):.2f} |",
        f"| toutes les suites, copie de staging (porte de l'ETL) | {staging_s:.2f} "
        f"| {min(t for t, _ in staged):.2f} | {max(t for t, _ in staged):.2f} |",
        "",
        "Par suite (données publiées, chaque suite seule, contexte GE compris) :",
        "",
        "| suite | médiane (s) |",
        "|---|---|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in per_suite.items()),
        "",
        f"Rapport suites / lecture SQL brute (médiane des rapports mesurés côte à côte) : "
        f"**{statistics.median(ratios):.1f}×**. "
        f"Objectif : toutes les suites en moins de {TARGET_S:.0f} s — "
        f"{'atteint' if run_s < TARGET_S else 'non atteint'} ({run_s:.1f} s ; "
        f"{run_s + import_s:.1f} s avec l'import de GE, payé une fois par processus).",
        "",
        "Relancer : `.venv/bin/python -m bench.quality --runs 5` (PostgreSQL local, "
        "`OBRAIL_DATA_DIR`).",
        "",
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    write_results(
        "qualite",
        title="Suites de qualité sur le miroir publié",
        command=f".venv/bin/python -m bench.quality --runs {args.runs}",
        producer="bench/quality.py",
        details="docs/qualite/benchmark.md",
        figures={
            "expectations": Figure(expectations, "attentes", "attentes évaluées"),
            "run_s": Figure(run_s, "s", "toutes les suites, données publiées, médiane", 1),
            "staging_s": Figure(staging_s, "s", "toutes les suites, staging (porte), médiane", 1),
            "import_s": Figure(import_s, "s", "import de Great Expectations", 1),
            "baseline_s": Figure(baseline, "s", "lecture SQL brute (référence)", 2),
            "ratio": Figure(statistics.median(ratios), "×", "suites / lecture SQL brute", 1),
            "target_s": Figure(TARGET_S, "s", "objectif"),
        },
        tables={
            "suites": Table(
                "Durée de chaque suite sur les données publiées (médiane)",
                ["suite", "médiane (s)"],
                [[name, f"{seconds:.2f}".replace(".", ",")] for name, seconds in per_suite.items()],
            )
        },
    )


if __name__ == "__main__":
    main()
