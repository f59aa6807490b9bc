"""The same train in two current sources: linked, and counted once (docs: "Doublons entre sources").

Sources are ranked (catalogue.TIMETABLES: the night-train database first, then SNCF, Renfe, the
German feed). A trajet of a lower-ranked source is the same train as a trajet of a higher-ranked
one when both are day trains or both night trains, and three of its calls (two when it has only
two) are at the same stations at the same local times, in the same order: within 2 minutes when both sources give service dates that overlap, within 10 minutes
against a source without dates (the night-train database describes a timetable year, not days).
The lower-ranked trajet keeps its row and lineage, gets `duplicate_of` = the other trajet (so
statistics count the train once) and a link row: `same_train` when both run between the same
origin and terminus, else `fragment_of` (the lower one only covers part of the train, e.g. the
German section of a Paris-Frankfurt TGV; it is then marked as a fragment with that note).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from warehouse.rows import CallRow, LinkRow, TrajetRow

MIN_SHARED_CALLS = 3
TOLERANCE_WITH_DATES_MIN = 2
TOLERANCE_WITHOUT_DATES_MIN = 10


@dataclass(frozen=True)
class _Stop:
    station_id: str
    minute: int  # minutes after the trajet's origin departure, in absolute time
    clock: int  # local minute of the day at the station


def _stops(calls: Sequence[CallRow]) -> list[_Stop]:
    out = []
    for call in calls:
        clock_time = call.departure_local or call.arrival_local
        offset = (
            call.departure_offset_min
            if call.departure_offset_min is not None
            else call.arrival_offset_min
        )
        if clock_time is None or offset is None:
            continue
        out.append(_Stop(call.station_id, offset, clock_time.hour * 60 + clock_time.minute))
    return out


def _clock_distance(a: int, b: int) -> int:
    d = abs(a - b) % 1440
    return min(d, 1440 - d)


def _dates_overlap(a: TrajetRow, b: TrajetRow) -> bool | None:
    """None when either source lists no service dates (then the looser tolerance applies)."""
    if a.service_days is None or b.service_days is None:
        return None
    if not (a.service_start and a.service_end and b.service_start and b.service_end):
        return None
    return _overlaps(a.service_start, a.service_end, b.service_start, b.service_end)


def _overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def shared_calls(lower: list[_Stop], higher: list[_Stop], tolerance: int) -> int:
    """Calls of `lower` matched in order to calls of `higher` (same station, clock within tolerance)."""
    matched, position = 0, 0
    for stop in lower:
        for index in range(position, len(higher)):
            candidate = higher[index]
            if (
                candidate.station_id == stop.station_id
                and _clock_distance(candidate.clock, stop.clock) <= tolerance
            ):
                matched += 1
                position = index + 1
                break
    return matched


def link_same_trains(
    trajets: list[TrajetRow],
    calls: list[CallRow],
    ranked_sources: Sequence[str],
    current_sources: set[str],
) -> list[LinkRow]:
    """Sets `duplicate_of` on the lower-ranked trajets in place and returns the link rows."""
    rank = {source: i for i, source in enumerate(ranked_sources)}
    calls_of: dict[str, list[CallRow]] = defaultdict(list)
    for call in calls:
        calls_of[call.trajet_id].append(call)
    stops = {
        t.trajet_id: _stops(calls_of[t.trajet_id])
        for t in trajets
        if t.source_id in current_sources
    }
    at: dict[tuple[str, int], list[str]] = defaultdict(list)  # (station, local minute) -> trajets
    for trajet_id, trajet_stops in stops.items():
        for stop in trajet_stops:
            at[(stop.station_id, stop.clock)].append(trajet_id)
    by_id = {t.trajet_id: t for t in trajets}

    links: list[LinkRow] = []
    for lower in sorted(
        (t for t in trajets if t.trajet_id in stops), key=lambda t: rank[t.source_id]
    ):
        best = _best_match(lower, stops, at, by_id, rank)
        if best is None:
            continue
        higher, shared, tolerance = best
        lower.duplicate_of = higher.trajet_id
        partial = (lower.origin_station_id, lower.destination_station_id) != (
            higher.origin_station_id,
            higher.destination_station_id,
        )
        if partial and not lower.is_fragment:
            lower.is_fragment = True
            lower.fragment_note = f"covers part of {higher.train_number or higher.source_trip_id} ({higher.source_id})"
        link_type = "fragment_of" if lower.is_fragment else "same_train"
        evidence = (
            f"{shared} calls at the same stations within {tolerance} min of {higher.source_id} "
            f"{higher.train_number or higher.source_trip_id}"
        )
        links.append(LinkRow(lower.trajet_id, higher.trajet_id, link_type, evidence))
    return links


def _candidates(lower_stops: list[_Stop], at: dict[tuple[str, int], list[str]]) -> Counter[str]:
    """Trajets with a call at one of these stations within the loosest tolerance, with how
    many such calls (a cheap upper bound of the ordered match)."""
    hits: Counter[str] = Counter()
    for stop in lower_stops:
        seen: set[str] = set()
        for delta in range(-TOLERANCE_WITHOUT_DATES_MIN, TOLERANCE_WITHOUT_DATES_MIN + 1):
            seen.update(at.get((stop.station_id, (stop.clock + delta) % 1440), ()))
        hits.update(seen)
    return hits


def _best_match(
    lower: TrajetRow,
    stops: dict[str, list[_Stop]],
    at: dict[tuple[str, int], list[str]],
    by_id: dict[str, TrajetRow],
    rank: dict[str, int],
) -> tuple[TrajetRow, int, int] | None:
    lower_stops = stops[lower.trajet_id]
    needed = max(min(MIN_SHARED_CALLS, len(lower_stops)), 2)
    best: tuple[TrajetRow, int, int] | None = None
    # In id order: among equally good candidates the first wins, the same one at every load.
    for candidate_id, hits in sorted(_candidates(lower_stops, at).items()):
        if hits < needed:
            continue
        higher = by_id[candidate_id]
        if (
            rank[higher.source_id] >= rank[lower.source_id]
            or higher.duplicate_of is not None
            or higher.day_night != lower.day_night
        ):
            continue
        overlap = _dates_overlap(lower, higher)
        if overlap is False:
            continue
        tolerance = TOLERANCE_WITH_DATES_MIN if overlap else TOLERANCE_WITHOUT_DATES_MIN
        shared = shared_calls(lower_stops, stops[candidate_id], tolerance)
        if shared >= needed and (best is None or shared > best[1]):
            best = (higher, shared, tolerance)
    return best
