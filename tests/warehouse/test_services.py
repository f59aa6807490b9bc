"""One train, one trajet: trip variants grouped into services, on the real mirror."""

from __future__ import annotations

import csv
import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import psycopg.rows
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.database import fetch_one
from warehouse.harmonise.calendar import CalendarPattern, calendar_pattern

#: Real trains of the real mirror (ICE 9591, ICE 42...): needs the real mirror.
pytestmark = pytest.mark.slow

DE_2025 = "gtfs-de@2025-11-09"


def _rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as connection:
        return connection.execute(query, params).fetchall()


def _gtfs_dates(folder: Path, trip_ids: set[str]) -> set[date]:
    """Run dates of some trips, read straight from trips.txt, calendar.txt, calendar_dates.txt."""

    def read(name: str) -> list[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def day(text: str) -> date:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))

    services = {t["service_id"] for t in read("trips.txt") if t["trip_id"] in trip_ids}
    dates: set[date] = set()
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for row in read("calendar.txt"):
        if row["service_id"] in services:
            current, end = day(row["start_date"]), day(row["end_date"])
            while current <= end:
                if row[names[current.weekday()]] == "1":
                    dates.add(current)
                current += timedelta(days=1)
    for row in read("calendar_dates.txt"):
        if row["service_id"] in services:
            (dates.add if row["exception_type"] == "1" else dates.discard)(day(row["date"]))
    return dates


def test_ice_42_leaving_munich_at_midnight_is_one_service_on_the_union_of_its_days(
    loaded_db, data_dir
):
    """gtfs.de 2025 writes ICE 42 München Hbf 00:00 -> Kiel Hbf 11:23 as four trips (calendar
    variants, same calls and times): one trajet, running on every date of the four."""
    rows = _rows(
        loaded_db,
        "SELECT * FROM api.trajets WHERE source_id = %s AND name = 'ICE 42'"
        " AND origin_name = 'München Hbf' AND destination_name = 'Kiel Hbf'"
        " AND departure_local = '00:00' AND arrival_local = '11:23'",
        (DE_2025,),
    )
    service = max(rows, key=lambda r: r["variant_count"])
    expected = _gtfs_dates(
        data_dir / "gtfs-de-fernverkehr/2025-11-09", set(service["variant_trip_ids"])
    )
    assert service["variant_count"] == 4
    assert set(service["run_dates"]) == expected
    assert service["service_days"] == len(expected)
    window_days = (date(2025, 12, 9) - date(2025, 11, 9)).days + 1
    assert float(service["weekly_departures"]) == round(len(expected) * 7 / window_days, 2)


def test_identical_ice_9591_rows_paris_berlin_became_one(loaded_db):
    """SNCF's feed had six ICE/TGV 9591 Paris Est -> Berlin Ost trips, two of them identical:
    now one trajet per distinct timetable, and never two with the same calls and times."""
    rows = _rows(
        loaded_db,
        "SELECT trajet_id, variant_count, run_dates FROM api.trajets"
        " WHERE source_id = 'gtfs-sncf-tgv@2025-07-18' AND train_number = '9591'"
        " AND origin_name = 'Paris Gare de l’Est' AND destination_name = 'Berlin Ostbahnhof'",
    )
    assert sum(r["variant_count"] for r in rows) == 6
    assert len(rows) < 6
    dates = [d for r in rows for d in r["run_dates"]]
    assert dates  # every service lists its dates


def test_no_two_services_share_a_train_and_its_calls(loaded_db):
    duplicates = _rows(
        loaded_db,
        """WITH signature AS (
               SELECT trajet_id, string_agg(station_id || '@' || coalesce(arrival_local::text, '')
                      || '/' || coalesce(departure_local::text, ''), ',' ORDER BY seq) AS calls
               FROM core.calls GROUP BY trajet_id)
           SELECT t.source_id, coalesce(t.train_number, t.name) AS train, s.calls, count(*)
           FROM core.trajets t JOIN signature s USING (trajet_id)
           GROUP BY t.source_id, t.operator_ids, coalesce(t.train_number, t.name), t.brand,
                    t.night_basis, t.rail_category, t.is_fragment, s.calls
           HAVING count(*) > 1""",
    )
    assert duplicates == []


