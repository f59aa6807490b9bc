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


class ValidityStatus(StrEnum):
    current = "current"
    expired = "expired"
    upcoming = "upcoming"
    historical = "historical"


VALIDITY_STATUS = (
    "Statut de l'édition au jour de la requête : current (valide aujourd'hui), expired (date de "
    "fin passée), upcoming (pas encore en vigueur) ou historical (édition passée, hors chiffres "
    "actuels)."
)


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
    is_current: bool = Field(
        description="Vrai pour l'édition courante de la source (même expirée), faux pour une "
        "édition historique."
    )
    validity_status: ValidityStatus = Field(description=VALIDITY_STATUS)
    valid_until: date | None = Field(description="Dernier jour de validité des horaires.")


class PlausibilityFlag(Model):
    code: str = Field(
        description="Règle enfreinte : speed_too_low, speed_too_high, duration_too_long, "
        "time_gap, distance_detour, night_too_short ou night_not_overnight.",
        examples=["time_gap"],
    )
    message: str = Field(description="Explication chiffrée (en anglais).")


class Plausibility(Model):
    plausible: bool = Field(
        description="Faux si le trajet enfreint une règle de vraisemblance : il reste listé, "
        "avec un avertissement, mais n'entre dans aucune statistique."
    )
    flags: list[PlausibilityFlag] = Field(description="Les règles enfreintes (vide si aucune).")


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
    "service_start": None,
    "service_end": None,
    "service_days": None,
    "extra_dates": [],
    "removed_dates": [],
    "variant_count": 1,
    "co2": {"train_kg": 5.559, "plane_kg": 111.782},
    "source": {
        "id": "ontd@2026-06-30",
        "name": "Back-on-Track Open Night Train Database",
        "edition": "2026-06-30",
        "licence": "GPL-3.0-only",
        "is_current": True,
        "validity_status": "current",
        "valid_until": "2026-12-12",
    },
    "plausibility": {"plausible": True, "flags": []},
    "is_fragment": False,
    "counted_in_stats": True,
}


class TrajetSummary(Model):
    """Un trajet est un **service** : un train régulier de son origine à son terminus, dans une
    édition de source, avec tous ses jours de circulation. Les voyages qu'une source écrit par
    variante de calendrier (même exploitant, numéro ou nom, mêmes arrêts aux mêmes heures) sont
    regroupés en un seul trajet, qui circule à l'union de leurs dates."""

    model_config = example(TRAJET_SUMMARY_EXAMPLE)
    id: str = Field(
        description="Identifiant stable du service (dérivé de la source et du plus petit "
        "identifiant de voyage regroupé) : il survit aux rechargements."
    )
    train_number: str | None = Field(description="Numéro commercial du train.")
    name: str | None = Field(description="Nom du train ou de la relation.")
    operator: OperatorRef | None = Field(description="Exploitant principal.")
    brand: str | None = Field(description="Marque commerciale (Nightjet, TGV INOUI, ICE…).")
    rail_category: str = Field(description="high_speed, intercity, regional ou night.")
    day_night: DayNight = Field(description="Classement jour/nuit (règle documentée).")
    runs_overnight: bool = Field(
        description="Vrai si le train est en route au moins une minute entre 0 h et 5 h, heure "
        "locale (même règle pour toutes les sources)."
    )
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
    weekly_departures: float = Field(
        description="Départs par semaine : dates de départ distinctes dans la validité de la "
        "source ÷ nombre de semaines de la validité (ONTD : somme des jours de la semaine)."
    )
    weekdays: str | None = Field(
        description="Rythme de circulation, lundi d'abord (1 = circule ce jour-là au moins une "
        "semaine sur deux entre `service_start` et `service_end`).",
        examples=["1111100"],
    )
    days_label: str | None = Field(
        description="Jours de circulation, en clair (langue de la source)."
    )
    service_start: date | None = Field(description="Premier jour de départ (sources datées).")
    service_end: date | None = Field(description="Dernier jour de départ (sources datées).")
    service_days: int | None = Field(description="Nombre de dates de départ distinctes.")
    extra_dates: list[date] = Field(
        description="Dates de circulation hors du rythme `weekdays` (exceptions en plus)."
    )
    removed_dates: list[date] = Field(
        description="Dates du rythme `weekdays` sans circulation (exceptions en moins). "
        "Rythme − supprimées + ajoutées = chaque date de départ, exactement."
    )
    variant_count: int = Field(
        description="Voyages de la source regroupés dans ce service (variantes de calendrier)."
    )
    co2: Co2Summary
    source: SourceSummary
    plausibility: Plausibility
    is_fragment: bool = Field(description="Vrai si la source ne donne qu'une partie du parcours.")
    counted_in_stats: bool = Field(
        description="Faux quand le même train est déjà compté via un autre trajet ou quand le "
        "trajet est invraisemblable (`plausibility`)."
    )


