"""The read model answers every question exactly as the views did.

The oracle is the API's SQL before the read model (tests/api/read_model/oracle.py, on the `api`
views, in one REPEATABLE READ transaction). Hundreds of realistic requests drawn from the loaded
warehouse (the benchmark's generator: station and city names in every language, origin and
destination pairs, countries, operators, brands, day/night, ranges, departure windows, sorts,
pages), plus the edge cases listed below, are sent to the running API and compared with the
oracle's answer on the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import psycopg
import pytest

from api.params import FilterQuery, parse_sort
from api.queries.trajets import DETAIL_SQL
from api.schemas import DayNight, GroupBy
from bench import urls
from tests.api.read_model import oracle

INTEGERS = ("min_duration", "max_duration")
NUMBERS = ("min_distance", "max_distance")

#: Edge cases the generator may not draw.
TRAJETS_EDGES = (
    "/trajets",
    "/trajets?source=all&sort=-duration",
    "/trajets?source=historical&day_night=night",
    "/trajets?q=zzzzqqq",  # nothing matches
    "/trajets?q=pa",  # names containing the text (no exact name, no name starting with it?)
    "/trajets?q=wien&day_night=night",
    "/trajets?q=Vienne",
    "/trajets?q=Vienna&sort=-weekly_departures,departure",
    "/trajets?origin=paris&destination=lyon",
    "/trajets?departure_after=22:00&departure_before=02:00",  # a window across midnight
    "/trajets?departure_after=06:00",
    "/trajets?brand=tgv%20inoui&sort=-co2_saving",  # brand in another case
    "/trajets?country=FR,DE&day_night=night",
    "/trajets?operator=sncf,db&sort=origin",
    "/trajets?min_distance=500.5&max_distance=900",
    "/trajets?page=400&page_size=25",  # past the last page
    "/trajets?source=all&page=3&page_size=100&sort=destination,-distance",
)
VOLUMES_EDGES = tuple(
    f"/stats/volumes?group_by={group}{extra}"
    for group in ("operator", "country", "brand", "source", "rail_category")
    for extra in ("", "&source=all", "&country=FR,CH", "&q=wien", "&day_night=night&operator=obb")
)


def _filters_and_rest(path: str) -> tuple[Any, dict[str, str]]:
    """(the TrajetFilters the API builds from this query, the other parameters)."""
    params = dict(parse_qsl(urlsplit(path).query))
    rest: dict[str, str] = {
        k: params.pop(k) for k in ("page", "page_size", "sort", "group_by") if k in params
    }
    values: dict[str, Any] = dict(params)
    if "day_night" in values:
        values["day_night"] = DayNight(values["day_night"])
    for name in INTEGERS:
        if name in values:
            values[name] = int(values[name])
    for name in NUMBERS:
        if name in values:
            values[name] = float(values[name])
    return FilterQuery(**values).filters(), rest


@pytest.fixture(scope="module")
def vocabulary(loaded_db: str) -> urls.Vocabulary:
    return urls.vocabulary(loaded_db)


@pytest.fixture(scope="module")
def views(loaded_db: str) -> Iterator[psycopg.Connection[Any]]:
    with oracle.connect(loaded_db) as connection:
        yield connection


def _ok(http: Any, path: str) -> dict[str, Any]:
    response = http.get(path)
    assert response.status_code == 200, (path, response.text)
    body: dict[str, Any] = response.json()
    return body


def test_trajets_pages_equal_the_views_answers(http, views, vocabulary):
    paths = [*TRAJETS_EDGES, *urls.trajets_paths(vocabulary, 150, seed=11)]
    non_empty = 0
    for path in paths:
        body = _ok(http, path)
        filters, rest = _filters_and_rest(path)
        expected = oracle.trajets_page(
            views,
            filters,
            parse_sort(rest.get("sort", "departure")),
            int(rest.get("page", 1)),
            int(rest.get("page_size", 25)),
        )
        body.pop("links")
        assert body == expected, path
        non_empty += bool(body["items"])
    assert non_empty > len(paths) // 2  # the comparison is not between empty pages


def test_trajet_details_equal_the_views_answers(http, views, vocabulary):
    for path in urls.detail_paths(vocabulary, 80, seed=12):
        trajet_id = urlsplit(path).path.rsplit("/", 1)[1]
        expected = oracle.trajet_detail(views, trajet_id)
        assert expected is not None
        assert _ok(http, path) == expected, path


def test_a_trajet_with_links_and_flags_equals_the_views_answer(http, views, sql):
    """The rarer parts of a detail: links to the same train, plausibility flags, expiry."""
    ids = [
        row[0]
        for row in sql(
            """(SELECT trajet_id FROM api.trajet_links ORDER BY 1 LIMIT 3)
               UNION ALL (SELECT trajet_id FROM api.trajets WHERE NOT is_plausible ORDER BY 1 LIMIT 3)
               UNION ALL (SELECT trajet_id FROM api.trajets WHERE validity_status = 'expired'
                          ORDER BY 1 LIMIT 3)"""
        )
    ]
    assert ids
    for trajet_id in ids:
        assert _ok(http, f"/trajets/{quote(trajet_id, safe='')}") == oracle.trajet_detail(
            views, trajet_id
        )


def test_volumes_equal_the_views_answers(http, views, vocabulary):
    for path in [*VOLUMES_EDGES, *urls.volumes_paths(vocabulary, 150, seed=13)]:
        filters, rest = _filters_and_rest(path)
        expected = oracle.volumes(views, GroupBy(rest["group_by"]), filters)
        assert _ok(http, path) == expected, path


def test_validity_is_computed_on_the_day_of_the_request(views, loaded_db):
    """The documents are built once, at publication; the status of their edition is the day's.
    The API's statement, run on the first valid day of an edition and on the day after its last,
    answers as the views on each day: `current`, then `expired` (with `expired_since`)."""
    row = views.execute(
        """SELECT t.trajet_id, s.valid_from, s.valid_until
           FROM api.trajets t JOIN api.sources s USING (source_id)
           WHERE t.is_current AND s.valid_from IS NOT NULL AND s.valid_until IS NOT NULL
           ORDER BY t.trajet_id LIMIT 1"""
    ).fetchone()
    views.commit()
    assert row is not None
    served = {}
    with psycopg.connect(loaded_db, autocommit=True) as reader:
        for day in (row["valid_from"], row["valid_until"] + timedelta(days=1)):
            for connection in (reader, views):
                connection.execute("SELECT set_config('obrail.today', %s, false)", (str(day),))
            views.commit()
            answer = reader.execute(DETAIL_SQL, {"trajet_id": row["trajet_id"]}).fetchone()
            assert answer is not None
            served[day] = json.loads(answer[1])
            assert served[day] == oracle.trajet_detail(views, row["trajet_id"])
    views.execute("RESET obrail.today")
    views.commit()
    assert [s["source"]["validity_status"] for s in served.values()] == ["current", "expired"]
    assert list(served.values())[1]["source"]["expired_since"] is not None
