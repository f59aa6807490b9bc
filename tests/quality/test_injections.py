"""For every expectation: inject rows breaking it into a copy of the warehouse and see them
caught (one more failing row per injected row, the injected row among the examples, the
expectation failed).

Every fault is injected at once and all are validated in ONE Great Expectations run
(`validate_each`), each check on the schema of its own fault: the faults that leave the other
checks' counts alone share one schema (copies of the tables they change, views of the intact
staging tables for the others); the faults in `ALONE` get a schema each. Every count is
asserted exactly, so a fault that disturbed another's count in the shared schema would fail that
test, never hide in it. The faults of the shared `core` history (volumes) use distinct sources;
the published-only faults (freshness, models), which change the published run itself, are
validated one by one after the first run is undone."""

from __future__ import annotations

import json
from dataclasses import dataclass

import psycopg
import pytest

from quality.checks import Target
from quality.results import ExpectationOutcome
from quality.runner import validate, validate_each
from quality.suites import all_checks
from tests.quality.conftest import TEST_OPTIONS, analyze_for_planning
from tests.support.database import sqlalchemy_url
from warehouse.tables import PUBLISHED_TABLES

#: Needs the real mirror's volumes (hundreds of rows per category to break).
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Breaker:
    check: str
    sql: str
    delta: int
    key: str | None  # row_key of an injected row (checked when every failing row is sampled)
    restore: tuple[str, ...] = ()  # staging tables it changes (copied into its schema)
    undo: str = ""  # SQL undoing changes outside staging
    published: bool = False  # validate the published tables (core) instead of staging


def copy_row(table: str, overrides: str, where: str = "true", order: str = "1") -> str:
    """INSERT a copy of one staging row with some columns overridden (`overrides` is a SQL
    jsonb expression that may use the copied row `t`)."""
    return (
        f"INSERT INTO staging.{table} SELECT (jsonb_populate_record(t, {overrides})).*"
        f" FROM staging.{table} t WHERE t.ctid = (SELECT ctid FROM staging.{table} s"
        f" WHERE {where} ORDER BY {order} LIMIT 1);"
    )


def const(**values: object) -> str:
    return "'" + json.dumps(values).replace("'", "''") + "'::jsonb"


def trajet(key: str, where: str = "true", **values: object) -> str:
    return copy_row(
        "trajets", const(**{"trajet_id": key, "source_trip_id": key, **values}), where, "trajet_id"
    )


def station(key: str, **values: object) -> str:
    return copy_row(
        "stations",
        const(**{"station_id": key, "uic": None, **values}),
        "latitude IS NOT NULL AND country IS NOT NULL",
        "station_id",
    )


def operator(key: str, **values: object) -> str:
    return copy_row("operators", const(operator_id=key, **values), order="operator_id")


def call(trajet_id: str, seq: int, **values: object) -> str:
    return copy_row("calls", const(trajet_id=trajet_id, seq=seq, **values), order="trajet_id, seq")


def update_some_trajets(assignments: str, where: str, count: int) -> str:
    return (
        f"UPDATE staging.trajets SET {assignments} WHERE trajet_id IN (SELECT trajet_id FROM"
        f" staging.trajets WHERE {where} ORDER BY trajet_id LIMIT {count});"
    )


EVENING = (
    "(departure_local >= time '17:00' OR departure_local < time '03:00'"
    " OR arrival_day_offset >= 1 OR runs_overnight)"
)
NOON = "departure_local = time '12:00', arrival_day_offset = 0, runs_overnight = false"
FAR_STATION = station("qa-far-station", name="QA Far", latitude=69.5, longitude=25.0)
PAIR_BASE = "NOT is_fragment AND duplicate_of IS NULL AND distance_km > 50"
MATCHED_CALLS = (
    "station_id IN (SELECT station_id FROM staging.stations WHERE latitude IS NOT NULL"
    " AND longitude IS NOT NULL AND country IS NOT NULL AND time_zone IS NOT NULL)"
)