def test_a_trip_written_past_24_00_joins_the_same_train_written_before(loaded_db):
    """gtfs.de 2023 writes IC 27 Wien Hbf 05:03 -> Berlin as 29:03 of the previous service day
    (trips 390237, 553673) and as 05:03 (trip 718011): one service, dated by its departure."""
    (service,) = _rows(
        loaded_db,
        "SELECT variant_trip_ids, run_dates FROM api.trajets"
        " WHERE source_id = 'gtfs-de@2023-12-03' AND %s = ANY (variant_trip_ids)",
        ("390237",),
    )
    assert set(service["variant_trip_ids"]) >= {"390237", "553673", "718011"}
    assert date(2024, 1, 2) in service["run_dates"]  # 718011's Tuesday


def test_every_variant_belongs_to_one_service_whose_id_is_stable(loaded_db):
    rows = _rows(
        loaded_db,
        "SELECT trajet_id, source_id, source_trip_id, variant_trip_ids FROM core.trajets",
    )
    seen: set[tuple[str, str]] = set()
    for row in rows:
        variants = row["variant_trip_ids"]
        assert variants == sorted(variants) and row["source_trip_id"] == variants[0]
        expected_id = hashlib.sha256(
            f"{row['source_id']}|{row['source_trip_id']}".encode()
        ).hexdigest()[:16]
        assert row["trajet_id"] == expected_id
        for variant in variants:
            assert (row["source_id"], variant) not in seen
            seen.add((row["source_id"], variant))
    assert len(seen) > len(rows)  # grouping happened


def test_weekly_departures_count_each_run_date_once(loaded_db):
    """Weekly departures = distinct run dates in the feed's window / weeks in the window."""
    wrong = fetch_one(
        psycopg.connect(loaded_db).execute(
            """SELECT count(*) FROM api.trajets t JOIN api.sources s USING (source_id)
               WHERE cardinality(t.run_dates) > 0
                 AND t.weekly_departures <> round(
                     (SELECT count(DISTINCT d) FROM unnest(t.run_dates) d
                      WHERE d BETWEEN s.valid_from AND s.valid_until) * 7.0
                     / (s.valid_until - s.valid_from + 1), 2)"""
        )
    )[0]
    assert wrong == 0


def test_weekday_pattern_and_exceptions_give_back_every_run_date(loaded_db):
    rows = _rows(
        loaded_db,
        "SELECT weekdays, service_start, service_end, extra_dates, removed_dates, run_dates"
        " FROM api.trajets WHERE cardinality(run_dates) > 0",
    )
    assert rows
    for row in rows:
        pattern = CalendarPattern(
            row["weekdays"],
            row["service_start"],
            row["service_end"],
            tuple(row["extra_dates"]),
            tuple(row["removed_dates"]),
        )
        assert pattern.dates() == set(row["run_dates"])


@given(st.sets(st.dates(date(2025, 1, 1), date(2025, 6, 30)), max_size=60))
def test_calendar_pattern_is_exact(dates: set[date]) -> None:
    pattern = calendar_pattern(dates)
    if not dates:
        assert pattern is None
        return
    assert pattern is not None
    assert pattern.dates() == dates
    assert not set(pattern.extra_dates) & set(pattern.removed_dates)


def test_a_daily_train_with_two_cancellations_is_daily_minus_two():
    start = date(2025, 11, 10)
    dates = {start + timedelta(days=i) for i in range(28)} - {date(2025, 11, 15), date(2025, 12, 1)}
    pattern = calendar_pattern(dates)
    assert pattern is not None
    assert pattern.weekdays == "1111111"
    assert pattern.removed_dates == (date(2025, 11, 15), date(2025, 12, 1))
    assert pattern.extra_dates == ()
