"""API answers for the portal's AppTests, as the API sends them: each is checked against the
OpenAPI document when the fake API serves it (tests/portal/contract.py) and in
tests/portal/test_contract.py. Small but realistic: a day ICE, a night Nightjet, real stations."""

from __future__ import annotations

import copy
from typing import Any

PARIS = {"id": "FR-PARIS-EST", "name": "Paris Est", "city": "Paris", "country": "FR"}
MUNICH = {"id": "DE-MUENCHEN-HBF", "name": "München Hbf", "city": "München", "country": "DE"}
VIENNA = {"id": "AT-WIEN-HBF", "name": "Wien Hbf", "city": "Wien", "country": "AT"}
SOURCE_DE = {
    "id": "gtfs-de@2025-11-09",
    "name": "Deutschland Fernverkehr GTFS",
    "edition": "2025-11-09",
    "licence": "CC-BY-4.0",
    "is_current": True,
    "validity_status": "expired",
    "valid_until": "2025-12-09",
}
SOURCE_ONTD = {
    "id": "ontd@2026-06-30",
    "name": "Back-on-Track Open Night Train Database",
    "edition": "2026-06-30",
    "licence": "GPL-3.0-only",
    "is_current": True,
    "validity_status": "current",
    "valid_until": "2026-12-12",
}
#: The editions a page of current trajets draws on: one expired, one valid.
EDITIONS: list[dict[str, Any]] = [
    {
        "source_id": "gtfs-de@2025-11-09",
        "name": "Deutschland Fernverkehr GTFS",
        "status": "expired",
        "valid_from": "2025-11-09",
        "valid_until": "2025-12-09",
        "expired_since": "2025-12-10",
    },
    {
        "source_id": "ontd@2026-06-30",
        "name": "Back-on-Track Open Night Train Database",
        "status": "current",
        "valid_from": "2025-12-14",
        "valid_until": "2026-12-12",
        "expired_since": None,
    },
]
TIMETABLES = {"status": "partly_expired", "editions": EDITIONS}

DAY_TRAJET: dict[str, Any] = {
    "id": "t-ice-9577",
    "train_number": "9577",
    "name": None,
    "operator": {"id": "db", "name": "DB Fernverkehr"},
    "brand": "ICE",
    "rail_category": "high_speed",
    "day_night": "day",
    "runs_overnight": False,
    "origin": PARIS,
    "destination": MUNICH,
    "departure_local": "06:55",
    "departure_tz": "Europe/Paris",
    "arrival_local": "12:34",
    "arrival_tz": "Europe/Berlin",
    "arrival_day_offset": 0,
    "duration_min": 339,
    "distance_km": 832.4,
    "countries": ["FR", "DE"],
    "weekly_departures": 7.0,
    "weekdays": "1111111",
    "days_label": "tous les jours",
    "service_start": "2025-11-09",
    "service_end": "2025-12-09",
    "service_days": 29,
    "extra_dates": [],
    "removed_dates": ["2025-11-15", "2025-11-16"],
    "variant_count": 3,
    "co2": {"train_kg": 2.4, "plane_kg": 160.5},
    "source": SOURCE_DE,
    "plausibility": {"plausible": True, "flags": []},
    "is_fragment": False,
    "counted_in_stats": True,
}
NIGHT_TRAJET: dict[str, Any] = {
    **DAY_TRAJET,
    "id": "t-nj-469",
    "train_number": "469",
    "name": "Paris – Wien",
    "operator": {"id": "obb", "name": "ÖBB"},
    "brand": "Nightjet",
    "rail_category": "night",
    "day_night": "night",
    "runs_overnight": True,
    "origin": PARIS,
    "destination": VIENNA,
    "departure_local": "19:12",
    "arrival_local": "09:42",
    "arrival_tz": "Europe/Vienna",
    "arrival_day_offset": 1,
    "duration_min": 870,
    "distance_km": 1404.0,
    "countries": ["FR", "DE", "AT"],
    "weekly_departures": 3.0,
    "weekdays": "1010100",
    "days_label": "lun, mer, ven",
    "service_start": None,
    "service_end": None,
    "service_days": None,
    "extra_dates": [],
    "removed_dates": [],
    "variant_count": 1,
    "co2": {"train_kg": 35.1, "plane_kg": 190.2},
    "source": SOURCE_ONTD,
}
#: Burgas -> Sofia ICF 8626 as the night-train database writes it: 4 725 min for 444 km.
IMPLAUSIBLE_TRAJET: dict[str, Any] = {
    **NIGHT_TRAJET,
    "id": "t-icf-8626",
    "train_number": "ICF 8626",
    "name": "ICF 8626 Burgas – Sofia",
    "operator": {"id": "bdz", "name": "BDŽ"},
    "brand": "ICF",
    "origin": {"id": "BG-BURGAS", "name": "Burgas", "city": "Burgas", "country": "BG"},
    "destination": {"id": "BG-SOFIA", "name": "Sofia", "city": "Sofia", "country": "BG"},
    "departure_local": "23:00",
    "arrival_local": "05:45",
    "arrival_tz": "Europe/Sofia",
    "arrival_day_offset": 4,
    "duration_min": 4725,
    "distance_km": 444.0,
    "countries": ["BG"],
    "weekly_departures": 7.0,
    "plausibility": {
        "plausible": False,
        "flags": [
            {"code": "duration_too_long", "message": "4725 min, longer than the 2400 min"},
            {"code": "time_gap", "message": "1429 min between Straldzha and Zimnitsa"},
        ],
    },
    "counted_in_stats": False,
}


