"""The publishing gate: on the staging copy directly, and inside a real ETL run whose staging
data is made bad, which must leave the previously published data served. The gate reaches the
database with the settings the ETL gives it, never with a URL rebuilt from the environment."""

from __future__ import annotations

import psycopg
import pytest

from obrail.settings import DatabaseSettings
from quality.gate import session_url, staging_gate
from quality.publish import JOB
from tests.conftest import warehouse_settings
from tests.quality.pushgateway import value
from warehouse.etl import GATE_ENTRY_POINTS, installed_gates, run_etl
from warehouse.load import GateRefused
from warehouse.lock import staging_schema


def duplicate_trajet(schema: str = "staging") -> str:
    return (
        f"INSERT INTO {schema}.trajets SELECT * FROM {schema}.trajets"
        f" WHERE trajet_id = (SELECT min(trajet_id) FROM {schema}.trajets)"
    )


@pytest.fixture(autouse=True)
def _no_pushgateway(monkeypatch):
    """The gate reads its settings from the environment: no push unless a test sets one."""
    monkeypatch.delenv("OBRAIL_PUSHGATEWAY_URL", raising=False)


def test_the_gate_is_registered_for_the_etl():
    from importlib.metadata import entry_points

    assert [ep.load() for ep in entry_points(group=GATE_ENTRY_POINTS)] == [staging_gate]
    gates = installed_gates(DatabaseSettings(database_url="postgresql://obrail@db/obrail"))
    assert len(gates) == 1 and callable(gates[0])


def _last_quality_run(url: str):
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT run_id, target, etl_run_id, success, critical_failures, warning_failures"
            " FROM core.quality_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()


def test_intact_staging_passes_is_stored_and_pushed(staging_db, published_run_id, intact_gate_run):
    """The gate on the intact staging copy with a real Pushgateway (run once per session: its
    report is the staging_report the injected faults are compared with)."""
    report = intact_gate_run.report
    assert intact_gate_run.reasons == []
    assert report.target.name.value == "staging"
    _run_id, target, etl_run_id, success, critical, warnings = intact_gate_run.stored
    assert (target, etl_run_id, success, critical) == ("staging", published_run_id, True, 0)
    assert warnings == report.warning_failures
    samples = intact_gate_run.pushed
    group = {"job": JOB, "target": "staging"}
    assert value(samples, "obrail_quality_critical_failures", **group) == 0.0
    assert value(samples, "obrail_quality_warning_failures", **group) == float(warnings)
    staged = {labels["expectation"] for labels, _ in samples["obrail_quality_expectation_success"]}
    assert staged == {o.expectation for o in report.outcomes}
    assert "last_etl_success_recent" not in staged  # published-only


def _published_state(url: str):
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT (SELECT (data_version, run_id)::text FROM core.publication),"
            " (SELECT count(*) FROM core.trajets),"
            " (SELECT md5(string_agg(trajet_id || origin_station_id || duration_min, ','"
            "   ORDER BY trajet_id)) FROM core.trajets),"
            " (SELECT count(*) FROM core.calls), (SELECT count(*) FROM core.stations)"
        ).fetchone()


def test_critical_failure_in_staging_blocks_publishing_and_keeps_the_old_data(
    clone_synthetic_db, synthetic_dir, monkeypatch
):
    """A real ETL run on the synthetic mirror whose staging gets a duplicated trajet. The gate
    validates the database the ETL's settings name: OBRAIL_DATABASE_URL names another
    (unreachable) one, which the gate must ignore (it would fail to connect, not refuse)."""

    def corrupt_staging(connection: psycopg.Connection, etl_run_id: int) -> list[str]:
        """Test hook run before the quality gate: a duplicated trajet in staging."""
        with psycopg.connect(clone_synthetic_db, autocommit=True) as other:
            other.execute(duplicate_trajet(staging_schema(etl_run_id)))
        return []

    before = _published_state(clone_synthetic_db)
    settings = warehouse_settings(clone_synthetic_db, synthetic_dir)
    monkeypatch.setenv("OBRAIL_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/nowhere")
    with pytest.raises(GateRefused) as refused:
        run_etl(settings, gates=[corrupt_staging, staging_gate(settings)])
    # The gate's critical failures are the reasons, and only they (the duplicated row breaks
    # the two uniqueness rules, nothing else).
    failed = sorted(reason.split(" ")[1] for reason in refused.value.reasons)
    assert failed == ["trajets.source_trip_unique", "trajets.trajet_id_unique"]
    assert all("[critical]" in reason for reason in refused.value.reasons)

    assert _published_state(clone_synthetic_db) == before
    with psycopg.connect(clone_synthetic_db) as connection:
        row = connection.execute(
            "SELECT run_id, status, error FROM core.etl_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        assert row is not None
        run_id, status, error = row
        results: dict[str, bool] = dict(
            connection.execute(
                "SELECT r.expectation, r.success FROM core.quality_results r"
                " JOIN core.quality_runs q USING (run_id) WHERE q.etl_run_id = %s",
                (run_id,),
            ).fetchall()
        )
        latest_published = connection.execute("SELECT count(*) FROM api.quality_latest").fetchone()
    assert status == "failed"
    assert "trajets.trajet_id_unique" in error and "trajets.source_trip_unique" in error
    _qrun, target, etl_run_id, success, critical, _warnings = _last_quality_run(clone_synthetic_db)
    assert (target, etl_run_id, success, critical) == ("staging", run_id, False, 2)
    assert results["trajet_id_unique"] is False and results["day_night_in_set"] is True
    assert latest_published == (0,)  # staging runs never show as the published data's quality


def test_the_gate_sessions_keep_the_etl_session_limits(staging_db):
    """Every session the gate opens (GE's engine, the results store's libpq connection) has the
    lock and statement timeouts of the ETL's own session."""
    from sqlalchemy import text

    from obrail.settings import libpq_url, sqlalchemy_url
    from quality.gx import gx
    from warehouse.lock import SessionLimits

    limits = SessionLimits(lock_timeout_s=7, statement_timeout_s=70)
    with psycopg.connect(staging_db, options=limits.options()) as connection:
        url = session_url(sqlalchemy_url(staging_db), connection)
    datasource = gx.get_context(mode="ephemeral").data_sources.add_postgres(
        "w", connection_string=url
    )
    engine = datasource.get_engine()
    try:
        with engine.connect() as ge_session:
            seen = [ge_session.execute(text("SHOW lock_timeout")).scalar()]
            seen.append(ge_session.execute(text("SHOW statement_timeout")).scalar())
    finally:
        engine.dispose()
    with psycopg.connect(libpq_url(url)) as store_session:
        seen.append(store_session.execute("SHOW lock_timeout").fetchone()[0])  # type: ignore[index]
    assert seen == ["7s", "70s", "7s"]
