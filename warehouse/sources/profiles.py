"""One small profile per GTFS feed: how each feed writes numbers, brands, products and stations.

The day/night rule lives here too, per feed, because each source says it its own way:
a trajet is a night train when its source says it is a sleeper/couchette service (EuroNight or
Nightjet product in the German feed, a Lunéa route in the 2013 Intercités feed, every train of
the Open Night Train Database). See docs/donnees/harmonisation.md, "Jour / nuit".
"""

from __future__ import annotations

import re
from typing import ClassVar

from warehouse.harmonise.categories import NIGHT_PRODUCTS, category_of
from warehouse.sources.gtfs import GtfsProfile, TripIdentity

_S_BAHN_PREFIX = re.compile(r"^(?:S\+U|S|U)\s+")
_BHF_WORD = re.compile(r"\s+Bhf\b")
_TRAILING_BRACKET = re.compile(r"^(?P<rest>.*?)\s*\((?P<inner>[^()]+)\)$")


def clean_german_stop_name(raw: str) -> str:
    """City first, as people write station names (the German feed's station rows do not):
    'Hamburg, Hamburg Hbf' -> 'Hamburg Hbf'; 'S Ostbahnhof (Berlin)' -> 'Berlin Ostbahnhof';
    'S+U Berlin Hauptbahnhof' -> 'Berlin Hauptbahnhof'; 'S Spandau Bhf (Berlin)' -> 'Berlin
    Spandau'; border points 'Breclav(Gr)' -> 'Breclav (Grenze)'. Other names are kept."""
    name = " ".join(raw.split())
    if name.endswith("(Gr)"):
        return name[: -len("(Gr)")].strip() + " (Grenze)"
    if ", " in name:
        city, rest = name.split(", ", 1)
        name = rest if rest.casefold().startswith(city.casefold()) else f"{city} {rest}"
    without_prefix = _S_BAHN_PREFIX.sub("", name)
    if without_prefix == name:
        return name
    name = _BHF_WORD.sub("", without_prefix)
    bracket = _TRAILING_BRACKET.match(name)
    if bracket and not bracket["rest"].casefold().startswith(bracket["inner"].casefold()):
        name = f"{bracket['inner']} {bracket['rest']}"  # the S-Bahn names put the city last
    return name


def _uic7_from_sncf(stop_id: str) -> str | None:
    """'StopArea:OCE87391003' or 'StopPoint:OCETGV INOUI-87391003' -> '8739100' (UIC-8 minus
    the SNCF check digit)."""
    match = re.search(r"(\d{8})$", stop_id)
    return match.group(1)[:7] if match else None


class SncfTgvProfile(GtfsProfile):
    """SNCF TGV 2025: train number in trip_headsign; the brand only in the stop-id prefix."""

    BRANDS: ClassVar[dict[str, str]] = {
        "OCETGV INOUI": "TGV INOUI",
        "OCEOUIGO": "OUIGO",
        "OCELyria": "Lyria",
        "OCEICE": "ICE",
    }

    def stop_uic(self, row: dict[str, str]) -> str | None:
        return _uic7_from_sncf(row["stop_id"])

    def identify(
        self, trip: dict[str, str], route: dict[str, str], call_stop_ids: list[str]
    ) -> TripIdentity:
        brand = self.brand_of(call_stop_ids[0]) if call_stop_ids else None
        return TripIdentity(
            train_number=trip.get("trip_headsign") or None,
            brand=brand,
            product=brand,
            category="high_speed",
            name=(route.get("route_long_name") or "").strip(" -") or None,
        )

    @classmethod
    def brand_of(cls, stop_point_id: str) -> str | None:
        """'StopPoint:OCETGV INOUI-87391003' -> 'TGV INOUI'."""
        prefix = stop_point_id.removeprefix("StopPoint:").rsplit("-", 1)[0]
        return cls.BRANDS.get(prefix)


class SncfIntercitesProfile(GtfsProfile):
    """SNCF Intercités 2013: CRLF files; train number in trip_headsign; the service type (Lunéa
    night trains vs Corail Intercités) in the route_id prefix; stop names start with 'gare de'."""

    def stop_name(self, row: dict[str, str]) -> str:
        return re.sub(r"^gare d(e |')", "", row["stop_name"].strip(), flags=re.IGNORECASE)

    def stop_uic(self, row: dict[str, str]) -> str | None:
        return _uic7_from_sncf(row["stop_id"])

    def identify(
        self, trip: dict[str, str], route: dict[str, str], call_stop_ids: list[str]
    ) -> TripIdentity:
        is_lunea = route["route_id"].startswith("OCECorail Lunéa")
        return TripIdentity(
            train_number=trip.get("trip_headsign") or None,
            brand="Lunéa" if is_lunea else "Intercités",
            product="Lunéa" if is_lunea else "Intercités",
            category="night" if is_lunea else "intercity",
            night_basis="Lunéa route (SNCF couchette night train)" if is_lunea else None,
            name=route.get("route_long_name") or None,
        )


class DeutschlandProfile(GtfsProfile):
    """gtfs.de long distance: no train numbers; route_short_name = product (+ line number);
    stop ids are not UIC codes; pseudo border points are named '…(Gr)'."""

    def __init__(self, *, cut_at_midnight: bool) -> None:
        self.cut_at_midnight = cut_at_midnight

    def is_border_point(self, row: dict[str, str]) -> bool:
        return row["stop_name"].strip().endswith("(Gr)")

    def stop_name(self, row: dict[str, str]) -> str:
        return clean_german_stop_name(row["stop_name"])

    def identify(
        self, trip: dict[str, str], route: dict[str, str], call_stop_ids: list[str]
    ) -> TripIdentity:
        short_name = (route.get("route_short_name") or "").strip()
        product = short_name.split(" ", 1)[0] or None
        category = category_of(product)
        night_basis = (
            f"{NIGHT_PRODUCTS[product]} product ({product})" if product in NIGHT_PRODUCTS else None
        )
        return TripIdentity(
            train_number=None,
            brand=NIGHT_PRODUCTS.get(product or "", product),
            product=product,
            category=category,
            night_basis=night_basis,
            name=short_name or None,
        )


class RenfeProfile(GtfsProfile):
    """Renfe AV/LD/MD 2026: every field right-padded; hours without a leading zero; train
    number in trip_short_name; product in route_short_name; Adif station codes."""

    strip_padding = True

    def stop_codes(self, row: dict[str, str]) -> tuple[tuple[str, str], ...]:
        return (("renfe", row["stop_id"]),)

    def identify(
        self, trip: dict[str, str], route: dict[str, str], call_stop_ids: list[str]
    ) -> TripIdentity:
        product = (route.get("route_short_name") or "").strip() or None
        return TripIdentity(
            train_number=(trip.get("trip_short_name") or "").strip() or None,
            brand=product,
            product=product,
            category=category_of(product),
        )
