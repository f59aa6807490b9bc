"""Time rules on values taken from the real feeds."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from warehouse.harmonise.times import (
    TimeFormatError,
    local_times_to_instants,
    parse_gtfs_time,
    parse_sheet_time,
)


def test_gtfs_times_past_midnight_stay_on_the_service_day():
    # SNCF TGV 2025 writes times up to 29:52 (a call the next morning).
    assert parse_gtfs_time("29:52:00") == 29 * 60 + 52
    assert parse_gtfs_time("00:05:00") == 5


def test_renfe_hours_without_leading_zero():
    assert parse_gtfs_time("8:30:00") == 8 * 60 + 30


@pytest.mark.parametrize("bad", ["", "8:3:00", "25h10", "12:60:00", "abc"])
def test_unreadable_gtfs_times_raise(bad):
    with pytest.raises(TimeFormatError):
        parse_gtfs_time(bad)


def test_ontd_sheet_serial_is_the_local_wall_clock():
    assert parse_sheet_time("1899-12-30T20:35:00.000Z") == 20 * 60 + 35
    assert parse_sheet_time("1899-12-31T01:10:00.000Z") == 24 * 60 + 70


def test_ontd_number_typed_instead_of_a_time_reads_as_hours_and_minutes():
    # trip_stop.json has arrival_time 12.05 (a number) for a TCDD call.
    assert parse_sheet_time(12.05) == 12 * 60 + 5
    with pytest.raises(TimeFormatError):
        parse_sheet_time(12.75)


def test_day_roll_over_detected_when_a_local_time_goes_backwards():
    berlin = ZoneInfo("Europe/Berlin")
    instants = local_times_to_instants(date(2026, 3, 2), [23 * 60 + 50, 20], [berlin, berlin])
    assert instants[1] - instants[0] == datetime(2026, 3, 3, 0, 20) - datetime(2026, 3, 2, 23, 50)


def test_westward_time_zone_change_is_not_a_roll_over():
    # 00:30 in Lviv (EET) is 23:30 in Przemyśl (CET): 23:50 CET is 20 minutes later, same night.
    kyiv, warsaw = ZoneInfo("Europe/Kyiv"), ZoneInfo("Europe/Warsaw")
    instants = local_times_to_instants(date(2026, 3, 2), [30, 23 * 60 + 50], [kyiv, warsaw])
    assert (instants[1] - instants[0]).total_seconds() == 20 * 60
