"""Countries: ISO 3166-1 alpha-2 codes, UIC country prefixes and default time zones."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: UIC country code (first two digits of a 7-digit station code) -> ISO country.
UIC_COUNTRY = {
    "10": "FI",
    "20": "RU",
    "21": "BY",
    "22": "UA",
    "23": "MD",
    "24": "LT",
    "25": "LV",
    "26": "EE",
    "27": "KZ",
    "28": "GE",
    "41": "AL",
    "44": "BA",
    "49": "BA",
    "50": "BA",
    "51": "PL",
    "52": "BG",
    "53": "RO",
    "54": "CZ",
    "55": "HU",
    "56": "SK",
    "60": "IE",
    "62": "ME",
    "65": "MK",
    "70": "GB",
    "71": "ES",
    "72": "RS",
    "73": "GR",
    "74": "SE",
    "75": "TR",
    "76": "NO",
    "78": "HR",
    "79": "SI",
    "80": "DE",
    "81": "AT",
    "82": "LU",
    "83": "IT",
    "84": "NL",
    "85": "CH",
    "86": "DK",
    "87": "FR",
    "88": "BE",
    "94": "PT",
}

#: Default IANA time zone of each European country (a country with one zone).
COUNTRY_TIME_ZONE = {
    "AD": "Europe/Andorra",
    "AL": "Europe/Tirane",
    "AT": "Europe/Vienna",
    "BA": "Europe/Sarajevo",
    "BE": "Europe/Brussels",
    "BG": "Europe/Sofia",
    "BY": "Europe/Minsk",
    "CH": "Europe/Zurich",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "GR": "Europe/Athens",
    "HR": "Europe/Zagreb",
    "HU": "Europe/Budapest",
    "IE": "Europe/Dublin",
    "IT": "Europe/Rome",
    "LI": "Europe/Vaduz",
    "LT": "Europe/Vilnius",
    "LU": "Europe/Luxembourg",
    "LV": "Europe/Riga",
    "MC": "Europe/Monaco",
    "MD": "Europe/Chisinau",
    "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje",
    "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest",
    "RS": "Europe/Belgrade",
    "RU": "Europe/Moscow",
    "SE": "Europe/Stockholm",
    "SI": "Europe/Ljubljana",
    "SK": "Europe/Bratislava",
    "TR": "Europe/Istanbul",
    "UA": "Europe/Kyiv",
    "XK": "Europe/Belgrade",
}

#: Codes the sources write that are not ISO 3166-1.
_ALIASES = {"UK": "GB", "EL": "GR"}


def normalise_country(code: str | None) -> str | None:
    """'uk' -> 'GB'; '' -> None; anything not two letters -> None."""
    if not code:
        return None
    value = code.strip().upper()
    value = _ALIASES.get(value, value)
    return value if len(value) == 2 and value.isalpha() else None


def country_of_uic(uic: str | None) -> str | None:
    if not uic or len(uic) < 2:
        return None
    return UIC_COUNTRY.get(uic[:2])


def time_zone_of_country(country: str | None) -> str | None:
    return COUNTRY_TIME_ZONE.get(country) if country else None


@cache
def valid_time_zone(name: str | None) -> str | None:
    """The name if it is a real IANA zone ('Europe/Bucarest', a typo in a reference, is not)."""
    if not name or "/" not in name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name
