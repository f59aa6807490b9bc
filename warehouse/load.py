"""Publishing: staging schema -> quality gate -> swap into `core` in one transaction.

The caller holds the load lock (warehouse.lock). A run is recorded in core.etl_runs as 'running'
first (committed on its own), then
* the harmonised rows are copied into the run's own staging schema (`staging_run_<run id>`, same
  tables as `core`);
* the gate validates staging (gates registered by the quality package, plus integrity checks);
* one transaction replaces the content of every published table with staging's, rebuilds the
  read model from it (warehouse.read_model), sets core.publication and marks the run
  'succeeded'. Readers see the old data and read model or the new, never a mix.
Any failure before that commit leaves the published data untouched and marks the run 'failed'.
Every session is bounded (lock and statement timeouts, `SessionLimits`); the staging schema is
dropped when the run ends, or by the next load if the process died.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from obrail import __version__
from warehouse import read_model
from warehouse.features import build_features
from warehouse.harmonise.co2 import load_factors
from warehouse.harmonise.text import normalise
from warehouse.lock import DEFAULT_LIMITS, SessionLimits, connect, staging_schema
from warehouse.model import SourceSpec
from warehouse.pipeline import Harmonised
from warehouse.sources.catalogue import AIRPORT_SERVICE, ALL_SOURCES, MARKET_SHARES
from warehouse.sources.market_shares import read_market_shares

log = logging.getLogger(__name__)

#: Published tables, in foreign-key order (parents first).
PUBLISHED_TABLES = (
    "sources",
    "market_share_publications",
    "market_shares",
    "co2_factors",
    "airports",
    "operators",
    "stations",
    "station_names",
    "trajets",
    "calls",
    "trajet_links",
    "coverage",
    "city_pairs",
)

GateCheck = Callable[[psycopg.Connection[Any], int], list[str]]
"""A gate: given a connection (search_path = the run's staging schema) and the run id, the
reasons to refuse. The connection carries the load's session limits (`connection.info.options`):
a gate opening its own sessions passes them on."""


class GateRefused(RuntimeError):
    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("publication refused by the quality gate: " + "; ".join(reasons))
        self.reasons = list(reasons)


@dataclass(frozen=True)
class VolumeGuard:
    """A source whose loaded rows (trips) or calls fall by more than `max_drop` against the
    published run is refused: a truncated feed must not be published as a smaller network.
    `accept_drop` (`obrail etl --accept-volume-drop`) lets one run publish a legitimate drop."""

    max_drop: float = 0.25
    accept_drop: bool = False


@dataclass(frozen=True)
class PublishResult:
    run_id: int
    data_version: str


def start_run(url: str, limits: SessionLimits = DEFAULT_LIMITS) -> int:
    with connect(url, limits, autocommit=True) as connection:
        row = connection.execute(
            "INSERT INTO core.etl_runs (status, code_version) VALUES ('running', %s) RETURNING run_id",
            (__version__,),
        ).fetchone()
        assert row is not None
        return int(row[0])


def fail_run(url: str, run_id: int, error: str, limits: SessionLimits = DEFAULT_LIMITS) -> None:
    with connect(url, limits, autocommit=True) as connection:
        connection.execute(
            "UPDATE core.etl_runs SET status = 'failed', finished_at = now(), error = %s WHERE run_id = %s",
            (error[:4000], run_id),
        )


def record_reports(
    url: str, run_id: int, harmonised: Harmonised, limits: SessionLimits = DEFAULT_LIMITS
) -> None:
    """Per-source counts and rejected rows, kept even when the run fails later."""
    with connect(url, limits) as connection, connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO core.etl_run_sources (run_id, source_id, rows_read, rows_loaded, rows_rejected,"
            " calls_read, calls_loaded, calls_rejected, calls_matched, duration_s)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    run_id,
                    r.source_id,
                    r.rows_read,
                    r.rows_loaded,
                    r.rows_rejected,
                    r.calls_read,
                    r.calls_loaded,
                    r.calls_rejected,
                    r.calls_matched,
                    r.duration_s,
                )
                for r in harmonised.reports
            ],
        )
        with cursor.copy(
            "COPY core.rejected_rows (run_id, source_id, file, line, reason, raw) FROM STDIN"
        ) as copy:
            for source_id, rejected in harmonised.rejected.items():
                for r in rejected:
                    copy.write_row(
                        (run_id, source_id, r.file, r.line, r.reason, r.raw.replace("\x00", ""))
                    )


def content_version(connection: psycopg.Connection[Any], schema: str) -> str:
    """The data version: a digest of what is about to be published, table by table (row count
    and a digest of the sorted row digests). Same content -> same version, so ETags survive an
    identical reload; any change of any published row -> a new version (and new ETags)."""
    digest = hashlib.sha256()
    for table, count, rows_digest in table_checksums(connection, schema):
        digest.update(f"{table}\t{count}\t{rows_digest}\n".encode())
    return digest.hexdigest()[:12]


def table_checksums(
    connection: psycopg.Connection[Any], schema: str = "core"
) -> list[tuple[str, int, str]]:
    """(table, rows, md5 of the sorted md5 of each row's text) of every published table."""
    checksums = []
    for table in PUBLISHED_TABLES:
        row = connection.execute(
            sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(r.digest, '' ORDER BY r.digest), ''))"
                " FROM (SELECT md5(t::text) AS digest FROM {}.{} AS t) AS r"
            ).format(sql.Identifier(schema), sql.Identifier(table))
        ).fetchone()
        assert row is not None
        checksums.append((table, int(row[0]), str(row[1])))
    return checksums


