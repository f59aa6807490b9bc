"""Days of operation: GTFS calendars and the ONTD's human service labels, as one `Service`.

`weekly_departures` is the average number of departures per week while the source's
timetable is valid: service dates / (days in the validity window / 7) for GTFS; the sum of the
weekday flags of the label's calendar for the ONTD (0.5 = every second week or day).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from warehouse.model import Service

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NAMES = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "son": 6,
}
_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_gtfs_date(value: str) -> date:
    value = value.strip()
    if len(value) != 8 or not value.isdigit():
        raise ValueError(f"not a GTFS date (YYYYMMDD): {value!r}")
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def calendar_dates(
    weekdays: str | None,
    start: date | None,
    end: date | None,
    added: Iterable[date],
    removed: Iterable[date],
) -> set[date]:
    """Service dates of a GTFS service: calendar.txt days, plus and minus calendar_dates.txt."""
    dates: set[date] = set()
    if weekdays and start and end:
        day = start
        while day <= end:
            if weekdays[day.weekday()] == "1":
                dates.add(day)
            day += timedelta(days=1)
    dates.update(added)
    dates.difference_update(removed)
    return dates


def weekday_mask(dates: Iterable[date]) -> str:
    seen = {d.weekday() for d in dates}
    return "".join("1" if i in seen else "0" for i in range(7))


def describe_weekdays(mask: str) -> str:
    """'1111111' -> 'Daily'; '1111100' -> 'Mon-Fri'; '1010100' -> 'Mon, Wed, Fri'."""
    if mask == "1111111":
        return "Daily"
    days = [i for i, flag in enumerate(mask) if flag == "1"]
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{_SHORT[days[0]]}-{_SHORT[days[-1]]}"
    return ", ".join(_SHORT[i] for i in days)


def service_from_dates(dates: set[date], window: tuple[date, date]) -> Service:
    """A GTFS service over the feed's validity window (both ends included)."""
    window_days = (window[1] - window[0]).days + 1
    mask = weekday_mask(dates)
    return Service(
        weekdays=mask,
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
        dates=len(dates),
        weekly_departures=round(len(dates) * 7 / window_days, 2) if window_days > 0 else 0.0,
        label=describe_weekdays(mask) if dates else None,
        reference_day=min(dates) if dates else window[0],
        calendar=frozenset(dates),
    )


def weekly_from_label(label: str) -> float | None:
    """The ONTD label read as text when its calendar has no usable flags.

    'Daily' -> 7; 'Every 2nd day' -> 3.5; 'Mon, Wed, Fri' -> 3; '2-3 times per week' -> 2.5.
    """
    text = label.lower()
    if "every 2nd day" in text:
        return 3.5
    times = re.search(r"(\d+)\s*-\s*(\d+)\s*(?:times|days)", text)
    if times:
        return (int(times.group(1)) + int(times.group(2))) / 2
    if "daily" in text:
        return 6.0 if "except" in text else 7.0
    days = {_DAY_NAMES[m] for m in re.findall(r"\b(mon|tue|wed|thu|fri|sat|sun|son)\b", text)}
    return float(len(days)) if days else None
