"""Benchmark of the API's first request: cache off, thousands of distinct realistic URLs, wrk.

In one run, on one server (`obrail api`, one uvicorn process, access log on, response cache
disabled so that every request is a first request):
- the trivial endpoint GET /health/live (no database) as the baseline, measured first and last;
- GET /trajets with 3 000 distinct filtered URLs (bench.urls: station and city names in several
  languages, origin-destination pairs, countries, operators, day/night, ranges, sorts, pages);
- GET /trajets/{id} with 3 000 distinct ids;
- GET /stats/volumes with 3 000 distinct group_by x filters URLs.
wrk cycles through each list (a Lua script), 1 thread, 32 connections, as fast as it can; then
each endpoint again at a fixed load of about 300 req/s for its latencies (bench.wrk).

    .venv/bin/python -m bench.api [--duration 10] [--count 3000] [--database-url postgresql://...]

Without --database-url, a temporary copy of the test template database (the whole mirror
published, built if needed) is used and dropped afterwards. Results: docs/resultats/api.json and
docs/api/benchmark.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import psycopg

from bench import report, urls
from bench.wrk import Load, Run, script, wrk
from tests.support.network import free_port

OBRAIL = Path(sys.executable).parent / "obrail"
COUNT = 3000
MAX_LOAD = Load(connections=32)
#: About 300 req/s: 30 connections that each wait 100 ms before each request (at most
#: 300 req/s; a few less once the answer times count, which the report gives).
PACED_LOAD = Load(connections=30, delay_ms=100)
WARM_UP_S = 2

ENDPOINTS = ("trivial", "trajets", "detail", "volumes")


@dataclass(frozen=True)
class Measure:
    name: str
    urls: int
    max: Run
    paced: Run | None


@dataclass(frozen=True)
class ApiRun:
    """One run of the benchmark: the measures and the machine's load around them."""

    measures: dict[str, Measure]
    baseline_end: Run
    load_start: float
    load_end: float
    duration_s: int
    workers: int
    before: dict[str, Measure] | None = None
    """The same URLs on the code before the read model (`--before`), same run, same data."""
    before_label: str = ""

    @property
    def baseline_rate(self) -> float:
        """/health/live's throughput: the mean of its first and last measure."""
        return (self.measures["trivial"].max.rate + self.baseline_end.rate) / 2

    def ratio(self, name: str) -> float:
        return self.measures[name].max.rate / self.baseline_rate


@contextmanager
def loaded_database(url: str | None) -> Iterator[str]:
    """The owner URL of a loaded warehouse: the one given, else a temporary copy."""
    if url:
        yield url
        return
    from tests.support.database import DATA_DIR, loaded_template, temporary_database

    with temporary_database("obrail_bench", template=loaded_template(DATA_DIR)) as temporary:
        yield temporary


def api_role(owner_url: str) -> str:
    """The same database through the API's read-only role (trust authentication here)."""
    with psycopg.connect(owner_url, autocommit=True) as connection:
        connection.execute("ALTER ROLE obrail_api LOGIN")
    scheme, rest = owner_url.split("://", 1)
    return f"{scheme}://obrail_api@{rest.split('@', 1)[-1]}"


@contextmanager
def api_server(
    database_url: str, log: Path, workers: int = 1, code: Path | None = None, **settings: str
) -> Iterator[str]:
    """`obrail api` on a free port, rate limits off; yields its base URL once ready. `code`:
    another checkout whose `api` package is served instead (PYTHONPATH first)."""
    with api_process(database_url, log, workers, code, **settings) as (base, _process):
        yield base


