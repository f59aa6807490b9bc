"""Trips that a feed cuts at midnight or at the edge of its coverage (gtfs.de 2025).

The 2025 German feed never writes a time past 23:59: the part of a train after midnight is a
separate trip on the next service day, and international trains stop at pseudo border points
('Breclav(Gr)'). Rules (docs/donnees/harmonisation.md, "Trajets coupés"):

* Rejoin piece A and piece B only where they provably belong together: same route, B starts at
  the station where A ends, B leaves within 120 minutes after A arrives across midnight (B's
  first time is after 00:00, A's last before 24:00; a night train may wait long where it is
  split or joined), and B runs exactly on the days after A's days. The rejoined trip keeps A's service days, its id is 'A+B' and `stitched_from` lists both.
* What stays cut is marked `is_fragment`, with the reason: it starts or ends at a border point
  (coverage edge), or it is a night-train piece that starts after midnight or ends before it.
  Fragments are later linked to the full train of another source when one matches (links.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from warehouse.harmonise.times import MINUTES_PER_DAY
from warehouse.model import Call, ParsedFeed, Trip

MAX_GAP_MIN = 120
LATE_ARRIVAL_MIN = 22 * 60
EARLY_DEPARTURE_MIN = 4 * 60


def _first_time(trip: Trip) -> int:
    first = trip.calls[0]
    return first.departure if first.departure is not None else first.arrival  # type: ignore[return-value]


def _last_time(trip: Trip) -> int:
    last = trip.calls[-1]
    return last.arrival if last.arrival is not None else last.departure  # type: ignore[return-value]


def _shifted(days: frozenset, by: int = 1) -> frozenset:  # type: ignore[type-arg]
    return frozenset(day + timedelta(days=by) for day in days)


def continuation_of(before: Trip, after: Trip) -> bool:
    """True when `after` provably continues `before` across midnight."""
    if before.route_id != after.route_id or before.calls[-1].stop_id != after.calls[0].stop_id:
        return False
    gap = _first_time(after) + MINUTES_PER_DAY - _last_time(before)
    if not 0 <= gap <= MAX_GAP_MIN:
        return False
    return (
        bool(before.service.calendar)
        and _shifted(before.service.calendar) == after.service.calendar
    )


def join(before: Trip, after: Trip) -> Trip:
    """One trip: `before`'s calls, the junction call (arrival of one, departure of the other),
    then `after`'s calls with times moved past 24:00."""
    junction = Call(
        before.calls[-1].stop_id,
        before.calls[-1].seq,
        before.calls[-1].arrival,
        None if after.calls[0].departure is None else after.calls[0].departure + MINUTES_PER_DAY,
    )
    tail = [
        Call(
            c.stop_id,
            junction.seq + 1 + i,
            None if c.arrival is None else c.arrival + MINUTES_PER_DAY,
            None if c.departure is None else c.departure + MINUTES_PER_DAY,
        )
        for i, c in enumerate(after.calls[1:])
    ]
    pieces = (before.stitched_from or [before.source_trip_id]) + (
        after.stitched_from or [after.source_trip_id]
    )
    return replace(
        before,
        source_trip_id="+".join(pieces),
        calls=[*before.calls[:-1], junction, *tail],
        stitched_from=pieces,
    )


def rejoin_midnight_pieces(feed: ParsedFeed) -> ParsedFeed:
    trips = list(feed.trips)
    changed = True
    while changed:
        changed = False
        ending_late: dict[tuple[str, str], list[Trip]] = defaultdict(list)
        for trip in trips:
            if _last_time(trip) >= LATE_ARRIVAL_MIN:
                ending_late[(trip.route_id, trip.calls[-1].stop_id)].append(trip)
        for after in trips:
            if _first_time(after) >= EARLY_DEPARTURE_MIN:
                continue
            candidates = [
                b
                for b in ending_late.get((after.route_id, after.calls[0].stop_id), ())
                if b is not after and continuation_of(b, after)
            ]
            if len(candidates) == 1:
                before = candidates[0]
                trips = [t for t in trips if t is not before and t is not after] + [
                    join(before, after)
                ]
                changed = True
                break
    return replace(feed, trips=[_mark_fragment(trip, feed) for trip in trips])


def _mark_fragment(trip: Trip, feed: ParsedFeed) -> Trip:
    first, last = feed.stops[trip.calls[0].stop_id], feed.stops[trip.calls[-1].stop_id]
    reasons = [f"starts at the border point {first.name}"] if first.is_border_point else []
    if last.is_border_point:
        reasons.append(f"ends at the border point {last.name}")
    if trip.night_basis and _first_time(trip) < EARLY_DEPARTURE_MIN:
        reasons.append(
            "night-train piece starting after midnight (the feed cuts trips at midnight)"
        )
    if trip.night_basis and _last_time(trip) >= LATE_ARRIVAL_MIN:
        reasons.append("night-train piece ending before midnight (the feed cuts trips at midnight)")
    if not reasons:
        return trip
    return replace(trip, is_fragment=True, fragment_note="; ".join(reasons))
