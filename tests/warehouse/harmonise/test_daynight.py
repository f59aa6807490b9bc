from datetime import time

from warehouse.harmonise.daynight import day_night, runs_overnight


def test_night_only_when_a_source_says_sleeper_or_couchette():
    assert day_night("EuroNight product (EN)") == "night"
    assert day_night(None) == "day"


def test_runs_overnight_boundaries():
    assert runs_overnight(time(19, 0), time(7, 0), 1, 12 * 60)
    assert not runs_overnight(time(18, 59), time(7, 0), 1, 12 * 60)
    assert not runs_overnight(time(22, 0), time(2, 0), 1, 4 * 60)  # under 5 hours
    assert not runs_overnight(time(20, 0), time(13, 0), 1, 17 * 60)  # arrives after noon
    assert not runs_overnight(time(20, 0), time(23, 0), 0, 3 * 60)  # same day