@contextmanager
def api_process(
    database_url: str, log: Path, workers: int = 1, code: Path | None = None, **settings: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As `api_server`, yielding the process too (its CPU time can be read)."""
    port = free_port()
    env = {
        **os.environ,
        **({"PYTHONPATH": str(code)} if code else {}),
        "OBRAIL_DATABASE_URL": database_url,
        "OBRAIL_RATE_LIMIT_PER_MINUTE": "1000000000",
        "OBRAIL_RATE_LIMIT_BURST": "1000000",
        **{f"OBRAIL_{name.upper()}": value for name, value in settings.items()},
    }
    command = [str(OBRAIL), "api", "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    with log.open("w") as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the API did not start; see {log}")
            time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def endpoint_paths(owner_url: str, count: int) -> dict[str, list[str]]:
    vocabulary = urls.vocabulary(owner_url)
    return {
        "trivial": ["/health/live"],
        "trajets": urls.trajets_paths(vocabulary, count),
        "detail": urls.detail_paths(vocabulary, count),
        "volumes": urls.volumes_paths(vocabulary, count),
    }


def measure(
    base: str,
    workdir: Path,
    name: str,
    paths: list[str],
    duration_s: int,
    paced: bool = True,
    tolerate: bool = False,
) -> Measure:
    """`tolerate`: errors (a statement over its time limit answers 503) are counted, not fatal."""
    for path in paths[:20]:  # every list answers 200 before it is measured
        response = httpx.get(base + path, timeout=30)
        if response.status_code != 200 and not tolerate:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
    lua = script(workdir, name, paths, MAX_LOAD)
    wrk(base, lua, WARM_UP_S, MAX_LOAD, tolerate=tolerate)
    fastest = wrk(base, lua, duration_s, MAX_LOAD, tolerate=tolerate)
    at_300 = None
    if paced:
        at_300 = wrk(base, script(workdir, name, paths, PACED_LOAD), duration_s, PACED_LOAD)
    print(
        f"{name:8} {fastest.rate:7.0f} req/s  p50 {fastest.p50_ms:6.1f} ms  p99 "
        f"{fastest.p99_ms:6.1f} ms"
        + (f"  | at {at_300.rate:.0f} req/s: p99 {at_300.p99_ms:.1f} ms" if at_300 else ""),
        flush=True,
    )
    return Measure(name, len(paths), fastest, at_300)


def run(
    database_url: str | None,
    duration_s: int = 10,
    count: int = COUNT,
    workers: int = 1,
    paced: bool = True,
    before: Path | None = None,
    tolerate: bool = False,
) -> ApiRun:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="obrail-bench-")))
        owner = stack.enter_context(loaded_database(database_url))
        paths = endpoint_paths(owner, count)
        role = api_role(owner)
        load_start = os.getloadavg()[0]
        with api_server(role, workdir / "api.log", workers, cache_max_bytes="0") as base:
            measures = {
                name: measure(base, workdir, name, paths[name], duration_s, paced, tolerate)
                for name in ENDPOINTS
            }
        previous = None
        if before is not None:
            print(f"the code of {before}:", flush=True)
            with api_server(role, workdir / "before.log", 1, before, cache_max_bytes="0") as base:
                previous = {
                    name: measure(
                        base, workdir, f"before-{name}", older(paths[name]), duration_s, False
                    )
                    for name in ENDPOINTS
                    if name != "trivial"
                }
        with api_server(role, workdir / "api-end.log", workers, cache_max_bytes="0") as base:
            end = measure(base, workdir, "trivial", paths["trivial"], duration_s, False)
        return ApiRun(
            measures,
            end.max,
            load_start,
            os.getloadavg()[0],
            duration_s,
            workers,
            previous,
            _describe(before) if before else "",
        )


#: Parameters the code before the read model did not know, or knew with one value only.
NEWER_PARAMETERS = {"service_from", "service_until"}
SINGLE_VALUED = {"country", "operator", "source"}


def older(paths: list[str]) -> list[str]:
    """The paths the code before the read model accepts (one country, operator or source; no
    service period): the same requests minus those it would refuse."""
    kept = []
    for path in paths:
        params = parse_qsl(urlsplit(path).query)
        if any(k in NEWER_PARAMETERS or (k in SINGLE_VALUED and "," in v) for k, v in params):
            continue
        kept.append(path)
    return kept


def _describe(checkout: Path) -> str:
    """The short commit of a checkout ('9cd0ee9')."""
    return subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short=7", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--count", type=int, default=COUNT, help="Distinct URLs per endpoint.")
    parser.add_argument("--database-url", help="Owner URL of a loaded warehouse (default: a copy).")
    parser.add_argument(
        "--before",
        type=Path,
        help="A checkout of the code before the read model (e.g. `git worktree add DIR 9cd0ee9`):"
        " its API is measured on the same URLs and data, in the same run.",
    )
    args = parser.parse_args()
    result = run(args.database_url, args.duration, args.count, before=args.before)
    options = "".join(
        f" --{name} {value}"
        for name, value, default in (
            ("duration", args.duration, 10),
            ("count", args.count, COUNT),
            ("before", args.before, None),
        )
        if value != default
    )
    # `python -m bench api` passes no option: with options, the module itself is the command.
    command = (
        f".venv/bin/python -m bench.api{options}" if options else ".venv/bin/python -m bench api"
    )
    path = report.write_api_results(result, command)
    print(f"wrote {path} and {report.REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
