"""A SYNTHETIC mirror k times larger than the real one, for the scale benchmark only.

Every GTFS timetable feed is copied with its trips repeated k times: copy i (1..k-1) of a real
trip is a new trip `synthetic-x<k>-<i>-<trip id>`, with the same calendar, stops and train
number, running i minutes later (a denser timetable of the same network). Every other file
(stations, airports, the night-train database, calendars, routes) is linked unchanged. The
result has about k times the services and calls of the real mirror, in the sources' own
formats, so that the same ETL loads it.

These are NOT data: never publish them, never commit them. The folder is written outside the
repository (a temporary directory by default), carries a SYNTHETIC-SCALE marker and a README
saying so, and the scale benchmark loads it only into temporary databases that it drops.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

from warehouse.sources import catalogue

MARKER = "SYNTHETIC-SCALE"
README = """SYNTHETIC DATA - scale benchmark of ObRail Observatory (bench/scale.py), x{k}.
Trips repeated {k} times with shifted times, derived from the real mirror {source}.
Not data: never publish, never commit. Delete after use.
"""
TIMES = ("arrival_time", "departure_time")


def _shift(value: str, minutes: int) -> str:
    """'8:30:00' + 5 -> '8:35:00' (GTFS times run past 24:00; the hour keeps its width)."""
    text = value.strip()
    if not text:
        return value
    hours, mins, secs = (int(part) for part in text.split(":"))
    total = hours * 60 + mins + minutes
    width = 2 if len(text.split(":")[0]) == 2 else 1
    return f"{total // 60:0{width}d}:{total % 60:02d}:{secs:02d}"


def _copies(k: int, trip_id: str) -> list[tuple[int, str]]:
    """(minutes later, trip id) of every copy of a trip, the real one first."""
    return [(0, trip_id)] + [(i, f"synthetic-x{k}-{i}-{trip_id.strip()}") for i in range(1, k)]


def _scale_csv(source: Path, target: Path, k: int, *, times: bool) -> None:
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(inp)
        header = next(reader)
        names = [name.strip() for name in header]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        trip = names.index("trip_id")
        shifted = [names.index(name) for name in TIMES if times and name in names]
        for row in reader:
            if not row:
                continue
            for minutes, trip_id in _copies(k, row[trip]):
                copy = list(row)
                copy[trip] = trip_id
                for column in shifted:
                    copy[column] = _shift(copy[column], minutes)
                writer.writerow(copy)


def write_scaled_mirror(real: Path, target: Path, k: int) -> Path:
    """Write the x`k` synthetic mirror of `real` into `target` (emptied first)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / MARKER).write_text(README.format(k=k, source=real), encoding="utf-8")
    (target / "README.md").write_text(README.format(k=k, source=real), encoding="utf-8")
    gtfs = {
        spec.mirror_dir
        for spec in catalogue.ALL_SOURCES
        if spec.kind == "timetable" and "stop_times.txt" in spec.files
    }
    for spec in catalogue.ALL_SOURCES:
        folder = target / spec.mirror_dir
        folder.mkdir(parents=True, exist_ok=True)
        for file in spec.files:
            source = real / spec.mirror_dir / file
            if not source.exists():
                continue
            if spec.mirror_dir in gtfs and file in ("trips.txt", "stop_times.txt") and k > 1:
                _scale_csv(source, folder / file, k, times=file == "stop_times.txt")
            elif not (folder / file).exists():
                os.symlink(source.resolve(), folder / file)
    return target
