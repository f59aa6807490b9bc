"""Query parameters shared by /trajets, /stats/* and /map/routes: declared once, validated strictly.

FastAPI checks types and bounds; the functions here add the rules that span parameters (min <=
max), the sort whitelist, and turn free text into its normalised search form.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, get_args, get_origin

from fastapi import Query, params
from pydantic import BaseModel, ConfigDict, Field

from api.errors import ApiProblem, ErrorCode, ParameterError, Rule, invalid_parameter
from api.schemas import DayNight
from api.text import normalise

TEXT_MAX = 100
HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
_ID = r"[A-Za-z0-9][A-Za-z0-9._:@-]*"
IDENTIFIER = f"^{_ID}$"
#: Lists are comma-separated in one parameter (a parameter is never repeated): at most 50 items.
LIST_MAX = 50
COUNTRIES = rf"^[A-Za-z]{{2}}(,[A-Za-z]{{2}}){{0,{LIST_MAX - 1}}}$"
IDENTIFIERS = rf"^{_ID}(,{_ID}){{0,{LIST_MAX - 1}}}$"
LIST_TEXT_MAX = 1000
#: Edition selectors of `source` besides source ids.
SOURCE_SELECTORS = ("current", "all", "historical")
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


class Format(StrEnum):
    json = "json"
    csv = "csv"


#: Public sort keys -> column of the read model (api.service_rows, alias t). Nothing else reaches
#: ORDER BY.
SORT_KEYS: dict[str, str] = {
    "departure": "t.departure_local",
    "duration": "t.duration_min",
    "distance": "t.distance_km",
    "origin": "t.origin_name",
    "destination": "t.destination_name",
    "co2_saving": "t.co2_saving",
    "weekly_departures": "t.weekly_departures",
}
MAX_SORT_KEYS = 3
_SORT_KEY = "-?(" + "|".join(SORT_KEYS) + ")"
#: Documented in OpenAPI; enforced by `parse_sort`, which names the rule that failed.
SORT_PATTERN = f"^{_SORT_KEY}(,{_SORT_KEY}){{0,{MAX_SORT_KEYS - 1}}}$"


@dataclass(frozen=True)
class SortKey:
    key: str
    descending: bool

    @property
    def text(self) -> str:
        return ("-" if self.descending else "") + self.key


@dataclass(frozen=True)
class StationText:
    """A station given as an id or as a name in any language (matched on its normalised form)."""

    raw: str
    normalized: str


@dataclass(frozen=True)
class TrajetFilters:
    q: StationText | None = None
    origin: StationText | None = None
    destination: StationText | None = None
    countries: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    brand: str | None = None
    day_night: DayNight | None = None
    min_duration: int | None = None
    max_duration: int | None = None
    min_distance: float | None = None
    max_distance: float | None = None
    departure_after: str | None = None
    departure_before: str | None = None
    source: str = "current"
    """current, all, historical, or one source id (the only edition)."""
    sources: tuple[str, ...] = ()
    """Several source ids (editions), when `source` lists more than one."""
    service_from: date | None = None
    service_until: date | None = None

    @property
    def country(self) -> str | None:
        """The one country asked for (None when none or several)."""
        return self.countries[0] if len(self.countries) == 1 else None

    @property
    def operator(self) -> str | None:
        """The one operator asked for (None when none or several)."""
        return self.operators[0] if len(self.operators) == 1 else None


def station_text(parameter: str, value: str | None) -> StationText | None:
    if value is None:
        return None
    normalized = normalise(value)
    if not normalized:
        raise invalid_parameter(parameter, Rule.searchable_text, "must contain letters or digits")
    return StationText(raw=value.strip(), normalized=normalized)


def _check_range(
    errors: list[ParameterError],
    low_name: str,
    low: float | None,
    high_name: str,
    high: float | None,
) -> None:
    if low is not None and high is not None and low > high:
        errors.append(
            ParameterError(
                high_name, Rule.min_le_max, f"must be greater than or equal to {low_name}"
            )
        )


class QueryModel(BaseModel):
    """The query parameters of one endpoint: FastAPI validates them (types, bounds, patterns,
    lengths) and refuses any other parameter (`extra="forbid"`: 422 `unknown_parameter`)."""

    model_config = ConfigDict(extra="forbid")


class NoQuery(QueryModel):
    """An endpoint without query parameters: any parameter is refused."""


#: The parameter of an endpoint that takes no query parameter (`_: NoParams`).
NoParams = Annotated[NoQuery, Query()]


def query_parameter_names(endpoint: Callable[..., Any]) -> tuple[str, ...]:
    """The query parameters an endpoint declares through its query model (as clients write
    them: aliases), read from the endpoint's own signature."""
    names: list[str] = []
    for parameter in inspect.signature(endpoint, eval_str=True).parameters.values():
        annotation = parameter.annotation
        if get_origin(annotation) is not Annotated:
            continue
        model, *metadata = get_args(annotation)
        is_query = any(isinstance(m, params.Query) for m in metadata)
        if is_query and isinstance(model, type) and issubclass(model, BaseModel):
            names += [field.alias or name for name, field in model.model_fields.items()]
    return tuple(names)


