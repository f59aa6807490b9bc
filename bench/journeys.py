"""Benchmark of the journeys endpoints (/destinations, /comparison): CPU per first request.

In one run, on the same data (without --database-url, a copy of the test template database:
the whole mirror published), one `obrail api` process per code version, the response cache
disabled so that every request is a first request: the code before (`--before DIR`, a checkout,
e.g. `git worktree add --detach /tmp/before c65dc9d`) and the current code, alternately, round after
round. Requests: /destinations for the 50 busiest cities (services calling there), and
/comparison from each of them to the city its counted trains reach most often; sent one at a
time (CPU is measured, not throughput). Per request:

- the CPU time (user + system) of the API process, and of the PostgreSQL backends serving it
  (the API role's connections to this database), read from /proc/<pid>/stat: what a
  request costs the machine, little affected by the other work on a shared machine;
- the wall-clock time (the client's), which the machine's load inflates: given with the load.

The figures that count are the ratios before / now of the same run.

    .venv/bin/python -m bench.journeys --before /tmp/before [--rounds 3] [--database-url ...]

Results: docs/resultats/api-voyages.json and the journeys section of docs/api/benchmark.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psycopg

from bench import report
from bench.api import api_process, api_role, loaded_database

CITIES = 50
ROUNDS = 3
ENDPOINTS = ("destinations", "comparison")
#: Big cities also measured one by one (/destinations): the heaviest answers.
NAMED = ("Paris", "Berlin", "München", "Wien")

#: The busiest cities (services calling there, all editions).
BUSIEST_SQL = """
SELECT city FROM api.stations WHERE city IS NOT NULL
GROUP BY city, country ORDER BY sum(trajet_count) DESC, city LIMIT %s"""

#: The cities that most counted current services reach directly from a city (its stations'
#: later calls), busiest first; parameters: city, city, how many. The answers test
#: (tests/api/read_model/test_journeys_answers.py) picks its pairs with the same query.
REACHED_SQL = """
SELECT d.city FROM api.calls o
JOIN api.service_rows t ON t.trajet_id = o.trajet_id AND t.is_current AND t.counted_in_stats
JOIN api.calls c ON c.trajet_id = o.trajet_id AND c.seq > o.seq
JOIN api.stations d ON d.station_id = c.station_id
WHERE o.station_id IN (SELECT station_id FROM api.stations WHERE city = %s)
  AND d.city IS NOT NULL AND d.city <> %s
GROUP BY d.city ORDER BY count(DISTINCT o.trajet_id) DESC, d.city LIMIT %s"""

#: The backends of the API's connections to this database.
BACKENDS_SQL = """
SELECT pid FROM pg_stat_activity
WHERE datname = current_database() AND usename = 'obrail_api' AND backend_type = 'client backend'"""


def paths(owner_url: str, cities: int = CITIES) -> dict[str, list[str]]:
    with psycopg.connect(owner_url, autocommit=True) as connection:
        busiest = [row[0] for row in connection.execute(BUSIEST_SQL, (cities,))]
        pairs = []
        for city in busiest:
            row = connection.execute(REACHED_SQL, (city, city, 1)).fetchone()
            if row is not None:
                pairs.append((city, row[0]))
    return {
        "destinations": [f"/destinations?{urlencode({'from': city})}" for city in busiest],
        "comparison": [f"/comparison?{urlencode({'from': a, 'to': b})}" for a, b in pairs],
        **{city: [f"/destinations?{urlencode({'from': city})}"] for city in NAMED},
    }


#: Clock ticks per second of /proc's CPU times.
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """A process's CPU time (user + system, all its threads) from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _backends_cpu(owner: psycopg.Connection[tuple[object, ...]]) -> dict[int, float]:
    cpu = {}
    for (pid,) in owner.execute(BACKENDS_SQL).fetchall():
        try:
            cpu[int(str(pid))] = cpu_seconds(int(str(pid)))
        except FileNotFoundError:  # the backend ended meanwhile
            continue
    return cpu


