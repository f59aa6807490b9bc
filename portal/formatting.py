"""Numbers, dates and durations written the way each language writes them.

French: `12 345`, `3,5`, `27 %`, `25/11/2026 14:05`; English: `12,345`, `3.5`, `27%`,
`25 Nov 2026 14:05`. Dates are shown in Paris time, the observatory's reference.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from portal.i18n import Language

DISPLAY_TIME_ZONE = ZoneInfo("Europe/Paris")
#: French groups thousands with a narrow no-break space.
_FRENCH_GROUP = "\u202f"
_ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
MISSING = "–"


def number(value: float | None, language: Language, digits: int = 0) -> str:
    """`12 345,6` in French, `12,345.6` in English; a dash when unknown."""
    if value is None:
        return MISSING
    text = f"{value:,.{digits}f}"
    if language == "fr":
        return text.replace(",", _FRENCH_GROUP).replace(".", ",")
    return text


def percent(share: float | None, language: Language, digits: int = 1) -> str:
    """A share between 0 and 1 as a percentage: `27,3 %` / `27.3%`."""
    if share is None:
        return MISSING
    figure = number(share * 100, language, digits)
    return f"{figure}\u00a0%" if language == "fr" else f"{figure}%"


def duration(minutes: float | None, language: Language) -> str:
    """`5 h 07` in French, `5 h 07 min` in English."""
    if minutes is None:
        return MISSING
    hours, rest = divmod(round(minutes), 60)
    return f"{hours}\u00a0h\u00a0{rest:02d}" if language == "fr" else f"{hours} h {rest:02d} min"


def day(value: date | None, language: Language) -> str:
    if value is None:
        return MISSING
    if language == "fr":
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {_ENGLISH_MONTHS[value.month - 1]} {value.year}"


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
    """A timestamp in Paris time, to the minute."""
    if value is None:
        return MISSING
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    local = aware.astimezone(DISPLAY_TIME_ZONE)
    return f"{day(local.date(), language)} {local:%H:%M}"


def age_hours(value: datetime | None, now: datetime) -> float | None:
    """Hours elapsed since `value` (None when unknown)."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return (now - aware).total_seconds() / 3600
