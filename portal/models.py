"""What the portal reads from the API, as typed models of the API contract.

Tolerant on purpose: unknown fields are ignored and fields the portal can do without are
optional, so a new API field never breaks a page. A payload that does not fit at all is
reported as an unexpected answer, never shown as a traceback.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

DayNight = Literal["day", "night"]


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- health and freshness -------------------------------------------------------------------


class DatabaseHealth(ApiModel):
    reachable: bool = False
    latency_ms: float | None = None


ValidityStatus = Literal["current", "expired", "upcoming", "historical"]


class EditionValidity(ApiModel):
    """One source edition's validity on the day of the request."""

    source_id: str
    name: str
    status: str = "current"
    valid_from: date | None = None
    valid_until: date | None = None
    expired_since: date | None = None


class TimetablesValidity(ApiModel):
    """current, partly_expired, expired or historical: are the timetables shown still valid?"""

    status: str = "current"
    editions: list[EditionValidity] = []


class DataFreshness(ApiModel):
    version: str | None = None
    published_at: datetime | None = None
    last_etl_success_at: datetime | None = None
    timetables: TimetablesValidity | None = None


class Health(ApiModel):
    status: str
    version: str | None = None
    database: DatabaseHealth = DatabaseHealth()
    data: DataFreshness = DataFreshness()


# --- key figures ----------------------------------------------------------------------------


class SourceValidity(ApiModel):
    source_id: str
    name: str
    valid_from: date | None = None
    valid_until: date | None = None
    status: str = "current"
    expired_since: date | None = None


class Summary(ApiModel):
    trajets: int
    trajets_day: int = 0
    trajets_night: int = 0
    night_share: float | None = None
    operators: int = 0
    countries: int = 0
    stations: int = 0
    weekly_departures: float | None = None
    validity: list[SourceValidity] = []
    timetables_status: str = "current"
    data_version: str | None = None
    published_at: datetime | None = None
    last_etl_success_at: datetime | None = None


# --- trajets --------------------------------------------------------------------------------


class OperatorRef(ApiModel):
    id: str | None = None
    name: str | None = None


class StationRef(ApiModel):
    id: str
    name: str
    city: str | None = None
    country: str | None = None


class Co2Brief(ApiModel):
    train_kg: float | None = None
    plane_kg: float | None = None


class SourceRef(ApiModel):
    id: str
    name: str
    edition: str | None = None
    licence: str | None = None
    is_current: bool | None = None
    validity_status: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    expired_since: date | None = None
    publisher: str | None = None
    public_url: str | None = None
    licence_url: str | None = None
    attribution: str | None = None


class PlausibilityFlag(ApiModel):
    code: str
    message: str | None = None


class Plausibility(ApiModel):
    plausible: bool = True
    flags: list[PlausibilityFlag] = []


class TrajetSummary(ApiModel):
    id: str | int
    train_number: str | None = None
    name: str | None = None
    operator: OperatorRef | None = None
    brand: str | None = None
    rail_category: str | None = None
    day_night: DayNight
    runs_overnight: bool | None = None
    origin: StationRef
    destination: StationRef
    departure_local: str | None = None
    departure_tz: str | None = None
    arrival_local: str | None = None
    arrival_tz: str | None = None
    arrival_day_offset: int | None = None
    duration_min: float | None = None
    distance_km: float | None = None
    countries: list[str] = []
    weekly_departures: float | None = None
    weekdays: str | None = None
    days_label: str | None = None
    service_start: date | None = None
    service_end: date | None = None
    service_days: int | None = None
    extra_dates: list[date] = []
    removed_dates: list[date] = []
    variant_count: int | None = None
    co2: Co2Brief = Co2Brief()
    source: SourceRef | None = None
    plausibility: Plausibility = Plausibility()
    is_fragment: bool | None = None
    counted_in_stats: bool | None = None


class TrajetPage(ApiModel):
    items: list[TrajetSummary]
    total: int
    page: int = 1
    page_size: int = 25
    pages: int = 1
    timetables: TimetablesValidity | None = None
    data_version: str | None = None


class CallStation(StationRef):
    latitude: float | None = None
    longitude: float | None = None
    uic: str | None = None
    coordinates_precision: str | None = None  # 'station', 'town' (a town centroid) or None


class Call(ApiModel):
    seq: int
    station: CallStation
    arrival_local: str | None = None
    arrival_day_offset: int | None = None
    departure_local: str | None = None
    departure_day_offset: int | None = None
    time_zone: str | None = None


