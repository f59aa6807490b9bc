"""Which airports the plane side of the comparison may use: scheduled passenger service only.

airportsdata gives positions but no service flag (it lists Berlin-Tegel, closed in 2020, and
airfields such as Oberpfaffenhofen or Hamburg-Finkenwerder). An airport is eligible when the
service reference (airports-py) says `scheduled_service = TRUE` for its IATA code and classes
it as a large or medium airport (a small airport's scheduled service is an island hop or an
air-taxi line, not an alternative to a train), unless a documented exception in
warehouse/reference/airport_service_exceptions.csv says otherwise (for example a country whose
airspace is closed to civil flights). Codes the service reference does not know, or for which
it says nothing (Tegel: empty flag, type 'closed' in OurAirports), are never chosen.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace

from warehouse.model import Airport, AirportService
from warehouse.reference import REFERENCE_DIR

#: Airport types of the service reference whose scheduled service is a plausible alternative.
ELIGIBLE_TYPES = frozenset({"large_airport", "medium_airport"})
EXCEPTIONS_FILE = REFERENCE_DIR / "airport_service_exceptions.csv"


@dataclass(frozen=True)
class ServiceException:
    scope: str  # 'iata' or 'country'
    code: str
    scheduled_service: bool
    reason: str
    source_url: str


def load_exceptions() -> list[ServiceException]:
    with EXCEPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            ServiceException(
                r["scope"],
                r["code"].strip().upper(),
                r["scheduled_service"].strip() == "true",
                r["reason"],
                r["source_url"],
            )
            for r in csv.DictReader(handle)
        ]


def has_scheduled_service(
    airport: Airport,
    service: dict[str, AirportService],
    exceptions: list[ServiceException],
) -> bool:
    for exception in exceptions:
        if (exception.scope == "iata" and exception.code == airport.iata) or (
            exception.scope == "country" and exception.code == airport.country
        ):
            return exception.scheduled_service
    known = service.get(airport.iata)
    return bool(
        known is not None and known.scheduled_service and known.airport_type in ELIGIBLE_TYPES
    )


def with_scheduled_service(
    airports: list[Airport],
    service: dict[str, AirportService],
    exceptions: list[ServiceException] | None = None,
) -> list[Airport]:
    """The airports a traveller could fly from today, flagged `scheduled_service`."""
    rules = load_exceptions() if exceptions is None else exceptions
    return [
        replace(airport, scheduled_service=True)
        for airport in airports
        if has_scheduled_service(airport, service, rules)
    ]
