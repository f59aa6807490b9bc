"""GET /trajets and /trajets/{id} on the loaded mirror: every filter, sort, page boundary, CSV.

Expected values come from SQL on the same database, never from literals.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from api.params import SORT_KEYS
from tests.api.conftest import scalar
from tests.api.server import running_api

Params = dict[str, Any]


def ids(payload: dict[str, Any]) -> list[str]:
    return [item["id"] for item in payload["items"]]


def expected(
    sql, where: str, *params: Any, order: str = "departure_local, trajet_id", limit: int = 25
):
    """(total, first page ids) of api.trajets under a WHERE clause, by SQL."""
    total = scalar(sql, f"SELECT count(*) FROM api.trajets t WHERE {where}", *params)
    rows = sql(
        f"SELECT trajet_id FROM api.trajets t WHERE {where} ORDER BY {order} LIMIT {limit}", *params
    )
    return total, [row[0] for row in rows]


def test_default_lists_current_timetables_by_departure(http, sql):
    payload = http.get("/trajets").json()
    total, first = expected(sql, "t.is_current")
    assert payload["total"] == total > 0
    assert ids(payload) == first
    assert payload["page"] == 1 and payload["page_size"] == 25
    assert all(item["source"]["is_current"] for item in payload["items"])
    assert payload["data_version"] == scalar(sql, "SELECT data_version FROM api.publication")


def _pick(sql, query: str) -> Any:
    value = scalar(sql, query)
    assert value is not None, f"the mirror has no value for: {query}"
    return value


def filter_cases(sql) -> list[tuple[Params, str, tuple[Any, ...]]]:
    """(API parameters, equivalent SQL condition, SQL parameters), values taken from the data."""
    origin = _pick(
        sql,
        "SELECT origin_station_id FROM api.trajets WHERE is_current "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    destination = _pick(
        sql,
        "SELECT destination_station_id FROM api.trajets WHERE is_current "
        "AND day_night = 'night' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    operator = _pick(
        sql,
        "SELECT operator_id FROM api.trajets WHERE is_current AND "
        "day_night = 'night' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    brand = _pick(
        sql,
        "SELECT brand FROM api.trajets WHERE is_current AND day_night = 'night' "
        "AND brand IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    historical = _pick(
        sql,
        "SELECT source_id FROM api.sources WHERE kind = 'timetable' "
        "AND NOT is_current ORDER BY 1 LIMIT 1",
    )
    current = "t.is_current AND "
    return [
        ({"origin": origin}, current + "t.origin_station_id = %s", (origin,)),
        ({"destination": destination}, current + "t.destination_station_id = %s", (destination,)),
        ({"country": "at"}, current + "'AT' = ANY (t.countries)", ()),
        (
            {"operator": operator.upper()},
            current + "(t.operator_id = %s OR %s = ANY (t.operator_ids))",
            (operator, operator),
        ),
        ({"brand": brand.lower()}, current + "lower(t.brand) = lower(%s)", (brand,)),
        ({"day_night": "night"}, current + "t.day_night = 'night'", ()),
        ({"day_night": "day"}, current + "t.day_night = 'day'", ()),
        ({"min_duration": 600}, current + "t.duration_min >= 600", ()),
        ({"max_duration": 45}, current + "t.duration_min <= 45", ()),
        (
            {"min_duration": 120, "max_duration": 180},
            current + "t.duration_min BETWEEN 120 AND 180",
            (),
        ),
        ({"min_distance": 1000}, current + "t.distance_km >= 1000", ()),
        ({"max_distance": 50.5}, current + "t.distance_km <= 50.5", ()),
        ({"departure_after": "23:00"}, current + "t.departure_local >= '23:00'", ()),
        ({"departure_before": "05:30"}, current + "t.departure_local <= '05:30'", ()),
        (
            {"departure_after": "10:00", "departure_before": "10:30"},
            current + "t.departure_local BETWEEN '10:00' AND '10:30'",
            (),
        ),
        (
            {"departure_after": "23:30", "departure_before": "00:30"},
            current + "(t.departure_local >= '23:30' OR t.departure_local <= '00:30')",
            (),
        ),
        ({"source": "all"}, "true", ()),
        ({"source": "historical"}, "NOT t.is_current", ()),
        ({"source": historical}, "t.source_id = %s", (historical,)),
        (
            {"day_night": "night", "country": "DE", "min_distance": 500},
            current + "t.day_night = 'night' AND 'DE' = ANY (t.countries) AND t.distance_km >= 500",
            (),
        ),
    ]


def test_every_filter_matches_sql(http, sql):
    for params, where, sql_params in filter_cases(sql):
        payload = http.get("/trajets", params=params).json()
        total, first = expected(sql, where, *sql_params)
        assert total > 0, f"no data to test {params}"
        assert payload["total"] == total, params
        assert ids(payload) == first, params


def trajets_calling_at(sql, normalized: str) -> set[str]:
    rows = sql(
        "SELECT DISTINCT c.trajet_id FROM api.calls c JOIN api.trajets t USING (trajet_id) "
        "WHERE t.is_current AND c.station_id IN "
        "(SELECT station_id FROM api.station_names WHERE normalized = %s)",
        normalized,
    )
    return {row[0] for row in rows}


def all_ids(http, params: Params) -> set[str]:
    found: set[str] = set()
    page = 1
    while True:
        payload = http.get("/trajets", params={**params, "page_size": 100, "page": page}).json()
        found |= set(ids(payload))
        if payload["links"]["next"] is None:
            assert len(found) == payload["total"]
            return found
        page += 1


def test_q_is_multilingual_and_accent_insensitive(http, sql):
    vienne, vienna, wien = (all_ids(http, {"q": q}) for q in ("Vienne", "VIENNA", "wïen"))
    assert vienne == vienna == wien == trajets_calling_at(sql, "wien")
    assert vienne, "the mirror has trains calling at Vienna"


def test_origin_and_destination_accept_names_in_any_language(http, sql):
    by_name = all_ids(http, {"origin": "Vienne", "day_night": "night"})
    rows = sql(
        "SELECT trajet_id FROM api.trajets WHERE is_current AND day_night = 'night' AND "
        "origin_station_id IN (SELECT station_id FROM api.station_names WHERE normalized = 'vienna')"
    )
    assert by_name == {row[0] for row in rows} != set()
    assert all_ids(http, {"destination": "Wien", "day_night": "night"}) == {
        row[0]
        for row in sql(
            "SELECT trajet_id FROM api.trajets WHERE is_current AND day_night = 'night' AND "
            "destination_station_id IN "
            "(SELECT station_id FROM api.station_names WHERE normalized = 'vienne')"
        )
    }


def test_q_prefix_finds_stations_when_no_name_is_exact(http, sql):
    """'vienn' is no station name: names starting with it match (Vienna and Vienne)."""
    rows = sql(
        "SELECT DISTINCT c.trajet_id FROM api.calls c JOIN api.trajets t USING (trajet_id) "
        "WHERE t.is_current AND c.station_id IN "
        "(SELECT station_id FROM api.station_names WHERE normalized LIKE 'vienn%%')"
    )
    assert all_ids(http, {"q": "vienn"}) == {row[0] for row in rows} != set()


@pytest.mark.parametrize("key", sorted(SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_key_in_both_directions(http, sql, key, descending):
    sort = ("-" if descending else "") + key
    payload = http.get("/trajets", params={"sort": sort, "page_size": 50}).json()
    direction = "DESC" if descending else "ASC"
    # The read model keeps the CO2 saving as a column; on the view it is computed.
    expression = {"co2_saving": "(t.co2_plane_kg - t.co2_train_kg)"}.get(key, SORT_KEYS[key])
    _, first = expected(
        sql, "t.is_current", order=f"{expression} {direction} NULLS LAST, t.trajet_id", limit=50
    )
    assert ids(payload) == first


def test_several_sort_keys(http, sql):
    payload = http.get("/trajets", params={"sort": "-weekly_departures,duration"}).json()
    _, first = expected(
        sql, "t.is_current", order="weekly_departures DESC, duration_min, trajet_id"
    )
    assert ids(payload) == first


def test_page_boundaries_and_links(http, sql):
    params = {"day_night": "night", "page_size": 7}
    total = scalar(sql, "SELECT count(*) FROM api.trajets WHERE is_current AND day_night = 'night'")
    pages = -(-total // 7)
    first = http.get("/trajets", params=params).json()
    assert first["pages"] == pages and first["links"]["prev"] is None
    second = http.get(first["links"]["next"]).json()
    assert second["page"] == 2 and not set(ids(first)) & set(ids(second))
    last = http.get("/trajets", params={**params, "page": pages}).json()
    assert len(last["items"]) == total - (pages - 1) * 7
    assert last["links"]["next"] is None
    assert last["links"]["self"] == first["links"]["last"]
    beyond = http.get("/trajets", params={**params, "page": pages + 1}).json()
    assert beyond["items"] == [] and beyond["total"] == total
    assert beyond["links"]["next"] is None and beyond["links"]["prev"] == first["links"]["last"]


def test_page_size_bounds(http):
    assert len(http.get("/trajets", params={"page_size": 1}).json()["items"]) == 1
    assert len(http.get("/trajets", params={"page_size": 100}).json()["items"]) == 100
    for bad in ({"page_size": 0}, {"page_size": 101}, {"page": 0}, {"page": "two"}):
        response = http.get("/trajets", params=bad)
        assert response.status_code == 422, bad
        [error] = response.json()["errors"]
        assert error["parameter"] == next(iter(bad))


def test_empty_result_has_no_pages(http):
    payload = http.get("/trajets", params={"min_duration": 9999}).json()
    assert payload["total"] == 0 and payload["pages"] == 0 and payload["items"] == []
    assert payload["links"]["next"] is None


def read_csv(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body)))


def test_csv_export_is_the_same_query_without_pages(http, sql):
    params = {"day_night": "night", "sort": "-duration"}
    response = http.get("/trajets", params={**params, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = read_csv(response.text)
    total, first = expected(
        sql, "t.is_current AND t.day_night = 'night'", order="duration_min DESC, trajet_id"
    )
    assert len(rows) == total
    assert [row["id"] for row in rows[:25]] == first
    assert {row["day_night"] for row in rows} == {"night"}
    by_accept = http.get("/trajets", params=params, headers={"Accept": "text/csv"})
    assert by_accept.text == response.text
    assert (
        by_accept.headers["etag"]
        == response.headers["etag"]
        != http.get("/trajets", params=params).headers["etag"]
    )


def test_csv_export_refuses_more_rows_than_allowed(api_url, sql):
    import httpx

    from tests.api.conftest import api_settings

    with running_api(api_settings(api_url, csv_max_rows=10)) as base:
        response = httpx.get(f"{base}/trajets", params={"format": "csv"})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "parameter": "format",
        "rule": "csv_max_rows",
        "message": response.json()["errors"][0]["message"],
    }


def test_detail_has_calls_co2_and_source(http, sql):
    trajet_id = scalar(
        sql,
        "SELECT trajet_id FROM api.trajets WHERE is_current AND co2_train_factor_id IS NOT NULL "
        "AND co2_plane_kg IS NOT NULL AND day_night = 'night' ORDER BY trajet_id LIMIT 1",
    )
    response = http.get(f"/trajets/{trajet_id}")
    assert response.status_code == 200
    trajet = response.json()
    calls = sql(
        "SELECT seq, station_id FROM api.calls WHERE trajet_id = %s ORDER BY seq", trajet_id
    )
    assert [(c["seq"], c["station"]["id"]) for c in trajet["calls"]] == [tuple(c) for c in calls]
    train, plane, factor = sql(
        "SELECT co2_train_kg, co2_plane_kg, co2_train_factor_id FROM api.trajets WHERE trajet_id = %s",
        trajet_id,
    )[0]
    assert trajet["co2"]["saving_kg"] == pytest.approx(float(plane - train))
    assert trajet["co2"]["train_factor"]["id"] == factor
    assert trajet["co2"]["train_factor"]["source_url"].startswith("http")
    licence, attribution = sql(
        "SELECT s.licence, s.attribution FROM api.sources s JOIN api.trajets t USING (source_id) "
        "WHERE t.trajet_id = %s",
        trajet_id,
    )[0]
    assert trajet["source"]["licence"] == licence
    assert trajet["source"]["attribution"] == attribution


def test_unknown_trajet_is_a_404_problem(http):
    response = http.get("/trajets/0000000000000000")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "trajet_not_found" and problem["status"] == 404
    assert problem["instance"] == "/trajets/0000000000000000"
    assert problem["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("params", "parameter", "rule"),
    [
        ({"sort": "price"}, "sort", "sort_whitelist"),
        ({"sort": "departure,-price"}, "sort", "sort_whitelist"),
        ({"sort": "departure,duration,distance,origin"}, "sort", "max_keys"),
        ({"min_duration": 300, "max_duration": 200}, "max_duration", "min_le_max"),
        ({"min_distance": 900, "max_distance": 100}, "max_distance", "min_le_max"),
        ({"departure_after": "25:00"}, "departure_after", "pattern"),
        ({"country": "FRA"}, "country", "pattern"),
        ({"day_night": "dusk"}, "day_night", "enum"),
        ({"min_duration": "long"}, "min_duration", "integer"),
        ({"max_distance": -1}, "max_distance", "minimum"),
        ({"format": "xml"}, "format", "enum"),
        ({"q": "x" * 101}, "q", "max_length"),
        ({"source": "no such; source"}, "source", "pattern"),
        ({"unknown": "1"}, "unknown", "unknown_parameter"),
    ],
)
def test_invalid_parameters_are_named_with_their_rule(http, params, parameter, rule):
    response = http.get("/trajets", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert {"parameter": parameter, "rule": rule} in [
        {"parameter": e["parameter"], "rule": e["rule"]} for e in problem["errors"]
    ]
    assert "Traceback" not in response.text


def test_invalid_trajet_id_is_refused(http):
    response = http.get("/trajets/not an id!")
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "trajet_id"


def test_text_without_letters_is_refused(http):
    response = http.get("/trajets", params={"q": "?!"})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "parameter": "q",
        "rule": "searchable_text",
        "message": "must contain letters or digits",
    }


def test_pages_stop_at_a_documented_depth(http):
    """page x page_size <= 10 000: deeper pages are refused with the rule that says why (the
    cost of an OFFSET stays bounded); the deepest page allowed answers."""
    assert http.get("/trajets", params={"page": 400, "page_size": 25}).status_code == 200
    refused = http.get("/trajets", params={"page": 401, "page_size": 25})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["rule"] == "max_depth"
    assert refused.json()["errors"][0]["parameter"] == "page"
