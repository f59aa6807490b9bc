"""The day/night rule (docs/donnees/harmonisation.md, "Jour / nuit").

* `day_night = 'night'` when the source says the train is a sleeper/couchette service: every
  train of the Open Night Train Database, EuroNight/Nightjet products in the German feed, Lunéa
  routes in the 2013 Intercités feed. The reason is kept in `night_basis`.
* `runs_overnight` records separately that a train merely runs through the night: it leaves
  at 19:00 or later (local time), runs at least 5 hours and arrives the next day between
  04:00 and 12:00. A day train can run overnight without being a night train.
"""

from __future__ import annotations

from datetime import time

OVERNIGHT_EARLIEST_DEPARTURE = time(19, 0)
OVERNIGHT_MIN_DURATION_MIN = 5 * 60
OVERNIGHT_ARRIVAL_WINDOW = (time(4, 0), time(12, 0))


def day_night(night_basis: str | None) -> str:
    return "night" if night_basis else "day"


def runs_overnight(
    departure: time, arrival: time, arrival_day_offset: int, duration_min: int
) -> bool:
    return (
        departure >= OVERNIGHT_EARLIEST_DEPARTURE
        and duration_min >= OVERNIGHT_MIN_DURATION_MIN
        and arrival_day_offset == 1
        and OVERNIGHT_ARRIVAL_WINDOW[0] <= arrival <= OVERNIGHT_ARRIVAL_WINDOW[1]
    )
