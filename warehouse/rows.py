"""Rows of the published tables, in column order, as the loader copies them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, time
from typing import Any, ClassVar


class Row:
    TABLE: ClassVar[str]

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.columns())


@dataclass
class TrajetRow(Row):
    TABLE: ClassVar[str] = "trajets"
    trajet_id: str
    source_id: str
    source_trip_id: str
    train_number: str | None
    name: str | None
    operator_id: str | None
    operator_ids: list[str]
    brand: str | None
    rail_category: str
    day_night: str
    night_basis: str | None
    runs_overnight: bool
    origin_station_id: str
    destination_station_id: str
    departure_local: time
    departure_tz: str
    arrival_local: time
    arrival_tz: str
    arrival_day_offset: int
    duration_min: int
    distance_km: float | None
    distance_method: str | None
    countries: list[str]
    weekdays: str | None
    service_start: date | None
    service_end: date | None
    service_days: int | None
    weekly_departures: float
    days_label: str | None
    co2_train_kg: float | None
    co2_train_method: str | None
    co2_train_factor_id: str | None
    co2_plane_kg: float | None
    co2_plane_factor_id: str | None
    plane_distance_km: float | None
    origin_airport: str | None
    destination_airport: str | None
    is_fragment: bool
    fragment_note: str | None
    stitched_from: list[str]
    duplicate_of: str | None = None
    variant_trip_ids: list[str] = field(default_factory=list)
    run_dates: list[date] = field(default_factory=list)
    extra_dates: list[date] = field(default_factory=list)
    removed_dates: list[date] = field(default_factory=list)
    plausibility_flags: list[str] = field(default_factory=list)
    plausibility_notes: list[str] = field(default_factory=list)


@dataclass
class CallRow(Row):
    TABLE: ClassVar[str] = "calls"
    trajet_id: str
    seq: int
    station_id: str
    source_stop_id: str
    source_stop_name: str
    arrival_local: time | None
    arrival_day_offset: int | None
    departure_local: time | None
    departure_day_offset: int | None
    arrival_offset_min: int | None
    departure_offset_min: int | None
    time_zone: str


@dataclass
class LinkRow(Row):
    TABLE: ClassVar[str] = "trajet_links"
    trajet_id: str
    linked_trajet_id: str
    link_type: str
    evidence: str


@dataclass
class Built:
    """One source's harmonised rows."""

    trajets: list[TrajetRow] = field(default_factory=list)
    calls: list[CallRow] = field(default_factory=list)
