from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from warehouse.harmonise.daynight import day_night, runs_overnight

PARIS = ZoneInfo("Europe/Paris")
LISBON = ZoneInfo("Europe/Lisbon")
MADRID = ZoneInfo("Europe/Madrid")


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = PARIS) -> tuple[datetime, ZoneInfo]:
    return datetime(2026, 3, day, hour, minute, tzinfo=zone), zone


def test_night_only_when_a_source_says_sleeper_or_couchette():
    assert day_night("EuroNight product (EN)") == "night"
    assert day_night(None) == "day"


def test_on_the_way_at_any_minute_between_midnight_and_five():
    assert runs_overnight([at(10, 17, 45), at(11, 9, 59)])  # leaves before, arrives after
    assert runs_overnight([at(11, 0, 0), at(11, 0, 30)])  # leaves at 00:00
    assert runs_overnight([at(10, 23, 50), at(11, 0, 1)])  # one minute after midnight
    assert runs_overnight([at(11, 4, 59), at(11, 6, 0)])  # one minute before five


def test_not_overnight_when_it_only_touches_the_core_night():
    assert not runs_overnight([at(10, 21, 0), at(11, 0, 0)])  # arrives at 00:00 sharp
    assert not runs_overnight([at(11, 5, 0), at(11, 9, 0)])  # leaves at 05:00 sharp
    assert not runs_overnight([at(11, 6, 12), at(11, 11, 40)])  # a morning train


def test_local_time_of_either_station_of_a_leg_counts():
    # 23:30 in Lisbon is 00:30 in Madrid: the train is in Spain after midnight, local time.
    assert runs_overnight([at(10, 23, 30, LISBON), at(11, 0, 50, MADRID)])


def test_journeys_of_several_days_always_cross_the_core_night():
    start = at(10, 8, 0)
    assert runs_overnight([start, (start[0] + timedelta(hours=30), PARIS)])


def test_calls_in_between_are_legs_of_the_same_journey():
    assert runs_overnight([at(10, 22, 0), at(10, 23, 50), at(11, 0, 5), at(11, 7, 0)])
    assert not runs_overnight([at(10, 18, 0), at(10, 19, 0), at(10, 19, 5), at(10, 22, 0)])