def same_train_pair(key_b: str, **b_values: object) -> str:
    """Two copies of one trajet (qa-a, and `key_b` with `b_values`) linked as the same train."""
    return (
        FAR_STATION
        + trajet("qa-a", PAIR_BASE)
        + trajet(key_b, PAIR_BASE, **b_values)
        + f"INSERT INTO staging.trajet_links VALUES ('{key_b}', 'qa-a', 'same_train', 'qa');"
    )


VOLUME_HISTORY = (
    "INSERT INTO core.etl_runs (run_id, started_at, finished_at, status, code_version)"
    " VALUES (0, now() - interval '8 days', now() - interval '8 days', 'succeeded', 'qa');"
)
VOLUME_UNDO = "DELETE FROM core.etl_run_sources WHERE run_id = 0 OR source_id LIKE 'qa-volume%'; DELETE FROM core.etl_runs WHERE run_id = 0;"


def volume_row(run: str, rows: int, calls: int, source: str) -> str:
    return (
        "INSERT INTO core.etl_run_sources (run_id, source_id, rows_read, rows_loaded, rows_rejected,"
        f" calls_loaded, duration_s) VALUES ({run}, '{source}', {rows}, {rows}, 0, {calls}, 0);"
    )


PUBLISHED_RUN = "(SELECT run_id FROM core.publication)"


def city_pair(key: str, **values: object) -> str:
    return copy_row("city_pairs", const(pair_id=key, **values), order="pair_id")


def served_model(data_version_sql: str) -> str:
    """A model version trained on `data_version_sql`, promoted (registry rows only)."""
    return (
        "INSERT INTO core.model_versions (model_name, version, artefact_file, artefact_sha256,"
        " training_data_hash, training_rows, data_version, code_version, metrics, metadata)"
        f" VALUES ('qa_model', 1, 'qa_model/x.zip', repeat('0', 64), repeat('0', 64), 1,"
        f" {data_version_sql}, 'qa', '{{}}', '{{}}');"
        " INSERT INTO core.model_active (model_name, version) VALUES ('qa_model', 1);"
    )


MODEL_UNDO = (
    "DELETE FROM core.model_active WHERE model_name = 'qa_model';"
    " DELETE FROM core.model_versions WHERE model_name = 'qa_model';"
)