class FilterQuery(QueryModel):
    """The trajet filters shared by /trajets, /stats/* and /map/routes."""

    q: Annotated[
        str | None,
        Field(
            max_length=TEXT_MAX,
            description="Recherche libre sur les noms de gares et de villes desservies, sans "
            "accents ni casse, dans toutes les langues connues (« Vienne », « Vienna », « Wien »).",
            examples=["Vienne"],
        ),
    ] = None
    origin: Annotated[
        str | None,
        Field(
            max_length=TEXT_MAX,
            description="Gare d'origine : identifiant (voir /stations) ou nom, toutes langues.",
            examples=["Paris"],
        ),
    ] = None
    destination: Annotated[
        str | None,
        Field(
            max_length=TEXT_MAX,
            description="Gare terminus : identifiant ou nom, toutes langues.",
            examples=["8101003"],
        ),
    ] = None
    country: Annotated[
        str | None,
        Field(
            max_length=LIST_TEXT_MAX,
            pattern=COUNTRIES,
            description="Pays desservi (ISO 3166-1 alpha-2), ou plusieurs séparés par des "
            f"virgules (au plus {LIST_MAX}) : un trajet qui dessert l'un d'eux.",
            examples=["AT", "FR,DE"],
        ),
    ] = None
    operator: Annotated[
        str | None,
        Field(
            max_length=LIST_TEXT_MAX,
            pattern=IDENTIFIERS,
            description="Identifiant d'exploitant (voir /operators), ou plusieurs séparés par des "
            f"virgules (au plus {LIST_MAX}) : un trajet exploité par l'un d'eux.",
            examples=["obb", "obb,sncf"],
        ),
    ] = None
    brand: Annotated[
        str | None,
        Field(
            max_length=TEXT_MAX,
            description="Marque commerciale, sans distinction de casse.",
            examples=["Nightjet"],
        ),
    ] = None
    day_night: Annotated[
        DayNight | None, Field(description="Trains de jour ou de nuit.", examples=["night"])
    ] = None
    min_duration: Annotated[
        int | None, Field(ge=0, le=10_000, description="Durée minimale (minutes).", examples=[240])
    ] = None
    max_duration: Annotated[
        int | None, Field(ge=0, le=10_000, description="Durée maximale (minutes).", examples=[900])
    ] = None
    min_distance: Annotated[
        float | None, Field(ge=0, le=20_000, description="Distance minimale (km).", examples=[500])
    ] = None
    max_distance: Annotated[
        float | None, Field(ge=0, le=20_000, description="Distance maximale (km).", examples=[1500])
    ] = None
    departure_after: Annotated[
        str | None,
        Field(
            pattern=HHMM,
            description="Départ à partir de HH:MM (heure locale). Si departure_after > "
            "departure_before, la fenêtre passe minuit (22:00 → 02:00).",
            examples=["18:00"],
        ),
    ] = None
    departure_before: Annotated[
        str | None,
        Field(pattern=HHMM, description="Départ jusqu'à HH:MM inclus.", examples=["23:59"]),
    ] = None
    source: Annotated[
        str,
        Field(
            max_length=LIST_TEXT_MAX,
            pattern=IDENTIFIERS,
            description="Édition des horaires : current (en vigueur, défaut), all, historical, "
            "ou un ou plusieurs identifiants de source séparés par des virgules (voir /sources).",
            examples=["current", "gtfs-de@2025-11-09,ontd@2026-06-30"],
        ),
    ] = "current"
    service_from: Annotated[
        str | None,
        Field(
            pattern=ISO_DATE,
            json_schema_extra={"format": "date"},
            description="Période de circulation : trajets dont le calendrier (du premier au "
            "dernier jour de circulation) croise la période qui commence ce jour (AAAA-MM-JJ). "
            "Les trajets sans calendrier daté sont exclus dès qu'une borne est donnée.",
            examples=["2025-12-01"],
        ),
    ] = None
    service_until: Annotated[
        str | None,
        Field(
            pattern=ISO_DATE,
            json_schema_extra={"format": "date"},
            description="Période de circulation : dernier jour inclus (AAAA-MM-JJ).",
            examples=["2025-12-31"],
        ),
    ] = None

    def filters(self) -> TrajetFilters:
        """The filters, once the rules that span parameters hold (min <= max, real days, source
        selectors alone), with free text in its normalised search form."""
        errors: list[ParameterError] = []
        _check_range(errors, "min_duration", self.min_duration, "max_duration", self.max_duration)
        _check_range(errors, "min_distance", self.min_distance, "max_distance", self.max_distance)
        period_from = _day(errors, "service_from", self.service_from)
        period_until = _day(errors, "service_until", self.service_until)
        if period_from and period_until and period_from > period_until:
            errors.append(
                ParameterError("service_until", Rule.min_le_max, "must be on or after service_from")
            )
        sources = _split(self.source)
        if len(sources) > 1 and set(sources) & set(SOURCE_SELECTORS):
            errors.append(
                ParameterError(
                    "source",
                    Rule.pattern,
                    "current, all and historical cannot be combined with other values",
                )
            )
        if errors:
            raise ApiProblem(
                ErrorCode.validation_failed,
                "; ".join(f"{e.parameter} {e.message}" for e in errors),
                errors,
            )
        return TrajetFilters(
            q=station_text("q", self.q),
            origin=station_text("origin", self.origin),
            destination=station_text("destination", self.destination),
            countries=tuple(dict.fromkeys(c.upper() for c in _split(self.country))),
            operators=tuple(dict.fromkeys(o.lower() for o in _split(self.operator))),
            brand=self.brand.strip() if self.brand else None,
            day_night=self.day_night,
            min_duration=self.min_duration,
            max_duration=self.max_duration,
            min_distance=self.min_distance,
            max_distance=self.max_distance,
            departure_after=self.departure_after,
            departure_before=self.departure_before,
            source=sources[0] if len(sources) == 1 else "all",
            sources=sources if len(sources) > 1 else (),
            service_from=period_from,
            service_until=period_until,
        )


