"""The Trajets filters, kept whole in the URL query string so that a view can be shared.

`TrajetFilters.from_query` reads what a URL says (ignoring what it cannot understand),
`to_query` writes only what differs from the defaults, and `to_api` gives the API's parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Final, Literal

DayNightChoice = Literal["all", "day", "night"]

#: Sort orders offered to users (a subset of the API's whitelist), default first.
SORTS: Final[tuple[str, ...]] = (
    "departure",
    "-duration",
    "duration",
    "-distance",
    "distance",
    "-co2_saving",
    "-weekly_departures",
    "origin",
    "destination",
)
#: The filters every exploring page shares (Trajets, Statistiques, Carte): kept in the URL and,
#: across pages, in the session.
SHARED_KEYS: Final = ("day_night", "country", "operator", "source", "service_from", "service_until")
MAX_DURATION_H: Final = 30
MAX_DISTANCE_KM: Final = 3000
PAGE_SIZE: Final = 25
_TEXT_LIMIT: Final = 120


def _text(value: str | None) -> str:
    """Free text from a URL: printable, trimmed, bounded (NUL bytes never reach the API)."""
    if not value:
        return ""
    cleaned = "".join(ch for ch in value if ch.isprintable())
    return cleaned.strip()[:_TEXT_LIMIT]


def _codes(value: str | None) -> str:
    """`fr, DE ,xx1` -> `FR,DE`: ISO country codes from a URL, comma-separated."""
    parts = [p.strip().upper() for p in _text(value).split(",")]
    return ",".join(dict.fromkeys(p for p in parts if len(p) == 2 and p.isalpha()))


def _identifiers(value: str | None) -> str:
    """Identifiers (operators, source editions) from a URL, comma-separated."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-")
    parts = [p.strip() for p in _text(value).split(",")]
    return ",".join(dict.fromkeys(p for p in parts if p and set(p) <= allowed and p[0].isalnum()))


def _iso_day(value: str | None) -> str:
    try:
        return date.fromisoformat(_text(value)).isoformat() if value else ""
    except ValueError:
        return ""


def _bounded_int(value: str | None, lower: int, upper: int) -> int | None:
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    if number is None or not lower <= number <= upper:
        return None
    return number


@dataclass(frozen=True)
class TrajetFilters:
    q: str = ""
    origin: str = ""
    destination: str = ""
    country: str = ""
    operator: str = ""
    day_night: DayNightChoice = "all"
    min_duration_h: int | None = None
    max_duration_h: int | None = None
    min_distance_km: int | None = None
    max_distance_km: int | None = None
    sort: str = SORTS[0]
    page: int = 1
    trajet: str = ""
    """The trajet opened under the results (its id), if any."""
    source: str = ""
    """Source editions (ids, comma-separated); empty: the current editions."""
    service_from: str = ""
    service_until: str = ""
    """Service period (ISO days): trajets whose calendar meets it."""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> TrajetFilters:
        day_night = query.get("day_night", "all")
        sort = query.get("sort", SORTS[0])
        return cls(
            q=_text(query.get("q")),
            origin=_text(query.get("origin")),
            destination=_text(query.get("destination")),
            country=_codes(query.get("country")),
            operator=_identifiers(query.get("operator")),
            day_night=day_night if day_night in ("day", "night") else "all",  # type: ignore[arg-type]
            min_duration_h=_bounded_int(query.get("min_duration_h"), 0, MAX_DURATION_H),
            max_duration_h=_bounded_int(query.get("max_duration_h"), 0, MAX_DURATION_H),
            min_distance_km=_bounded_int(query.get("min_distance_km"), 0, MAX_DISTANCE_KM),
            max_distance_km=_bounded_int(query.get("max_distance_km"), 0, MAX_DISTANCE_KM),
            sort=sort if sort in SORTS else SORTS[0],
            page=_bounded_int(query.get("page"), 1, 100_000) or 1,
            trajet=_text(query.get("trajet")),
            source=_identifiers(query.get("source")),
            service_from=_iso_day(query.get("service_from")),
            service_until=_iso_day(query.get("service_until")),
        )

    def to_query(self) -> dict[str, str]:
        """The URL query string: only what differs from the defaults."""
        defaults = asdict(TrajetFilters())
        return {
            name: str(value)
            for name, value in asdict(self).items()
            if value != defaults[name] and value is not None
        }

    def to_api(self, page_size: int = PAGE_SIZE) -> dict[str, object]:
        """The API's /trajets parameters for these filters (durations in minutes)."""
        params: dict[str, object] = {
            "q": self.q or None,
            "origin": self.origin or None,
            "destination": self.destination or None,
            "country": self.country or None,
            "operator": self.operator or None,
            "day_night": None if self.day_night == "all" else self.day_night,
            "min_duration": None if self.min_duration_h is None else self.min_duration_h * 60,
            "max_duration": None if self.max_duration_h is None else self.max_duration_h * 60,
            "min_distance": self.min_distance_km,
            "max_distance": self.max_distance_km,
            "sort": self.sort,
            "page": self.page,
            "page_size": page_size,
            "source": self.source or None,
            "service_from": self.service_from or None,
            "service_until": self.service_until or None,
        }
        return {name: value for name, value in params.items() if value is not None}

    def statistics(self) -> dict[str, object]:
        """The API parameters of the shared filters (statistics, map)."""
        return self.shared().without_paging()

    def without_paging(self) -> dict[str, object]:
        """The filter parameters alone (for CSV export and statistics)."""
        params = self.to_api()
        for name in ("page", "page_size", "sort"):
            params.pop(name, None)
        return params

    def shared(self) -> TrajetFilters:
        """Only the filters shared between pages."""
        return TrajetFilters(**{key: getattr(self, key) for key in SHARED_KEYS})

    @property
    def countries(self) -> list[str]:
        return [c for c in self.country.split(",") if c]

    @property
    def operators(self) -> list[str]:
        return [o for o in self.operator.split(",") if o]

    @property
    def sources(self) -> list[str]:
        return [s for s in self.source.split(",") if s]

    def with_changes(self, **changes: object) -> TrajetFilters:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def query_keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