@dataclass
class Measure:
    """Sums over every request of one endpoint on one server, and each request's wall time."""

    requests: int = 0
    api_cpu_s: float = 0.0
    db_cpu_s: float = 0.0
    wall_ms: list[float] = field(default_factory=list)

    def per_request_ms(self, seconds: float) -> float:
        return 1000 * seconds / self.requests if self.requests else 0.0

    @property
    def api_ms(self) -> float:
        return self.per_request_ms(self.api_cpu_s)

    @property
    def db_ms(self) -> float:
        return self.per_request_ms(self.db_cpu_s)

    @property
    def cpu_ms(self) -> float:
        return self.api_ms + self.db_ms

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.wall_ms) if self.wall_ms else 0.0

    @property
    def max_ms(self) -> float:
        return max(self.wall_ms, default=0.0)


@dataclass
class Server:
    label: str
    base: str
    pid: int
    measures: dict[str, Measure] = field(default_factory=dict)


def one_pass(
    server: Server, owner: psycopg.Connection[tuple[object, ...]], name: str, urls: list[str]
) -> None:
    """Each URL once, one at a time; CPU counted around the whole pass."""
    measure = server.measures.setdefault(name, Measure())
    api_before, db_before = cpu_seconds(server.pid), _backends_cpu(owner)
    with httpx.Client(base_url=server.base, timeout=120) as client:
        for path in urls:
            started = time.perf_counter()
            response = client.get(path)
            measure.wall_ms.append(1000 * (time.perf_counter() - started))
            if response.status_code != 200:
                raise SystemExit(f"{server.label} {path}: {response.status_code} {response.text}")
    db_after = _backends_cpu(owner)
    measure.requests += len(urls)
    measure.api_cpu_s += cpu_seconds(server.pid) - api_before
    measure.db_cpu_s += sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items())


@dataclass(frozen=True)
class JourneysRun:
    before: Server
    now: Server
    urls: dict[str, int]
    rounds: int
    load_start: float
    load_end: float
    before_label: str
    named: tuple[str, ...] = NAMED


@contextmanager
def _server(role: str, log: Path, label: str, code: Path | None) -> Iterator[Server]:
    with api_process(role, log, 1, code, cache_max_bytes="0") as (base, popen):
        yield Server(label, base, popen.pid)


def run(database_url: str | None, before: Path, rounds: int = ROUNDS) -> JourneysRun:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(_tempdir()))
        owner_url = stack.enter_context(loaded_database(database_url))
        urls = paths(owner_url)
        role = api_role(owner_url)
        owner = stack.enter_context(psycopg.connect(owner_url, autocommit=True))
        load_start = os.getloadavg()[0]
        old = stack.enter_context(_server(role, workdir / "before.log", "before", before))
        new = stack.enter_context(_server(role, workdir / "now.log", "now", None))
        for server in (old, new):  # warm: connections opened, statements planned once
            with httpx.Client(base_url=server.base, timeout=120) as client:
                for name in ENDPOINTS:
                    client.get(urls[name][0])
        for _ in range(rounds):
            for name in (*ENDPOINTS, *NAMED):
                for server in (old, new):
                    one_pass(server, owner, name, urls[name])
        for server in (old, new):
            for name in (*ENDPOINTS, *NAMED):
                m = server.measures[name]
                print(
                    f"{server.label:6} {name:12} CPU/request: API {m.api_ms:6.1f} ms, "
                    f"PostgreSQL {m.db_ms:6.1f} ms; wall p50 {m.p50_ms:6.1f} ms, "
                    f"max {m.max_ms:6.1f} ms",
                    flush=True,
                )
        return JourneysRun(
            old,
            new,
            {name: len(urls[name]) for name in (*ENDPOINTS, *NAMED)},
            rounds,
            load_start,
            os.getloadavg()[0],
            _describe(before),
        )


@contextmanager
def _tempdir() -> Iterator[str]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="obrail-bench-journeys-") as directory:
        yield directory


def _describe(checkout: Path) -> str:
    from bench.api import _describe as describe

    return describe(checkout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--before",
        type=Path,
        required=True,
        help="A checkout of the code before (`git worktree add --detach DIR <commit>`).",
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="Passes over the URLs.")
    parser.add_argument("--database-url", help="Owner URL of a loaded warehouse (default: a copy).")
    args = parser.parse_args()
    result = run(args.database_url, args.before, args.rounds)
    options = f" --before {args.before}" + (
        f" --rounds {args.rounds}" if args.rounds != ROUNDS else ""
    )
    path = report.write_journeys_results(result, f".venv/bin/python -m bench.journeys{options}")
    print(f"wrote {path} and {report.REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
