"""Run bookkeeping: a load is a row of core.etl_runs ('running', then 'failed' or 'succeeded' by
the swap), with its per-source counts and rejected rows (kept even when the run fails later)."""

from __future__ import annotations

from obrail import __version__
from warehouse.lock import DEFAULT_LIMITS, SessionLimits, connect
from warehouse.pipeline import Harmonised


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