class Co2Factor(ApiModel):
    id: str | None = None
    mode: str | None = None
    category: str | None = None
    label: str | None = None
    kg_per_pkm: float | None = None
    source_name: str | None = None
    source_url: str | None = None


class AirportRef(ApiModel):
    iata: str
    name: str | None = None


class Co2Detail(Co2Brief):
    train_method: str | None = None
    train_factor: Co2Factor | None = None
    plane_distance_km: float | None = None
    origin_airport: AirportRef | None = None
    destination_airport: AirportRef | None = None
    plane_factor: Co2Factor | None = None
    saving_kg: float | None = None


class Service(ApiModel):
    weekdays: Any = None
    start: date | None = None
    end: date | None = None
    days: int | None = None
    weekly_departures: float | None = None
    label: str | None = None
    run_dates: list[date] = []
    extra_dates: list[date] = []
    removed_dates: list[date] = []
    variant_trip_ids: list[str] = []


class TrajetLink(ApiModel):
    trajet_id: str | int
    link_type: str
    evidence: str | None = None


class TrajetDetail(TrajetSummary):
    calls: list[Call] = []
    distance_method: str | None = None
    service: Service | None = None
    co2: Co2Detail = Co2Detail()
    links: list[TrajetLink] = []


# --- statistics and map ---------------------------------------------------------------------


class DayNightCount(ApiModel):
    day: float = 0
    night: float = 0
    total: float = 0


class CoverageLevels(ApiModel):
    """covered, partial or none ("non couvert": a 0 there is unknown, not zero)."""

    day: str = "covered"
    night: str = "covered"


class VolumeGroup(ApiModel):
    key: str | None = None
    label: str | None = None
    trajets: DayNightCount
    weekly_departures: DayNightCount = DayNightCount()
    coverage: CoverageLevels | None = None


class VolumeTotals(ApiModel):
    trajets: DayNightCount = DayNightCount()
    weekly_departures: DayNightCount = DayNightCount()


class Volumes(ApiModel):
    group_by: str
    groups: list[VolumeGroup]
    totals: VolumeTotals = VolumeTotals()


class DistributionBin(ApiModel):
    lower: float
    upper: float
    day: int = 0
    night: int = 0


class Distribution(ApiModel):
    metric: str
    unit: str | None = None
    bins: list[DistributionBin]


class Co2ByDayNight(ApiModel):
    day_night: DayNight
    trajets: int = 0
    with_train_co2: int | None = None
    with_plane_co2: int | None = None
    comparable: int | None = None
    avg_train_kg: float | None = None
    avg_plane_kg: float | None = None
    avg_saving_kg: float | None = None


class Co2Stats(ApiModel):
    by_day_night: list[Co2ByDayNight]
    factors: list[Co2Factor] = []


class RouteEnd(ApiModel):
    id: str
    name: str
    latitude: float | None = None
    longitude: float | None = None


class Route(ApiModel):
    origin: RouteEnd
    destination: RouteEnd
    day_night: DayNight
    trajets: int = 0
    weekly_departures: float | None = None


class MapRoutes(ApiModel):
    routes: list[Route]


# --- reference, operations ------------------------------------------------------------------


class Operator(ApiModel):
    id: str = Field(validation_alias=AliasChoices("id", "operator_id"))
    name: str
    country: str | None = None


class Source(ApiModel):
    id: str = Field(validation_alias=AliasChoices("id", "source_id"))
    name: str
    edition: str | None = None
    kind: str | None = None
    is_current: bool | None = None
    publisher: str | None = None
    public_url: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    attribution: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    validity_status: str | None = None
    expired_since: date | None = None


class CoverageCell(ApiModel):
    level: str = "none"
    basis: str | None = None
    sources: list[str] = []
    services: int = 0


class CountryCoverage(ApiModel):
    country: str
    day: CoverageCell = CoverageCell()
    night: CoverageCell = CoverageCell()


class EtlRun(ApiModel):
    run_id: str | int
    started_at: datetime | None = None
    finished_at: datetime | None = None
    status: str
    data_version: str | None = None
    rows_read: int | None = None
    rows_loaded: int | None = None
    rows_rejected: int | None = None


class QualityRun(ApiModel):
    run_id: str | int | None = None
    target: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    success: bool | None = None
    data_version: str | None = None


class Expectation(ApiModel):
    expectation: str
    severity: str | None = None
    success: bool
    unexpected_count: int | None = None
    description: str | None = None
    observed_value: Any = None


