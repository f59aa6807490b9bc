"""The scale benchmark's synthetic mirror: k times the services, in the sources' own formats,
loaded by the same ETL, and marked as not data."""

from __future__ import annotations

import csv
from pathlib import Path

import psycopg

from bench.scaled_mirror import MARKER, _shift, write_scaled_mirror
from tests.conftest import warehouse_settings
from warehouse.etl import run_etl
from warehouse.sources import catalogue

GTFS = [s for s in catalogue.TIMETABLES if "stop_times.txt" in s.files]


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def test_times_shift_past_midnight_and_keep_their_width():
    assert _shift("8:30:00", 5) == "8:35:00"
    assert _shift("23:58:00", 3) == "24:01:00"
    assert _shift("07:00:30", 61) == "08:01:30"
    assert _shift("", 4) == ""


def test_a_scaled_mirror_is_marked_and_repeats_every_trip(synthetic_dir, tmp_path):
    scaled = write_scaled_mirror(synthetic_dir, tmp_path / "x3", 3)
    assert "never publish" in (scaled / MARKER).read_text()
    for spec in GTFS:
        for file in ("trips.txt", "stop_times.txt"):
            real = synthetic_dir / spec.mirror_dir / file
            assert _rows(scaled / spec.mirror_dir / file) == 3 * _rows(real), (spec, file)
        assert (scaled / spec.mirror_dir / "stops.txt").is_symlink()


def test_the_same_etl_loads_k_times_the_services(synthetic_dir, tmp_path, migrated_db):
    scaled = write_scaled_mirror(synthetic_dir, tmp_path / "x3", 3)
    run_etl(warehouse_settings(migrated_db, scaled), gates=[])
    with psycopg.connect(migrated_db) as connection:
        loaded: dict[str, int] = dict(
            connection.execute(
                "SELECT source_id, count(*) FROM read_model.services GROUP BY 1"
            ).fetchall()
        )
        synthetic = connection.execute(
            "SELECT count(*) FROM core.trajets WHERE source_trip_id LIKE 'synthetic-x3-%'"
        ).fetchone()
    run_etl(warehouse_settings(migrated_db, synthetic_dir), gates=[], accept_volume_drop=True)
    with psycopg.connect(migrated_db) as connection:
        real: dict[str, int] = dict(
            connection.execute(
                "SELECT source_id, count(*) FROM read_model.services GROUP BY 1"
            ).fetchall()
        )
    for spec in GTFS:
        assert loaded[spec.source_id] == 3 * real[spec.source_id], spec.source_id
    assert synthetic is not None and synthetic[0] == sum(2 * real[s.source_id] for s in GTFS)
