"""The suites on the whole mirror: every result is what the data really is, recomputed here
with independent SQL on the published tables."""

from __future__ import annotations

import math
import re

import psycopg
import pytest

from quality.checks import Severity, TargetName
from quality.reference import country_codes, sql_text_array, time_zones
from quality.suites import ALL_SUITES, all_checks
from quality.suites.cross_source import DISTANCE_RATIO, ENDPOINT_GAP_KM
from quality.suites.stations import DUPLICATE_RADIUS_KM, EUROPE_LATITUDE, EUROPE_LONGITUDE
from warehouse.harmonise.geo import EARTH_RADIUS_KM

COUNTRIES = sql_text_array(country_codes()).as_string()
ZONES = sql_text_array(time_zones()).as_string()


def _distance(a: str, b: str) -> str:
    return (
        f"{EARTH_RADIUS_KM} * 2 * asin(sqrt(power(sin(radians({b}.latitude - {a}.latitude) / 2), 2)"
        f" + cos(radians({a}.latitude)) * cos(radians({b}.latitude))"
        f" * power(sin(radians({b}.longitude - {a}.longitude) / 2), 2)))"
    )


#: The warehouse's plausibility rules, written out independently (docs/donnees/harmonisation.md).
_FLAG_RULES = {
    "duration_too_long": "duration_min > CASE rail_category WHEN 'high_speed' THEN 960"
    " WHEN 'intercity' THEN 1440 WHEN 'regional' THEN 720 ELSE 2400 END",
    "speed_too_low": "coalesce(distance_km >= 30 AND distance_km * 60.0 / duration_min <"
    " CASE rail_category WHEN 'high_speed' THEN 25 WHEN 'intercity' THEN 15"
    " WHEN 'regional' THEN 10 ELSE 25 END, false)",
    "speed_too_high": "coalesce(distance_km > 0 AND distance_km * 60.0 / duration_min >"
    " CASE rail_category WHEN 'high_speed' THEN 330 WHEN 'intercity' THEN 200 ELSE 160 END,"
    " false)",
    "night_too_short": "day_night = 'night' AND duration_min < 300",
    "night_not_overnight": "day_night = 'night' AND NOT runs_overnight",
}
_FLAGS_MISMATCH = " OR ".join(
    f"(({rule}) <> ('{code}' = ANY (plausibility_flags)))" for code, rule in _FLAG_RULES.items()
)


def _unique_sql(table: str, column: str) -> str:
    return f"""SELECT coalesce(sum(n) FILTER (WHERE n > 1), 0), (SELECT count(*) FROM core.{table}),
                      (SELECT count({column}) FROM core.{table})
               FROM (SELECT {column}, count(*) AS n FROM core.{table}
                     WHERE {column} IS NOT NULL GROUP BY {column}) g"""


def _pairs_sql() -> str:
    """Same-train pairs: same_train links, and duplicates that are not fragments."""
    return """SELECT a.distance_km, b.distance_km AS b_distance,
                     ao.latitude AS oa_lat, ao.longitude AS oa_lon,
                     bo.latitude AS ob_lat, bo.longitude AS ob_lon,
                     ad.latitude AS da_lat, ad.longitude AS da_lon,
                     bd.latitude AS db_lat, bd.longitude AS db_lon
              FROM (SELECT trajet_id, linked_trajet_id FROM core.trajet_links
                    WHERE link_type = 'same_train'
                    UNION
                    SELECT trajet_id, duplicate_of FROM core.trajets t WHERE duplicate_of IS NOT NULL
                      AND (trajet_id, duplicate_of, 'fragment_of') NOT IN
                          (SELECT trajet_id, linked_trajet_id, link_type FROM core.trajet_links)) p
              JOIN core.trajets a USING (trajet_id)
              JOIN core.trajets b ON b.trajet_id = p.linked_trajet_id
              JOIN core.stations ao ON ao.station_id = a.origin_station_id
              JOIN core.stations bo ON bo.station_id = b.origin_station_id
              JOIN core.stations ad ON ad.station_id = a.destination_station_id
              JOIN core.stations bd ON bd.station_id = b.destination_station_id
              WHERE NOT a.is_fragment AND NOT b.is_fragment"""


