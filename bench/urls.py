"""Thousands of distinct, realistic request paths for the API benchmark, drawn from the warehouse.

A benchmark that repeats one URL measures the response cache. These paths look like what the
portal and analysts send: station and city names in every language the warehouse knows
("Wien", "Vienne", "Vienna", "Monaco di Baviera"), real origin-destination pairs, countries,
operators, brands, day or night, duration and distance ranges, departure windows, every sort
key and pages. They are drawn with a fixed seed, so two runs on the same data send the same
requests.

    .venv/bin/python -m bench.urls --database-url postgresql://... [--count 3000]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import psycopg

SEED = 20261203
SORTS = (
    "departure",
    "-departure",
    "duration",
    "-duration",
    "distance",
    "-distance",
    "origin",
    "destination",
    "-co2_saving",
    "-weekly_departures",
    "-weekly_departures,departure",
    "duration,-distance",
)
GROUP_BYS = ("operator", "country", "brand", "source", "rail_category")


@dataclass(frozen=True)
class Vocabulary:
    """What the warehouse holds, as a user would type it."""

    names: Sequence[str]
    """Station and city names in every language, of the busiest stations."""
    pairs: Sequence[tuple[str, str]]
    """(origin name, destination name) of real services (names in any language)."""
    trajet_ids: Sequence[str]
    countries: Sequence[str]
    operators: Sequence[str]
    brands: Sequence[str]
    sources: Sequence[str]


def vocabulary(database_url: str, stations: int = 400) -> Vocabulary:
    """Read the vocabulary from a loaded warehouse (through the `api` views)."""
    with psycopg.connect(database_url) as connection:

        def column(query: str) -> list[str]:
            return [str(row[0]) for row in connection.execute(query).fetchall()]

        names = column(
            f"""SELECT DISTINCT n.name FROM api.station_names n
                JOIN (SELECT station_id FROM api.stations
                      ORDER BY trajet_count DESC, station_id LIMIT {stations}) s USING (station_id)
                WHERE length(n.name) BETWEEN 3 AND 40 ORDER BY 1"""
        )
        pair_rows = connection.execute(
            """SELECT DISTINCT o.name, d.name
               FROM api.trajets t
               JOIN api.station_names o ON o.station_id = t.origin_station_id
               JOIN api.station_names d ON d.station_id = t.destination_station_id
               WHERE t.is_current AND length(o.name) <= 40 AND length(d.name) <= 40
               ORDER BY 1, 2"""
        ).fetchall()
        return Vocabulary(
            names=names,
            pairs=[(str(o), str(d)) for o, d in pair_rows],
            trajet_ids=column("SELECT trajet_id FROM api.trajets ORDER BY trajet_id"),
            countries=column(
                "SELECT DISTINCT c FROM api.trajets, unnest(countries) c WHERE is_current ORDER BY 1"
            ),
            operators=column(
                "SELECT operator_id FROM api.trajets WHERE is_current AND operator_id IS NOT NULL"
                " GROUP BY 1 ORDER BY count(*) DESC, 1"
            ),
            brands=column(
                "SELECT brand FROM api.trajets WHERE is_current AND brand IS NOT NULL"
                " GROUP BY 1 HAVING count(*) >= 10 ORDER BY count(*) DESC, 1"
            ),
            sources=column("SELECT source_id FROM api.sources WHERE kind = 'timetable' ORDER BY 1"),
        )


Params = dict[str, str]


def _skewed(rng: random.Random, items: Sequence[str]) -> str:
    """Busy items more often (the list is ordered by weight): half the draws in the first tenth."""
    if rng.random() < 0.5:
        return items[rng.randrange(max(1, len(items) // 10))]
    return items[rng.randrange(len(items))]


#: Service periods the Statistiques page offers (first and last day).
PERIODS = (("2025-07-01", "2025-08-31"), ("2025-12-01", "2025-12-31"), ("2026-01-01", "2026-12-31"))


def _countries(rng: random.Random, v: Vocabulary) -> str:
    """One country, or sometimes two (the portal's filters take several)."""
    first = _skewed(rng, v.countries)
    if rng.random() < 0.2:
        second = _skewed(rng, v.countries)
        return first if second == first else f"{first},{second}"
    return first


def _page(rng: random.Random) -> Params:
    roll = rng.random()
    page = 1 if roll < 0.6 else rng.randint(2, 5) if roll < 0.9 else rng.randint(6, 40)
    size = rng.choice(("25", "25", "25", "50", "10"))
    return {"page": str(page), "page_size": size} if page > 1 or size != "25" else {}


def _day_night(rng: random.Random, chance: float = 0.5) -> Params:
    return {"day_night": rng.choice(("day", "night"))} if rng.random() < chance else {}


def _trajets_params(rng: random.Random, v: Vocabulary) -> Params:
    """One /trajets query, as a user of the Trajets page would compose it."""
    kind = rng.random()
    params: Params
    if kind < 0.30:
        params = {"q": rng.choice(v.names), **_day_night(rng, 0.4)}
    elif kind < 0.50:
        origin, destination = rng.choice(v.pairs)
        params = {"origin": origin, "destination": destination}
        if rng.random() < 0.3:
            params.pop(rng.choice(("origin", "destination")))
    elif kind < 0.65:
        params = {"country": _countries(rng, v), **_day_night(rng, 0.7)}
    elif kind < 0.75:
        params = {"operator": _skewed(rng, v.operators), **_day_night(rng, 0.3)}
        if rng.random() < 0.3:
            params["country"] = _skewed(rng, v.countries)
    elif kind < 0.85:
        low = rng.choice((60, 120, 240, 360, 480))
        params = {"min_duration": str(low), "max_duration": str(low + rng.choice((120, 300, 600)))}
        if rng.random() < 0.5:
            params["q"] = rng.choice(v.names)
        else:
            params |= _day_night(rng, 0.6)
    elif kind < 0.93:
        low = rng.choice((0, 100, 300, 500, 800))
        params = {"min_distance": str(low), "max_distance": str(low + rng.choice((200, 500, 1000)))}
        params |= _day_night(rng, 0.5)
        if rng.random() < 0.4:
            params["brand"] = _skewed(rng, v.brands)
    else:
        after = rng.choice(("06:00", "12:00", "18:00", "20:00", "22:00"))
        before = rng.choice(("09:00", "14:00", "23:59", "02:00"))
        params = {"departure_after": after, "departure_before": before}
        params |= {"country": _skewed(rng, v.countries)} if rng.random() < 0.5 else {}
    if rng.random() < 0.08:
        params["source"] = rng.choice(("all", "historical", *v.sources))
    if rng.random() < 0.6:
        params["sort"] = rng.choice(SORTS)
    return params | _page(rng)


def _volumes_params(rng: random.Random, v: Vocabulary) -> Params:
    """One /stats/volumes query, as the Statistiques page and analysts compose it."""
    params: Params = {"group_by": rng.choice(GROUP_BYS), **_day_night(rng, 0.5)}
    if rng.random() < 0.5:
        params["country"] = _countries(rng, v)
    if rng.random() < 0.3:
        params["operator"] = _skewed(rng, v.operators)
    if rng.random() < 0.05:
        params["service_from"], params["service_until"] = rng.choice(PERIODS)
    if rng.random() < 0.15:
        params["source"] = rng.choice(("all", "historical", *v.sources))
    roll = rng.random()
    if roll < 0.10:
        params["q"] = rng.choice(v.names)
    elif roll < 0.15:
        params["min_duration"] = str(rng.choice((120, 240, 360, 480)))
    elif roll < 0.20:
        params["brand"] = _skewed(rng, v.brands)
    return params


def _distinct(count: int, draw: Callable[[], str], what: str) -> list[str]:
    paths: dict[str, None] = {}
    attempts = 0
    while len(paths) < count:
        attempts += 1
        if attempts > count * 50:
            raise ValueError(f"only {len(paths)} distinct {what} paths could be drawn")
        paths.setdefault(draw(), None)
    return list(paths)


def _path(route: str, params: Params) -> str:
    return f"{route}?{urlencode(params)}" if params else route


def trajets_paths(v: Vocabulary, count: int, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    return _distinct(count, lambda: _path("/trajets", _trajets_params(rng, v)), "/trajets")


def detail_paths(v: Vocabulary, count: int, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    ids = rng.sample(list(v.trajet_ids), min(count, len(v.trajet_ids)))
    return [f"/trajets/{quote(trajet_id, safe='')}" for trajet_id in ids]


def volumes_paths(v: Vocabulary, count: int, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    return _distinct(count, lambda: _path("/stats/volumes", _volumes_params(rng, v)), "volumes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    v = vocabulary(args.database_url)
    for paths in (trajets_paths, detail_paths, volumes_paths):
        for path in paths(v, args.count)[:5]:
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