def _detail(
    summary: dict[str, Any], calls: list[tuple[dict[str, Any], str | None, str | None, int]]
) -> dict[str, Any]:
    detail = copy.deepcopy(summary)
    detail["calls"] = [
        {
            "seq": seq + 1,
            "station": {
                **station,
                "latitude": 48.0 + seq,
                "longitude": 2.0 + 5 * seq,
                "uic": None,
                "coordinates_precision": "station",
            },
            "arrival_local": arrival,
            "arrival_day_offset": offset,
            "departure_local": departure,
            "departure_day_offset": offset,
            "time_zone": "Europe/Paris",
        }
        for seq, (station, arrival, departure, offset) in enumerate(calls)
    ]
    detail["distance_method"] = "calls"
    dated = summary["service_start"] is not None
    detail["service"] = {
        "weekdays": summary["weekdays"],
        "start": summary["service_start"],
        "end": summary["service_end"],
        "days": summary["service_days"],
        "weekly_departures": summary["weekly_departures"],
        "label": summary["days_label"],
        "run_dates": ["2025-11-09", "2025-11-10", "2025-11-11"] if dated else [],
        "extra_dates": summary["extra_dates"],
        "removed_dates": summary["removed_dates"],
        "variant_trip_ids": ["1399738", "264045", "419182"] if dated else ["NJ 469"],
    }
    detail["co2"] = {
        **summary["co2"],
        "train_method": "factor",
        "train_factor": {
            "id": "ademe-train-tgv",
            "label": "TGV",
            "kg_per_pkm": 0.00293,
            "source_name": "ADEME Base Empreinte",
            "source_url": "https://impactco2.fr",
        },
        "plane_distance_km": 685.0,
        "origin_airport": {"iata": "CDG", "name": "Charles de Gaulle"},
        "destination_airport": {"iata": "MUC", "name": "Munich"},
        "plane_factor": {
            "id": "ademe-plane-medium",
            "label": "Avion moyen courrier",
            "kg_per_pkm": 0.187,
            "source_name": "ADEME Base Empreinte",
            "source_url": "https://impactco2.fr",
        },
        "saving_kg": summary["co2"]["plane_kg"] - summary["co2"]["train_kg"],
    }
    detail["links"] = []
    expired = summary["source"]["validity_status"] == "expired"
    detail["source"] = {
        **summary["source"],
        "valid_from": "2025-11-09" if expired else "2025-12-14",
        "expired_since": "2025-12-10" if expired else None,
        "publisher": "gtfs.de",
        "public_url": "https://gtfs.de",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "attribution": "© gtfs.de, DELFI e.V.",
    }
    return detail