BREAKERS = [
    Breaker("trajets_not_empty", "DELETE FROM staging.trajets;", 1, None, ("trajets",)),
    Breaker(
        "trajet_id_present",
        copy_row("trajets", const(trajet_id=None, source_trip_id="qa-null-id"), order="trajet_id"),
        1,
        None,
        ("trajets",),
    ),
    Breaker("trajet_id_unique", trajet("qa-dup") + trajet("qa-dup"), 2, "qa-dup", ("trajets",)),
    Breaker(
        "source_trip_unique",
        copy_row("trajets", const(trajet_id="qa-trip-dup"), order="trajet_id")
        + copy_row("trajets", const(trajet_id="qa-trip-dup-2"), order="trajet_id"),
        3,
        None,  # multicolumn expectations sample the duplicated values, not row keys
        ("trajets",),
    ),
    Breaker(
        "trajet_source_known",
        trajet("qa-nosource", source_id="nowhere@0"),
        1,
        "qa-nosource",
        ("trajets",),
    ),
    Breaker(
        "trajet_endpoints_known",
        trajet("qa-nostation", origin_station_id="qa-missing"),
        1,
        "qa-nostation",
        ("trajets",),
    ),
    Breaker(
        "trajet_operator_known",
        trajet("qa-nooperator", operator_id="qa-missing"),
        1,
        "qa-nooperator",
        ("trajets",),
    ),
    Breaker("day_night_in_set", trajet("qa-dusk", day_night="dusk"), 1, "qa-dusk", ("trajets",)),
    Breaker(
        "origin_differs_from_destination",
        copy_row(
            "trajets",
            "jsonb_build_object('trajet_id', 'qa-loop', 'source_trip_id', 'qa-loop',"
            " 'destination_station_id', t.origin_station_id)",
            order="trajet_id",
        ),
        1,
        "qa-loop",
        ("trajets",),
    ),
    Breaker(
        "duration_plausible",
        update_some_trajets("duration_min = 4000", "duration_min BETWEEN 5 AND 2880", 150)
        + trajet("qa-long", duration_min=4000),
        151,
        "qa-long",
        ("trajets",),
    ),
    Breaker(
        "distance_present",
        update_some_trajets("distance_km = NULL", "distance_km IS NOT NULL", 300)
        + trajet("qa-nodistance", distance_km=None),
        301,
        "qa-nodistance",
        ("trajets",),
    ),
    Breaker(
        "distance_plausible",
        update_some_trajets("distance_km = 9000", "distance_km BETWEEN 1 AND 4000", 150)
        + trajet("qa-far", distance_km=9000),
        151,
        "qa-far",
        ("trajets",),
    ),
    Breaker(
        "plausibility_flags_match_the_rules",
        # 600 km/h (10 km a minute) and no flag: an implausible trajet that would be counted
        trajet(
            "qa-unflagged-fast",
            "rail_category = 'high_speed' AND cardinality(plausibility_flags) = 0",
        )
        + "UPDATE staging.trajets SET distance_km = duration_min * 10"
        " WHERE trajet_id = 'qa-unflagged-fast';",
        1,
        "qa-unflagged-fast",
        ("trajets",),
    ),
    Breaker(
        "implausible_trajets_share",
        update_some_trajets(
            "plausibility_flags = '{time_gap}', plausibility_notes = '{qa}'",
            "cardinality(plausibility_flags) = 0",
            200,
        )
        + trajet(
            "qa-flagged",
            plausibility_flags=["time_gap"],
            plausibility_notes=["qa"],
        ),
        201,
        "qa-flagged",
        ("trajets",),
    ),
    Breaker(
        "trajet_countries_valid",
        trajet("qa-country", countries=["FR", "XX"]),
        1,
        "qa-country",
        ("trajets",),
    ),
    Breaker(
        "night_trains_evening_or_overnight",
        update_some_trajets(NOON, f"day_night = 'night' AND {EVENING}", 100)
        + trajet("qa-noon", "day_night = 'night'", departure_local="12:00:00")
        + "UPDATE staging.trajets SET arrival_day_offset = 0, runs_overnight = false"
        " WHERE trajet_id = 'qa-noon';",
        101,
        "qa-noon",
        ("trajets",),
    ),
    Breaker(
        "call_sequence_unique",
        call("qa-calls", 0) + call("qa-calls", 0),
        2,
        None,
        ("calls",),
    ),
    Breaker(
        "call_times_increase",
        call("qa-back", 0, arrival_offset_min=None, departure_offset_min=0)
        + call("qa-back", 1, arrival_offset_min=30, departure_offset_min=31)
        + call("qa-back", 2, arrival_offset_min=20, departure_offset_min=None),
        1,
        "qa-back#2",
        ("calls",),
    ),
    Breaker(
        "call_dwell_not_negative",
        call("qa-dwell", 0, arrival_offset_min=10, departure_offset_min=5),
        1,
        "qa-dwell#0",
        ("calls",),
    ),
    Breaker("call_trajet_known", call("qa-orphan", 0), 1, "qa-orphan#0", ("calls",)),
    Breaker(
        "call_station_known",
        call("qa-nostation", 0, station_id="qa-missing"),
        1,
        "qa-nostation#0",
        ("calls",),
    ),
    Breaker(
        "call_station_matched",
        station("qa-nowhere", latitude=None, longitude=None)
        + f"UPDATE staging.calls SET station_id = 'qa-nowhere' WHERE (trajet_id, seq) IN"
        f" (SELECT trajet_id, seq FROM staging.calls WHERE {MATCHED_CALLS}"
        " ORDER BY trajet_id, seq LIMIT 2500);" + call("qa-unmatched", 0, station_id="qa-nowhere"),
        2501,
        "qa-unmatched#0",
        ("calls", "stations"),
    ),
    Breaker(
        "night_database_call_station_matched",
        station("qa-night-nowhere", latitude=None, longitude=None, coordinates_precision=None)
        + "UPDATE staging.calls SET station_id = 'qa-night-nowhere' WHERE (trajet_id, seq) IN"
        " (SELECT c.trajet_id, c.seq FROM staging.calls c JOIN staging.trajets t USING (trajet_id)"
        f" WHERE t.source_id = 'ontd@2026-06-30' AND c.{MATCHED_CALLS}"
        " ORDER BY c.trajet_id, c.seq LIMIT 100);",
        100,
        None,
        ("calls", "stations"),
    ),
    Breaker(
        "plane_airport_has_scheduled_service",
        copy_row("airports", const(iata="QQQ", scheduled_service=False), order="iata")
        + trajet(
            "qa-plane",
            "origin_airport IS NOT NULL AND destination_airport IS NOT NULL",
            origin_airport="QQQ",
        ),
        1,
        "qa-plane:QQQ",
        ("trajets", "airports"),
    ),
    Breaker(
        "call_time_zone_valid",
        call("qa-tz", 0, time_zone="Mars/Olympus"),
        1,
        "qa-tz#0",
        ("calls",),
    ),
    Breaker(
        "station_id_unique",
        station("qa-station") + station("qa-station"),
        2,
        "qa-station",
        ("stations",),
    ),
    Breaker("station_uic_format", station("qa-uic", uic="12345"), 1, "qa-uic", ("stations",)),
    Breaker(
        "station_uic_unique",
        station("qa-uic-a", uic="0000001") + station("qa-uic-b", uic="0000001"),
        2,
        "qa-uic-a",
        ("stations",),
    ),
    Breaker(
        "station_not_duplicated",
        station("qa-twin-a", name="QA Twin", latitude=48.0, longitude=2.0)
        + station("qa-twin-b", name="qa twin", latitude=48.001, longitude=2.001),
        1,
        "qa-twin-a",
        ("stations",),
    ),
    Breaker(
        "station_latitude_in_europe",
        station("qa-south", latitude=10.0),
        1,
        "qa-south",
        ("stations",),
    ),
    Breaker(
        "station_longitude_in_europe",
        station("qa-east", longitude=100.0),
        1,
        "qa-east",
        ("stations",),
    ),
    Breaker(
        "station_country_valid", station("qa-country", country="XX"), 1, "qa-country", ("stations",)
    ),
    Breaker(
        "station_time_zone_valid",
        station("qa-tz", time_zone="Mars/Olympus"),
        1,
        "qa-tz",
        ("stations",),
    ),
    Breaker(
        "operator_id_unique", operator("qa-op") + operator("qa-op"), 2, "qa-op", ("operators",)
    ),
    Breaker(
        "operator_name_unique",
        operator("qa-op-a", name="QA Rail") + operator("qa-op-b", name="qa rail"),
        2,
        "qa-op-a",
        ("operators",),
    ),
    Breaker(
        "operator_country_valid", operator("qa-op-c", country="XX"), 1, "qa-op-c", ("operators",)
    ),
    Breaker(
        "link_trajets_known",
        "INSERT INTO staging.trajet_links VALUES ('qa-ghost-a', 'qa-ghost-b', 'same_train', 'qa');",
        1,
        "qa-ghost-a>qa-ghost-b",
        ("trajet_links",),
    ),
    Breaker(
        "duplicate_of_known",
        trajet("qa-dup-of", duplicate_of="qa-missing"),
        1,
        "qa-dup-of",
        ("trajets",),
    ),
    Breaker(
        "same_train_origins_consistent",
        same_train_pair("qa-b", origin_station_id="qa-far-station"),
        1,
        "qa-b>qa-a",
        ("trajets", "stations", "trajet_links"),
    ),
    Breaker(
        "same_train_destinations_consistent",
        same_train_pair("qa-b", destination_station_id="qa-far-station"),
        1,
        "qa-b>qa-a",
        ("trajets", "stations", "trajet_links"),
    ),
    Breaker(
        "same_train_distance_consistent",
        same_train_pair("qa-b")
        + "UPDATE staging.trajets SET distance_km = distance_km * 2 WHERE trajet_id = 'qa-b';",
        1,
        "qa-b>qa-a",
        ("trajets", "stations", "trajet_links"),
    ),
    Breaker(
        "current_timetables_valid_today",
        copy_row(
            "sources",
            const(source_id="qa-expired", valid_from="2020-01-01", valid_until="2020-12-31"),
            "kind = 'timetable' AND is_current",
            "source_id",
        ),
        1,
        "qa-expired",
        ("sources",),
    ),
    Breaker(
        "last_etl_success_recent",
        "UPDATE core.etl_runs SET finished_at = finished_at - interval '30 days'"
        " WHERE status = 'succeeded';",
        1,
        "etl",
        undo="UPDATE core.etl_runs SET finished_at = finished_at + interval '30 days'"
        " WHERE status = 'succeeded';",
        published=True,
    ),
    # The history (run 0, eight days ago) is inserted once for the three (VOLUME_HISTORY).
    Breaker(
        "source_not_lost",
        volume_row("0", 100, 0, "qa-volume-lost"),
        1,
        "qa-volume-lost",
        undo=VOLUME_UNDO,
    ),
    Breaker(
        "source_rows_within_band",
        volume_row("0", 100, 1000, "qa-volume-rows")
        + volume_row(PUBLISHED_RUN, 50, 1000, "qa-volume-rows"),
        1,
        "qa-volume-rows",
        undo=VOLUME_UNDO,
    ),
    Breaker(
        "source_calls_within_band",
        volume_row("0", 100, 1000, "qa-volume-calls")
        + volume_row(PUBLISHED_RUN, 100, 2000, "qa-volume-calls"),
        1,
        "qa-volume-calls",
        undo=VOLUME_UNDO,
    ),
    Breaker("city_pairs_present", "DELETE FROM staging.city_pairs;", 1, None, ("city_pairs",)),
    Breaker(
        "city_pair_unique",
        city_pair("qa-pair") + city_pair("qa-pair"),
        2,
        "qa-pair",
        ("city_pairs",),
    ),
    Breaker(
        "city_pair_distance",
        city_pair("qa-near", distance_km=20),
        1,
        "qa-near",
        ("city_pairs",),
    ),
    Breaker(
        "city_pair_fastest_counted",
        city_pair("qa-ghost", fastest_trajet_id="qa-missing"),
        1,
        "qa-ghost",
        ("city_pairs",),
    ),
    Breaker(
        "city_pair_speed_plausible",
        city_pair("qa-fast", distance_km=1000, rail_time_min=60),
        1,
        "qa-fast",
        ("city_pairs",),
    ),
    Breaker(
        "market_shares_enough_pairs",
        "DELETE FROM staging.market_shares WHERE observation_id NOT IN"
        " (SELECT observation_id FROM staging.market_shares ORDER BY observation_id LIMIT 3);",
        1,
        "market_shares",
        ("market_shares",),
    ),
    Breaker(
        "market_share_rail_time_range",
        copy_row("market_shares", const(observation_id="qa-hours", rail_time_min=3), order="1"),
        1,
        "qa-hours",
        ("market_shares",),
    ),
    Breaker(
        "model_trained_on_published_data",
        served_model("'qa-never-published'"),
        1,
        "qa_model",
        undo=MODEL_UNDO,
        published=True,
    ),
    Breaker(
        "model_trained_on_recent_data",
        served_model("(SELECT data_version FROM core.publication)")
        + "INSERT INTO core.etl_runs (status, data_version, code_version, finished_at)"
        " SELECT 'succeeded', 'qa-newer-' || n, 'qa', now() FROM generate_series(1, 4) AS n;",
        1,
        "qa_model",
        undo=MODEL_UNDO + " DELETE FROM core.etl_runs WHERE data_version LIKE 'qa-newer-%';",
        published=True,
    ),
]


