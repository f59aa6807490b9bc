"""Days of operation: GTFS calendars and the ONTD's human service labels, as one `Service`.

`weekly_departures` is the average number of departures per week while the source's
timetable is valid: distinct service dates inside the validity window / (days in the window / 7)
for GTFS; the sum of the weekday flags of the label's calendar for the ONTD (0.5 = every second
week or day).

A GTFS calendar is also summarised as a weekly pattern with exceptions (`calendar_pattern`):
the weekdays on which the train runs at least half of the time between its first and last date,
plus the dates it runs outside that pattern and the pattern dates it does not run. The summary is
exact: pattern dates minus removed dates plus extra dates give back every run date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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
        first, last = start.toordinal(), end.toordinal()
        for weekday in range(7):
            if weekdays[weekday] == "1":
                # every 7th day from the first one with this weekday
                day = first + (weekday - _weekday_of(first)) % 7
                dates.update(map(date.fromordinal, range(day, last + 1, 7)))
    dates.update(added)
    dates.difference_update(removed)
    return dates


def _weekday_of(ordinal: int) -> int:
    """date.fromordinal(ordinal).weekday(), without building the date (day 1 was a Monday)."""
    return (ordinal - 1) % 7


def weekday_mask(dates: Iterable[date]) -> str:
    seen = {d.weekday() for d in dates}
    return "".join("1" if i in seen else "0" for i in range(7))


@dataclass(frozen=True)
class CalendarPattern:
    """Run dates as a weekly pattern between `start` and `end`, with exceptions."""

    weekdays: str  # 7 characters, Monday first; '0000000' when no weekday runs half the time
    start: date
    end: date
    extra_dates: tuple[date, ...]  # run dates outside the weekday pattern
    removed_dates: tuple[date, ...]  # pattern dates between start and end without a run

    def dates(self) -> set[date]:
        """Every run date, rebuilt from the pattern and its exceptions."""
        rebuilt = calendar_dates(self.weekdays, self.start, self.end, (), self.removed_dates)
        return rebuilt | set(self.extra_dates)


def calendar_pattern(dates: Iterable[date]) -> CalendarPattern | None:
    """The weekly pattern of a set of run dates (None without dates)."""
    ordered = sorted(set(dates))
    if not ordered:
        return None
    start, end = ordered[0], ordered[-1]
    # Each weekday occurs once per whole week between start and end, and once more among the
    # first days of the remaining part week.
    weeks, rest = divmod(end.toordinal() - start.toordinal() + 1, 7)
    first_weekday = start.weekday()
    occurrences = [weeks + ((i - first_weekday) % 7 < rest) for i in range(7)]
    runs = [0] * 7
    for run in ordered:
        runs[run.weekday()] += 1
    mask = "".join(
        "1" if occurrences[i] and 2 * runs[i] >= occurrences[i] else "0" for i in range(7)
    )
    pattern = calendar_dates(mask, start, end, (), ())
    run_dates = set(ordered)
    return CalendarPattern(
        weekdays=mask,
        start=start,
        end=end,
        extra_dates=tuple(sorted(run_dates - pattern)),
        removed_dates=tuple(sorted(pattern - run_dates)),
    )


def describe_weekdays(mask: str) -> str:
    """'1111111' -> 'Daily'; '1111100' -> 'Mon-Fri'; '1010100' -> 'Mon, Wed, Fri'."""
    if mask == "1111111":
        return "Daily"
    if "1" not in mask:
        return "Specific dates"
    days = [i for i, flag in enumerate(mask) if flag == "1"]
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{_SHORT[days[0]]}-{_SHORT[days[-1]]}"
    return ", ".join(_SHORT[i] for i in days)


def weekly_departures(dates: Iterable[date], window: tuple[date, date]) -> float:
    """Distinct run dates inside the validity window / number of weeks in the window."""
    window_days = (window[1] - window[0]).days + 1
    if window_days <= 0:
        return 0.0
    inside = {d for d in dates if window[0] <= d <= window[1]}
    return round(len(inside) * 7 / window_days, 2)


def service_from_dates(dates: Iterable[date], window: tuple[date, date]) -> Service:
    """A GTFS service over the feed's validity window (both ends included)."""
    run_dates = frozenset(dates)
    pattern = calendar_pattern(run_dates)
    mask = pattern.weekdays if pattern else weekday_mask(run_dates)
    return Service(
        weekdays=mask,
        start=pattern.start if pattern else None,
        end=pattern.end if pattern else None,
        dates=len(run_dates),
        weekly_departures=weekly_departures(run_dates, window),
        label=describe_weekdays(mask) if run_dates else None,
        reference_day=pattern.start if pattern else window[0],
        calendar=run_dates,
        extra_dates=pattern.extra_dates if pattern else (),
        removed_dates=pattern.removed_dates if pattern else (),
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
