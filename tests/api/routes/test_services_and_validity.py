"""Services, plausibility, validity and coverage as the API shows them (real app, real data)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from tests.api.conftest import scalar

#: Needs services with several variants, implausible trajets, expired editions and uncovered
#: countries: the real mirror has them, the synthetic one does not (yet).
pytestmark = pytest.mark.slow

TODAY = date.today()


def _expected_status(valid_until: str) -> str:
    return "expired" if date.fromisoformat(valid_until) < TODAY else "current"


def test_a_list_row_is_a_service_with_its_calendar(http, sql):
    """ICE 42 München Hbf 00:00 -> Kiel Hbf 11:23: four variants of gtfs.de, one row."""
    body = http.get(
        "/trajets",
        params={
            "origin": "München Hbf",
            "destination": "Kiel Hbf",
            "source": "gtfs-de@2025-11-09",
            "departure_after": "00:00",
            "departure_before": "00:00",
            "page_size": 100,
        },
    ).json()
    rows = [r for r in body["items"] if r["arrival_local"] == "11:23"]
    service = max(rows, key=lambda r: r["variant_count"])
    assert service["variant_count"] == 4
    assert service["service_days"] == 17
    assert service["service_start"] <= service["service_end"]
    assert isinstance(service["extra_dates"], list) and isinstance(service["removed_dates"], list)
    assert service["runs_overnight"] is True
    assert service["plausibility"] == {"plausible": True, "flags": []}
    detail = http.get(f"/trajets/{service['id']}").json()
    assert len(detail["service"]["run_dates"]) == 17
    assert len(detail["service"]["variant_trip_ids"]) == 4
    expected = sql("SELECT run_dates FROM api.trajets WHERE trajet_id = %s", service["id"])[0][0]
    assert detail["service"]["run_dates"] == [d.isoformat() for d in expected]


def test_the_total_counts_services(http, sql):
    body = http.get("/trajets", params={"page_size": 1}).json()
    assert body["total"] == scalar(sql, "SELECT count(*) FROM api.trajets WHERE is_current")
    assert body["total"] < scalar(
        sql, "SELECT sum(variant_count) FROM api.trajets WHERE is_current"
    )


def test_an_implausible_trajet_is_listed_with_its_warning(http, sql):
    """İstanbul Halkalı -> București Nord 12503/460, 5 576 min for 799 km."""
    trajet_id = scalar(
        sql,
        "SELECT trajet_id FROM api.trajets WHERE source_id = 'ontd@2026-06-30'"
        " AND train_number = '12503/460'",
    )
    detail = http.get(f"/trajets/{trajet_id}").json()
    assert detail["plausibility"]["plausible"] is False
    codes = {f["code"] for f in detail["plausibility"]["flags"]}
    assert codes == {"duration_too_long", "speed_too_low", "time_gap"}
    assert all(f["message"] for f in detail["plausibility"]["flags"])
    assert detail["counted_in_stats"] is False


def test_list_metadata_says_which_timetables_expired(http, sql):
    body = http.get("/trajets", params={"page_size": 1}).json()
    editions = {e["source_id"]: e for e in body["timetables"]["editions"]}
    current = {
        source_id: valid_until.isoformat()
        for source_id, valid_until in sql(
            "SELECT source_id, valid_until FROM api.sources WHERE kind = 'timetable' AND is_current"
        )
    }
    assert set(editions) == set(current)
    for source_id, valid_until in current.items():
        assert editions[source_id]["status"] == _expected_status(valid_until), source_id
    tgv = editions["gtfs-sncf-tgv@2025-07-18"]
    if tgv["status"] == "expired":
        assert tgv["expired_since"] == "2025-12-16"
        assert body["timetables"]["status"] in ("partly_expired", "expired")
    historical = http.get("/trajets", params={"page_size": 1, "source": "historical"}).json()
    assert historical["timetables"]["status"] == "historical"


def test_health_and_sources_say_when_timetables_expired(http):
    health = http.get("/health").json()
    statuses = {e["source_id"]: e["status"] for e in health["data"]["timetables"]["editions"]}
    sources = {s["id"]: s for s in http.get("/sources").json()}
    for source_id, status in statuses.items():
        assert sources[source_id]["validity_status"] == status
        assert status == _expected_status(sources[source_id]["valid_until"])
    assert sources["gtfs-sncf-intercites@2013-12-04"]["validity_status"] == "historical"
    summary = http.get("/stats/summary").json()
    assert summary["timetables_status"] == health["data"]["timetables"]["status"]
    assert {v["source_id"]: v["status"] for v in summary["validity"]} == statuses


def test_the_etag_names_the_day_statuses_were_computed_on(http):
    before = datetime.now(UTC).date().isoformat()
    etag = http.get("/sources").headers["etag"]
    after = datetime.now(UTC).date().isoformat()
    assert f".{before}." in etag or f".{after}." in etag


def test_csv_rows_carry_the_calendar_and_the_warning(http):
    response = http.get(
        "/trajets", params={"format": "csv", "source": "ontd@2026-06-30", "q": "Graz"}
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    graz = next(r for r in rows if r["train_number"] == "NJ 464")
    assert graz["is_plausible"] == "f"
    assert "time_gap" in graz["plausibility_flags"].split()
    assert {
        "service_start",
        "service_end",
        "extra_dates",
        "removed_dates",
        "variant_count",
        "validity_status",
    } <= set(rows[0])


def test_coverage_endpoint_and_country_volumes_say_non_covered(http, sql):
    coverage = {c["country"]: c for c in http.get("/coverage").json()}
    assert coverage["ES"]["night"]["level"] == "none"
    assert coverage["ES"]["day"]["level"] == "covered"
    assert coverage["SE"]["day"]["level"] == "none"
    assert coverage["SE"]["night"]["level"] == "covered"
    volumes = {
        g["key"]: g
        for g in http.get("/stats/volumes", params={"group_by": "country"}).json()["groups"]
    }
    assert volumes["ES"]["coverage"] == {"day": "covered", "night": "none"}
    assert volumes["ES"]["trajets"]["night"] == 0
    assert volumes["SE"]["coverage"]["day"] == "none"
    for key, group in volumes.items():
        assert group["trajets"]["day"] == coverage[key]["day"]["services"], key
        assert group["trajets"]["night"] == coverage[key]["night"]["services"], key
    by_operator = http.get("/stats/volumes", params={"group_by": "operator"}).json()
    assert all(g["coverage"] is None for g in by_operator["groups"])


def test_co2_averages_say_how_many_trajets_they_leave_out(http, sql):
    """Night trains without a plane comparison (no airport with scheduled service near Kyiv, and
    the 7 ONTD trains that had no distance, e.g. the car-carrier 1857 Hamburg-Altona -> München
    Süd, now have a train CO2 from town positions): counted as trains, not in the averages."""
    night = next(
        r for r in http.get("/stats/co2").json()["by_day_night"] if r["day_night"] == "night"
    )
    without_train, without_plane = sql(
        "SELECT count(*) FILTER (WHERE co2_train_kg IS NULL),"
        " count(*) FILTER (WHERE co2_plane_kg IS NULL) FROM api.trajets WHERE is_current"
        " AND counted_in_stats AND day_night = 'night'"
    )[0]
    assert without_plane > 0
    assert night["trajets"] - night["with_train_co2"] == without_train
    assert night["trajets"] - night["with_plane_co2"] == without_plane
    assert night["comparable"] <= min(night["with_train_co2"], night["with_plane_co2"])
    expected = scalar(
        sql,
        "SELECT round(avg(co2_train_kg), 3)::float FROM api.trajets WHERE is_current"
        " AND counted_in_stats AND day_night = 'night' AND co2_train_kg IS NOT NULL"
        " AND co2_plane_kg IS NOT NULL",
    )
    assert night["avg_train_kg"] == expected