def publish(
    url: str,
    run_id: int,
    harmonised: Harmonised,
    gates: Iterable[GateCheck] = (),
    limits: SessionLimits = DEFAULT_LIMITS,
    volume_guard: VolumeGuard = VolumeGuard(),
) -> PublishResult:
    schema = staging_schema(run_id)
    with connect(url, limits) as connection:
        try:
            _fill_staging(connection, schema, harmonised)
            connection.commit()
            reasons = _integrity_problems(connection, schema)
            reasons += _volume_drops(connection, run_id, volume_guard)
            connection.commit()
            connection.execute(
                sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema))
            )
            for gate in gates:
                reasons += gate(connection, run_id)
            connection.execute("RESET search_path")
            connection.commit()
            if reasons:
                raise GateRefused(reasons)
            version = content_version(connection, schema)
            _swap(connection, schema, run_id, version)
            connection.commit()
        finally:
            _drop_staging(connection, schema)
    with connect(url, limits, autocommit=True) as connection:
        for table in PUBLISHED_TABLES:
            connection.execute(sql.SQL("ANALYZE core.{}").format(sql.Identifier(table)))
        read_model.analyze(connection)
    return PublishResult(run_id, version)


def _drop_staging(connection: psycopg.Connection[Any], schema: str) -> None:
    """Best effort: a schema left behind (lost connection) is dropped by the next load."""
    if connection.closed:
        return
    try:
        connection.rollback()
        connection.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
        )
        connection.commit()
    except psycopg.Error as error:
        log.warning(
            "etl: staging schema not dropped", extra={"schema": schema, "error": str(error)}
        )