def _operator(
    operator_id: str, name: str, short_name: str, country: str, trajets: int
) -> dict[str, Any]:
    return {
        "id": operator_id,
        "name": name,
        "short_name": short_name,
        "country": country,
        "url": None,
        "trajets": trajets,
    }


def _source(**fields: Any) -> dict[str, Any]:
    """A source edition as /sources lists it (validity on the day of the request)."""
    return {
        "family": fields["id"].split("@")[0],
        "kind": "timetable",
        "share_alike": False,
        "valid_from": None,
        "valid_until": None,
        "validity_status": "current" if fields.get("is_current") else "historical",
        "expired_since": None,
        "notes": None,
        **fields,
    }


def _point(station: dict[str, Any]) -> dict[str, Any]:
    """A station as the map gives it (id and name; the position is added)."""
    return {"id": station["id"], "name": station["name"]}


def trajet_page(
    items: list[dict[str, Any]], page: int = 1, total: int | None = None, pages: int | None = None
) -> dict[str, Any]:
    total = len(items) if total is None else total
    pages = pages if pages is not None else max(1, -(-total // 25))

    def link(number: int) -> str:
        return f"/trajets?page={number}"

    return {
        "items": items,
        "total": total,
        "page": page,
        "page_size": 25,
        "pages": pages,
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(pages),
            "next": link(page + 1) if page < pages else None,
            "prev": link(page - 1) if page > 1 else None,
        },
        "timetables": TIMETABLES,
        "data_version": "v42",
    }


def volumes(group_by: str) -> dict[str, Any]:
    groups = {
        "operator": [
            ("db", "DB Fernverkehr", 120, 4, 900.0, 20.0),
            ("obb", "ÖBB", 10, 30, 60.0, 150.0),
            ("sncf", "SNCF Voyageurs", 200, 0, 1500.0, 0.0),
        ],
        "country": [
            ("DE", "DE", 130, 34, 960.0, 170.0),
            ("FR", "FR", 210, 20, 1600.0, 90.0),
            ("AT", "AT", 12, 30, 70.0, 150.0),
            ("ES", "ES", 95, 0, 610.0, 0.0),
        ],
    }[group_by]
    coverage = {
        "DE": {"day": "covered", "night": "covered"},
        "FR": {"day": "partial", "night": "covered"},
        "AT": {"day": "partial", "night": "covered"},
        "ES": {"day": "covered", "night": "none"},
    }
    items = [
        {
            "key": key,
            "label": label,
            "trajets": {"day": d, "night": n, "total": d + n},
            "weekly_departures": {"day": wd, "night": wn, "total": wd + wn},
            "coverage": coverage[key] if group_by == "country" else None,
        }
        for key, label, d, n, wd, wn in groups
    ]
    day, night = sum(g[2] for g in groups), sum(g[3] for g in groups)
    wday, wnight = sum(g[4] for g in groups), sum(g[5] for g in groups)
    totals = {
        "trajets": {"day": day, "night": night, "total": day + night},
        "weekly_departures": {"day": wday, "night": wnight, "total": wday + wnight},
    }
    return {"group_by": group_by, "groups": items, "totals": totals, "data_version": "v42"}


#: The basis the API gives with each coverage level (core.coverage's rule: none goes with none).
BASIS = {"covered": "national_feed", "partial": "cross_border", "none": "none"}


def normal() -> dict[str, Any]:
    """Path (with its sorted query string when it matters) -> JSON answer."""
    return {
        "/health": {
            "status": "ok",
            "version": "0.1.0",
            "database": {"reachable": True, "latency_ms": 1.7},
            "data": {
                "version": "v42",
                "published_at": "2026-11-25T06:00:00Z",
                "last_etl_success_at": "2026-11-25T05:58:00Z",
                "timetables": TIMETABLES,
            },
        },
        "/stats/summary": {
            "trajets": 364,
            "trajets_day": 330,
            "trajets_night": 34,
            "night_share": 34 / 364,
            "operators": 3,
            "countries": 3,
            "stations": 120,
            "weekly_departures": 2630.0,
            "validity": [
                {
                    "source_id": e["source_id"],
                    "name": e["name"],
                    "valid_from": e["valid_from"],
                    "valid_until": e["valid_until"],
                    "status": e["status"],
                    "expired_since": e["expired_since"],
                }
                for e in EDITIONS
            ],
            "timetables_status": "partly_expired",
            "data_version": "v42",
            "published_at": "2026-11-25T06:00:00Z",
            "last_etl_success_at": "2026-11-25T05:58:00Z",
        },
        "/trajets": trajet_page([DAY_TRAJET, NIGHT_TRAJET], total=52, pages=3),
        "/trajets/t-ice-9577": _detail(
            DAY_TRAJET, [(PARIS, None, "06:55", 0), (MUNICH, "12:34", None, 0)]
        ),
        "/trajets/t-icf-8626": _detail(
            IMPLAUSIBLE_TRAJET,
            [
                (
                    {"id": "BG-BURGAS", "name": "Burgas", "city": "Burgas", "country": "BG"},
                    None,
                    "23:00",
                    0,
                ),
                (
                    {"id": "BG-SOFIA", "name": "Sofia", "city": "Sofia", "country": "BG"},
                    "05:45",
                    None,
                    4,
                ),
            ],
        ),
        "/coverage": [
            {
                "country": country,
                "day": {"level": day, "basis": BASIS[day], "sources": [], "services": 1},
                "night": {"level": night, "basis": BASIS[night], "sources": [], "services": 1},
            }
            for country, day, night in (
                ("AT", "partial", "covered"),
                ("DE", "covered", "covered"),
                ("ES", "covered", "none"),
                ("FR", "partial", "covered"),
                ("SE", "none", "covered"),
            )
        ],
        "/trajets/t-nj-469": _detail(
            NIGHT_TRAJET,
            [(PARIS, None, "19:12", 0), (MUNICH, "02:10", "02:40", 1), (VIENNA, "09:42", None, 1)],
        ),
        "/stats/volumes?group_by=operator": volumes("operator"),
        "/stats/volumes?group_by=country": volumes("country"),
        "/stats/distributions?metric=duration": {
            "metric": "duration",
            "unit": "min",
            "bins": [
                {"lower": 0, "upper": 120, "day": 40, "night": 0},
                {"lower": 120, "upper": 240, "day": 150, "night": 0},
                {"lower": 240, "upper": 480, "day": 130, "night": 4},
                {"lower": 480, "upper": 960, "day": 10, "night": 30},
            ],
        },
        "/stats/distributions?metric=distance": {
            "metric": "distance",
            "unit": "km",
            "bins": [
                {"lower": 0, "upper": 250, "day": 60, "night": 0},
                {"lower": 250, "upper": 500, "day": 140, "night": 2},
                {"lower": 500, "upper": 1000, "day": 120, "night": 12},
                {"lower": 1000, "upper": 2000, "day": 10, "night": 20},
            ],
        },
        "/stats/co2": {
            "by_day_night": [
                {
                    "day_night": "day",
                    "trajets": 330,
                    "with_train_co2": 330,
                    "with_plane_co2": 301,
                    "comparable": 301,
                    "avg_train_kg": 1.9,
                    "avg_plane_kg": 98.2,
                    "avg_saving_kg": 96.3,
                },
                {
                    "day_night": "night",
                    "trajets": 34,
                    "with_train_co2": 27,
                    "with_plane_co2": 30,
                    "comparable": 25,
                    "avg_train_kg": 22.0,
                    "avg_plane_kg": 175.4,
                    "avg_saving_kg": 153.4,
                },
            ],
            "factors": [
                {
                    "id": "ademe-train-tgv",
                    "version": "2024",
                    "mode": "train",
                    "category": "high_speed",
                    "label": "TGV",
                    "kg_per_pkm": 0.00293,
                    "includes_contrails": False,
                    "min_distance_km": None,
                    "max_distance_km": None,
                    "source_name": "ADEME Base Empreinte",
                    "source_url": "https://impactco2.fr",
                }
            ],
        },
        "/map/routes": {
            "routes": [
                {
                    "origin": {**_point(PARIS), "latitude": 48.877, "longitude": 2.359},
                    "destination": {**_point(MUNICH), "latitude": 48.140, "longitude": 11.558},
                    "day_night": "day",
                    "trajets": 4,
                    "weekly_departures": 28.0,
                },
                {
                    "origin": {**_point(PARIS), "latitude": 48.877, "longitude": 2.359},
                    "destination": {**_point(VIENNA), "latitude": 48.185, "longitude": 16.376},
                    "day_night": "night",
                    "trajets": 1,
                    "weekly_departures": 3.0,
                },
            ]
        },
        "/operators": [
            _operator("db", "DB Fernverkehr", "DB", "DE", 124),
            _operator("obb", "ÖBB", "ÖBB", "AT", 40),
            _operator("sncf", "SNCF Voyageurs", "SNCF", "FR", 200),
        ],
        "/sources": [
            _source(
                id="gtfs-de@2025-11-09",
                name="Deutschland Fernverkehr GTFS",
                edition="2025-11-09",
                is_current=True,
                publisher="gtfs.de",
                public_url="https://gtfs.de",
                licence="CC-BY-4.0",
                licence_url="https://creativecommons.org/licenses/by/4.0/",
                attribution="© gtfs.de, DELFI e.V.",
                valid_from="2025-11-09",
                valid_until="2025-12-09",
                validity_status="expired",
                expired_since="2025-12-10",
            ),
            _source(
                id="ontd@2026-06-30",
                name="Back-on-Track Open Night Train Database",
                edition="2026-06-30",
                is_current=True,
                publisher="Back-on-Track.eu",
                public_url="https://back-on-track.eu",
                licence="GPL-3.0-only",
                licence_url="https://www.gnu.org/licenses/gpl-3.0.html",
                attribution="Back-on-Track.eu – Open Night Train Database",
                share_alike=True,
                valid_from="2025-12-14",
                valid_until="2026-12-12",
            ),
            _source(
                id="gtfs-sncf-intercites@2013-12-04",
                name="SNCF Horaires des lignes Intercités",
                edition="2013-12-04",
                is_current=False,
                publisher="SNCF",
                public_url="https://ressources.data.sncf.com",
                licence="ODbL-1.0",
                licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
                attribution="SNCF Voyageurs – open data (ODbL 1.0)",
                share_alike=True,
            ),
        ],
        "/etl/runs?limit=10": [
            {
                "run_id": 7,
                "started_at": "2026-11-25T05:57:00Z",
                "finished_at": "2026-11-25T05:58:00Z",
                "status": "success",
                "data_version": "v42",
                "code_version": "0.1.0",
                "error": None,
                "rows_read": 30000,
                "rows_loaded": 29874,
                "rows_rejected": 126,
                "sources": [],
            },
            {
                "run_id": 6,
                "started_at": "2026-11-24T05:57:00Z",
                "finished_at": "2026-11-24T05:57:30Z",
                "status": "failed",
                "data_version": None,
                "code_version": "0.1.0",
                "error": "publication refused by the quality gate: 12 trajets out of range",
                "rows_read": 100,
                "rows_loaded": 0,
                "rows_rejected": 0,
                "sources": [],
            },
        ],
        "/quality/latest": {
            "run": {
                "run_id": 3,
                "target": "staging",
                "started_at": "2026-11-25T06:01:00Z",
                "finished_at": "2026-11-25T06:01:04Z",
                "success": True,
                "data_version": "v42",
                "critical_failures": 0,
                "warning_failures": 1,
                "duration_s": 4.0,
            },
            "suites": [
                {
                    "suite": "trajets",
                    "success": True,
                    "expectations": [
                        {
                            "expectation": "expect_column_values_to_not_be_null",
                            "severity": "critical",
                            "success": True,
                            "unexpected_count": 0,
                            "description": "Chaque trajet a une gare de départ",
                            "observed_value": None,
                            "sample": [],
                        },
                        {
                            "expectation": "expect_column_values_to_be_between",
                            "severity": "warning",
                            "success": False,
                            "unexpected_count": 12,
                            "description": "Durée entre 10 min et 48 h",
                            "observed_value": None,
                            "sample": [],
                        },
                    ],
                }
            ],
        },
        "/monitoring/alerts": {
            "available": True,
            "alerts": [
                {
                    "name": "ObrailDataStale",
                    "severity": "warning",
                    "summary": "Les données ont plus de 36 h",
                    "description": "",
                    "starts_at": "2026-11-25T04:00:00Z",
                    "runbook_url": "https://example.org/runbooks/data-stale",
                }
            ],
        },
    }


def _empty_volumes(group_by: str) -> dict[str, Any]:
    zero = {"day": 0, "night": 0, "total": 0}
    totals = {"trajets": zero, "weekly_departures": zero}
    return {"group_by": group_by, "groups": [], "totals": totals, "data_version": None}


def empty() -> dict[str, Any]:
    """A freshly migrated warehouse: nothing published, no quality run, monitoring off."""
    return {
        "/health": {
            "status": "ok",
            "version": "0.1.0",
            "database": {"reachable": True, "latency_ms": 1.0},
            "data": {
                "version": None,
                "published_at": None,
                "last_etl_success_at": None,
                "timetables": None,
            },
        },
        "/stats/summary": {
            "trajets": 0,
            "trajets_day": 0,
            "trajets_night": 0,
            "night_share": None,
            "operators": 0,
            "countries": 0,
            "stations": 0,
            "weekly_departures": 0,
            "validity": [],
            "timetables_status": "current",
            "data_version": None,
            "published_at": None,
            "last_etl_success_at": None,
        },
        "/trajets": trajet_page([]),
        "/stats/volumes?group_by=operator": _empty_volumes("operator"),
        "/stats/volumes?group_by=country": _empty_volumes("country"),
        "/stats/distributions?metric=duration": {"metric": "duration", "unit": "min", "bins": []},
        "/stats/distributions?metric=distance": {"metric": "distance", "unit": "km", "bins": []},
        "/stats/co2": {"by_day_night": [], "factors": []},
        "/map/routes": {"routes": []},
        "/operators": [],
        "/sources": [],
        "/etl/runs?limit=10": [],
        "/quality/latest": {"run": None, "suites": []},
        "/monitoring/alerts": {"available": False, "alerts": []},
        "/stations?limit=30": [],
        "/comparison/pairs?limit=100": {"pairs": [], "total": 0, "method": METHOD},
    }


_PLANE = {
    "origin_airport": {"iata": "VIE", "name": "Vienna International Airport"},
    "destination_airport": {"iata": "MUC", "name": "Munich Airport"},
    "distance_km": 355.2,
    "access_min": 37,
    "airport_before_min": 118,
    "flight_min": 69,
    "airport_after_min": 39,
    "egress_min": 57,
    "door_to_door_min": 320,
    "co2_kg": 91.85,
}
METHOD = {"airport_before_min": 118, "airport_after_min": 39, "flight_fixed_min": 43.2}


def journeys() -> dict[str, Any]:
    """/stations, /destinations, /comparison and /comparison/pairs (Wien as the city)."""
    answers = _journeys()
    answers["/comparison"]["fastest"] = answers["/comparison"]["trains"][0]
    return answers


def _journeys() -> dict[str, Any]:
    return {
        "/stations?limit=30": [
            {
                "id": "8100002",
                "name": "Wien Hbf",
                "city": "Wien",
                "country": "AT",
                "trajet_count": 90,
                "matched_name": None,
                "coordinates_precision": "station",
            }
        ],
        "/destinations": {
            "origin": {
                "query": "Vienna",
                "city": "Wien",
                "country": "AT",
                "latitude": 48.185,
                "longitude": 16.377,
            },
            "destinations": [
                {
                    "city": "München",
                    "country": "DE",
                    "day_night": "day",
                    "station": {
                        "id": "8000261",
                        "name": "München Hbf",
                        "latitude": 48.14,
                        "longitude": 11.558,
                    },
                    "trains": 12,
                    "weekly_departures": 80.5,
                    "fastest_min": 236,
                    "fastest_trajet_id": "r1",
                    "earliest_departure": {
                        "time": "06:28",
                        "time_zone": "Europe/Vienna",
                        "days": 0,
                    },
                    "latest_arrival": {"time": "23:10", "time_zone": "Europe/Berlin", "days": 0},
                    "rail_km": 400.1,
                    "co2_train_kg": 1.17,
                    "figures_basis": "trajet",
                    "co2_plane_kg": 91.85,
                    "plane": _PLANE,
                },
                {
                    "city": "Paris",
                    "country": "FR",
                    "day_night": "night",
                    "station": {
                        "id": "8727100",
                        "name": "Paris Est",
                        "latitude": 48.876,
                        "longitude": 2.359,
                    },
                    "trains": 1,
                    "weekly_departures": 3.0,
                    "fastest_min": 866,
                    "fastest_trajet_id": "n1",
                    "earliest_departure": {
                        "time": "19:40",
                        "time_zone": "Europe/Vienna",
                        "days": 0,
                    },
                    "latest_arrival": {"time": "10:06", "time_zone": "Europe/Paris", "days": 1},
                    "rail_km": 1210.0,
                    "co2_train_kg": 10.87,
                    "figures_basis": "prorated",
                    "co2_plane_kg": 226.9,
                    "plane": None,
                },
            ],
            "method": METHOD,
        },
        "/comparison": {
            "origin": {
                "query": "Wien",
                "city": "Wien",
                "country": "AT",
                "latitude": 48.185,
                "longitude": 16.377,
            },
            "destination": {
                "query": "Munich",
                "city": "München",
                "country": "DE",
                "latitude": 48.14,
                "longitude": 11.558,
            },
            "trains": [
                {
                    "trajet_id": "r1",
                    "trajet_ids": ["r1", "r1-summer"],
                    "train": "RJX 62",
                    "operator": "ÖBB-Personenverkehr AG",
                    "day_night": "day",
                    "departure": {"time": "06:28", "time_zone": "Europe/Vienna", "days": 0},
                    "arrival": {"time": "10:24", "time_zone": "Europe/Berlin", "days": 0},
                    "from_station": "Wien Hbf",
                    "to_station": "München Hbf",
                    "rail_min": 236,
                    "door_to_door_min": 268,
                    "weekly_departures": 7.25,
                    "rail_km": 400.1,
                    "co2_train_kg": 1.17,
                    "figures_basis": "trajet",
                    "verdict": "train_faster_and_lower_carbon",
                    "minutes_saved": 52,
                },
                {
                    "trajet_id": "n2",
                    "trajet_ids": ["n2"],
                    "train": "EN 40462",
                    "operator": "MÁV-START",
                    "day_night": "night",
                    "departure": {"time": "22:55", "time_zone": "Europe/Vienna", "days": 0},
                    "arrival": {"time": "06:14", "time_zone": "Europe/Berlin", "days": 1},
                    "from_station": "Wien Hbf",
                    "to_station": "München Ost",
                    "rail_min": 439,
                    "door_to_door_min": 471,
                    "weekly_departures": 7.0,
                    "rail_km": None,
                    "co2_train_kg": None,
                    "figures_basis": None,
                    "verdict": "plane_faster_and_lower_carbon",
                    "minutes_saved": -171,
                },
            ],
            "fastest": "see below",
            "plane": _PLANE,
            "method": METHOD,
        },
        "/comparison/pairs?limit=100": {
            "pairs": [
                {
                    "origin": "Wien",
                    "origin_country": "AT",
                    "destination": "München",
                    "destination_country": "DE",
                    "day_night": "day",
                    "trajet_id": "r1",
                    "train": "RJX 62",
                    "rail_min": 236,
                    "train_door_to_door_min": 268,
                    "plane_door_to_door_min": 320,
                    "minutes_saved": 52,
                    "co2_train_kg": 1.17,
                    "co2_plane_kg": 91.85,
                    "plane_km": 355.2,
                }
            ],
            "total": 1,
            "method": METHOD,
        },
    }
