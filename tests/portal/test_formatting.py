"""Numbers, durations and dates written the French and the English way."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal import formatting as fmt


def test_numbers() -> None:
    assert fmt.number(12345.6, "fr", 1) == "12\u202f345,6"
    assert fmt.number(12345.6, "en", 1) == "12,345.6"
    assert fmt.number(None, "fr") == fmt.MISSING


def test_percent() -> None:
    assert fmt.percent(0.273, "fr") == "27,3\u00a0%"
    assert fmt.percent(0.273, "en") == "27.3%"


def test_duration() -> None:
    assert fmt.duration(307, "fr") == "5\u00a0h\u00a007"
    assert fmt.duration(307, "en") == "5 h 07 min"


def test_dates_in_paris_time() -> None:
    winter = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert fmt.moment(winter, "fr") == "26/11/2026 00:30 (heure de Paris)"
    assert fmt.moment(winter, "en") == "26 Nov 2026 00:30 (Paris time)"
    assert fmt.clock("09:59:00", "Europe/Berlin", "fr") == "09:59 (heure de Berlin)"
    assert fmt.clock("09:59", "Europe/Vienna", "en") == "09:59 (Vienna time)"
    assert fmt.day(date(2025, 12, 9), "en") == "9 Dec 2025"


def test_age_in_hours() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert fmt.age_hours(datetime(2026, 11, 24, 12, tzinfo=UTC), now) == 24
    assert fmt.age_hours(None, now) is None


def test_weekdays_in_words() -> None:
    assert fmt.weekdays("1010100", "fr") == "lundi, mercredi, vendredi"
    assert fmt.weekdays("0000011", "en") == "Saturday, Sunday"
    assert fmt.weekdays("1111111", "fr") == "tous les jours"
    assert fmt.weekdays("0000000", "fr") is None
    assert fmt.weekdays(None, "en") is None


def test_time_ago_in_words() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert fmt.ago(datetime(2026, 11, 25, 11, 42, tzinfo=UTC), now, "fr") == "il y a 18 minutes"
    assert fmt.ago(datetime(2026, 11, 25, 7, tzinfo=UTC), now, "en") == "5 hours ago"
    assert fmt.ago(None, now, "fr") == fmt.MISSING
