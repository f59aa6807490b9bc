"""Statistics endpoints against SQL on the same database: counted trajets only, current by default."""

from __future__ import annotations

import pytest

from tests.api.conftest import scalar

COUNTED = "t.is_current AND t.counted_in_stats"

GROUP_SQL = {
    "operator": ("t.operator_id", ""),
    "country": ("c", " CROSS JOIN unnest(t.countries) AS c"),
    "brand": ("t.brand", ""),
    "source": ("t.source_id", ""),
    "rail_category": ("t.rail_category", ""),
}


@pytest.mark.parametrize("group_by", sorted(GROUP_SQL))
def test_volumes_by_each_grouping(http, sql, group_by):
    payload = http.get("/stats/volumes", params={"group_by": group_by}).json()
    key, join = GROUP_SQL[group_by]
    rows = sql(
        f"SELECT {key}, count(*) FILTER (WHERE day_night = 'day'), "
        f"count(*) FILTER (WHERE day_night = 'night'), coalesce(sum(weekly_departures), 0) "
        f"FROM api.trajets t{join} WHERE {COUNTED} GROUP BY 1"
    )
    expected = {row[0]: (row[1], row[2], float(row[3])) for row in rows}
    got = {
        g["key"]: (g["trajets"]["day"], g["trajets"]["night"], g["weekly_departures"]["total"])
        for g in payload["groups"]
    }
    assert got.keys() == expected.keys()
    for group_key, (day, night, weekly) in expected.items():
        assert got[group_key][:2] == (day, night), group_key
        assert got[group_key][2] == pytest.approx(weekly, abs=0.01), group_key
    totals = [g["trajets"]["total"] for g in payload["groups"]]
    assert totals == sorted(totals, reverse=True)
    assert payload["totals"]["trajets"]["total"] == scalar(
        sql, f"SELECT count(*) FROM api.trajets t WHERE {COUNTED}"
    )


def test_volumes_apply_the_trajet_filters(http, sql):
    payload = http.get(
        "/stats/volumes", params={"group_by": "operator", "day_night": "night", "country": "AT"}
    ).json()
    expected = scalar(
        sql,
        f"SELECT count(*) FROM api.trajets t WHERE {COUNTED} AND day_night = 'night' "
        "AND 'AT' = ANY (countries)",
    )
    assert payload["totals"]["trajets"] == {"day": 0, "night": expected, "total": expected}
    assert sum(g["trajets"]["total"] for g in payload["groups"]) == expected > 0


def test_volumes_only_count_trains_once(clone_synthetic_db):
    """A trajet marked as a duplicate (duplicate_of set) leaves the statistics, not the list.
    Behaviour that does not depend on the real data: on a copy of the synthetic warehouse,
    whose read model rebuilds in a fraction of the real one's time."""
    import httpx
    import psycopg

    from tests.api.conftest import api_role_url, api_settings
    from tests.api.server import running_api
    from warehouse import read_model

    with psycopg.connect(clone_synthetic_db, autocommit=True) as connection:
        pair = connection.execute(
            "SELECT a.trajet_id, b.trajet_id FROM core.trajets a JOIN core.trajets b "
            "ON a.trajet_id < b.trajet_id AND a.source_id = b.source_id "
            "WHERE a.day_night = 'night' AND b.day_night = 'night' AND a.duplicate_of IS NULL "
            "AND b.duplicate_of IS NULL AND a.source_id = "
            "(SELECT source_id FROM core.sources WHERE is_current AND kind = 'timetable' LIMIT 1) "
            "ORDER BY 1, 2 LIMIT 1"
        ).fetchone()
        assert pair is not None
        original, duplicate = pair
        counted = connection.execute(
            "SELECT count(*) FROM api.trajets WHERE is_current AND counted_in_stats"
        ).fetchone()
        assert counted is not None
        before = counted[0]
        with connection.transaction():  # as a publication: the data and its read model
            connection.execute(
                "UPDATE core.trajets SET duplicate_of = %s WHERE trajet_id = %s",
                (original, duplicate),
            )
            read_model.rebuild(connection)
    with running_api(api_settings(api_role_url(clone_synthetic_db))) as base:
        totals = httpx.get(f"{base}/stats/volumes").json()["totals"]["trajets"]
        listed = httpx.get(f"{base}/trajets/{duplicate}").json()
    assert totals["total"] == before - 1
    assert listed["counted_in_stats"] is False


def test_summary_matches_sql(http, sql):
    summary = http.get("/stats/summary").json()
    trajets, night = sql(
        f"SELECT count(*), count(*) FILTER (WHERE day_night = 'night') FROM api.trajets t "
        f"WHERE {COUNTED}"
    )[0]
    assert summary["trajets"] == trajets and summary["trajets_night"] == night
    assert summary["trajets_day"] == trajets - night
    assert summary["night_share"] == pytest.approx(night / trajets, abs=1e-4)
    assert summary["operators"] == scalar(
        sql, f"SELECT count(DISTINCT operator_id) FROM api.trajets t WHERE {COUNTED}"
    )
    assert summary["countries"] == scalar(
        sql, f"SELECT count(DISTINCT c) FROM api.trajets t, unnest(countries) c WHERE {COUNTED}"
    )
    current_sources = {
        row[0]
        for row in sql("SELECT source_id FROM api.sources WHERE kind = 'timetable' AND is_current")
    }
    assert {v["source_id"] for v in summary["validity"]} == current_sources
    assert summary["data_version"] == scalar(sql, "SELECT data_version FROM api.publication")


