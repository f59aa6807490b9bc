"""Plausibility rules (docs/donnees/harmonisation.md, "Plausibilité").

A trajet that breaks a rule is kept and published, with one flag per broken rule (a stable
code and an English message with the figures), and is left out of every statistic
(`counted_in_stats` is false in the api views). The rules, per rail category:

* `speed_too_low` / `speed_too_high`: the average speed (distance / duration, stops included)
  is outside the category's band. The floors catch impossible averages, not slow trains: an
  ICE up the Karwendel line to Seefeld (27 km/h) or an Alvia between Bilbao and Miranda de
  Ebro (32 km/h) is real; and a journey under 30 km (a hop between two stations of one city)
  is not held to a floor at all;
* `duration_too_long`: the journey lasts longer than the category's maximum;
* `time_gap`: more than 18 hours between two consecutive calls (a time that goes backwards in
  the source and was read as the next day: NJ 464 Graz – Zürich 'arrives' at Klagenfurt 23 h
  after Kühnsdorf);
* `distance_detour`: the distance is more than 3 times the straight line between origin and
  terminus (a station placed far from where it is, such as Trainline's Pola de Lena in
  Russia, makes a path of thousands of kilometres on a short regional line);
* `night_too_short` / `night_not_overnight`: a night train must have a night-length journey —
  at least 5 hours, part of it between 00:00 and 05:00 (the Breclav(Gr) – Wien Hbf pieces of
  59 minutes the German feed cuts from EuroNight trains are not night trains on their own).

A documented exception (warehouse/reference/plausibility_exceptions.csv: source family, train
number, rule, reason) lifts one rule for one train.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from warehouse.harmonise.geo import haversine_km
from warehouse.rows import CallRow, TrajetRow

EXCEPTIONS_FILE = Path(__file__).resolve().parents[1] / "reference" / "plausibility_exceptions.csv"


@dataclass(frozen=True)
class Bounds:
    min_speed_kmh: float
    max_speed_kmh: float
    max_duration_min: int


#: Per rail category: plausible average speed (km/h, stops included) and longest journey.
BOUNDS: dict[str, Bounds] = {
    "high_speed": Bounds(25, 330, 16 * 60),
    "intercity": Bounds(15, 200, 24 * 60),
    "regional": Bounds(10, 160, 12 * 60),
    "night": Bounds(25, 160, 40 * 60),
}
MIN_DISTANCE_FOR_SPEED_FLOOR_KM = 30.0
MAX_GAP_BETWEEN_CALLS_MIN = 18 * 60
MAX_DETOUR_RATIO = 3.0
MIN_STRAIGHT_LINE_KM = 20.0  # below this, a ratio to the straight line means little
NIGHT_MIN_DURATION_MIN = 5 * 60


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


@dataclass(frozen=True)
class PlausibilityException:
    source_family: str
    train_number: str
    rule: str
    reason: str


@cache
def load_exceptions(path: Path = EXCEPTIONS_FILE) -> tuple[PlausibilityException, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            PlausibilityException(r["source_family"], r["train_number"], r["rule"], r["reason"])
            for r in csv.DictReader(handle)
        )


def check(
    trajet: TrajetRow,
    calls: Sequence[CallRow],
    ends: tuple[tuple[float, float] | None, tuple[float, float] | None],
    source_family: str,
    exceptions: Sequence[PlausibilityException] = (),
) -> list[Flag]:
    """The rules `trajet` breaks (empty: plausible). `ends` are the (lat, lon) of its origin
    and terminus when known."""
    flags = [
        *_speed_and_duration(trajet),
        *_gaps(calls),
        *_detour(trajet, ends),
        *_night_length(trajet),
    ]
    lifted = {
        e.rule
        for e in exceptions
        if e.source_family == source_family and e.train_number == (trajet.train_number or "")
    }
    return [f for f in flags if f.code not in lifted]


def _speed_and_duration(trajet: TrajetRow) -> list[Flag]:
    bounds = BOUNDS[trajet.rail_category]
    flags = []
    if trajet.duration_min > bounds.max_duration_min:
        flags.append(
            Flag(
                "duration_too_long",
                f"{trajet.duration_min} min, longer than the {bounds.max_duration_min} min "
                f"a {trajet.rail_category} journey can last",
            )
        )
    if trajet.distance_km:
        speed = trajet.distance_km * 60 / trajet.duration_min
        floor_applies = trajet.distance_km >= MIN_DISTANCE_FOR_SPEED_FLOOR_KM
        if floor_applies and speed < bounds.min_speed_kmh:
            flags.append(
                Flag(
                    "speed_too_low",
                    f"{trajet.distance_km:g} km in {trajet.duration_min} min: {speed:.1f} km/h "
                    f"on average, below {bounds.min_speed_kmh:g} km/h for {trajet.rail_category}",
                )
            )
        elif speed > bounds.max_speed_kmh:
            flags.append(
                Flag(
                    "speed_too_high",
                    f"{trajet.distance_km:g} km in {trajet.duration_min} min: {speed:.1f} km/h "
                    f"on average, above {bounds.max_speed_kmh:g} km/h for {trajet.rail_category}",
                )
            )
    return flags


def _gaps(calls: Sequence[CallRow]) -> list[Flag]:
    previous: tuple[int, str] | None = None
    for call in calls:
        for minute in (call.arrival_offset_min, call.departure_offset_min):
            if minute is None:
                continue
            if previous is not None and minute - previous[0] > MAX_GAP_BETWEEN_CALLS_MIN:
                return [
                    Flag(
                        "time_gap",
                        f"{minute - previous[0]} min between {previous[1]} and "
                        f"{call.source_stop_name}: the source's times go backwards and were "
                        "read as the next day",
                    )
                ]
            previous = (minute, call.source_stop_name)
    return []


def _detour(
    trajet: TrajetRow, ends: tuple[tuple[float, float] | None, tuple[float, float] | None]
) -> list[Flag]:
    origin, terminus = ends
    if trajet.distance_km is None or origin is None or terminus is None:
        return []
    straight = haversine_km(origin[0], origin[1], terminus[0], terminus[1])
    if straight < MIN_STRAIGHT_LINE_KM or trajet.distance_km <= MAX_DETOUR_RATIO * straight:
        return []
    return [
        Flag(
            "distance_detour",
            f"{trajet.distance_km:g} km for {straight:.0f} km in a straight line "
            f"(more than {MAX_DETOUR_RATIO:g} times): a station is misplaced or the "
            "distance is wrong",
        )
    ]


def _night_length(trajet: TrajetRow) -> list[Flag]:
    if trajet.day_night != "night":
        return []
    flags = []
    if trajet.duration_min < NIGHT_MIN_DURATION_MIN:
        flags.append(
            Flag(
                "night_too_short",
                f"a night train of {trajet.duration_min} min: a night-length journey lasts at "
                f"least {NIGHT_MIN_DURATION_MIN // 60} h"
                + (f" ({trajet.fragment_note})" if trajet.fragment_note else ""),
            )
        )
    if not trajet.runs_overnight:
        flags.append(
            Flag(
                "night_not_overnight",
                "a night train that is never on its way between 00:00 and 05:00 local time",
            )
        )
    return flags