def _fill_staging(connection: psycopg.Connection[Any], schema: str, h: Harmonised) -> None:
    """The run's staging schema, filled; unqualified table names (`_copy`) resolve to it."""
    staging = sql.Identifier(schema)
    connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(staging))
    connection.execute(sql.SQL("CREATE SCHEMA {}").format(staging))
    for table in PUBLISHED_TABLES:
        connection.execute(
            sql.SQL(
                "CREATE TABLE {s}.{t} (LIKE core.{t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            ).format(s=staging, t=sql.Identifier(table))
        )
    connection.execute(sql.SQL("SET LOCAL search_path TO {}").format(staging))
    specs = {s.source_id: s for s in ALL_SOURCES}
    located = {s.spec.source_id: s for s in h.sources}
    _copy(
        connection,
        "sources",
        _SOURCE_COLUMNS,
        (_source_row(spec, located.get(spec.source_id), h) for spec in specs.values()),
    )
    _copy_market_shares(connection)
    _copy(connection, "co2_factors", _FACTOR_COLUMNS, _factor_rows())
    _copy(
        connection,
        "airports",
        (
            "iata",
            "icao",
            "name",
            "city",
            "country",
            "latitude",
            "longitude",
            "time_zone",
            "source_id",
            "scheduled_service",
            "service_source_id",
        ),
        (
            (
                a.iata,
                a.icao,
                a.name,
                a.city,
                a.country,
                a.latitude,
                a.longitude,
                a.time_zone,
                "airports@20260905",
                a.scheduled_service,
                AIRPORT_SERVICE.source_id if a.scheduled_service else None,
            )
            for a in h.airports
        ),
    )
    _copy(
        connection,
        "operators",
        ("operator_id", "name", "short_name", "country", "url", "source_id"),
        ((o.operator_id, o.name, o.short_name, o.country, o.url, o.source_id) for o in h.operators),
    )
    _copy(
        connection,
        "stations",
        (
            "station_id",
            "uic",
            "name",
            "city",
            "country",
            "time_zone",
            "latitude",
            "longitude",
            "match_method",
            "source_id",
            "coordinates_source_id",
            "trajet_count",
            "coordinates_precision",
        ),
        (
            (
                s.station_id,
                s.uic,
                s.name,
                s.city,
                s.country,
                s.time_zone,
                s.latitude,
                s.longitude,
                s.match_method,
                s.source_id,
                s.coordinates_source_id,
                s.trajet_count,
                s.coordinates_precision,
            )
            for s in h.stations
        ),
    )
    _copy(
        connection,
        "station_names",
        ("station_id", "name", "language", "normalized"),
        _station_name_rows(h),
    )
    if h.trajets:
        _copy(connection, "trajets", h.trajets[0].columns(), (t.values() for t in h.trajets))
    if h.calls:
        _copy(connection, "calls", h.calls[0].columns(), (c.values() for c in h.calls))
    if h.links:
        _copy(connection, "trajet_links", h.links[0].columns(), (link.values() for link in h.links))
    _copy(
        connection,
        "coverage",
        ("country", "day_night", "level", "basis", "source_ids", "services"),
        ((c.country, c.day_night, c.level, c.basis, c.source_ids, c.services) for c in h.coverage),
    )
    build_features(connection)


def _copy_market_shares(connection: psycopg.Connection[Any]) -> None:
    """The published market shares and their publications (warehouse/reference)."""
    table = read_market_shares()
    source = MARKET_SHARES.source_id
    _copy(
        connection,
        "market_share_publications",
        (
            "publication_id",
            "title",
            "publisher",
            "published",
            "language",
            "url",
            "notes",
            "source_id",
        ),
        (
            (
                p.publication_id,
                p.title,
                p.publisher,
                p.published,
                p.language,
                p.url,
                p.notes,
                source,
            )
            for p in table.publications
        ),
    )
    _copy(
        connection,
        "market_shares",
        _MARKET_SHARE_COLUMNS,
        (
            (
                o.observation_id,
                o.origin_city,
                o.origin_country,
                o.destination_city,
                o.destination_country,
                o.year,
                o.period,
                o.rail_time_min,
                o.rail_time_text,
                o.rail_time_publication_id,
                o.rail_share,
                o.share_text,
                o.share_publication_id,
                o.denominator,
                o.notes,
                source,
            )
            for o in table.observations
        ),
    )


_MARKET_SHARE_COLUMNS = (
    "observation_id",
    "origin_city",
    "origin_country",
    "destination_city",
    "destination_country",
    "year",
    "period",
    "rail_time_min",
    "rail_time_text",
    "rail_time_publication_id",
    "rail_share",
    "share_text",
    "share_publication_id",
    "denominator",
    "notes",
    "source_id",
)


def _copy(
    connection: psycopg.Connection[Any],
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(  # into staging: see _fill_staging
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with connection.cursor().copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


_SOURCE_COLUMNS = (
    "source_id",
    "family",
    "name",
    "edition",
    "kind",
    "is_current",
    "publisher",
    "public_url",
    "licence",
    "licence_url",
    "attribution",
    "share_alike",
    "valid_from",
    "valid_until",
    "file_checksums",
    "retrieved_from",
    "notes",
)


def _source_row(spec: SourceSpec, located: Any, h: Harmonised) -> tuple[Any, ...]:
    valid_from, valid_until = h.validity.get(spec.source_id, (None, None))
    return (
        spec.source_id,
        spec.family,
        spec.name,
        spec.edition,
        spec.kind,
        spec.is_current,
        spec.publisher,
        spec.public_url,
        spec.licence.code,
        spec.licence.url,
        spec.licence.attribution,
        spec.licence.share_alike,
        valid_from,
        valid_until,
        json.dumps(located.checksums if located else {}),
        located.retrieved_from if located else "warehouse/reference",
        spec.notes,
    )


_FACTOR_COLUMNS = (
    "factor_id",
    "version",
    "mode",
    "category",
    "label",
    "kg_per_pkm",
    "includes_contrails",
    "min_distance_km",
    "max_distance_km",
    "source_name",
    "source_url",
)


def _factor_rows() -> Iterable[tuple[Any, ...]]:
    for factor in load_factors():
        r = factor.row
        yield (
            r["factor_id"],
            r["version"],
            r["mode"],
            r["category"],
            r["label"],
            r["kg_per_pkm"],
            r["includes_contrails"] == "true",
            r["min_distance_km"] or None,
            r["max_distance_km"] or None,
            r["source_name"],
            r["source_url"],
        )


def _station_name_rows(h: Harmonised) -> Iterable[tuple[str, str, str, str]]:
    for station in h.stations:
        seen: set[tuple[str, str]] = set()
        for name, language in sorted(station.names):
            key = (normalise(name), language)
            if key[0] and key not in seen:
                seen.add(key)
                yield station.station_id, name, language, key[0]


def _integrity_problems(connection: psycopg.Connection[Any], schema: str) -> list[str]:
    """Staging has no foreign keys (fast copies): check them before the swap."""
    checks = {
        "calls referencing an unknown trajet": "SELECT count(*) FROM {s}.calls c LEFT JOIN {s}.trajets t USING (trajet_id) WHERE t.trajet_id IS NULL",
        "calls referencing an unknown station": "SELECT count(*) FROM {s}.calls c LEFT JOIN {s}.stations s USING (station_id) WHERE s.station_id IS NULL",
        "trajets without calls": "SELECT count(*) FROM {s}.trajets t WHERE NOT EXISTS (SELECT 1 FROM {s}.calls c WHERE c.trajet_id = t.trajet_id)",
    }
    staging = sql.Identifier(schema)
    problems = []
    for label, query in checks.items():
        row = connection.execute(sql.SQL(query).format(s=staging)).fetchone()
        count = int(row[0]) if row else 0
        if count:
            problems.append(f"{count} {label}")
    row = connection.execute(sql.SQL("SELECT count(*) FROM {}.trajets").format(staging)).fetchone()
    if not row or not row[0]:
        problems.append("no trajet to publish")
    return problems


def _volume_drops(
    connection: psycopg.Connection[Any], run_id: int, guard: VolumeGuard
) -> list[str]:
    """Per source, this run's loaded rows and calls against the published run's."""
    rows = connection.execute(
        "SELECT c.source_id, p.run_id, p.rows_loaded, c.rows_loaded, p.calls_loaded, c.calls_loaded"
        " FROM core.etl_run_sources c JOIN core.etl_run_sources p ON p.source_id = c.source_id"
        " AND p.run_id = (SELECT run_id FROM core.publication)"
        " WHERE c.run_id = %s ORDER BY c.source_id",
        (run_id,),
    ).fetchall()
    drops = []
    for source_id, published_run, rows_before, rows_now, calls_before, calls_now in rows:
        for what, before, now in (
            ("rows", rows_before, rows_now),
            ("calls", calls_before, calls_now),
        ):
            if before and now < before * (1 - guard.max_drop):
                drops.append(
                    f"volume drop: {source_id} loaded {now} {what} against {before} in the "
                    f"published run {published_run} (-{100 * (before - now) / before:.0f} %, more "
                    f"than the {100 * guard.max_drop:.0f} % allowed by OBRAIL_ETL_MAX_VOLUME_DROP)"
                )
    if drops and guard.accept_drop:
        log.warning("etl: volume drop accepted (--accept-volume-drop)", extra={"drops": drops})
        return []
    if drops:
        drops.append("if the drop is legitimate, publish it with `obrail etl --accept-volume-drop`")
    return drops


def _swap(connection: psycopg.Connection[Any], schema: str, run_id: int, version: str) -> None:
    """Replace every published table's content and the read model built from it in this one
    transaction (readers keep reading the old rows until it commits)."""
    for table in reversed(PUBLISHED_TABLES):
        connection.execute(sql.SQL("DELETE FROM core.{}").format(sql.Identifier(table)))
    for table in PUBLISHED_TABLES:
        connection.execute(
            sql.SQL("INSERT INTO core.{t} SELECT * FROM {s}.{t}").format(
                s=sql.Identifier(schema), t=sql.Identifier(table)
            )
        )
    started = time.perf_counter()
    read_model.rebuild(connection)
    log.info(
        "etl: read model rebuilt",
        extra={"run_id": run_id, "duration_s": round(time.perf_counter() - started, 3)},
    )
    connection.execute(
        "INSERT INTO core.publication (singleton, data_version, published_at, run_id) VALUES (true, %s, now(), %s)"
        " ON CONFLICT (singleton) DO UPDATE SET data_version = excluded.data_version,"
        " published_at = excluded.published_at, run_id = excluded.run_id",
        (version, run_id),
    )
    connection.execute(
        "UPDATE core.etl_runs SET status = 'succeeded', finished_at = now(), data_version = %s WHERE run_id = %s",
        (version, run_id),
    )