@pytest.mark.parametrize(
    ("metric", "column", "width"),
    [("duration", "duration_min", 60), ("distance", "distance_km", 100)],
)
def test_distributions_bin_every_counted_trajet(http, sql, metric, column, width):
    payload = http.get(
        "/stats/distributions", params={"metric": metric, "day_night": "night"}
    ).json()
    bins = payload["bins"]
    assert [b["lower"] for b in bins] == [i * width for i in range(len(bins))]
    assert all(b["upper"] - b["lower"] == width for b in bins)
    total = scalar(
        sql,
        f"SELECT count(*) FROM api.trajets t WHERE {COUNTED} AND day_night = 'night' "
        f"AND {column} IS NOT NULL",
    )
    assert sum(b["night"] for b in bins) == total > 0
    assert sum(b["day"] for b in bins) == 0
    top = scalar(
        sql, f"SELECT max({column}) FROM api.trajets t WHERE {COUNTED} AND day_night = 'night'"
    )
    assert bins[-1]["lower"] <= float(top) < bins[-1]["upper"]


def test_co2_averages_by_day_and_night(http, sql):
    payload = http.get("/stats/co2").json()
    both = "co2_train_kg IS NOT NULL AND co2_plane_kg IS NOT NULL"
    rows = sql(
        f"SELECT day_night, count(*), avg(co2_train_kg) FILTER (WHERE {both}),"
        f" avg(co2_plane_kg) FILTER (WHERE {both}), avg(co2_plane_kg - co2_train_kg),"
        f" count(*) FILTER (WHERE {both})"
        f" FROM api.trajets t WHERE {COUNTED} GROUP BY 1 ORDER BY 1"
    )
    got = {r["day_night"]: r for r in payload["by_day_night"]}
    for day_night, count, train, plane, saving, comparable in rows:
        assert got[day_night]["trajets"] == count
        assert got[day_night]["comparable"] == comparable
        assert got[day_night]["avg_train_kg"] == pytest.approx(float(train), abs=1e-3)
        assert got[day_night]["avg_plane_kg"] == pytest.approx(float(plane), abs=1e-3)
        assert got[day_night]["avg_saving_kg"] == pytest.approx(float(saving), abs=1e-3)
    assert {f["id"] for f in payload["factors"]} == {
        row[0] for row in sql("SELECT factor_id FROM api.co2_factors")
    }


def test_map_routes_group_origin_destination(http, sql):
    payload = http.get("/map/routes", params={"day_night": "night"}).json()
    rows = sql(
        f"SELECT origin_station_id, destination_station_id, count(*) FROM api.trajets t "
        f"WHERE {COUNTED} AND day_night = 'night' GROUP BY 1, 2"
    )
    got = {(r["origin"]["id"], r["destination"]["id"]): r["trajets"] for r in payload["routes"]}
    assert got == {(o, d): n for o, d, n in rows}
    assert all(r["day_night"] == "night" for r in payload["routes"])


def test_volumes_accept_several_countries_operators_and_a_service_period(http, sql):
    """The Statistiques page's filters: lists are comma-separated, a trajet matches one of them;
    by country, only the countries asked for are groups."""
    params = {
        "group_by": "country",
        "country": "AT,de",
        "operator": "obb,db",
        "service_from": "2025-12-01",
        "service_until": "2025-12-31",
    }
    payload = http.get("/stats/volumes", params=params).json()
    where = (
        f"{COUNTED} AND countries && ARRAY['AT','DE'] "
        "AND (operator_id IN ('obb','db') OR operator_ids && ARRAY['obb','db']) "
        "AND service_end >= DATE '2025-12-01' AND service_start <= DATE '2025-12-31'"
    )
    expected_total = scalar(sql, f"SELECT count(*) FROM api.trajets t WHERE {where}")
    assert payload["totals"]["trajets"]["total"] == expected_total > 0
    rows = sql(
        f"SELECT c, count(*) FROM api.trajets t CROSS JOIN unnest(t.countries) AS c "
        f"WHERE {where} AND c IN ('AT','DE') GROUP BY 1"
    )
    assert {g["key"]: g["trajets"]["total"] for g in payload["groups"]} == dict(rows)


def test_volumes_accept_several_source_editions(http, sql):
    editions = [r[0] for r in sql("SELECT source_id FROM api.sources WHERE kind = 'timetable'")]
    chosen = sorted(editions)[:2]
    payload = http.get(
        "/stats/volumes", params={"group_by": "source", "source": ",".join(chosen)}
    ).json()
    expected = dict(
        sql(
            "SELECT source_id, count(*) FROM api.trajets t WHERE t.counted_in_stats "
            "AND source_id = ANY(%s) GROUP BY 1",
            chosen,
        )
    )
    assert {g["key"]: g["trajets"]["total"] for g in payload["groups"]} == expected


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"country": "AT,DEU"}, "country"),
        ({"country": "AT,"}, "country"),
        ({"operator": "obb,,db"}, "operator"),
        ({"source": "current,gtfs-de@2025-11-09"}, "source"),
        ({"service_from": "2025-13-01"}, "service_from"),
        ({"service_from": "2025-12-31", "service_until": "2025-12-01"}, "service_until"),
        ({"country": ",".join(["AT"] * 51)}, "country"),
    ],
)
def test_bad_statistics_filters_are_refused_by_name(http, params, parameter):
    response = http.get("/stats/volumes", params={"group_by": "country", **params})
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert parameter in {e["parameter"] for e in problem["errors"]}
