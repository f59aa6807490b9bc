"""TrajetFilters: URL <-> filters <-> API parameters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from portal.filters import MAX_DISTANCE_KM, MAX_DURATION_H, SORTS, TrajetFilters


def test_defaults_make_an_empty_query_and_minimal_api_call() -> None:
    assert TrajetFilters().to_query() == {}
    assert TrajetFilters().to_api() == {"sort": SORTS[0], "page": 1, "page_size": 25}


def test_durations_are_sent_in_minutes() -> None:
    params = TrajetFilters(min_duration_h=8, max_duration_h=12).to_api()
    assert (params["min_duration"], params["max_duration"]) == (480, 720)


def test_text_is_cleaned_and_bounded() -> None:
    filters = TrajetFilters.from_query({"q": "  Wien\x00\n " + "x" * 500, "country": "fr"})
    assert "\x00" not in filters.q and "\n" not in filters.q
    assert filters.q.startswith("Wien") and len(filters.q) <= 120
    assert filters.country == "FR"


def test_out_of_range_numbers_are_dropped() -> None:
    filters = TrajetFilters.from_query(
        {"min_duration_h": str(MAX_DURATION_H + 1), "max_distance_km": "-5", "page": "zero"}
    )
    assert filters.min_duration_h is None and filters.max_distance_km is None and filters.page == 1


def test_without_paging_keeps_only_filters() -> None:
    params = TrajetFilters(day_night="night", page=3, sort="-duration").without_paging()
    assert params == {"day_night": "night"}


filters_strategy = st.builds(
    TrajetFilters,
    q=st.text(st.characters(categories=["L", "N"]), max_size=20),
    origin=st.sampled_from(["", "Paris", "8101003"]),
    country=st.sampled_from(["", "FR", "AT"]),
    day_night=st.sampled_from(["all", "day", "night"]),
    min_duration_h=st.none() | st.integers(0, MAX_DURATION_H),
    max_distance_km=st.none() | st.integers(0, MAX_DISTANCE_KM),
    sort=st.sampled_from(SORTS),
    page=st.integers(1, 500),
    trajet=st.sampled_from(["", "0648ad7d2501039e"]),
)


@given(filters_strategy)
def test_a_shared_url_rebuilds_the_same_filters(filters: TrajetFilters) -> None:
    assert TrajetFilters.from_query(filters.to_query()) == filters


def test_shared_filters_survive_a_page_change_through_the_menu(api, portal) -> None:
    """Filters chosen on Statistiques are the filters of Carte opened next from the menu
    (which clears the query string): kept in the session and written back into the URL."""
    at = portal(api.url, "statistiques", query={"day_night": "night", "country": "AT,DE"})
    assert api.last("/stats/volumes")["country"] == "AT,DE"
    at.query_params.clear()
    at.switch_page("app_pages/carte.py").run()
    assert not at.exception
    sent = api.last("/map/routes")
    assert sent["day_night"] == "night" and sent["country"] == "AT,DE"
    assert at.query_params["country"] == "AT,DE"
