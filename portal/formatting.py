"""Numbers, dates and durations written the way each language writes them.

French: `12 345`, `3,5`, `27 %`, `25/11/2026 14:05 (heure de Paris)`; English: `12,345`,
`3.5`, `27%`, `25 Nov 2026 14:05 (Paris time)`. Numbers and dates come from the CLDR through
Babel; timestamps are shown in Paris time, the observatory's reference, and say so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_timedelta, get_timezone_location
from babel.numbers import format_decimal, format_percent

from portal.i18n import Language

DISPLAY_TIME_ZONE = ZoneInfo("Europe/Paris")
#: The CLDR locale of each interface language (Babel writes numbers and dates from it).
LOCALES: dict[Language, str] = {"fr": "fr_FR", "en": "en_GB"}
MISSING = "–"


@cache
def locale(language: Language) -> Locale:
    return Locale.parse(LOCALES[language])


def _decimals(pattern: str, digits: int) -> str:
    """A CLDR number pattern with exactly `digits` fraction digits."""
    integer = pattern.split(".")[0]
    return integer if digits == 0 else integer.replace("0", "0." + "0" * digits, 1)


def number(value: float | None, language: Language, digits: int = 0) -> str:
    """`12 345,6` in French, `12,345.6` in English (CLDR, via Babel); a dash when unknown."""
    if value is None:
        return MISSING
    pattern = _decimals("#,##0", digits)
    return str(format_decimal(value, format=pattern, locale=locale(language)))


def percent(share: float | None, language: Language, digits: int = 1) -> str:
    """A share between 0 and 1 as a percentage: `27,3 %` / `27.3%`."""
    if share is None:
        return MISSING
    base = locale(language).percent_formats[None].pattern
    pattern = base.replace("#,##0", _decimals("#,##0", digits), 1)
    return str(format_percent(share, format=pattern, locale=locale(language)))


def duration(minutes: float | None, language: Language) -> str:
    """`5 h 07` in French, `5 h 07 min` in English."""
    if minutes is None:
        return MISSING
    hours, rest = divmod(round(minutes), 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}" if language == "fr" else f"{hours} h {rest:02d} min"


def day(value: date | None, language: Language) -> str:
    """`09/12/2025` in French, `9 Dec 2025` in English."""
    if value is None:
        return MISSING
    return str(
        format_date(value, "short" if language == "fr" else "medium", locale=locale(language))
    )


_ZONE_LABEL = {"fr": "heure de {city}", "en": "{city} time"}


def zone(time_zone: str | None, language: Language) -> str:
    """`heure de Berlin` / `Berlin time` for an IANA zone ('' when unknown)."""
    if not time_zone:
        return ""
    try:
        city = get_timezone_location(time_zone, locale=locale(language), return_city=True)
    except (LookupError, ValueError):
        return time_zone
    return _ZONE_LABEL[language].format(city=city)


def clock(value: str | time | None, time_zone: str | None, language: Language) -> str:
    """A local time with its zone: `17:45 (heure de Paris)`."""
    if value is None:
        return MISSING
    text = value if isinstance(value, str) else f"{value:%H:%M}"
    label = zone(time_zone, language)
    return f"{text[:5]} ({label})" if label else text[:5]


_DAY_NAMES = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_EVERY_DAY = {"fr": "tous les jours", "en": "every day"}


def weekdays(mask: object, language: Language) -> str | None:
    """`1111100` (Monday first, 1 = runs) as `lundi, mardi, …` in the page's language;
    None when the mask is not seven 0/1 characters."""
    if not isinstance(mask, str) or len(mask) != 7 or set(mask) - {"0", "1"} or "1" not in mask:
        return None
    if mask == "1111111":
        return _EVERY_DAY[language]
    return ", ".join(
        name for name, runs in zip(_DAY_NAMES[language], mask, strict=True) if runs == "1"
    )


def moment(value: datetime | None, language: Language) -> str:
    """A timestamp in Paris time, to the minute, with its zone: `26/11/2026 00:30 (heure de
    Paris)`."""
    if value is None:
        return MISSING
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = aware.astimezone(DISPLAY_TIME_ZONE)
    return f"{day(local.date(), language)} {clock(local.time(), DISPLAY_TIME_ZONE.key, language)}"


def ago(value: datetime | None, now: datetime, language: Language) -> str:
    """`il y a 18 minutes` / `18 minutes ago` (CLDR, via Babel); a dash when unknown."""
    if value is None:
        return MISSING
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return str(
        format_timedelta(
            aware - now, locale=locale(language), add_direction=True, granularity="minute"
        )
    )


def age_hours(value: datetime | None, now: datetime) -> float | None:
    """Hours elapsed since `value` (None when unknown)."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return (now - aware).total_seconds() / 3600
