"""The day/night rule (docs/donnees/harmonisation.md, "Jour / nuit").

* `day_night = 'night'` when the source says the train is a sleeper/couchette service: every
  train of the Open Night Train Database, EuroNight/Nightjet products in the German feed, Lunéa
  routes in the 2013 Intercités feed. The reason is kept in `night_basis`.
* `runs_overnight` records separately that a train is on its way during the core night: at
  least one minute of its journey, from the origin's departure to the terminus's arrival, lies
  between 00:00 and 05:00 local time at the station it is leaving or at the one it is
  approaching. The same rule for every source. A day train can run overnight without being a
  night train (a TGV arriving at 00:40, an ICE leaving at 00:00).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

CORE_NIGHT = (time(0, 0), time(5, 0))
"""The core night, local time: [00:00, 05:00)."""

TimedEvent = tuple[datetime, ZoneInfo]
"""An arrival or a departure: its (aware) instant and the time zone of its station."""

#: European time zones lie within 3 hours of each other (Lisbon to Istanbul): a journey that
#: stays this far from the core night in its origin's time stays clear of it everywhere.
ZONE_SPREAD = timedelta(hours=4)
ONE_DAY = timedelta(days=1)


def day_night(night_basis: str | None) -> str:
    return "night" if night_basis else "day"


def runs_overnight(events: Sequence[TimedEvent]) -> bool:
    """True when the journey between two consecutive events (in order) overlaps the core night
    in the local time of either event's station."""
    if len(events) < 2:
        return False
    (start, origin_zone), end = events[0], events[-1][0]
    if end - start >= timedelta(days=1):
        return True
    if not _in_core_night(start - ZONE_SPREAD, end + ZONE_SPREAD, origin_zone):
        return False  # a day train nowhere near midnight: no need to look at each leg
    return any(
        after > before and (_in_core_night(before, after, z1) or _in_core_night(before, after, z2))
        for (before, z1), (after, z2) in pairwise(events)
    )


def _in_core_night(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """Does [start, end] overlap some day's [00:00, 05:00) in `zone`'s wall-clock time?

    The first night that can overlap is the one of the start's own day: the interval overlaps
    it when it ends after that midnight and starts before 05:00; it overlaps a later night
    whenever it ends after the next midnight."""
    local_start = start.astimezone(zone).replace(tzinfo=None)
    local_end = end.astimezone(zone).replace(tzinfo=None)
    midnight = datetime.combine(local_start.date(), CORE_NIGHT[0])
    if local_end <= midnight:
        return False
    return local_start.time() < CORE_NIGHT[1] or local_end > midnight + ONE_DAY