def _day(errors: list[ParameterError], name: str, value: str | None) -> date | None:
    """A calendar day written YYYY-MM-DD (the pattern is checked first), or an error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(ParameterError(name, Rule.pattern, "must be a real day (YYYY-MM-DD)"))
        return None


def _split(value: str | None) -> tuple[str, ...]:
    """`a,b,c` -> ('a', 'b', 'c'); None or '' -> ()."""
    return tuple(part for part in (value or "").split(",") if part)


def parse_sort(value: str) -> tuple[SortKey, ...]:
    keys: list[SortKey] = []
    parts = [part.strip() for part in value.split(",")]
    if len(parts) > MAX_SORT_KEYS:
        raise invalid_parameter("sort", Rule.max_keys, f"at most {MAX_SORT_KEYS} sort keys")
    for part in parts:
        name = part.removeprefix("-")
        if name not in SORT_KEYS:
            allowed = ", ".join(SORT_KEYS)
            raise invalid_parameter(
                "sort", Rule.sort_whitelist, f"unknown sort key '{name}' (allowed: {allowed})"
            )
        if all(k.key != name for k in keys):  # a repeated key adds nothing to the order
            keys.append(SortKey(name, part.startswith("-")))
    return tuple(keys)


class SortQuery(QueryModel):
    """A sort order (`sort`), parsed by `parse_sort`, which names the rule that failed."""

    sort: Annotated[
        str,
        Field(
            max_length=TEXT_MAX,
            description="Tri : "
            + ", ".join(SORT_KEYS)
            + " ; préfixe « - » pour l'ordre décroissant ; jusqu'à 3 clés séparées par des "
            "virgules.",
            examples=["-weekly_departures,departure"],
            json_schema_extra={"pattern": SORT_PATTERN},
        ),
    ] = "departure"

    def sort_keys(self) -> tuple[SortKey, ...]:
        return parse_sort(self.sort)
