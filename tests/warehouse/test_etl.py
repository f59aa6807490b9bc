"""The ETL on the whole mirror: counts against the files, idempotence, atomic failures."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import psycopg.rows
import pytest

from tests.conftest import warehouse_settings
from tests.support.database import fetch_one
from warehouse.etl import run_etl
from warehouse.load import GateRefused
from warehouse.sources import catalogue
from warehouse.sources.errors import DataFormatError, SourceUnavailable
from warehouse.sources.locate import locate

CURRENT = (
    "ontd@2026-06-30",
    "gtfs-sncf-tgv@2025-07-18",
    "gtfs-renfe@2026-08-21",
    "gtfs-de@2025-11-09",
)


def _count_csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _source_file_counts(data_dir: Path) -> dict[str, tuple[int, int]]:
    """(trips, calls) per timetable source, counted straight from the files."""
    counts = {}
    for spec in catalogue.TIMETABLES:
        folder = data_dir / spec.mirror_dir
        if spec.family == "ontd":
            trips = len(json.loads((folder / "trips.json").read_text(encoding="utf-8")))
            calls = len(json.loads((folder / "trip_stop.json").read_text(encoding="utf-8")))
        else:
            trips, calls = (
                _count_csv_rows(folder / "trips.txt"),
                _count_csv_rows(folder / "stop_times.txt"),
            )
        counts[spec.source_id] = (trips, calls)
    return counts


def _last_run_sources(url: str) -> dict[str, dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as connection:
        rows = connection.execute(
            "SELECT * FROM api.etl_run_sources WHERE run_id = (SELECT max(run_id) FROM api.etl_runs)"
        ).fetchall()
    return {r["source_id"]: r for r in rows}


def _fingerprint(url: str) -> dict[str, object]:
    """What is published: row counts and an md5 of the ordered ids of the main tables."""
    with psycopg.connect(url) as connection:
        return {
            "trajets": fetch_one(
                connection.execute(
                    "SELECT count(*), md5(string_agg(trajet_id, ',' ORDER BY trajet_id)) FROM core.trajets"
                )
            ),
            "calls": fetch_one(connection.execute("SELECT count(*), sum(seq) FROM core.calls")),
            "stations": fetch_one(
                connection.execute(
                    "SELECT count(*), md5(string_agg(station_id, ',' ORDER BY station_id)) FROM core.stations"
                )
            ),
            "links": fetch_one(connection.execute("SELECT count(*) FROM core.trajet_links")),
            "version": fetch_one(connection.execute("SELECT data_version FROM core.publication")),
        }


def test_per_source_counts_match_the_source_files(loaded_db, data_dir):
    """Every trip of the files is loaded (as a variant of a service) or rejected."""
    reports = _last_run_sources(loaded_db)
    with psycopg.connect(loaded_db) as connection:
        published: dict[str, int] = dict(
            connection.execute(
                "SELECT source_id,"
                " sum(cardinality(variant_trip_ids) * greatest(cardinality(stitched_from), 1))"
                " FROM core.trajets GROUP BY source_id"
            ).fetchall()
        )
    for source_id, (trips, calls) in _source_file_counts(data_dir).items():
        report = reports[source_id]
        assert report["rows_read"] == trips, source_id
        assert report["calls_read"] == calls, source_id
        assert report["rows_loaded"] + report["rows_rejected"] == trips, source_id
        assert published[source_id] == report["rows_loaded"], source_id


def test_rejected_rows_are_kept_with_file_reason_and_content(loaded_db):
    reports = _last_run_sources(loaded_db)
    with psycopg.connect(loaded_db) as connection:
        rejected = connection.execute(
            "SELECT source_id, file, reason, raw FROM api.rejected_rows"
            " WHERE run_id = (SELECT max(run_id) FROM api.etl_runs) AND source_id = 'ontd@2026-06-30'"
        ).fetchall()
    assert rejected and all(reason and raw for _, _, reason, raw in rejected)
    ontd = reports["ontd@2026-06-30"]
    assert ontd["calls_rejected"] == sum(
        1 for _, file, _, _ in rejected if file == "trip_stop.json"
    )


def test_at_least_98_percent_of_calls_reach_a_located_station(loaded_db):
    reports = _last_run_sources(loaded_db)
    loaded = sum(r["calls_loaded"] for r in reports.values())
    matched = sum(r["calls_matched"] for r in reports.values())
    assert loaded > 0 and matched / loaded >= 0.98
    with psycopg.connect(loaded_db) as connection:
        located = fetch_one(
            connection.execute(
                "SELECT sum(cardinality(t.variant_trip_ids))"
                " FILTER (WHERE s.latitude IS NOT NULL AND s.country IS NOT NULL),"
                " sum(cardinality(t.variant_trip_ids))"
                " FROM core.calls c JOIN core.stations s USING (station_id)"
                " JOIN core.trajets t USING (trajet_id)"
            )
        )
    assert located[0] == matched and located[1] == loaded


@pytest.mark.slow  # the real mirror's data
def test_day_night_rule_on_the_loaded_data(loaded_db):
    with psycopg.connect(loaded_db) as connection:
        by_source: dict[str, list[str]] = dict(
            connection.execute(
                "SELECT source_id, array_agg(DISTINCT day_night) FROM api.trajets GROUP BY source_id"
            ).fetchall()
        )
        overnight_day_trains = fetch_one(
            connection.execute(
                "SELECT count(*) FROM api.trajets WHERE day_night = 'day' AND runs_overnight"
            )
        )[0]
        lunea = fetch_one(
            connection.execute(
                "SELECT count(*) FILTER (WHERE day_night = 'night'), count(*) FILTER (WHERE brand = 'Lunéa')"
                " FROM api.trajets WHERE source_id = 'gtfs-sncf-intercites@2013-12-04'"
            )
        )
    assert by_source["ontd@2026-06-30"] == ["night"]
    assert by_source["gtfs-sncf-tgv@2025-07-18"] == ["day"]
    assert by_source["gtfs-renfe@2026-08-21"] == ["day"]
    assert lunea[0] == lunea[1] > 0
    assert overnight_day_trains > 0  # kept apart: a day train that merely runs overnight


def test_co2_by_train_and_by_plane(loaded_db):
    with psycopg.connect(loaded_db) as connection:
        tgv = connection.execute(
            "SELECT t.co2_train_kg, t.distance_km, f.kg_per_pkm FROM core.trajets t JOIN core.co2_factors f"
            " ON f.factor_id = t.co2_train_factor_id WHERE t.source_id = 'gtfs-sncf-tgv@2025-07-18'"
            " AND t.distance_km > 0 LIMIT 50"
        ).fetchall()
        ontd_source = fetch_one(
            connection.execute(
                "SELECT count(*) FROM core.trajets WHERE source_id = 'ontd@2026-06-30' AND co2_train_method = 'source'"
            )
        )[0]
        planes = fetch_one(
            connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE co2_plane_kg > co2_train_kg)"
                " FROM core.trajets WHERE co2_plane_kg IS NOT NULL AND co2_train_kg IS NOT NULL"
            )
        )
    assert tgv and all(abs(float(kg) - float(km) * float(f)) < 0.01 for kg, km, f in tgv)
    assert ontd_source > 0
    assert planes[0] > 0 and planes[1] / planes[0] > 0.9


@pytest.mark.slow  # the real mirror's data
def test_a_night_train_in_two_sources_is_counted_once(loaded_db):
    with psycopg.connect(loaded_db) as connection:
        rows = connection.execute(
            "SELECT t.counted_in_stats, l.link_type, o.source_id, o.day_night FROM api.trajet_links l"
            " JOIN api.trajets t ON t.trajet_id = l.trajet_id JOIN api.trajets o ON o.trajet_id = l.linked_trajet_id"
            " WHERE t.day_night = 'night'"
        ).fetchall()
    assert rows
    assert all(
        not counted and other == "ontd@2026-06-30" and dn == "night"
        for counted, _, other, dn in rows
    )
    assert {link_type for _, link_type, _, _ in rows} >= {"fragment_of"}


def test_api_role_reads_views_and_nothing_else(loaded_db):
    from tests.support.database import allow_login, url_for

    allow_login("obrail_api")
    database = loaded_db.rsplit("/", 1)[1]
    with psycopg.connect(url_for(database, "obrail_api"), autocommit=True) as api:
        assert fetch_one(api.execute("SELECT count(*) FROM api.trajets"))[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            api.execute("SELECT count(*) FROM core.trajets")
        with pytest.raises(psycopg.errors.DatabaseError):
            api.execute("DELETE FROM api.sources")


def test_reload_gives_the_same_ids_counts_and_version(clone_synthetic_db, synthetic_dir):
    """On the synthetic mirror; tests/warehouse/test_determinism.py reloads the real one."""
    before = _fingerprint(clone_synthetic_db)
    run_etl(warehouse_settings(clone_synthetic_db, synthetic_dir), gates=[])
    assert _fingerprint(clone_synthetic_db) == before
    with psycopg.connect(clone_synthetic_db) as connection:
        statuses = [
            s
            for (s,) in connection.execute(
                "SELECT status FROM core.etl_runs ORDER BY run_id"
            ).fetchall()
        ]
    assert statuses[-1] == "succeeded" and len(statuses) >= 2


# -- failures leave the published data untouched ------------------------------------------------
# These run the ETL on the synthetic mirror: the behaviour does not depend on the real data, and a
# run takes about a second instead of half a minute.


def _mirror_with(
    tmp_path: Path, data_dir: Path, relative: str, change: Callable[[bytes], bytes]
) -> Path:
    """A copy of the mirror (symbolic links) where one file is replaced by a changed copy."""
    target = Path(relative)
    mirror = tmp_path / "mirror"
    for entry in data_dir.iterdir():
        if entry.name != target.parts[0]:
            (mirror / entry.name).parent.mkdir(parents=True, exist_ok=True)
            (mirror / entry.name).symlink_to(entry)

    def copy_tree(source: Path, destination: Path, remaining: tuple[str, ...]) -> None:
        destination.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            if remaining and entry.name == remaining[0]:
                if len(remaining) == 1:
                    (destination / entry.name).write_bytes(change(entry.read_bytes()))
                else:
                    copy_tree(entry, destination / entry.name, remaining[1:])
            else:
                (destination / entry.name).symlink_to(entry)

    copy_tree(data_dir / target.parts[0], mirror / target.parts[0], target.parts[1:])
    return mirror


def _truncate(content: bytes) -> bytes:
    """The first half of the file, cut between two characters (not inside a UTF-8 sequence)."""
    cut = len(content) // 2
    while cut and content[cut] & 0xC0 == 0x80:
        cut -= 1
    return content[:cut]


def _drop_column(name: bytes) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        header, rest = content.split(b"\n", 1)
        return header.replace(name, b"renamed_" + name, 1) + b"\n" + rest

    return change


def _latin1(content: bytes) -> bytes:
    return content.decode("utf-8").encode("latin-1", errors="replace")


@pytest.mark.parametrize(
    ("relative", "change", "message"),
    [
        (
            "gtfs-de-fernverkehr/2025-11-09/stop_times.txt",
            _truncate,
            r"stop_times\.txt, line \d+: file truncated",
        ),
        (
            "back-on-track-ontd/latest_2026-06-30/trips.json",
            _truncate,
            r"trips\.json, line \d+: invalid or truncated JSON",
        ),
        (
            "gtfs-renfe-avld/2026-08-21/stops.txt",
            _drop_column(b"stop_name"),
            r"stops\.txt, line 1: missing column\(s\) stop_name",
        ),
        ("gtfs-sncf-tgv/2025-07-18/stops.txt", _latin1, r"stops\.txt, line \d+: not UTF-8"),
    ],
    ids=["truncated-csv", "truncated-json", "missing-column", "wrong-encoding"],
)
def test_a_corrupted_source_fails_cleanly_and_keeps_the_published_data(
    clone_synthetic_db, synthetic_dir, tmp_path, relative, change, message
):
    before = _fingerprint(clone_synthetic_db)
    mirror = _mirror_with(tmp_path, synthetic_dir, relative, change)
    with pytest.raises(DataFormatError, match=message):
        run_etl(warehouse_settings(clone_synthetic_db, mirror), gates=[])
    assert _fingerprint(clone_synthetic_db) == before
    with psycopg.connect(clone_synthetic_db) as connection:
        status, error = fetch_one(
            connection.execute(
                "SELECT status, error FROM core.etl_runs ORDER BY run_id DESC LIMIT 1"
            )
        )
    assert status == "failed" and Path(relative).name in error


def test_a_refusing_gate_blocks_the_swap(clone_synthetic_db, synthetic_dir):
    before = _fingerprint(clone_synthetic_db)

    def refuse(connection, run_id):
        (count,) = fetch_one(connection.execute("SELECT count(*) FROM trajets"))  # staging copy
        return [f"refused {count} staged trajets"] if count else []

    with pytest.raises(GateRefused, match="refused"):
        run_etl(warehouse_settings(clone_synthetic_db, synthetic_dir), gates=[refuse])
    assert _fingerprint(clone_synthetic_db) == before
    with psycopg.connect(clone_synthetic_db) as connection:
        status, error = fetch_one(
            connection.execute(
                "SELECT status, error FROM core.etl_runs ORDER BY run_id DESC LIMIT 1"
            )
        )
    assert status == "failed" and "refused" in error


def test_an_unparsable_time_rejects_that_row_only(clone_synthetic_db, synthetic_dir, tmp_path):
    relative = "gtfs-sncf-intercites/2013-12-04/stop_times.txt"
    lines = (synthetic_dir / relative).read_bytes().split(b"\r\n")
    broken_line = 10
    fields = lines[broken_line - 1].split(b",")
    fields[1] = b"18h07"
    bad_row = b",".join(fields)

    def change(content: bytes) -> bytes:
        rows = content.split(b"\r\n")
        rows[broken_line - 1] = bad_row
        return b"\r\n".join(rows)

    mirror = _mirror_with(tmp_path, synthetic_dir, relative, change)
    run_etl(warehouse_settings(clone_synthetic_db, mirror), gates=[])
    with psycopg.connect(clone_synthetic_db) as connection:
        rejected = connection.execute(
            "SELECT line, reason, raw FROM api.rejected_rows WHERE file = 'stop_times.txt'"
            " AND source_id = 'gtfs-sncf-intercites@2013-12-04'"
            " AND run_id = (SELECT max(run_id) FROM api.etl_runs)"
        ).fetchall()
        calls = fetch_one(
            connection.execute(
                "SELECT calls_loaded, calls_read FROM api.etl_run_sources WHERE source_id = 'gtfs-sncf-intercites@2013-12-04'"
                " AND run_id = (SELECT max(run_id) FROM api.etl_runs)"
            )
        )
    assert [(line, raw.encode()) for line, _, raw in rejected] == [(broken_line, bad_row)]
    assert "unparsable" in rejected[0][1] and "18h07" in rejected[0][1]
    assert calls[0] == calls[1] - 1


def test_a_missing_mirror_file_is_named(tmp_path):
    with pytest.raises(
        SourceUnavailable, match=r"trips\.json.*not found in the local mirror \(OBRAIL_DATA_DIR="
    ):
        locate(catalogue.ONTD, tmp_path, tmp_path / "downloads")


def test_without_mirror_or_network_the_error_says_what_to_do(tmp_path):
    from dataclasses import replace

    unreachable = replace(
        catalogue.AIRPORTS,
        file_urls={f: "http://127.0.0.1:9/" + f for f in catalogue.AIRPORTS.files},
    )
    with pytest.raises(
        SourceUnavailable, match=r"cannot download airports\.csv .*Set OBRAIL_DATA_DIR"
    ):
        locate(unreachable, None, tmp_path / "downloads", timeout_s=2)


def test_the_cycle_collector_is_paused_only_inside_the_block():
    import gc

    from warehouse.etl import cyclic_gc_paused

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("a failed harmonisation")
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "a collector that was off stays off"
    finally:
        gc.enable()