def test_every_expectation_has_an_injected_breakage():
    names = [breaker.check for breaker in BREAKERS]
    assert len(names) == len(set(names))
    assert set(names) == set(all_checks())


#: Faults that change rows other checks count (tables emptied, hundreds of rows updated, rows
#: other rules also judge) or that reuse another fault's keys (the same-train pairs): each is
#: injected into a schema of its own. Found by injecting every fault into one schema: these are
#: the ones whose count or another's was then off.
ALONE = frozenset(
    {
        "trajets_not_empty",
        "source_trip_unique",
        "duration_plausible",
        "distance_present",
        "distance_plausible",
        "plausibility_flags_match_the_rules",
        "implausible_trajets_share",
        "call_trajet_known",
        "call_station_matched",
        "night_database_call_station_matched",
        "station_not_duplicated",
        "operator_name_unique",
        "same_train_origins_consistent",
        "same_train_destinations_consistent",
        "same_train_distance_consistent",
        "city_pairs_present",
        "city_pair_fastest_counted",
        "market_shares_enough_pairs",
    }
)
SHARED_SCHEMA = "qa_shared"


def test_every_fault_kept_alone_exists():
    assert {breaker.check for breaker in BREAKERS if breaker.restore} >= ALONE


def _schema_of(breaker: Breaker, index: int) -> str:
    """Where `breaker` is injected and its check validated."""
    if not breaker.restore:
        return "staging"  # its rows are in core (volumes), under sources of its own
    return f"qa_{index:02d}" if breaker.check in ALONE else SHARED_SCHEMA


