"""The map's background: coastlines and country borders of Europe, without any tile server.

The lines come from Natural Earth (public domain) as packaged in TopoJSON by the npm package
`world-atlas` 2.0.2 (ISC licence; `countries-110m.json`). `python -m portal.basemap PATH` rebuilds
`portal/assets/europe-110m.json` from that file: every arc (a border or a coastline, drawn once)
that enters Europe's frame, in longitude/latitude with two decimals.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any, Final

ASSET: Final = Path(__file__).with_name("assets") / "europe-110m.json"
#: West, south, east, north (degrees): Europe from Iceland and the Canaries to the Urals' foot.
FRAME: Final = (-25.0, 27.0, 45.0, 72.0)
MARGIN_DEG: Final = 3.0


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantised, delta-encoded) as longitude/latitude polylines."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    lines = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        lines.append(points)
    return lines


def _inside(point: tuple[float, float]) -> bool:
    west, south, east, north = FRAME
    return (
        west - MARGIN_DEG <= point[0] <= east + MARGIN_DEG
        and south - MARGIN_DEG <= point[1] <= north + MARGIN_DEG
    )


def europe_lines(topology: dict[str, Any]) -> list[list[list[float]]]:
    """The parts of the arcs inside Europe's frame (with a margin), cut where they leave it,
    rounded to 0.01 degree (about 1 km)."""
    kept = []
    for line in decode_arcs(topology):
        run: list[list[float]] = []
        for lon, lat in [*line, (1e9, 1e9)]:  # a sentinel closes the last run
            if _inside((lon, lat)):
                point = [round(lon, 2), round(lat, 2)]
                if not run or run[-1] != point:
                    run.append(point)
                continue
            if len(run) > 1:
                kept.append(run)
            run = []
    return kept


def build(source: Path, target: Path = ASSET) -> int:
    topology = json.loads(source.read_text(encoding="utf-8"))
    lines = europe_lines(topology)
    document = {
        "source": "Natural Earth 1:110m (public domain), via npm world-atlas 2.0.2 (ISC)",
        "frame": FRAME,
        "lines": lines,
    }
    target.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(lines)


@cache
def lines() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Europe's borders and coastlines, as longitude/latitude polylines."""
    document = json.loads(ASSET.read_text(encoding="utf-8"))
    return tuple(tuple((p[0], p[1]) for p in line) for line in document["lines"])


if __name__ == "__main__":  # pragma: no cover
    print(f"{build(Path(sys.argv[1]))} lines written to {ASSET}")  # noqa: T201