class QualitySuite(ApiModel):
    suite: str
    success: bool
    expectations: list[Expectation] = []


class QualityLatest(ApiModel):
    run: QualityRun | None = None
    suites: list[QualitySuite] = []


class Alert(ApiModel):
    name: str
    severity: str | None = None
    summary: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    runbook_url: str | None = None


class Alerts(ApiModel):
    available: bool
    alerts: list[Alert] = []


# --- journeys: from my city, train or plane ---------------------------------------------------


class CityRef(ApiModel):
    query: str | None = None
    city: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class LocalTime(ApiModel):
    time: str
    time_zone: str = ""
    days: int = 0


class AirportBrief(ApiModel):
    iata: str
    name: str | None = None


class PlaneEstimate(ApiModel):
    origin_airport: AirportBrief
    destination_airport: AirportBrief
    distance_km: float
    access_min: int
    airport_before_min: int
    flight_min: int
    airport_after_min: int
    egress_min: int
    door_to_door_min: int
    co2_kg: float | None = None


class StationPoint(ApiModel):
    id: str
    name: str
    latitude: float | None = None
    longitude: float | None = None


class Destination(ApiModel):
    city: str
    country: str | None = None
    day_night: DayNight
    station: StationPoint
    trains: int
    weekly_departures: float
    fastest_min: int
    earliest_departure: LocalTime
    latest_arrival: LocalTime
    rail_km: float | None = None
    co2_train_kg: float | None = None
    co2_plane_kg: float | None = None
    plane: PlaneEstimate | None = None


class Destinations(ApiModel):
    origin: CityRef
    destinations: list[Destination]
    method: dict[str, Any] = {}


class TrainOption(ApiModel):
    trajet_id: str
    train: str | None = None
    operator: str | None = None
    day_night: DayNight
    departure: LocalTime
    arrival: LocalTime
    from_station: str
    to_station: str
    rail_min: int
    door_to_door_min: int
    weekly_departures: float = 0
    rail_km: float | None = None
    co2_train_kg: float | None = None
    verdict: str
    minutes_saved: float | None = None


class Comparison(ApiModel):
    origin: CityRef
    destination: CityRef
    trains: list[TrainOption]
    fastest: TrainOption | None = None
    plane: PlaneEstimate | None = None
    method: dict[str, Any] = {}


class WinningPair(ApiModel):
    origin: str
    origin_country: str | None = None
    destination: str
    destination_country: str | None = None
    day_night: DayNight
    trajet_id: str
    train: str | None = None
    rail_min: int
    train_door_to_door_min: int
    plane_door_to_door_min: int
    minutes_saved: float
    co2_train_kg: float | None = None
    co2_plane_kg: float | None = None
    plane_km: float


class WinningPairs(ApiModel):
    pairs: list[WinningPair]
    total: int = 0


class StationMatch(ApiModel):
    id: str
    name: str
    city: str | None = None
    country: str | None = None
    trajet_count: int | None = None


# --- modal-shift potential (the model slot, /predictions/report-modal) ------------------------


class ShiftModelInfo(ApiModel):
    name: str
    version: int
    artefact_sha256: str = ""
    trained_on_data_version: str | None = None
    data_version: str | None = None
    interval_level: float = 0.8
    cv_mae: float | None = None
    training_range_min: list[float] = []


class ShiftPair(ApiModel):
    pair_id: str
    place_a: str
    country_a: str | None = None
    latitude_a: float | None = None
    longitude_a: float | None = None
    place_b: str
    country_b: str | None = None
    latitude_b: float | None = None
    longitude_b: float | None = None
    distance_km: float | None = None
    rail_time_min: int
    fastest_day_night: DayNight = "day"
    weekly_departures: float | None = None
    day_trajets: int = 0
    night_trajets: int = 0


ShiftExtrapolation = Literal["below_training_range", "above_training_range", "night_only"]


class ShiftPrediction(ApiModel):
    rail_share: float
    low: float
    high: float
    extrapolation: ShiftExtrapolation | None = None


class ShiftPairPrediction(ApiModel):
    pair: ShiftPair
    prediction: ShiftPrediction


class ModalShift(ApiModel):
    model: ShiftModelInfo
    caveat: str
    pair: ShiftPair
    prediction: ShiftPrediction


class ModalShiftPairs(ApiModel):
    model: ShiftModelInfo
    caveat: str
    total: int = 0
    items: list[ShiftPairPrediction] = []