def _create_schema(connection: psycopg.Connection, schema: str, changed: set[str]) -> None:
    """Copies of the staging tables in `changed`, views of the others. The copies are unlogged
    (no write-ahead log: they live for one fixture and are never replicated or recovered)."""
    connection.execute(f"CREATE SCHEMA {schema}")
    for table in PUBLISHED_TABLES:
        kind = "UNLOGGED TABLE" if table in changed else "VIEW"
        connection.execute(f"CREATE {kind} {schema}.{table} AS SELECT * FROM staging.{table}")


def _analyze(connection: psycopg.Connection, changed: dict[str, set[str]], own: set[str]) -> None:
    """Statistics for the copied tables, as the intact staging copy has (the results are the
    same without them, the cross-source joins much slower)."""
    analyze_for_planning(
        connection,
        [f"{schema}.{table}" for schema in sorted(own) for table in sorted(changed[schema])],
    )


@pytest.fixture(scope="module")
def outcomes(staging_db: str, published_run_id: int) -> dict[str, ExpectationOutcome]:
    """Every fault injected, then validated: one run for all the staging faults, one per
    published-only fault. Everything is undone afterwards."""
    url = sqlalchemy_url(staging_db)
    staged = [b for b in BREAKERS if not b.published]
    schemas = {b.check: _schema_of(b, index) for index, b in enumerate(staged)}
    changed: dict[str, set[str]] = {}
    for breaker in staged:
        changed.setdefault(schemas[breaker.check], set()).update(breaker.restore)
    own = set(changed) - {"staging"}
    with psycopg.connect(staging_db, autocommit=True) as connection:
        try:
            connection.execute(VOLUME_HISTORY)
            for schema in sorted(own):
                _create_schema(connection, schema, changed[schema])
            for breaker in staged:
                connection.execute(breaker.sql.replace("staging.", f"{schemas[breaker.check]}."))
            _analyze(connection, changed, own)
            targets = {
                check: Target.staging(published_run_id, schema) for check, schema in schemas.items()
            }
            results = validate_each(url, targets, TEST_OPTIONS)
        finally:
            for schema in own:
                connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.execute(VOLUME_UNDO)
        for breaker in (b for b in BREAKERS if b.published):
            try:
                connection.execute(breaker.sql)
                report = validate(url, Target.published(), TEST_OPTIONS, only=[breaker.check])
                results[breaker.check] = report.outcome(breaker.check)
            finally:
                connection.execute(breaker.undo)
    return results


@pytest.mark.parametrize("broken", BREAKERS, ids=lambda b: b.check)
def test_injected_breakage_is_caught(
    broken: Breaker, outcomes: dict[str, ExpectationOutcome], staging_report, published_report
):
    before = (published_report if broken.published else staging_report).outcome(broken.check)
    outcome = outcomes[broken.check]
    assert outcome.error is None
    assert outcome.success is False
    assert outcome.unexpected_count == (before.unexpected_count or 0) + broken.delta
    if outcome.element_count is not None:  # row-level expectations show failing rows
        assert outcome.sample
    if broken.key is not None and (outcome.unexpected_count or 0) <= TEST_OPTIONS.sample_size:
        assert broken.key in {row.get("row_key") for row in outcome.sample}