def _gap_sql(prefix: str) -> str:
    return f"""SELECT count(*) FILTER (WHERE gap > {ENDPOINT_GAP_KM}), count(*), count(gap)
               FROM (SELECT round(({EARTH_RADIUS_KM} * 2 * asin(sqrt(power(sin(radians({prefix}b_lat - {prefix}a_lat) / 2), 2)
                         + cos(radians({prefix}a_lat)) * cos(radians({prefix}b_lat))
                         * power(sin(radians({prefix}b_lon - {prefix}a_lon) / 2), 2))))::numeric, 1) AS gap
                     FROM ({_pairs_sql()}) x) g"""


#: check -> SQL returning (unexpected rows, rows checked by GE, non-null values judged).
EXPECTED_SQL = {
    "trajets_not_empty": "SELECT (count(*) = 0)::int, NULL, NULL FROM core.trajets",
    "trajet_id_present": "SELECT count(*) FILTER (WHERE trajet_id IS NULL), count(*), count(*) FROM core.trajets",
    "trajet_id_unique": _unique_sql("trajets", "trajet_id"),
    "source_trip_unique": """SELECT coalesce(sum(n) FILTER (WHERE n > 1), 0), sum(n), sum(n)
        FROM (SELECT count(*) AS n FROM core.trajets GROUP BY source_id, source_trip_id) g""",
    "trajet_source_known": """SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM core.sources s
        WHERE s.source_id = t.source_id)), count(*), count(*) FROM core.trajets t""",
    "trajet_endpoints_known": """SELECT count(*) FILTER (WHERE origin_station_id NOT IN
        (SELECT station_id FROM core.stations) OR destination_station_id NOT IN
        (SELECT station_id FROM core.stations)), count(*), count(*) FROM core.trajets""",
    "trajet_operator_known": """SELECT count(*) FILTER (WHERE operator_id NOT IN
        (SELECT operator_id FROM core.operators)), count(*), count(*) FROM core.trajets""",
    "day_night_in_set": """SELECT count(*) FILTER (WHERE day_night NOT IN ('day', 'night')),
        count(*), count(day_night) FROM core.trajets""",
    "origin_differs_from_destination": """SELECT count(*) FILTER (WHERE origin_station_id =
        destination_station_id), count(*), count(*) FROM core.trajets""",
    "duration_plausible": """SELECT count(*) FILTER (WHERE duration_min < 5 OR duration_min > 2880),
        count(*), count(duration_min) FROM core.trajets""",
    "distance_present": """SELECT count(*) FILTER (WHERE distance_km IS NULL), count(*), count(*)
        FROM core.trajets""",
    "distance_plausible": """SELECT count(*) FILTER (WHERE distance_km < 1 OR distance_km > 4000),
        count(*), count(distance_km) FROM core.trajets""",
    "plausibility_flags_match_the_rules": f"""SELECT count(*) FILTER (WHERE {_FLAGS_MISMATCH}),
        count(*), count(*) FROM core.trajets""",
    "implausible_trajets_share": """SELECT count(*) FILTER (WHERE cardinality(plausibility_flags)
        > 0), count(*), count(*) FROM core.trajets""",
    "trajet_countries_valid": f"""SELECT count(*) FILTER (WHERE NOT c = ANY({COUNTRIES})),
        count(*), count(c) FROM core.trajets, unnest(countries) AS c""",
    "night_trains_evening_or_overnight": """SELECT count(*) FILTER (WHERE NOT (extract(hour FROM
        departure_local) >= 17 OR extract(hour FROM departure_local) < 3 OR arrival_day_offset > 0
        OR runs_overnight)), count(*), count(*) FROM core.trajets WHERE day_night = 'night'""",
    "call_sequence_unique": """SELECT coalesce(sum(n) FILTER (WHERE n > 1), 0), sum(n), sum(n)
        FROM (SELECT count(*) AS n FROM core.calls GROUP BY trajet_id, seq) g""",
    "call_times_increase": """SELECT count(*) FILTER (WHERE step < 0), count(*), count(step)
        FROM (SELECT c.trajet_id, coalesce(c.arrival_offset_min, c.departure_offset_min)
                     - (SELECT coalesce(p.departure_offset_min, p.arrival_offset_min)
                        FROM core.calls p WHERE p.trajet_id = c.trajet_id AND p.seq < c.seq
                        ORDER BY p.seq DESC LIMIT 1) AS step
              FROM core.calls c) s""",
    "call_dwell_not_negative": """SELECT count(*) FILTER (WHERE departure_offset_min <
        arrival_offset_min), count(*), count(departure_offset_min - arrival_offset_min)
        FROM core.calls""",
    "call_trajet_known": """SELECT count(*) FILTER (WHERE trajet_id NOT IN (SELECT trajet_id FROM
        core.trajets)), count(*), count(*) FROM core.calls""",
    "call_station_known": """SELECT count(*) FILTER (WHERE station_id NOT IN (SELECT station_id FROM
        core.stations)), count(*), count(*) FROM core.calls""",
    "call_station_matched": f"""SELECT count(*) FILTER (WHERE s.latitude IS NULL OR s.longitude IS NULL
        OR s.country IS NULL OR s.time_zone IS NULL OR NOT s.time_zone = ANY({ZONES})),
        count(*), count(*) FROM core.calls c LEFT JOIN core.stations s USING (station_id)""",
    "night_database_call_station_matched": f"""SELECT count(*) FILTER (WHERE s.latitude IS NULL
        OR s.longitude IS NULL OR s.country IS NULL OR s.time_zone IS NULL
        OR NOT s.time_zone = ANY({ZONES})), count(*), count(*)
        FROM core.calls c JOIN core.trajets t USING (trajet_id)
        JOIN core.sources src ON src.source_id = t.source_id AND src.family = 'ontd'
        LEFT JOIN core.stations s ON s.station_id = c.station_id""",
    "plane_airport_has_scheduled_service": """SELECT count(*) FILTER (WHERE NOT a.scheduled_service),
        count(*), count(*) FROM core.trajets t
        JOIN core.airports a ON a.iata = t.origin_airport OR a.iata = t.destination_airport""",
    "call_time_zone_valid": f"""SELECT count(*) FILTER (WHERE NOT time_zone = ANY({ZONES})),
        count(*), count(time_zone) FROM core.calls""",
    "station_id_unique": _unique_sql("stations", "station_id"),
    "station_uic_format": """SELECT count(*) FILTER (WHERE uic !~ '^[0-9]{7}$'), count(*), count(uic)
        FROM core.stations""",
    "station_uic_unique": _unique_sql("stations", "uic"),
    "station_not_duplicated": f"""SELECT (SELECT count(*) FROM core.stations a JOIN core.stations b
        ON a.station_id < b.station_id AND lower(a.name) = lower(b.name)
        WHERE {_distance("a", "b")} < {DUPLICATE_RADIUS_KM}), count(*), count(*) FROM core.stations""",
    "station_latitude_in_europe": f"""SELECT count(*) FILTER (WHERE latitude NOT BETWEEN
        {EUROPE_LATITUDE[0]} AND {EUROPE_LATITUDE[1]}), count(*), count(latitude) FROM core.stations""",
    "station_longitude_in_europe": f"""SELECT count(*) FILTER (WHERE longitude NOT BETWEEN
        {EUROPE_LONGITUDE[0]} AND {EUROPE_LONGITUDE[1]}), count(*), count(longitude) FROM core.stations""",
    "station_country_valid": f"""SELECT count(*) FILTER (WHERE NOT country = ANY({COUNTRIES})),
        count(*), count(country) FROM core.stations""",
    "station_time_zone_valid": f"""SELECT count(*) FILTER (WHERE NOT time_zone = ANY({ZONES})),
        count(*), count(time_zone) FROM core.stations""",
    "operator_id_unique": _unique_sql("operators", "operator_id"),
    "operator_name_unique": """SELECT coalesce(sum(n) FILTER (WHERE n > 1), 0), sum(n), sum(n)
        FROM (SELECT count(*) AS n FROM core.operators GROUP BY lower(name)) g""",
    "operator_country_valid": f"""SELECT count(*) FILTER (WHERE NOT country = ANY({COUNTRIES})),
        count(*), count(country) FROM core.operators""",
    "link_trajets_known": """SELECT count(*) FILTER (WHERE trajet_id NOT IN (SELECT trajet_id FROM
        core.trajets) OR linked_trajet_id NOT IN (SELECT trajet_id FROM core.trajets)
        OR trajet_id = linked_trajet_id), count(*), count(*) FROM core.trajet_links""",
    "duplicate_of_known": """SELECT count(*) FILTER (WHERE duplicate_of NOT IN (SELECT trajet_id
        FROM core.trajets) OR duplicate_of = trajet_id), count(*), count(*)
        FROM core.trajets WHERE duplicate_of IS NOT NULL""",
    "same_train_origins_consistent": _gap_sql("o"),
    "same_train_destinations_consistent": _gap_sql("d"),
    "same_train_distance_consistent": f"""SELECT count(*) FILTER (WHERE r > {DISTANCE_RATIO}),
        count(*), count(r)
        FROM (SELECT round(greatest(distance_km, b_distance) / nullif(least(distance_km,
              b_distance), 0), 3) AS r FROM ({_pairs_sql()}) x) g""",
    "current_timetables_valid_today": """SELECT count(*) FILTER (WHERE valid_from IS NULL OR
        valid_until IS NULL OR current_date NOT BETWEEN valid_from AND valid_until), count(*), count(*)
        FROM core.sources WHERE kind = 'timetable' AND is_current""",
    "last_etl_success_recent": """SELECT (max(finished_at) IS NULL
        OR max(finished_at) < now() - interval '192 hours')::int, 1, 1
        FROM core.etl_runs WHERE status = 'succeeded'""",
    # One successful run: no previous run to compare with, every source is judged on nothing.
    "source_not_lost": """SELECT 0, count(*), count(*) FROM core.etl_run_sources
        WHERE run_id = (SELECT run_id FROM core.publication)""",
    "source_rows_within_band": """SELECT 0, count(*), 0 FROM core.etl_run_sources
        WHERE run_id = (SELECT run_id FROM core.publication)""",
    "source_calls_within_band": """SELECT 0, count(*), 0 FROM core.etl_run_sources
        WHERE run_id = (SELECT run_id FROM core.publication)""",
    "city_pairs_present": "SELECT (count(*) = 0)::int, NULL, NULL FROM core.city_pairs",
    "city_pair_unique": _unique_sql("city_pairs", "pair_id"),
    "city_pair_distance": """SELECT count(*) FILTER (WHERE distance_km < 150), count(*),
        count(distance_km) FROM core.city_pairs""",
    "city_pair_fastest_counted": """SELECT count(*) FILTER (WHERE t.trajet_id IS NULL
        OR t.duplicate_of IS NOT NULL OR cardinality(t.plausibility_flags) > 0), count(*), count(*)
        FROM core.city_pairs p LEFT JOIN core.trajets t ON t.trajet_id = p.fastest_trajet_id""",
    "city_pair_speed_plausible": """SELECT count(*) FILTER (WHERE distance_km * 60 / rail_time_min
        > 320), count(*), count(*) FROM core.city_pairs""",
    "market_shares_enough_pairs": """SELECT (count(DISTINCT (least(origin_city, destination_city),
        greatest(origin_city, destination_city))) < 15)::int, count(*), count(*)
        FROM core.market_shares""",
    "market_share_rail_time_range": """SELECT count(*) FILTER (WHERE rail_time_min NOT BETWEEN 30
        AND 900), count(*), count(rail_time_min) FROM core.market_shares""",
    # The published warehouse of these tests has no model: nothing to judge.
    "model_trained_on_published_data": """SELECT count(*) FILTER (WHERE trained_on_run_id IS NULL),
        count(*), count(*) FROM api.model_freshness""",
    "model_trained_on_recent_data": """SELECT count(*) FILTER (WHERE publications_since > 3),
        count(*), count(publications_since) FROM api.model_freshness""",
}


