from datetime import date, timedelta

from warehouse.harmonise.calendar import (
    calendar_dates,
    describe_weekdays,
    service_from_dates,
    weekly_from_label,
)


def test_calendar_plus_added_minus_removed_dates():
    start = date(2025, 11, 10)  # a Monday
    dates = calendar_dates(
        "1111100", start, start + timedelta(days=13), [date(2025, 11, 15)], [start]
    )
    assert start not in dates
    assert date(2025, 11, 15) in dates  # a Saturday added by calendar_dates.txt
    assert len(dates) == 10


def test_weekly_departures_over_the_feed_window():
    window = (date(2025, 11, 10), date(2025, 11, 23))  # two weeks
    daily = {window[0] + timedelta(days=i) for i in range(14)}
    assert service_from_dates(daily, window).weekly_departures == 7
    assert service_from_dates(set(sorted(daily)[:7]), window).weekly_departures == 3.5


def test_weekday_description():
    assert describe_weekdays("1111111") == "Daily"
    assert describe_weekdays("1111100") == "Mon-Fri"
    assert describe_weekdays("1010100") == "Mon, Wed, Fri"


def test_ontd_labels_read_as_text():
    assert weekly_from_label("2026: Daily") == 7
    assert weekly_from_label("2026: Daily, except Sat") == 6
    assert weekly_from_label("2026: Every 2nd day") == 3.5
    assert weekly_from_label("2026: Mon, Wed, Fri, Sat, Son") == 5
    assert weekly_from_label("2026: 2-3 times per week") == 2.5
    assert weekly_from_label("Unknown") is None
