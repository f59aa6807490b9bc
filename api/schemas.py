"""Response shapes, for the OpenAPI document (descriptions in French: it is the API reference).

The handlers do not build these models: PostgreSQL builds the JSON and the handlers send it as
bytes. These models describe that JSON; the schemathesis test checks every response against them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def example(value: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [value]})


class DayNight(StrEnum):
    day = "day"
    night = "night"


# --- Trajets -------------------------------------------------------------------------------


class OperatorRef(Model):
    id: str = Field(description="Identifiant de l'exploitant (voir /operators).")
    name: str = Field(description="Raison sociale.")


STATION_EXAMPLE = {"id": "8101003", "name": "Wien Hbf", "city": "Wien", "country": "AT"}


class StationRef(Model):
    model_config = example(STATION_EXAMPLE)
    id: str = Field(description="Identifiant de gare (code UIC quand il est connu).")
    name: str = Field(description="Nom de la gare.")
    city: str | None = Field(description="Ville.")
    country: str | None = Field(description="Pays, code ISO 3166-1 alpha-2.")


class Co2Summary(Model):
    train_kg: float | None = Field(description="CO2e du trajet en train, kg par passager.")
    plane_kg: float | None = Field(description="CO2e du même trajet en avion, kg par passager.")


class SourceSummary(Model):
    id: str = Field(description="Identifiant de l'édition de la source (famille@édition).")
    name: str = Field(description="Nom de la source.")
    edition: str = Field(description="Édition (date de publication du jeu de données).")
    licence: str = Field(description="Licence de la source.")
    is_current: bool = Field(description="Vrai pour l'édition d'horaires en vigueur.")


TRAJET_SUMMARY_EXAMPLE: dict[str, Any] = {
    "id": "0648ad7d2501039e",
    "train_number": "NJ 40466",
    "name": "NJ 40466 Wien Hbf – Venezia Santa Lucia",
    "operator": {"id": "obb", "name": "ÖBB-Personenverkehr AG"},
    "brand": "Nightjet",
    "rail_category": "night",
    "day_night": "night",
    "runs_overnight": True,
    "origin": STATION_EXAMPLE,
    "destination": {
        "id": "8300094",
        "name": "Venezia Santa Lucia",
        "city": "Venezia",
        "country": "IT",
    },
    "departure_local": "21:39",
    "departure_tz": "Europe/Vienna",
    "arrival_local": "08:34",
    "arrival_tz": "Europe/Rome",
    "arrival_day_offset": 1,
    "duration_min": 655,
    "distance_km": 619.0,
    "countries": ["AT", "IT"],
    "weekly_departures": 7.0,
    "weekdays": "1111111",
    "days_label": "2026: Daily",
    "co2": {"train_kg": 5.559, "plane_kg": 111.782},
    "source": {
        "id": "ontd@2026-06-30",
        "name": "Back-on-Track Open Night Train Database",
        "edition": "2026-06-30",
        "licence": "CC BY-SA 4.0",
        "is_current": True,
    },
    "is_fragment": False,
    "counted_in_stats": True,
}


class TrajetSummary(Model):
    """Un trajet : un train régulier, de son origine à son terminus, dans une édition de source."""

    model_config = example(TRAJET_SUMMARY_EXAMPLE)
    id: str = Field(description="Identifiant stable du trajet (dérivé de la source et du train).")
    train_number: str | None = Field(description="Numéro commercial du train.")
    name: str | None = Field(description="Nom du train ou de la relation.")
    operator: OperatorRef | None = Field(description="Exploitant principal.")
    brand: str | None = Field(description="Marque commerciale (Nightjet, TGV INOUI, ICE…).")
    rail_category: str = Field(description="high_speed, intercity, regional ou night.")
    day_night: DayNight = Field(description="Classement jour/nuit (règle documentée).")
    runs_overnight: bool = Field(description="Vrai si le train roule entre minuit et 5 h.")
    origin: StationRef
    destination: StationRef
    departure_local: str = Field(description="Heure de départ locale HH:MM.", examples=["21:39"])
    departure_tz: str = Field(description="Fuseau horaire du départ (IANA).")
    arrival_local: str = Field(description="Heure d'arrivée locale HH:MM.")
    arrival_tz: str = Field(description="Fuseau horaire de l'arrivée (IANA).")
    arrival_day_offset: int = Field(description="Jours après le jour de départ (0, 1, 2…).")
    duration_min: int = Field(description="Durée en minutes, fuseaux horaires compris.")
    distance_km: float | None = Field(description="Distance ferroviaire en km.")
    countries: list[str] = Field(description="Pays desservis, dans l'ordre du parcours.")
    weekly_departures: float = Field(description="Départs par semaine (moyenne sur la validité).")
    weekdays: str | None = Field(
        description="Jours de circulation, lundi d'abord (1 = circule ce jour-là).",
        examples=["1111100"],
    )
    days_label: str | None = Field(
        description="Jours de circulation, en clair (langue de la source)."
    )
    co2: Co2Summary
    source: SourceSummary
    is_fragment: bool = Field(description="Vrai si la source ne donne qu'une partie du parcours.")
    counted_in_stats: bool = Field(
        description="Faux quand le même train est déjà compté via un autre trajet."
    )


class PageLinks(Model):
    self_: str = Field(alias="self", description="Cette page.")
    first: str = Field(description="Première page.")
    last: str = Field(description="Dernière page.")
    next: str | None = Field(description="Page suivante (null sur la dernière).")
    prev: str | None = Field(description="Page précédente (null sur la première).")


class TrajetPage(Model):
    model_config = example(
        {
            "items": [TRAJET_SUMMARY_EXAMPLE],
            "total": 31,
            "page": 1,
            "page_size": 25,
            "pages": 2,
            "links": {
                "self": "/trajets?q=Vienne&day_night=night&page=1",
                "first": "/trajets?q=Vienne&day_night=night&page=1",
                "last": "/trajets?q=Vienne&day_night=night&page=2",
                "next": "/trajets?q=Vienne&day_night=night&page=2",
                "prev": None,
            },
            "data_version": "ba498b799581",
        }
    )
    items: list[TrajetSummary]
    total: int = Field(description="Nombre de trajets correspondant aux filtres.")
    page: int = Field(description="Numéro de la page (à partir de 1).")
    page_size: int = Field(description="Taille de page demandée.")
    pages: int = Field(description="Nombre de pages (0 si aucun résultat).")
    links: PageLinks
    data_version: str | None = Field(description="Version des données publiées.")


class CallStation(StationRef):
    latitude: float | None
    longitude: float | None
    uic: str | None = Field(description="Code UIC à 7 chiffres.")


class Call(Model):
    seq: int = Field(description="Rang de l'arrêt (0 = origine).")
    station: CallStation
    arrival_local: str | None = Field(description="Arrivée locale HH:MM (null à l'origine).")
    arrival_day_offset: int | None
    departure_local: str | None = Field(description="Départ local HH:MM (null au terminus).")
    departure_day_offset: int | None
    time_zone: str


class Service(Model):
    weekdays: str | None = Field(description="Sept caractères lundi→dimanche, 1 = circule.")
    start: date | None = Field(description="Premier jour de circulation.")
    end: date | None = Field(description="Dernier jour de circulation.")
    days: int | None = Field(description="Nombre de jours de circulation.")
    weekly_departures: float
    label: str | None


class Co2Factor(Model):
    id: str
    label: str
    kg_per_pkm: float = Field(description="kg CO2e par passager-kilomètre.")
    source_name: str
    source_url: str


class AirportRef(Model):
    iata: str
    name: str


class Co2Detail(Co2Summary):
    train_method: str | None = Field(description="source (valeur publiée) ou factor (calcul).")
    train_factor: Co2Factor | None
    plane_distance_km: float | None = Field(description="Distance orthodromique aéroport-aéroport.")
    origin_airport: AirportRef | None
    destination_airport: AirportRef | None
    plane_factor: Co2Factor | None
    saving_kg: float | None = Field(description="CO2e évité en prenant le train, kg par passager.")


class TrajetLink(Model):
    trajet_id: str
    link_type: str = Field(description="same_train ou fragment_of.")
    evidence: str


class SourceDetail(SourceSummary):
    publisher: str
    public_url: str
    licence_url: str
    attribution: str = Field(description="Mention à reproduire avec les données.")


class TrajetDetail(TrajetSummary):
    """Un trajet avec ses arrêts, son calendrier, le détail CO2 et sa source."""

    model_config = ConfigDict(extra="forbid")
    calls: list[Call]
    distance_method: str | None = Field(description="source ou calls (somme des arrêts).")
    service: Service
    co2: Co2Detail
    links: list[TrajetLink]
    source: SourceDetail


# --- Statistics ----------------------------------------------------------------------------


class DayNightCounts(Model):
    day: int
    night: int
    total: int


class DayNightAmounts(Model):
    day: float
    night: float
    total: float


class VolumeGroup(Model):
    key: str | None = Field(description="Valeur du regroupement (null : non renseigné).")
    label: str | None = Field(description="Libellé lisible.")
    trajets: DayNightCounts
    weekly_departures: DayNightAmounts


class VolumeTotals(Model):
    trajets: DayNightCounts
    weekly_departures: DayNightAmounts


class GroupBy(StrEnum):
    operator = "operator"
    country = "country"
    brand = "brand"
    source = "source"
    rail_category = "rail_category"


class Volumes(Model):
    model_config = example(
        {
            "group_by": "operator",
            "groups": [
                {
                    "key": "obb",
                    "label": "ÖBB-Personenverkehr AG",
                    "trajets": {"day": 0, "night": 64, "total": 64},
                    "weekly_departures": {"day": 0.0, "night": 301.5, "total": 301.5},
                }
            ],
            "totals": {
                "trajets": {"day": 0, "night": 64, "total": 64},
                "weekly_departures": {"day": 0.0, "night": 301.5, "total": 301.5},
            },
            "data_version": "ba498b799581",
        }
    )
    group_by: GroupBy
    groups: list[VolumeGroup] = Field(
        description="Par pays, un trajet compte dans chaque pays desservi."
    )
    totals: VolumeTotals = Field(description="Chaque trajet compté une fois.")
    data_version: str | None


class SourceValidity(Model):
    source_id: str
    name: str
    valid_from: date | None
    valid_until: date | None


class Summary(Model):
    trajets: int = Field(description="Trajets en vigueur comptés dans les statistiques.")
    trajets_day: int
    trajets_night: int
    night_share: float | None = Field(description="Part des trajets de nuit (0 à 1).")
    operators: int
    countries: int
    stations: int = Field(description="Gares desservies par au moins un trajet en vigueur.")
    weekly_departures: float
    validity: list[SourceValidity] = Field(description="Validité des horaires en vigueur.")
    data_version: str | None
    published_at: datetime | None
    last_etl_success_at: datetime | None


class Metric(StrEnum):
    duration = "duration"
    distance = "distance"


class Bin(Model):
    lower: float = Field(description="Borne inférieure (incluse).")
    upper: float = Field(description="Borne supérieure (exclue).")
    day: int
    night: int


class Distribution(Model):
    metric: Metric
    unit: str = Field(description="min ou km.")
    bins: list[Bin]


class Co2ByDayNight(Model):
    day_night: DayNight
    trajets: int
    avg_train_kg: float | None
    avg_plane_kg: float | None
    avg_saving_kg: float | None


class Co2FactorFull(Co2Factor):
    version: str
    mode: str = Field(description="train ou plane.")
    category: str
    includes_contrails: bool = Field(description="Effet des traînées de condensation inclus.")
    min_distance_km: float | None
    max_distance_km: float | None


class Co2Stats(Model):
    by_day_night: list[Co2ByDayNight]
    factors: list[Co2FactorFull] = Field(description="Facteurs d'émission et leurs sources.")


class MapStation(Model):
    id: str
    name: str
    latitude: float | None
    longitude: float | None


class Route(Model):
    origin: MapStation
    destination: MapStation
    day_night: DayNight
    trajets: int
    weekly_departures: float


class MapRoutes(Model):
    routes: list[Route]


# --- Reference -----------------------------------------------------------------------------


class StationMatch(Model):
    model_config = example({**STATION_EXAMPLE, "trajet_count": 412, "matched_name": "Vienne"})
    id: str
    name: str
    city: str | None
    country: str | None
    trajet_count: int = Field(description="Trajets en vigueur qui desservent la gare.")
    matched_name: str | None = Field(description="Le nom (toutes langues) qui correspond à q.")


class Operator(Model):
    id: str
    name: str
    short_name: str
    country: str | None
    url: str | None
    trajets: int = Field(description="Trajets en vigueur comptés dans les statistiques.")


class Source(Model):
    id: str
    family: str
    name: str
    edition: str
    kind: str = Field(description="timetable, stations, airports ou factors.")
    is_current: bool
    publisher: str
    public_url: str
    licence: str
    licence_url: str
    attribution: str
    share_alike: bool = Field(description="Licence à partage dans les mêmes conditions.")
    valid_from: date | None
    valid_until: date | None
    notes: str | None


class EtlRunSource(Model):
    source_id: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    calls_matched_share: float | None
    duration_s: float


class EtlRun(Model):
    run_id: int
    started_at: datetime
    finished_at: datetime | None
    status: str = Field(description="running, succeeded ou failed.")
    data_version: str | None
    code_version: str
    error: str | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    sources: list[EtlRunSource]


class QualityRun(Model):
    run_id: int
    started_at: datetime
    finished_at: datetime | None
    data_version: str | None
    success: bool | None
    critical_failures: int
    warning_failures: int
    duration_s: float | None


class QualityExpectation(Model):
    expectation: str
    severity: str = Field(description="critical ou warning.")
    success: bool
    unexpected_count: int | None
    description: str
    observed_value: str | None
    sample: list[Any] = Field(description="Échantillon de valeurs en échec.")


class QualitySuite(Model):
    suite: str
    success: bool
    expectations: list[QualityExpectation]


class QualityLatest(Model):
    run: QualityRun | None = Field(description="Dernière validation des données publiées.")
    suites: list[QualitySuite]


class Alert(Model):
    name: str
    severity: str | None
    summary: str | None
    description: str | None
    starts_at: datetime | None
    runbook_url: str | None


class Alerts(Model):
    available: bool = Field(description="Faux si Alertmanager n'est pas configuré ou injoignable.")
    alerts: list[Alert]


# --- Health and errors ---------------------------------------------------------------------


class DatabaseHealth(Model):
    reachable: bool
    latency_ms: float | None = Field(description="Durée d'une requête simple, en ms.")


class DataHealth(Model):
    version: str | None
    published_at: datetime | None
    last_etl_success_at: datetime | None


class Health(Model):
    model_config = example(
        {
            "status": "ok",
            "version": "0.1.0",
            "database": {"reachable": True, "latency_ms": 1.2},
            "data": {
                "version": "ba498b799581",
                "published_at": "2026-11-25T21:58:16.789301+00:00",
                "last_etl_success_at": "2026-11-25T21:58:16.789301+00:00",
            },
        }
    )
    status: Literal["ok", "unavailable"]
    version: str = Field(description="Version de l'API.")
    database: DatabaseHealth
    data: DataHealth


class Status(Model):
    status: Literal["ok"]


class ProblemParameter(Model):
    parameter: str = Field(description="Nom du paramètre en cause.")
    rule: str = Field(description="Règle enfreinte (identifiant stable).")
    message: str


class Problem(Model):
    """Erreur au format RFC 9457 (application/problem+json)."""

    model_config = example(
        {
            "type": "urn:obrail:problem:validation_failed",
            "title": "Invalid request parameters",
            "status": 422,
            "detail": "Parameter 'sort': unknown sort key 'price'",
            "code": "validation_failed",
            "instance": "/trajets",
            "request_id": "3f2b8c0e9a6d4e1f8b7c6d5e4f3a2b1c",
            "errors": [
                {
                    "parameter": "sort",
                    "rule": "sort_whitelist",
                    "message": "unknown sort key 'price'",
                }
            ],
        }
    )
    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="Code stable du catalogue d'erreurs.")
    instance: str = Field(description="Chemin de la requête.")
    request_id: str | None
    errors: list[ProblemParameter] | None = None
