"""Stations autocomplete, operators, sources with licences, ETL runs."""

from __future__ import annotations

from tests.api.conftest import scalar
from warehouse.harmonise.text import normalise


def test_station_autocomplete_in_any_language(http, sql):
    for text in ("Vienne", "Vienna", "WIEN"):
        stations = http.get("/stations", params={"q": text}).json()
        exact = {
            row[0]
            for row in sql(
                "SELECT station_id FROM api.station_names WHERE normalized = %s", normalise(text)
            )
        }
        first = [s["id"] for s in stations[: len(exact)]]
        assert set(first) == exact != set(), text
        assert all(normalise(s["matched_name"]) == normalise(text) for s in stations[: len(exact)])


def test_station_autocomplete_ranks_by_trajet_count_and_honours_limit(http, sql):
    stations = http.get("/stations", params={"q": "par", "limit": 5}).json()
    assert len(stations) == 5
    counts = [s["trajet_count"] for s in stations if normalise(s["matched_name"]).startswith("par")]
    assert counts == sorted(counts, reverse=True)
    top = http.get("/stations", params={"limit": 3}).json()
    expected = [
        row[0]
        for row in sql(
            "SELECT station_id FROM api.stations ORDER BY trajet_count DESC, name, station_id LIMIT 3"
        )
    ]
    assert [s["id"] for s in top] == expected
    assert http.get("/stations", params={"limit": 51}).status_code == 422


def test_operators_with_their_current_trajets(http, sql):
    operators = {o["id"]: o for o in http.get("/operators").json()}
    assert set(operators) == {row[0] for row in sql("SELECT operator_id FROM api.operators")}
    busiest = scalar(
        sql,
        "SELECT operator_id FROM api.trajets WHERE is_current AND counted_in_stats "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    )
    assert operators[busiest]["trajets"] == scalar(
        sql,
        "SELECT count(*) FROM api.trajets WHERE operator_id = %s AND is_current AND counted_in_stats",
        busiest,
    )


def test_sources_carry_licence_and_attribution(http, sql):
    sources = {s["id"]: s for s in http.get("/sources").json()}
    rows = sql("SELECT source_id, licence, licence_url, attribution, is_current FROM api.sources")
    assert set(sources) == {row[0] for row in rows}
    for source_id, licence, licence_url, attribution, is_current in rows:
        assert sources[source_id]["licence"] == licence
        assert sources[source_id]["licence_url"] == licence_url
        assert sources[source_id]["attribution"] == attribution
        assert sources[source_id]["is_current"] == is_current


def test_etl_runs_newest_first_with_sources(http, sql):
    runs = http.get("/etl/runs", params={"limit": 5}).json()
    expected = [
        row[0] for row in sql("SELECT run_id FROM api.etl_runs ORDER BY run_id DESC LIMIT 5")
    ]
    assert [r["run_id"] for r in runs] == expected
    latest = runs[0]
    assert latest["rows_loaded"] == scalar(
        sql, "SELECT rows_loaded FROM api.etl_runs WHERE run_id = %s", latest["run_id"]
    )
    assert {s["source_id"] for s in latest["sources"]} == {
        row[0]
        for row in sql(
            "SELECT source_id FROM api.etl_run_sources WHERE run_id = %s", latest["run_id"]
        )
    }
    assert http.get("/etl/runs").headers["cache-control"] == "no-store"
