"""wrk on 127.0.0.1, cycling through a list of request paths (a Lua script), with a JSON summary.

wrk has no fixed-rate mode (wrk2 is not packaged here). A fixed load is made by pausing each
connection before each request (Lua `delay()`): `connections` connections that each wait
`delay_ms` send at most connections * 1000 / delay_ms requests a second. The latency is then
measured from send to answer (the pause is not counted); far from saturation, wrk's coordinated
omission weighs little, and the rate reached is reported next to the latencies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SUMMARY_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

CYCLE_LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local next_index = 0
request = function()
  next_index = next_index %% #paths + 1
  return wrk.format("GET", paths[next_index])
end
"""


@dataclass(frozen=True)
class Run:
    rate: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: int = 0
    """Answers other than 2xx, and socket errors (0 unless the run tolerates them)."""

    @property
    def error_share(self) -> float:
        return self.errors / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Load:
    """How wrk drives the server: `delay_ms` 0 means as fast as it can."""

    connections: int
    delay_ms: int = 0

    @property
    def max_rate(self) -> float | None:
        return self.connections * 1000 / self.delay_ms if self.delay_ms else None


def script(workdir: Path, name: str, paths: list[str], load: Load) -> Path:
    """A Lua script that cycles through `paths` (and pauses `load.delay_ms` before each)."""
    listing = workdir / f"{name}.paths"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    text = CYCLE_LUA % {"paths": listing} + SUMMARY_LUA
    if load.delay_ms:
        text += f"\ndelay = function() return {load.delay_ms} end\n"
    path = workdir / f"{name}-{load.connections}-{load.delay_ms}.lua"
    path.write_text(text, encoding="utf-8")
    return path


def wrk(
    base: str, lua: Path, duration_s: int, load: Load, *, threads: int = 1, tolerate: bool = False
) -> Run:
    """One wrk run; errors stop the benchmark unless `tolerate` (then they are counted)."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is not installed (scripts/system-deps.sh)")
    command = [binary, f"-t{threads}", f"-c{load.connections}", f"-d{duration_s}s"]
    output = subprocess.run(
        [*command, "--timeout", "10s", "-s", str(lua), base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    data = json.loads(line.removeprefix("JSON "))
    errors = data["socket_errors"] + data["non_2xx"]
    if errors and not tolerate:
        raise SystemExit(f"wrk saw errors with {lua.name} on {base}: {data}")
    return Run(
        rate=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        requests=data["requests"],
        errors=errors,
    )