def test_check_names_are_unique_stable_identifiers():
    names = [check.name for suite in ALL_SUITES for check in suite.checks]
    assert len(names) == len(set(names)) == len(all_checks())
    assert all(re.fullmatch(r"[a-z][a-z0-9_]+", name) for name in names)


def test_every_check_has_a_severity_a_french_description_and_a_keyed_asset():
    for _suite, check in all_checks().values():
        assert check.severity in (Severity.critical, Severity.warning)
        assert check.description.endswith(".") and len(check.description) > 20
        assert check.asset.query.lstrip().startswith("SELECT ")
        assert " AS row_key" in check.asset.query


def test_there_is_one_independent_sql_per_check():
    assert set(EXPECTED_SQL) == set(all_checks())


def test_the_single_loaded_run_has_no_history_to_compare_volumes_with(published_db):
    """The volume rows above assume what this asserts (the template is loaded once)."""
    with psycopg.connect(published_db) as connection:
        row = connection.execute(
            "SELECT count(*) FROM core.etl_runs WHERE status = 'succeeded'"
        ).fetchone()
    assert row == (1,)


@pytest.mark.parametrize("name", sorted(EXPECTED_SQL))
def test_result_on_the_published_mirror_is_what_sql_says(published_report, published_db, name):
    _suite, check = all_checks()[name]
    outcome = published_report.outcome(name)
    with psycopg.connect(published_db) as connection:
        row = connection.execute(EXPECTED_SQL[name]).fetchone()
    assert row is not None
    unexpected, element_count, judged = (None if v is None else int(v) for v in row)
    assert unexpected is not None
    assert outcome.error is None
    if element_count is None:  # table-level
        assert outcome.unexpected_count == unexpected
    else:
        assert (outcome.unexpected_count, outcome.element_count) == (unexpected, element_count)
    mostly = float(check.kwargs.get("mostly", 1.0))
    if judged:
        expected_success = unexpected <= math.floor((1 - mostly) * judged + 1e-9)
    else:
        expected_success = unexpected == 0
    assert outcome.success is expected_success
    if not outcome.success or unexpected:
        assert 0 < len(outcome.sample) <= 200
    else:
        assert outcome.sample == []


