"""Where a portal page's render time goes, in measures that a loaded machine disturbs less
than wall time: the portal process's CPU time per render, the bytes the browser receives on
Streamlit's websocket, the browser's main-thread time (script, layout, style, all tasks) from
Chromium's performance metrics, and the page's DOM size; wall time only as a ratio to a minimal
Streamlit page of the same run. Each render is a returning visitor's (scripts cached).

    .venv/bin/python -m bench.portal_profile [--runs 3] [--cpu-profile] [PATH?QUERY ...]
    .venv/bin/python -m bench.portal_profile --before ../other-checkout statistiques carte

`--before DIR` serves a second portal from another checkout (`PYTHONPATH`) on the same API and
measures both in turn, so that both see the same load. `--cpu-profile` prints the browser's
busiest scripts and functions (Chrome DevTools CPU profile) for one more render. Prints a
table; writes nothing (the render benchmark is bench.portal).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, WebSocket, sync_playwright

from bench import portal as bench_portal
from tests.e2e import servers
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

DEFAULT_TARGETS = (
    "",
    "statistiques",
    "statistiques?day_night=night&country=AT,DE",
    "carte",
    "depuis-ma-ville?ville=München",
    "train-ou-avion?de=Paris&a=Berlin",
    "trajets?day_night=night&country=AT",
)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    wall_s: float
    server_cpu_s: float
    ws_bytes: int
    script_s: float
    layout_s: float
    style_s: float
    task_s: float
    nodes: int


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)

    def median(self, name: str) -> float:
        return float(statistics.median(float(getattr(s, name)) for s in self.samples))


def top_functions(
    profile: dict[str, Any], count: int = 25, by_script: bool = False
) -> list[tuple[float, str]]:
    """Self time (s) of the browser's busiest functions (or scripts) in a CDP CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    interval = dict.fromkeys(nodes, 0.0)
    deltas = profile.get("timeDeltas", [])
    for sample, delta in zip(profile.get("samples", []), [*deltas[1:], 0], strict=False):
        interval[sample] += delta / 1e6
    totals: dict[str, float] = {}
    for node_id, seconds in interval.items():
        frame = nodes[node_id]["callFrame"]
        script = frame["url"].rsplit("/", 1)[-1]
        name = (
            script.split(".")[0] or frame["functionName"]
            if by_script
            else f"{frame['functionName'] or '(anonymous)'} {script}:{frame['lineNumber']}"
        )
        totals[name] = totals.get(name, 0.0) + seconds
    ranked = sorted(((v, k) for k, v in totals.items()), reverse=True)
    return ranked[:count]


def render_once(
    browser: Browser, url: str, portal_pid: int | None, cpu_profile: bool = False
) -> Sample:
    """A returning visitor's render (scripts cached by a first load in the same context)."""
    context = browser.new_context(viewport=bench_portal.VIEWPORT)
    first = context.new_page()
    bench_portal.first_complete_render(first, url)
    first.close()
    page = context.new_page()
    received = [0]

    def on_socket(ws: WebSocket) -> None:
        ws.on(
            "framereceived",
            lambda payload: received.__setitem__(
                0, received[0] + len(payload if isinstance(payload, bytes) else payload.encode())
            ),
        )

    page.on("websocket", on_socket)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if cpu_profile:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
    before = cpu_seconds(portal_pid) if portal_pid else 0.0
    wall = bench_portal.first_complete_render(page, url)
    server = cpu_seconds(portal_pid) - before if portal_pid else 0.0
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    nodes = page.evaluate("document.getElementsByTagName('*').length")
    if cpu_profile:
        profile = cdp.send("Profiler.stop")["profile"]
        for by_script in (True, False):
            for seconds, name in top_functions(profile, 20, by_script):
                print(f"    {seconds:6.3f} s  {name}")
    context.close()
    return Sample(
        wall,
        server,
        received[0],
        metrics["ScriptDuration"],
        metrics["LayoutDuration"],
        metrics["RecalcStyleDuration"],
        metrics["TaskDuration"],
        int(nodes),
    )


def row(label: str, stats: Stats, base: float) -> str:
    return (
        f"{label} | {stats.median('wall_s') / base:.2f} | "
        f"{stats.median('server_cpu_s'):.2f} | {stats.median('ws_bytes') / 1000:.0f} | "
        f"{stats.median('script_s'):.2f} | {stats.median('layout_s'):.2f} | "
        f"{stats.median('style_s'):.2f} | {stats.median('task_s'):.2f} | "
        f"{stats.median('nodes'):.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cpu-profile", action="store_true", help="print the browser's busiest functions"
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout of the portal, measured in turn with this one on the same API",
    )
    parser.add_argument("targets", nargs="*", default=list(DEFAULT_TARGETS))
    args = parser.parse_args()
    with ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="profile-portal-")))
        services = stack.enter_context(bench_portal.services(logs))
        portals = {"now": services.cached}
        if args.before:
            env = {
                "OBRAIL_API_URL": services.api.url,
                "OBRAIL_ENVIRONMENT": "test",
                "OBRAIL_LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(args.before.resolve()),
            }
            portals = {
                "before": stack.enter_context(
                    servers.running("portal", env, "/_stcore/health", logs / "before.log")
                ),
                **portals,
            }
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        baseline = Stats(
            [render_once(browser, services.baseline_url, None) for _ in range(args.runs)]
        )
        base = baseline.median("wall_s")
        print(f"load {os.getloadavg()}; baseline {base:.2f} s")
        print(row("baseline", baseline, base))
        print(
            "target | wall/base | server CPU s | ws kB | script s | layout s | style s | task s "
            "| nodes"
        )
        for target in args.targets:
            found = {name: Stats() for name in portals}
            for portal in portals.values():  # warm the API and the portal's caches
                render_once(browser, f"{portal.url}/{target}", portal.process.pid)
            for _ in range(args.runs):  # in turn, so that both see the same load
                for name, portal in portals.items():
                    found[name].samples.append(
                        render_once(browser, f"{portal.url}/{target}", portal.process.pid)
                    )
            for name, stats in found.items():
                print(row(f"{target or '/'} ({name})", stats, base), flush=True)
            if args.cpu_profile:
                print(f"{target or '/'}: browser CPU profile of one more render")
                portal = portals["now"]
                render_once(browser, f"{portal.url}/{target}", portal.process.pid, True)
        print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