class EditionValidity(Model):
    source_id: str
    name: str
    status: ValidityStatus = Field(description=VALIDITY_STATUS)
    valid_from: date | None
    valid_until: date | None
    expired_since: date | None = Field(
        description="Premier jour sans horaires valides (null si l'édition n'a pas expiré)."
    )


class TimetablesStatus(StrEnum):
    current = "current"
    partly_expired = "partly_expired"
    expired = "expired"
    historical = "historical"


class TimetablesValidity(Model):
    status: TimetablesStatus = Field(
        description="current : toutes les éditions affichées sont valides aujourd'hui ; "
        "partly_expired : certaines ont expiré ; expired : toutes ont expiré ; historical : "
        "éditions historiques seulement."
    )
    editions: list[EditionValidity]


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
            "timetables": {
                "status": "partly_expired",
                "editions": [
                    {
                        "source_id": "gtfs-sncf-tgv@2025-07-18",
                        "name": "SNCF Horaires des TGV (TGV INOUI, OUIGO, Lyria, ICE)",
                        "status": "expired",
                        "valid_from": "2025-07-18",
                        "valid_until": "2025-12-15",
                        "expired_since": "2025-12-16",
                    },
                    {
                        "source_id": "ontd@2026-06-30",
                        "name": "Back-on-Track Open Night Train Database",
                        "status": "current",
                        "valid_from": "2025-12-14",
                        "valid_until": "2026-12-12",
                        "expired_since": None,
                    },
                ],
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
    timetables: TimetablesValidity = Field(
        description="Validité, au jour de la requête, des éditions d'horaires que le filtre "
        "`source` sélectionne."
    )
    data_version: str | None = Field(description="Version des données publiées.")


PRECISION_DESCRIPTION = (
    "Précision de la position : `station` (position de la gare), `town` (centre de la ville "
    "ou du bourg de la gare, GeoNames, quand aucune référence de gares ne la connaît : ce n'est "
    "pas la gare), null sans coordonnées."
)


class CallStation(StationRef):
    latitude: float | None
    longitude: float | None
    uic: str | None = Field(description="Code UIC à 7 chiffres.")
    coordinates_precision: Literal["station", "town"] | None = Field(
        description=PRECISION_DESCRIPTION
    )


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
    start: date | None = Field(description="Premier jour de départ.")
    end: date | None = Field(description="Dernier jour de départ.")
    days: int | None = Field(description="Nombre de dates de départ distinctes.")
    weekly_departures: float
    label: str | None
    run_dates: list[date] = Field(
        description="Chaque date de départ de l'origine (union des variantes ; vide quand la "
        "source ne donne pas de dates, comme l'ONTD)."
    )
    extra_dates: list[date] = Field(description="Dates hors du rythme `weekdays`.")
    removed_dates: list[date] = Field(description="Dates du rythme sans circulation.")
    variant_trip_ids: list[str] = Field(
        description="Identifiants des voyages de la source regroupés dans ce service."
    )


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
    valid_from: date | None
    expired_since: date | None = Field(description="Premier jour sans horaires valides.")
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


class CoverageLevel(StrEnum):
    covered = "covered"
    partial = "partial"
    none = "none"


class CoverageLevels(Model):
    day: CoverageLevel
    night: CoverageLevel


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
    coverage: CoverageLevels | None = Field(
        description="Regroupement par pays seulement : couverture des trains de jour et de nuit "
        "de ce pays (none : un 0 y veut dire « non couvert », pas « aucun train »)."
    )


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
                    "coverage": None,
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
    status: ValidityStatus = Field(description=VALIDITY_STATUS)
    expired_since: date | None = Field(description="Premier jour sans horaires valides.")


class Summary(Model):
    trajets: int = Field(
        description="Services (un train = une ligne) des éditions courantes comptés dans les "
        "statistiques : chaque train une fois, trajets invraisemblables exclus."
    )
    trajets_day: int
    trajets_night: int
    night_share: float | None = Field(description="Part des trajets de nuit (0 à 1).")
    operators: int
    countries: int
    stations: int = Field(description="Gares desservies par au moins un trajet en vigueur.")
    weekly_departures: float
    validity: list[SourceValidity] = Field(
        description="Validité des éditions courantes, avec leur statut au jour de la requête."
    )
    timetables_status: TimetablesStatus = Field(
        description="current, partly_expired ou expired : les chiffres reposent-ils sur des "
        "horaires encore valides aujourd'hui ?"
    )
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
    trajets: int = Field(description="Trajets comptés (avec ou sans CO2 connu).")
    with_train_co2: int = Field(description="Trajets dont le CO2 en train est connu.")
    with_plane_co2: int = Field(description="Trajets dont le CO2 en avion est connu.")
    comparable: int = Field(
        description="Trajets dont les deux sont connus : les moyennes portent sur eux seuls ; "
        "les autres (p. ex. trains de nuit sans distance) n'y entrent pas."
    )
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
    matched_name: str | None = Field(
        description="Le nom qui correspond à q (toutes langues, nom de la ville compris)."
    )
    coordinates_precision: Literal["station", "town"] | None = Field(
        description=PRECISION_DESCRIPTION
    )


class CoverageCell(Model):
    level: CoverageLevel = Field(
        description="covered : une source contient tous ces trains ; partial : une partie "
        "seulement ; none : non couvert (un chiffre y est inconnu, pas nul)."
    )
    basis: str = Field(
        description="national_feed, night_database, cross_border (trains venus d'un pays "
        "couvert) ou none."
    )
    sources: list[str] = Field(description="Éditions de sources qui le couvrent.")
    services: int = Field(description="Services comptés dans les statistiques qui y circulent.")


class CountryCoverage(Model):
    model_config = example(
        {
            "country": "ES",
            "day": {
                "level": "covered",
                "basis": "national_feed",
                "sources": ["gtfs-renfe@2026-08-21", "gtfs-sncf-tgv@2025-07-18"],
                "services": 2367,
            },
            "night": {"level": "none", "basis": "none", "sources": [], "services": 0},
        }
    )
    country: str = Field(description="Pays, code ISO 3166-1 alpha-2.")
    day: CoverageCell
    night: CoverageCell


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
    kind: str = Field(
        description="timetable, stations, airports ou factors (chiffres de référence compilés par le projet : facteurs d'émission, parts de marché publiées)."
    )
    is_current: bool
    publisher: str
    public_url: str
    licence: str
    licence_url: str
    attribution: str
    share_alike: bool = Field(description="Licence à partage dans les mêmes conditions.")
    valid_from: date | None
    valid_until: date | None
    validity_status: ValidityStatus = Field(description=VALIDITY_STATUS)
    expired_since: date | None = Field(description="Premier jour sans horaires valides.")
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
    target: str = Field(
        description="published : contrôle des données publiées (`obrail quality`) ; staging : "
        "porte de qualité de l'ETL, passée sur ces mêmes données juste avant leur publication."
    )
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
    run: QualityRun | None = Field(
        description="Dernière validation des données publiées : le dernier passage de "
        "`obrail quality`, ou, s'il n'y en a pas de plus récent, la porte de qualité de l'ETL "
        "qui a publié les données actuelles."
    )
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
    timetables: TimetablesValidity | None = Field(
        description="Validité, au jour de la requête, des éditions courantes d'horaires "
        "(null si la base est injoignable)."
    )


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
                "timetables": {
                    "status": "current",
                    "editions": [
                        {
                            "source_id": "ontd@2026-06-30",
                            "name": "Back-on-Track Open Night Train Database",
                            "status": "current",
                            "valid_from": "2025-12-14",
                            "valid_until": "2026-12-12",
                            "expired_since": None,
                        }
                    ],
                },
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


class ModelSummary(Model):
    name: str = Field(description="Nom du modèle (registre, `obrail model`).")
    title: str = Field(description="Intitulé.")
    description: str = Field(description="Ce que le modèle décrit.")
    caveat: str = Field(description="Limites d'usage, à afficher avec chaque prédiction.")
    endpoints: list[str] = Field(description="Chemins de ses prédictions.")
    active_version: int | None = Field(description="Version servie (null : aucune promue).")
    artefact_sha256: str | None = Field(description="Empreinte SHA-256 de l'artefact servi.")
    trained_on_data_version: str | None = Field(
        description="Version des données publiées sur laquelle la version servie a été entraînée."
    )
    trained_at: datetime | None = Field(description="Date de l'entraînement.")
    active_since: datetime | None = Field(description="Date de la promotion (ou du retour).")
    metrics: dict[str, Any] | None = Field(
        description="Métriques de l'entraînement (validation croisée par paire de villes)."
    )
