"""Scale benchmark: the warehouse and the API at x1, x10 and x100 the real mirror.

For each factor k, in a temporary database (dropped afterwards):
* x1 and x10: a synthetic mirror k times larger (bench.scaled_mirror: real trips repeated with
  shifted times; never published, never committed) is loaded by the same ETL (`obrail etl`,
  quality gate included) in a child process: wall time and peak memory;
* x100 when `--x100-from-sql` (the default): the Python ETL would need about ten times the
  memory x10 needs, more than this shared machine has; the x100 warehouse is then made by
  repeating the published x10 data ten times in SQL (new trajet ids, times unchanged) and the
  read model is rebuilt on it, timed. The ETL time at x100 is extrapolated from x1 and x10 and
  written as such;
* then the database size (core data and read model), and the API's first-request cost on 3 000
  distinct URLs per endpoint (bench.api, cache off, one process): p50 and p99 at full load, and
  /health/live of the same run.

    .venv/bin/python -m bench.scale [--factors 1,10,100] [--duration 8] [--workdir DIR]

Results: docs/resultats/api-echelle.json and the last section of docs/api/benchmark.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench import api as api_bench
from bench import report
from bench.scaled_mirror import write_scaled_mirror
from bench.wrk import Run
from docsbuild.results import Figure, Table, write_results
from tests.support.database import ADMIN_URL, DATA_DIR, sqlalchemy_url, url_for
from warehouse import db, read_model

OBRAIL = Path(sys.executable).parent / "obrail"


@dataclass(frozen=True)
class Scale:
    factor: int
    how: str
    etl_s: float | None
    etl_peak_mb: float | None
    rebuild_s: float | None
    trajets: int
    calls: int
    core_mb: float
    read_model_mb: float
    database_mb: float
    api: api_bench.ApiRun


@contextmanager
def database(prefix: str) -> Iterator[str]:
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_for(name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_etl(url: str, mirror: Path) -> tuple[float, float, float]:
    """(seconds, peak resident MB, seconds of the read model's rebuild in the publication) of
    `obrail etl` on `mirror`, in a child process (its JSON log says the rebuild's time)."""
    env = {**os.environ, "OBRAIL_DATABASE_URL": url, "OBRAIL_DATA_DIR": str(mirror)}
    env.pop("OBRAIL_PUSHGATEWAY_URL", None)
    # A small parent that runs the ETL and reports its children's peak memory: this process's
    # other children (API servers, wrk) stay out of the figure.
    probe = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - started, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(OBRAIL), "etl", "--accept-volume-drop"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, peak_kb = done.stdout.split()
    rebuilt = [
        json.loads(line)["duration_s"]
        for line in done.stderr.splitlines()
        if line.startswith("{") and "read model rebuilt" in line
    ]
    return float(seconds), float(peak_kb) / 1024, float(rebuilt[-1])


#: Repeats the read model's services `copies` more times (new ids), and scales the
#: pre-aggregated counts: the API's x100 read model, made from the x10 one.
REPEAT_SQL = (
    """INSERT INTO read_model.services
       SELECT is_current, counted_in_stats, departure_local, duration_min, distance_km,
              co2_saving, service_start, service_end, 'x' || n || '-' || trajet_id, source_id,
              day_night, brand, operator_keys, countries, origin_station_id,
              destination_station_id, station_ids, weekly_departures, origin_name,
              destination_name, operator_id, operator_name, rail_category, source_label,
              co2_train_kg, co2_plane_kg
       FROM read_model.services, generate_series(1, %(copies)s) n
       WHERE trajet_id NOT LIKE 'x%%'""",
    """INSERT INTO read_model.summaries
       SELECT 'x' || n || '-' || trajet_id, source_id,
              replace(head, '"' || trajet_id || '"', '"x' || n || '-' || trajet_id || '"'), tail
       FROM read_model.summaries, generate_series(1, %(copies)s) n
       WHERE trajet_id NOT LIKE 'x%%'""",
    """INSERT INTO read_model.details
       SELECT 'x' || n || '-' || trajet_id, source_id,
              replace(head, '"' || trajet_id || '"', '"x' || n || '-' || trajet_id || '"'),
              middle, tail
       FROM read_model.details, generate_series(1, %(copies)s) n
       WHERE trajet_id NOT LIKE 'x%%'""",
    """UPDATE read_model.volume_cells
       SET trajets = trajets * (%(copies)s + 1),
           weekly_departures = weekly_departures * (%(copies)s + 1)""",
    "UPDATE read_model.service_counts SET trajets = trajets * (%(copies)s + 1)",
)


def repeat_in_sql(url: str, copies: int) -> float:
    """Repeat the read model's services in SQL: its seconds."""
    started = time.perf_counter()
    with psycopg.connect(url) as connection:
        connection.execute("SET statement_timeout = 0")
        for statement in REPEAT_SQL:
            connection.execute(statement, {"copies": copies})
        connection.commit()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SET statement_timeout = 0")
        for table in read_model.TABLES:
            connection.execute(f"VACUUM ANALYZE read_model.{table}")
    return time.perf_counter() - started


SIZES_SQL = """
SELECT (SELECT count(*) FROM read_model.services),
       (SELECT count(*) FROM core.calls),
       (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'core' AND c.relkind = 'r'),
       (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'read_model' AND c.relkind = 'r'),
       pg_database_size(current_database())"""


def measure_scale(
    factor: int, workdir: Path, duration_s: int, x10_url: str | None
) -> tuple[Scale, str | None]:
    """One factor, in its own database; returns the URL to keep (x10's, for x100) or None."""
    prefix = f"obrail_scale_x{factor}"
    with database(prefix) as url:
        db.upgrade(sqlalchemy_url(url))
        etl_s = peak = None
        if factor <= 10 or x10_url is None:
            mirror = write_scaled_mirror(DATA_DIR, workdir / f"mirror-x{factor}", factor)
            etl_s, peak, rebuild = run_etl(url, mirror)
            how = "ETL sur un miroir synthétique" if factor > 1 else "ETL sur le miroir réel"
        else:
            raise SystemExit("x100 is made from the x10 database (see --x100-from-sql)")
        scale = _finish(factor, how, etl_s, peak, rebuild, url, duration_s)
        if factor == 10:
            _clone(url, "obrail_scale_x10_keep")
            return scale, url_for("obrail_scale_x10_keep")
    return scale, None


def _clone(url: str, name: str) -> None:
    source = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (source,),
        )
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')


def measure_x100_from_x10(x10_url: str, duration_s: int) -> Scale:
    """x100: the x10 read model repeated ten times in SQL (the API reads only it); the ETL,
    the core data and the rebuild at x100 are extrapolated (see `write`)."""
    try:
        repeat_in_sql(x10_url, 9)
        return _finish(
            100,
            "modèle de lecture x10 répété 10 fois en SQL ; ETL, données core et "
            "reconstruction extrapolés de x1 et x10",
            None,
            None,
            None,
            x10_url,
            duration_s,
        )
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute('DROP DATABASE IF EXISTS "obrail_scale_x10_keep" WITH (FORCE)')


def _finish(
    factor: int,
    how: str,
    etl_s: float | None,
    peak: float | None,
    rebuild: float | None,
    url: str,
    duration_s: int,
) -> Scale:
    with psycopg.connect(url) as connection:
        row = connection.execute(SIZES_SQL).fetchone()
    assert row is not None
    trajets, calls, core, model, size = row
    print(f"x{factor}: {trajets} trajets, {calls} calls, {size / 1e6:.0f} MB", flush=True)
    api = api_bench.run(url, duration_s, paced=False, tolerate=True)
    mb = 1024 * 1024
    return Scale(
        factor,
        how,
        etl_s,
        peak,
        rebuild,
        int(trajets),
        int(calls),
        core / mb,
        model / mb,
        size / mb,
        api,
    )


def _cell(value: float | None, decimals: int = 0, suffix: str = "") -> str:
    return "—" if value is None else report.number(value, decimals) + suffix


def _api_cell(run: Run) -> str:
    cell = (
        f"{report.number(run.rate)} ; {report.number(run.p50_ms, 1)} / "
        f"{report.number(run.p99_ms, 1)}"
    )
    if run.errors:
        cell += f" ; {report.number(100 * run.error_share)} % en 503 (délai de requête dépassé)"
    return cell


def _extrapolated(scales: dict[int, Scale], name: str, unit: str = "") -> str:
    """x100's value of `name`, linear in the data from x1 and x10, said to be extrapolated."""
    x1, x10 = scales.get(1), scales.get(10)
    low = getattr(x1, name) if x1 else None
    high = getattr(x10, name) if x10 else None
    if low is None or high is None:
        return "—"
    return f"≈ {report.number(high + (high - low) / 9 * 90)}{unit} (extrapolé)"


def write(scales: list[Scale], command: str) -> None:
    by_factor = {s.factor: s for s in scales}
    rows = []
    for s in scales:

        def value(name: str, decimals: int, unit: str, scale: Scale = s) -> str:
            measured = getattr(scale, name)
            if measured is not None and (
                scale.etl_s is not None or name not in ("calls", "core_mb")
            ):
                return _cell(measured, decimals, unit)
            return _extrapolated(by_factor, name, unit)

        rows.append(
            [
                f"x{s.factor}",
                s.how,
                report.number(s.trajets),
                value("calls", 0, ""),
                value("etl_s", 0, " s"),
                value("etl_peak_mb", 0, " Mo"),
                value("rebuild_s", 1, " s"),
                value("core_mb", 0, " Mo"),
                _cell(s.read_model_mb, 0, " Mo"),
                report.number(s.api.baseline_rate),
                *(_api_cell(s.api.measures[n].max) for n in ("trajets", "detail", "volumes")),
                f"{report.number(s.api.load_start, 1)} → {report.number(s.api.load_end, 1)}",
            ]
        )
    figures: dict[str, Figure] = {}
    for s in scales:
        figures |= {
            f"x{s.factor}_trajets": Figure(s.trajets, "", f"x{s.factor} : trajets"),
            f"x{s.factor}_database_mb": Figure(s.database_mb, "Mo", f"x{s.factor} : base"),
            **{
                f"x{s.factor}_{n}_p99_ms": Figure(
                    s.api.measures[n].max.p99_ms, "ms", f"x{s.factor} : {n}, p99", 1
                )
                for n in ("trajets", "detail", "volumes")
            },
        }
        if s.etl_s is not None:
            figures[f"x{s.factor}_etl_s"] = Figure(s.etl_s, "s", f"x{s.factor} : ETL", 0)
        if s.rebuild_s is not None:
            figures[f"x{s.factor}_rebuild_s"] = Figure(
                s.rebuild_s, "s", f"x{s.factor} : reconstruction du modèle de lecture", 1
            )
    write_results(
        report.SCALE_RESULTS,
        title="Montée en charge de l'entrepôt et de l'API (x1, x10, x100)",
        command=command,
        producer="bench/scale.py",
        details="docs/api/benchmark.md",
        figures=figures,
        tables={
            "echelle": Table(
                "Coût à x1, x10 et x100 le miroir : chargement, taille, première requête "
                "(un processus, cache désactivé, 3 000 URL distinctes par point d'accès ; "
                "débit maximal en req/s ; p50 / p99 en ms)",
                [
                    "échelle",
                    "construite par",
                    "trajets",
                    "arrêts",
                    "ETL (porte qualité comprise)",
                    "mémoire max. de l'ETL",
                    "reconstruction du modèle de lecture",
                    "données (core)",
                    "modèle de lecture",
                    "/health/live req/s",
                    "/trajets req/s ; p50 / p99",
                    "/trajets/{id} req/s ; p50 / p99",
                    "/stats/volumes req/s ; p50 / p99",
                    "charge machine",
                ],
                rows,
            )
        },
    )
    report.render()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--duration", type=int, default=8, help="Seconds per wrk run.")
    parser.add_argument("--workdir", type=Path, help="Where to write the synthetic mirrors.")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    scales: list[Scale] = []
    with tempfile.TemporaryDirectory(prefix="obrail-scale-", dir=args.workdir) as workdir:
        x10_url = None
        for factor in factors:
            if factor == 100 and x10_url is not None:
                scales.append(measure_x100_from_x10(x10_url, args.duration))
                continue
            scale, keep = measure_scale(factor, Path(workdir), args.duration, x10_url)
            scales.append(scale)
            x10_url = keep or x10_url
    options = (
        ""
        if args.factors == "1,10,100" and args.duration == 8
        else (f" --factors {args.factors} --duration {args.duration}")
    )
    write(scales, f".venv/bin/python -m bench.scale{options}")
    print(f"wrote {report.REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
