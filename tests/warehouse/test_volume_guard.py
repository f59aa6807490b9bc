"""A feed truncated at a line boundary parses cleanly but loses half its trains: the publishing
gate refuses it, unless the drop is accepted explicitly (issue 16, item 5).
Run on the synthetic mirror: the behaviour does not depend on the real data."""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import warehouse_settings
from tests.support.database import fetch_one
from tests.warehouse.test_etl import _mirror_with
from warehouse.etl import run_etl
from warehouse.load import GateRefused

TGV = "gtfs-sncf-tgv@2025-07-18"
STOP_TIMES = "gtfs-sncf-tgv/2025-07-18/stop_times.txt"


def _first_half_of_the_lines(content: bytes) -> bytes:
    lines = content.splitlines(keepends=True)
    return b"".join(lines[: len(lines) // 2])


def _published(url: str) -> tuple[object, ...]:
    with psycopg.connect(url) as connection:
        return fetch_one(
            connection.execute(
                "SELECT (SELECT data_version FROM core.publication),"
                " (SELECT count(*) FROM core.trajets WHERE source_id = %s),"
                " (SELECT count(*) FROM core.calls)",
                (TGV,),
            )
        )


@pytest.fixture
def truncated_mirror(synthetic_dir, tmp_path):
    return _mirror_with(tmp_path, synthetic_dir, STOP_TIMES, _first_half_of_the_lines)


def test_a_feed_truncated_at_a_line_boundary_is_refused(clone_synthetic_db, truncated_mirror):
    before = _published(clone_synthetic_db)
    with pytest.raises(GateRefused) as refused:
        run_etl(warehouse_settings(clone_synthetic_db, truncated_mirror), gates=[])
    reasons = refused.value.reasons
    assert any(reason.startswith(f"volume drop: {TGV} loaded") for reason in reasons), reasons
    assert any("calls against" in reason for reason in reasons)
    assert "--accept-volume-drop" in reasons[-1]
    assert _published(clone_synthetic_db) == before
    with psycopg.connect(clone_synthetic_db) as connection:
        status, error = fetch_one(
            connection.execute(
                "SELECT status, error FROM core.etl_runs ORDER BY run_id DESC LIMIT 1"
            )
        )
    assert status == "failed" and "volume drop" in error


def test_an_accepted_drop_is_published(clone_synthetic_db, truncated_mirror):
    before = _published(clone_synthetic_db)
    run_etl(
        warehouse_settings(clone_synthetic_db, truncated_mirror), gates=[], accept_volume_drop=True
    )
    after = _published(clone_synthetic_db)
    assert after[0] != before[0]  # new content, new data version
    assert 0 < int(after[1]) < 0.75 * int(before[1])  # type: ignore[call-overload]