def test_no_critical_expectation_fails_on_the_real_mirror(published_report):
    """The gate must let the real data through: only warnings may fail on it."""
    assert [o.expectation for o in published_report.failures(Severity.critical)] == []
    assert published_report.success


def test_the_mirror_honestly_shows_expired_feeds(published_report, published_db):
    with psycopg.connect(published_db) as connection:
        expired = {
            row[0]
            for row in connection.execute(
                "SELECT source_id FROM core.sources WHERE kind = 'timetable' AND is_current"
                " AND valid_until < current_date"
            )
        }
    outcome = published_report.outcome("current_timetables_valid_today")
    assert {row["row_key"] for row in outcome.sample} == expired
    assert outcome.severity is Severity.warning
    assert outcome.success is (not expired)


def test_matched_share_of_calls_is_reported(published_report):
    outcome = published_report.outcome("call_station_matched")
    assert outcome.element_count and outcome.unexpected_count is not None
    matched = outcome.element_count - outcome.unexpected_count
    assert outcome.observed_value == (
        f"{100 * matched / outcome.element_count:.2f} % ({matched}/{outcome.element_count})"
    )


def test_published_only_checks_are_skipped_on_staging(staging_report, published_report):
    published = {o.expectation for o in published_report.outcomes}
    staged = {o.expectation for o in staging_report.outcomes}
    expected_missing = {
        name
        for name, (_s, check) in all_checks().items()
        if TargetName.staging not in check.targets
    }
    assert (
        published - staged
        == expected_missing
        == {
            "last_etl_success_recent",
            "model_trained_on_published_data",
            "model_trained_on_recent_data",
        }
    )


def test_staging_copy_validates_like_the_published_data(staging_report, published_report):
    """Same rows in staging and core: same results (the gate judges what will be published)."""
    for staged in staging_report.outcomes:
        published = published_report.outcome(staged.expectation)
        assert (staged.success, staged.unexpected_count, staged.element_count) == (
            published.success,
            published.unexpected_count,
            published.element_count,
        ), staged.expectation
