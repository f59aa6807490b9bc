"""Clock times as the sources write them, turned into minutes after the service day's midnight.

* GTFS: `HH:MM:SS`, hours may pass 24 (a call after midnight belongs to the previous service
  day); Renfe writes hours without a leading zero (`8:30:00`).
* ONTD: Google-Sheets serials exported as `1899-12-30T20:35:00.000Z`: the wall-clock time at
  that station (the date and the `Z` mean nothing). After-midnight calls are not >= 24:00, so
  the day roll-over is detected along the calls (see `local_times_to_offsets`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

_GTFS_TIME = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")
_SHEET_TIME = re.compile(r"^1899-12-(30|31)T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?$")

MINUTES_PER_DAY = 24 * 60


class TimeFormatError(ValueError):
    """A time value that no rule can read."""


@cache  # a feed writes the same few thousand clock times hundreds of thousands of times
def parse_gtfs_time(value: str) -> int:
    """'25:10:00' -> 1510 minutes after the service day's midnight; seconds are rounded down."""
    match = _GTFS_TIME.match(value.strip())
    if not match:
        raise TimeFormatError(f"not a GTFS time (HH:MM:SS): {value!r}")
    hours, minutes, _seconds = (int(g) for g in match.groups())
    return hours * 60 + minutes


def parse_sheet_time(value: str | float) -> int:
    """'1899-12-30T20:35:00.000Z' -> 1235 (20:35). The 31st (a serial past 24 h) adds a day.

    A number typed into the sheet instead of a time, such as 12.05, is read as 12:05 when its
    decimals are valid minutes (one real ONTD cell)."""
    if isinstance(value, bool):
        raise TimeFormatError(f"not a time: {value!r}")
    if isinstance(value, int | float):
        whole_hours, decimal_minutes = int(value), round((value - int(value)) * 100)
        if 0 <= whole_hours < 48 and 0 <= decimal_minutes < 60:
            return whole_hours * 60 + decimal_minutes
        raise TimeFormatError(f"a number that is not a time (H.MM): {value!r}")
    match = _SHEET_TIME.match(value.strip())
    if not match:
        raise TimeFormatError(f"not a Google-Sheets time serial: {value!r}")
    day, hours, minutes, _seconds = match.groups()
    extra_day = MINUTES_PER_DAY if day == "31" else 0
    return extra_day + int(hours) * 60 + int(minutes)


def format_minutes(minutes: int) -> str:
    """1510 -> '25:10' (a service-day clock, may pass 24:00)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def aware(service_day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """The instant of `minutes` after the service day's local midnight in `zone`.

    GTFS measures from "noon minus 12 h", which is midnight except on DST change days; the
    difference is one hour on two nights a year and is ignored here (documented).
    """
    midnight = datetime.combine(service_day, time(0, 0), tzinfo=zone)
    return midnight + timedelta(minutes=minutes)


def local_times_to_instants(
    service_day: date, local_minutes: Sequence[int], zones: Sequence[ZoneInfo]
) -> list[datetime]:
    """Wall-clock times read at each station (ONTD) to instants, detecting day roll-overs.

    Each time is placed on the earliest day (the previous call's day, the day before or after)
    where it is not earlier than the previous instant: 23:50 -> 00:20 rolls over to the next
    day, and a westward time-zone change (00:30 EET, then 23:50 CET = 20 minutes later) goes
    back to the previous date instead of jumping a whole day.
    """
    instants: list[datetime] = []
    day_offset = 0
    for minutes, zone in zip(local_minutes, zones, strict=True):
        if not instants:
            instants.append(aware(service_day, minutes, zone))
            continue
        offset = day_offset - 1
        candidate = aware(service_day + timedelta(days=offset), minutes, zone)
        while candidate < instants[-1]:
            offset += 1
            candidate = aware(service_day + timedelta(days=offset), minutes, zone)
        day_offset = offset
        instants.append(candidate)
    return instants
