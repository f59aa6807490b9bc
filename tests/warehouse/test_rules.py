"""The overnight, plausibility, coverage and validity rules, each on the real train, station or
source it was found on."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

import psycopg
import psycopg.rows
import pytest

from tests.support.database import fetch_one
from warehouse.harmonise import plausibility
from warehouse.harmonise.geo import path_length_km
from warehouse.rows import CallRow, TrajetRow

#: Each rule on the real train, station or source it was found on: needs the real mirror.
pytestmark = pytest.mark.slow


def _rows(url: str, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as connection:
        return connection.execute(query, params).fetchall()


def _one(url: str, query: str, params: tuple[Any, ...] = ()) -> dict[str, Any]:
    rows = _rows(url, query, params)
    assert len(rows) == 1, rows
    return rows[0]


# -- overnight: on its way between 00:00 and 05:00 local time --------------------------------


def test_european_sleeper_paris_berlin_runs_overnight(loaded_db):
    """ONTD train 475 Paris Gare du Nord 17:45 -> Berlin Hbf 09:59 the next day: the old rule
    (departure after 19:00) said no."""
    sleeper = _one(
        loaded_db,
        "SELECT departure_local, arrival_local, arrival_day_offset, runs_overnight"
        " FROM api.trajets WHERE source_id = 'ontd@2026-06-30' AND train_number = '475'"
        " AND origin_name = 'Paris Gare du Nord'",
    )
    assert str(sleeper["departure_local"]) == "17:45:00"
    assert sleeper["arrival_day_offset"] == 1
    assert sleeper["runs_overnight"] is True


def test_ice_leaving_munich_at_midnight_runs_overnight(loaded_db):
    rows = _rows(
        loaded_db,
        "SELECT runs_overnight, day_night FROM api.trajets WHERE source_id = 'gtfs-de@2025-11-09'"
        " AND name = 'ICE 42' AND origin_name = 'München Hbf' AND departure_local = '00:00'",
    )
    assert rows and all(r["runs_overnight"] and r["day_night"] == "day" for r in rows)


def test_lunea_trains_of_2013_run_overnight(loaded_db):
    """Intercités 2013: Lunéa 5771 Paris Austerlitz 21:23 -> Nice Ville, and every Lunéa."""
    lunea = _rows(
        loaded_db,
        "SELECT train_number, runs_overnight, is_plausible FROM api.trajets"
        " WHERE source_id = 'gtfs-sncf-intercites@2013-12-04' AND brand = 'Lunéa'",
    )
    assert any(r["train_number"] == "5771" for r in lunea)
    assert all(r["runs_overnight"] for r in lunea if r["train_number"] == "5771")
    overnight = sum(1 for r in lunea if r["runs_overnight"])
    assert overnight / len(lunea) > 0.95


def test_morning_tgv_does_not_run_overnight(loaded_db):
    """TGV INOUI 6101 Paris Gare de Lyon 06:29 -> Marseille St-Charles 09:58."""
    rows = _rows(
        loaded_db,
        "SELECT runs_overnight FROM api.trajets WHERE source_id = 'gtfs-sncf-tgv@2025-07-18'"
        " AND train_number = '6101' AND origin_name = 'Paris Gare de Lyon'"
        " AND departure_local BETWEEN '06:00' AND '07:00'",
    )
    assert rows and not any(r["runs_overnight"] for r in rows)


def test_every_ontd_night_train_but_a_daytime_one_runs_overnight(loaded_db):
    """Under the old rule 153 night trains arriving the next day were 'not overnight'. Now
    177 L Ivano-Frankivsk 07:53 -> Kyiv 17:44, a day-time train listed in the night-train
    database, is the exception: not on its way in the core night, flagged as a night train."""
    rows = _rows(
        loaded_db,
        "SELECT train_number, runs_overnight, plausibility_flags FROM api.trajets"
        " WHERE source_id = 'ontd@2026-06-30'",
    )
    daytime = [r for r in rows if not r["runs_overnight"]]
    assert "177 L" in {r["train_number"] for r in daytime}
    assert all("night_not_overnight" in r["plausibility_flags"] for r in daytime)
    assert len(daytime) / len(rows) < 0.01


# -- plausibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("train_number", "origin", "flags"),
    [
        # the source's own times go backwards (Kapıkule: arrival 04:08, departure 02:20)
        ("12503/460", "İstanbul Halkalı", {"duration_too_long", "speed_too_low", "time_gap"}),
        # the source lists Klagenfurt (22:53) after Kühnsdorf (23:38)
        ("NJ 464", "Graz Hbf", {"speed_too_low", "time_gap"}),
    ],
)
def test_impossible_night_train_durations_are_flagged_and_not_counted(
    loaded_db, train_number, origin, flags
):
    """Istanbul Halkalı - București Nord 5 576 min for 799 km, NJ 464 Graz - Zürich 35 h:
    kept, flagged, not counted."""
    row = _one(
        loaded_db,
        "SELECT plausibility_flags, plausibility_notes, counted_in_stats, is_plausible"
        " FROM api.trajets WHERE source_id = 'ontd@2026-06-30' AND train_number = %s"
        " AND origin_name = %s",
        (train_number, origin),
    )
    assert set(row["plausibility_flags"]) == flags
    assert len(row["plausibility_notes"]) == len(flags)
    assert row["counted_in_stats"] is False and row["is_plausible"] is False


@pytest.mark.parametrize(
    ("train_number", "origin"), [("ICF 8626", "Burgas"), ("ICF 2627", "Sofia")]
)
def test_bulgarian_night_trains_are_never_counted_with_days_of_travel(
    loaded_db, train_number, origin
):
    """Burgas - Sofia (4 725 min for 444 km) and Sofia - Varna (3 352 min): their small stops
    got no time zone (Zverino in Berlin's) and the times rolled over by whole days. Whatever
    the station references give, such a duration is flagged and never counted; a corrected
    one (a night of 6 to 9 hours) is counted."""
    row = _one(
        loaded_db,
        "SELECT duration_min, plausibility_flags, counted_in_stats FROM api.trajets"
        " WHERE source_id = 'ontd@2026-06-30' AND train_number = %s AND origin_name = %s",
        (train_number, origin),
    )
    if row["duration_min"] >= 12 * 60:  # not a night of travel: flagged, left out
        assert row["plausibility_flags"]
        assert row["counted_in_stats"] is False
    if row["counted_in_stats"]:
        assert row["duration_min"] < 12 * 60


def test_time_gap_names_the_calls_where_the_source_goes_backwards(loaded_db):
    row = _one(
        loaded_db,
        "SELECT plausibility_notes, plausibility_flags FROM api.trajets"
        " WHERE source_id = 'ontd@2026-06-30' AND train_number = 'NJ 464'",
    )
    note = row["plausibility_notes"][row["plausibility_flags"].index("time_gap")]
    assert "Kühnsdorf" in note and "Klagenfurt" in note


def test_breclav_to_vienna_night_pieces_are_not_night_trains(loaded_db):
    """gtfs.de 2025 cuts EuroNight trains at the border point Breclav(Gr): the 59-minute piece
    to Wien Hbf (five identical trips, now one service) is flagged, not counted."""
    row = _one(
        loaded_db,
        "SELECT duration_min, variant_count, plausibility_flags, counted_in_stats"
        " FROM api.trajets WHERE source_id = 'gtfs-de@2025-11-09' AND day_night = 'night'"
        " AND origin_name = 'Breclav (Grenze)' AND destination_name = 'Wien Hbf'",
    )
    assert row["duration_min"] == 59 and row["variant_count"] == 5
    assert "night_too_short" in row["plausibility_flags"]
    assert row["counted_in_stats"] is False


def test_a_sound_night_train_is_not_flagged(loaded_db):
    """NJ 40466 Wien Hbf 21:39 -> Venezia Santa Lucia 08:34."""
    row = _one(
        loaded_db,
        "SELECT plausibility_flags, counted_in_stats FROM api.trajets"
        " WHERE source_id = 'ontd@2026-06-30' AND train_number = 'NJ 40466'",
    )
    assert row["plausibility_flags"] == [] and row["counted_in_stats"] is True


def test_nearly_every_current_service_is_plausible(loaded_db):
    share = fetch_one(
        psycopg.connect(loaded_db).execute(
            "SELECT avg(is_plausible::int) FROM api.trajets WHERE is_current"
        )
    )[0]
    assert 0.99 < share < 1


def _trainline_position(data_dir, uic: str) -> tuple[float, float]:
    with (data_dir / "stations-trainline-eu/stations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["uic"] == uic:
                return float(row["latitude"]), float(row["longitude"])
    raise AssertionError(uic)


def test_renfe_regional_through_a_misplaced_station_is_flagged(loaded_db, data_dir):
    """The quality suites reported Renfe regional trains of thousands of km: Trainline places
    Navas de Riofrío - La Losa (UIC 7112014) 300 km away, near Valencia. The warehouse now
    keeps the feed's position; with Trainline's, regional 17121 Cercedilla -> Segovia breaks
    the plausibility rules (and is flagged, not counted)."""
    trajet = _one(
        loaded_db,
        "SELECT * FROM core.trajets WHERE source_id = 'gtfs-renfe@2026-08-21'"
        " AND train_number = '17121'",
    )
    calls = _rows(
        loaded_db,
        "SELECT c.*, s.latitude, s.longitude FROM core.calls c JOIN core.stations s"
        " USING (station_id) WHERE trajet_id = %s ORDER BY seq",
        (trajet["trajet_id"],),
    )
    wrong = _trainline_position(data_dir, "7112014")
    points = [
        wrong if c["station_id"] == "7112014" else (c["latitude"], c["longitude"]) for c in calls
    ]
    assert any(c["station_id"] == "7112014" for c in calls)
    row = TrajetRow(**{k: v for k, v in trajet.items() if k in TrajetRow.columns()})
    call_rows = [CallRow(**{k: v for k, v in c.items() if k in CallRow.columns()}) for c in calls]
    ends = (points[0], points[-1])
    assert plausibility.check(row, call_rows, ends, "gtfs-renfe") == []  # as published
    row.distance_km = round(path_length_km(points), 1)  # as with Trainline's position
    codes = {f.code for f in plausibility.check(row, call_rows, ends, "gtfs-renfe")}
    assert codes == {"speed_too_high", "distance_detour"}


def test_a_documented_exception_lifts_one_rule_for_one_train(loaded_db):
    trajet = _one(
        loaded_db,
        "SELECT * FROM core.trajets WHERE source_id = 'ontd@2026-06-30' AND train_number = '177 L'",
    )
    row = TrajetRow(**{k: v for k, v in trajet.items() if k in TrajetRow.columns()})
    assert [f.code for f in plausibility.check(row, [], (None, None), "ontd")] == [
        "night_not_overnight"
    ]
    exception = plausibility.PlausibilityException(
        "ontd", "177 L", "night_not_overnight", "a day train the database lists on purpose"
    )
    assert plausibility.check(row, [], (None, None), "ontd", [exception]) == []
    assert plausibility.check(row, [], (None, None), "gtfs-de", [exception]) != []


# -- coverage --------------------------------------------------------------------------------


def _coverage(url: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["country"], r["day_night"]): r for r in _rows(url, "SELECT * FROM api.coverage")}


def test_coverage_says_where_no_source_covers(loaded_db):
    coverage = _coverage(loaded_db)
    assert coverage[("ES", "night")]["level"] == "none"  # no night train in the mirror's Spain
    for country in ("SE", "GB", "NO"):
        assert coverage[(country, "day")]["level"] == "none", country
        assert coverage[(country, "night")]["level"] == "covered", country  # ONTD
    assert coverage[("ES", "day")]["level"] == "covered"
    assert coverage[("ES", "day")]["basis"] == "national_feed"
    # the Renfe feed, and SNCF's TGV running to Barcelona
    assert coverage[("ES", "day")]["source_ids"] == [
        "gtfs-renfe@2026-08-21",
        "gtfs-sncf-tgv@2025-07-18",
    ]
    assert coverage[("FR", "day")]["level"] == "partial"  # TGV only, no Intercités nor TER
    assert coverage[("DE", "day")]["level"] == "covered"
    assert coverage[("CH", "day")]["basis"] == "cross_border"  # Lyria, ICE, EC from neighbours
    assert coverage[("FR", "night")]["basis"] == "night_database"


def test_coverage_counts_the_services_counted_in_each_country(loaded_db):
    coverage = _coverage(loaded_db)
    counts = _rows(
        loaded_db,
        "SELECT c AS country, day_night, count(*) AS n FROM api.trajets, unnest(countries) c"
        " WHERE is_current AND counted_in_stats GROUP BY 1, 2",
    )
    assert counts
    for row in counts:
        assert coverage[(row["country"], row["day_night"])]["services"] == row["n"]
    assert all(r["services"] == 0 for (_, _), r in coverage.items() if r["level"] == "none")


# -- validity: computed on the day of the query ----------------------------------------------


def _statuses(url: str, today: date | None) -> dict[str, dict[str, Any]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as connection:
        if today:
            connection.execute("SELECT set_config('obrail.today', %s, false)", (today.isoformat(),))
        rows = connection.execute(
            "SELECT source_id, validity_status, expired_since FROM api.sources"
            " WHERE kind = 'timetable'"
        ).fetchall()
    return {r["source_id"]: r for r in rows}


def test_validity_status_follows_the_day_of_the_query(loaded_db):
    on_issue_day = _statuses(loaded_db, date(2026, 12, 3))
    assert on_issue_day["gtfs-sncf-tgv@2025-07-18"]["validity_status"] == "expired"
    assert on_issue_day["gtfs-sncf-tgv@2025-07-18"]["expired_since"] == date(2025, 12, 16)
    assert on_issue_day["gtfs-de@2025-11-09"]["expired_since"] == date(2025, 12, 10)
    assert on_issue_day["ontd@2026-06-30"]["validity_status"] == "current"
    assert on_issue_day["gtfs-sncf-intercites@2013-12-04"]["validity_status"] == "historical"
    earlier = _statuses(loaded_db, date(2025, 12, 1))
    assert earlier["gtfs-sncf-tgv@2025-07-18"]["validity_status"] == "current"
    assert earlier["gtfs-renfe@2026-08-21"]["validity_status"] == "upcoming"
    later = _statuses(loaded_db, date(2026, 12, 20))
    assert later["ontd@2026-06-30"]["validity_status"] == "expired"


def test_without_a_setting_the_status_is_today_s(loaded_db):
    today = _statuses(loaded_db, None)
    tgv = today["gtfs-sncf-tgv@2025-07-18"]
    assert tgv["validity_status"] == ("expired" if date.today() > date(2025, 12, 15) else "current")
