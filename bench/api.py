"""Benchmark of the API with wrk on 127.0.0.1, against the whole mirror loaded.

In one run, on the same server (`obrail api`, one uvicorn process, access log on):
- a trivial endpoint (GET /health/live, no database) as the baseline;
- GET /trajets with filters and GET /stats/volumes, with a warm cache (the normal case: the
  data only changes when the ETL publishes);
- GET /trajets with filters on a second server whose cache is off (every request goes to
  PostgreSQL), for reference.

Two measures per endpoint: the throughput (wrk, 1 thread, 50 connections, as fast as it can) and
the latency at about 500 req/s. wrk has no fixed-rate mode (wrk2 is not installed): the load is
paced by a Lua `delay()` of 20 ms between the requests of each of 11 connections (at most
550 req/s, about 500 once the answer times count); the latencies are measured from send to answer
(the pause is not counted).

    .venv/bin/python -m bench.api [--duration 10] [--database-url postgresql://...]

Without --database-url, a temporary copy of the test template database (the whole mirror
published, built if needed) is used and dropped afterwards. Results: docs/api/benchmark.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

from tests.support.network import free_port
from tests.support.waiting import wait_until

REPORT = Path(__file__).resolve().parents[1] / "docs" / "api" / "benchmark.md"
OBRAIL = Path(sys.executable).parent / "obrail"
THREADS, CONNECTIONS = 1, 50
PACED_CONNECTIONS, PACED_DELAY_MS = 11, 20
TARGET_RATIO, TARGET_P99_MS = 0.5, 50.0

ENDPOINTS = {
    "trivial": "/health/live",
    "trajets": "/trajets?q=Vienne&day_night=night&min_duration=300&sort=-duration&page_size=25",
    "volumes": "/stats/volumes?group_by=country",
}
LABELS = {
    "trivial": "`/health/live` (référence triviale)",
    "trajets": "`/trajets` filtré, cache chaud",
    "volumes": "`/stats/volumes`, cache chaud",
    "trajets_cold": "`/trajets` filtré, cache désactivé",
}

SUMMARY_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""
PACED_LUA = SUMMARY_LUA + f"\ndelay = function() return {PACED_DELAY_MS} end\n"


@dataclass(frozen=True)
class Run:
    rate: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    requests: int


def wrk(url: str, script: Path, duration_s: int, threads: int, connections: int) -> Run:
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is not installed (scripts/system-deps.sh)")
    output = subprocess.run(
        [binary, f"-t{threads}", f"-c{connections}", f"-d{duration_s}s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    data = json.loads(line.removeprefix("JSON "))
    if data["socket_errors"] or data["non_2xx"]:
        raise SystemExit(f"wrk saw errors on {url}: {data}")
    return Run(
        rate=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        requests=data["requests"],
    )


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
    with psycopg.connect(owner_url, autocommit=True) as connection:
        connection.execute("ALTER ROLE obrail_api LOGIN")
    scheme, rest = owner_url.split("://", 1)
    return f"{scheme}://obrail_api@{rest.split('@', 1)[-1]}"


@contextmanager
def api_server(database_url: str, log: Path, **settings: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "OBRAIL_DATABASE_URL": database_url,
        "OBRAIL_RATE_LIMIT_PER_MINUTE": "1000000000",
        "OBRAIL_RATE_LIMIT_BURST": "1000000",
        **{f"OBRAIL_{name.upper()}": value for name, value in settings.items()},
    }
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [str(OBRAIL), "api", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    try:

        def ready() -> bool:
            if process.poll() is not None:
                raise SystemExit(f"the API stopped while starting; see {log}")
            return httpx.get(f"{base}/health/ready", timeout=2).status_code == 200

        try:
            wait_until(ready, 30, "the API to be ready")
        except TimeoutError:
            raise SystemExit(f"the API did not start; see {log}") from None
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


BODY_BYTES: dict[str, int] = {}


def measure(base: str, path: str, scripts: dict[str, Path], duration_s: int) -> tuple[Run, Run]:
    for _ in range(3):  # warm the cache and the connections
        response = httpx.get(base + path, timeout=30)
        response.raise_for_status()
    BODY_BYTES[path] = len(response.content)
    throughput = wrk(base + path, scripts["max"], duration_s, THREADS, CONNECTIONS)
    paced = wrk(base + path, scripts["paced"], duration_s, THREADS, PACED_CONNECTIONS)
    return throughput, paced


def load_average() -> float:
    return os.getloadavg()[0]


def run(duration_s: int, database_url: str | None) -> dict[str, tuple[Run, Run]]:
    results: dict[str, tuple[Run, Run]] = {}
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="obrail-bench-")))
        scripts = {"max": workdir / "max.lua", "paced": workdir / "paced.lua"}
        scripts["max"].write_text(SUMMARY_LUA)
        scripts["paced"].write_text(PACED_LUA)
        owner = stack.enter_context(loaded_database(database_url))
        role = api_role(owner)
        base = stack.enter_context(api_server(role, workdir / "api.log"))
        for name, path in ENDPOINTS.items():
            print(f"measuring {name}: {path}", flush=True)
            results[name] = measure(base, path, scripts, duration_s)
        cold = stack.enter_context(api_server(role, workdir / "api-cold.log", cache_max_bytes="0"))
        print("measuring trajets without cache", flush=True)
        results["trajets_cold"] = measure(cold, ENDPOINTS["trajets"], scripts, duration_s)
    return results


def _rate(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _row(name: str, run_: Run, baseline: Run, paced: bool) -> str:
    ratio = "" if paced else f" {run_.rate / baseline.rate:.2f} |"
    return (
        f"| {LABELS[name]} | {_rate(run_.rate)} |{ratio} {run_.p50_ms:.2f} | {run_.p95_ms:.2f} | "
        f"{run_.p99_ms:.2f} | {run_.max_ms:.1f} |"
    )


def report(results: dict[str, tuple[Run, Run]], duration_s: int, loads: tuple[float, float]) -> str:
    baseline = results["trivial"][0]
    trajets, trajets_paced = results["trajets"]
    ratio_ok = trajets.rate / baseline.rate >= TARGET_RATIO
    p99_ok = trajets_paced.p99_ms < TARGET_P99_MS
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "# Performances de l'API (banc d'essai)",
        "",
        "<!-- Écrit par `.venv/bin/python -m bench.api` (bench/api.py) : relancer pour mettre à "
        "jour. -->",
        "",
        f"Mesuré le {datetime.now(UTC):%Y-%m-%d à %H:%M} UTC sur {os.cpu_count()} cœurs ({cpu}), "
        f"Python {platform.python_version()}, wrk 4.1, PostgreSQL local, tout le miroir chargé. "
        "Un seul processus uvicorn (`obrail api`), journal d'accès actif, wrk sur la même "
        "machine (127.0.0.1). Machine partagée avec d'autres travaux : valeurs bruitées "
        f"(± 30 %) ; charge moyenne de la machine (1 min) : {loads[0]:.1f} au début, {loads[1]:.1f} "
        "à la fin. D'où les **rapports** à la référence triviale mesurée dans la même "
        "exécution.",
        "",
        "## Objectifs",
        "",
        "| Objectif | Mesure | Atteint |",
        "|---|---|---|",
        f"| `/trajets` filtré ≥ {TARGET_RATIO:.0%} du débit de la référence triviale (cache chaud) "
        f"| {trajets.rate / baseline.rate:.0%} | {'oui' if ratio_ok else 'non'} |",
        f"| p99 de `/trajets` filtré < {TARGET_P99_MS:.0f} ms à ~500 req/s "
        f"| {trajets_paced.p99_ms:.2f} ms à {trajets_paced.rate:.0f} req/s "
        f"| {'oui' if p99_ok else 'non'} |",
        "",
        f"## Débit maximal ({THREADS} fil wrk, {CONNECTIONS} connexions, {duration_s} s)",
        "",
        "| Point d'accès | req/s | rapport à la référence | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "|---|---|---|---|---|---|---|",
        *(_row(name, results[name][0], baseline, paced=False) for name in results),
        "",
        f"## Latence à charge fixe (~500 req/s, {duration_s} s)",
        "",
        "wrk n'a pas de mode à débit fixe (wrk2 n'est pas installé) : chacune des "
        f"{PACED_CONNECTIONS} connexions attend {PACED_DELAY_MS} ms (fonction Lua `delay()`) "
        f"avant chaque requête, soit au plus {PACED_CONNECTIONS * 1000 // PACED_DELAY_MS} req/s "
        "(environ 500 une fois les temps de réponse comptés) ; le débit obtenu est indiqué. La latence est mesurée de l'envoi à la réponse (l'attente "
        "n'est pas comptée) ; à cette charge, loin de la saturation, l'omission coordonnée de wrk "
        "pèse peu.",
        "",
        "| Point d'accès | req/s obtenues | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "|---|---|---|---|---|---|",
        *(_row(name, results[name][1], baseline, paced=True) for name in results),
        "",
        "## Lecture",
        "",
        "* Les données ne changent qu'à la publication d'un ETL : une réponse est mise en cache "
        "dans le processus, indexée par l'URL canonique et la représentation, et invalidée quand "
        "`api.publication.data_version` change (lue au plus toutes les 2 s). Une requête servie "
        "par le cache ne passe ni par le routage et la validation de FastAPI ni par PostgreSQL : "
        "seuls les intergiciels (identifiant de requête, métriques, journal, en-têtes de "
        "sécurité, quota) la traitent. Son corps "
        f"({BODY_BYTES.get(ENDPOINTS['trajets'], 0) / 1024:.0f} Kio pour la page de `/trajets`) "
        f"reste plus lourd à envoyer que les {BODY_BYTES.get(ENDPOINTS['trivial'], 0)} octets de "
        "la référence.",
        "* Sans cache (dernière ligne), chaque requête ouvre une transaction en lecture seule, "
        "filtre et pagine dans PostgreSQL, qui construit aussi le JSON (`json_build_object`) : "
        "c'est le coût d'une première requête après une publication.",
        "* Les clients peuvent aussi revalider avec `If-None-Match` : une réponse `304` sans "
        "corps.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--database-url", help="Owner URL of a loaded warehouse (default: a copy).")
    args = parser.parse_args()
    before = load_average()
    results = run(args.duration, args.database_url)
    loads = (before, load_average())
    REPORT.write_text(report(results, args.duration, loads), encoding="utf-8")
    print(f"wrote {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
