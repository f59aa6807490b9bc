"""`obrail etl`: locate the sources, harmonise them, publish atomically, report per source."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import entry_points

from obrail.settings import DatabaseSettings, libpq_url
from warehouse.invariants import VolumeGuard
from warehouse.load import GateCheck, PublishResult, publish
from warehouse.lock import load_lock
from warehouse.pipeline import Harmonised, SourceReport, harmonise
from warehouse.runs import fail_run, record_reports, start_run
from warehouse.settings import WarehouseSettings
from warehouse.sources import catalogue
from warehouse.sources.locate import LocatedSource, locate

log = logging.getLogger(__name__)

GATE_ENTRY_POINTS = "obrail.gates"


@dataclass(frozen=True)
class EtlOutcome:
    result: PublishResult
    reports: list[SourceReport]
    duration_s: float


def installed_gates(settings: DatabaseSettings) -> list[GateCheck]:
    """Gates other packages register (the quality package's suites), without importing them here:
    each entry point is a factory, given the run's database settings."""
    return [ep.load()(settings) for ep in entry_points(group=GATE_ENTRY_POINTS)]


def locate_all(settings: WarehouseSettings) -> dict[str, LocatedSource]:
    return {
        spec.source_id: locate(
            spec, settings.data_dir, settings.state_dir / "downloads", settings.download_timeout_s
        )
        for spec in catalogue.ALL_SOURCES
        if spec.files
    }


def run_etl(
    settings: WarehouseSettings,
    gates: Iterable[GateCheck] | None = None,
    *,
    accept_volume_drop: bool = False,
) -> EtlOutcome:
    """One whole run, under the load lock (raises `LoadInProgress` when another load holds it
    longer than `etl_lock_wait_s`). Raises on failure, after recording the run as failed (and
    pushing the run's metrics when a Pushgateway is configured)."""
    url = libpq_url(settings.require_database_url())
    limits = settings.session_limits()
    guard = VolumeGuard(settings.etl_max_volume_drop, accept_volume_drop)
    with load_lock(url, limits, settings.etl_lock_wait_s):
        # Loaded once the lock is held: a load that cannot reach the database or is refused
        # the lock never imports the gates' packages (Great Expectations: seconds).
        gates = installed_gates(settings) if gates is None else gates
        return _run_locked(settings, url, gates, guard)


def _run_locked(
    settings: WarehouseSettings,
    url: str,
    gates: Iterable[GateCheck],
    guard: VolumeGuard,
) -> EtlOutcome:
    started = time.perf_counter()
    limits = settings.session_limits()
    # Recorded first: a load refused meanwhile names this run, and a source that cannot be
    # read or downloaded is a failed run in /etl/runs.
    run_id = start_run(url, limits)
    reports: list[SourceReport] = []
    try:
        located = locate_all(settings)
        with cyclic_gc_paused():
            harmonised: Harmonised = harmonise(located, catalogue.TIMETABLES)
        reports = harmonised.reports
        record_reports(url, run_id, harmonised, limits)
        result = publish(url, run_id, harmonised, gates, limits, guard)
    except BaseException as error:
        fail_run(url, run_id, f"{type(error).__name__}: {error}", limits)
        _push_metrics(
            settings, url, success=False, duration_s=time.perf_counter() - started, reports=reports
        )
        raise
    duration = round(time.perf_counter() - started, 2)
    _push_metrics(settings, url, success=True, duration_s=duration, reports=reports)
    log.info(
        "etl published",
        extra={"run_id": run_id, "data_version": result.data_version, "duration_s": duration},
    )
    return EtlOutcome(result, reports, duration)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off for the block, back as it was after. The harmonisation
    builds millions of small objects that stay alive until the load ends (rows, records, indexes
    over them), and the collector walks all of them again each time they pile up: about half of
    the harmonisation's CPU. Reference counting still frees what it drops; the few cycles it may
    leave are collected once the collector is back. The gates (publish) run with it on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _push_metrics(
    settings: WarehouseSettings,
    url: str,
    *,
    success: bool,
    duration_s: float,
    reports: list[SourceReport],
) -> None:
    if not settings.pushgateway_url:
        return
    from warehouse import metrics

    registry = metrics.build_registry(
        success=success,
        duration_s=duration_s,
        reports=reports,
        last_success=metrics.last_success_timestamp(url, settings.session_limits()),
        trajets=metrics.published_trajets(url, settings.session_limits()),
    )
    metrics.push(settings.pushgateway_url, registry)


def format_report(outcome: EtlOutcome) -> str:
    lines = [
        f"ETL run {outcome.result.run_id}: published data version {outcome.result.data_version} "
        f"in {outcome.duration_s:.1f} s",
        f"{'source':36} {'read':>7} {'loaded':>7} {'rejected':>8} {'calls':>7} {'matched':>8}",
    ]
    for r in outcome.reports:
        share = f"{100 * r.calls_matched / r.calls_loaded:.1f}%" if r.calls_loaded else "-"
        calls = str(r.calls_loaded) if r.calls_loaded else "-"
        lines.append(
            f"{r.source_id:36} {r.rows_read:>7} {r.rows_loaded:>7} {r.rows_rejected:>8} {calls:>7} {share:>8}"
        )
    total_calls = sum(r.calls_loaded for r in outcome.reports)
    total_matched = sum(r.calls_matched for r in outcome.reports)
    if total_calls:
        lines.append(
            f"calls matched to a station with coordinates, country and time zone: "
            f"{total_matched}/{total_calls} ({100 * total_matched / total_calls:.2f}%)"
        )
    return "\n".join(lines)
