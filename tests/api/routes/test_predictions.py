"""/models and /predictions/report-modal on the loaded warehouse: validation, ETag tied to the
data and model versions, promote and rollback without restart, a broken artefact -> 503."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from ml import registry
from ml.plugin import discover
from ml.settings import ModelSettings
from ml.training import train_model
from tests.api.conftest import api_role_url, api_settings
from tests.api.server import running_api
from tests.support.models import promote_report_modal

PAIR = "/predictions/report-modal"
PAIRS = "/predictions/report-modal/pairs"
PARIS_LYON = {"origin": "Paris", "destination": "Lyon"}


@dataclass
class Served:
    client: httpx.Client
    owner_url: str
    model_dir: Path
    artefacts: dict[int, Path]

    def promote(self, version: int) -> None:
        with psycopg.connect(self.owner_url) as connection:
            registry.promote(connection, "report_modal", version)

    def rollback(self) -> None:
        with psycopg.connect(self.owner_url) as connection:
            registry.rollback(connection, "report_modal")


@pytest.fixture(scope="module")
def served(data_dir, tmp_path_factory) -> Iterator[Served]:
    """Two registered versions (the second trained without one published figure), version 1
    promoted, and an API serving that warehouse."""
    from tests.support.database import loaded_template, temporary_database

    model_dir = tmp_path_factory.mktemp("models")
    with temporary_database("obrail_clone", template=loaded_template(data_dir)) as owner_url:
        settings = ModelSettings(database_url=owner_url, model_dir=model_dir)
        plugin = discover()["report_modal"]
        first = train_model(settings, plugin, promote=True)
        with psycopg.connect(owner_url) as connection:
            connection.execute(
                "DELETE FROM core.market_shares WHERE observation_id = 'paris-lyon-1983'"
            )
        second = train_model(settings, plugin)
        api = api_settings(api_role_url(owner_url), model_dir=model_dir)
        with running_api(api) as base, httpx.Client(base_url=base, timeout=30) as client:
            yield Served(
                client,
                owner_url,
                model_dir,
                {
                    1: model_dir / first.artefact.relative_path,
                    2: model_dir / second.artefact.relative_path,
                },
            )


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code and body["status"] == status
    return body


def test_a_pair_gets_its_expected_rail_share_with_interval_and_version(served):
    response = served.client.get(PAIR, params=PARIS_LYON)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model"]["name"] == "report_modal" and body["model"]["version"] == 1
    assert body["model"]["data_version"] == response.headers["x-data-version"]
    assert "n'est pas une prévision de demande" in body["caveat"]
    pair = body["pair"]
    assert {pair["place_a"], pair["place_b"]} == {"Lyon", "Paris"}
    with psycopg.connect(served.owner_url) as connection:
        row = connection.execute(
            "SELECT rail_time_min, distance_km::float8 FROM api.city_pair_features"
            " WHERE place_a_key = 'lyon' AND place_b_key = 'paris'"
        ).fetchone()
    assert row is not None and (pair["rail_time_min"], pair["distance_km"]) == row
    prediction = body["prediction"]
    assert 0 < prediction["low"] < prediction["rail_share"] < prediction["high"] < 1
    assert prediction["rail_share"] > 0.6  # under two hours: the train holds most of the market
    assert prediction["extrapolation"] is None
    assert response.headers["x-model-version"] == "report_modal@1"
    assert response.headers["cache-control"] == "no-cache"


def test_places_match_in_either_order_without_accents_or_case(served):
    reference = served.client.get(PAIR, params=PARIS_LYON).json()
    reversed_ = served.client.get(PAIR, params={"origin": "LYON", "destination": " paris "})
    assert reversed_.status_code == 200
    assert reversed_.json()["pair"]["pair_id"] == reference["pair"]["pair_id"]
    with psycopg.connect(served.owner_url) as connection:
        row = connection.execute(
            "SELECT pair_id, place_a, place_b FROM api.city_pair_features"
            " WHERE place_a ~ '[^[:ascii:]]' OR place_b ~ '[^[:ascii:]]'"
            " ORDER BY weekly_departures DESC LIMIT 1"
        ).fetchone()
    assert row is not None, "the warehouse has a place with an accent (München, Köln, Zürich...)"
    pair_id, place_a, place_b = row
    plain = [
        "".join(c for c in unicodedata.normalize("NFKD", p) if not unicodedata.combining(c))
        for p in (place_b, place_a)
    ]
    answer = served.client.get(
        PAIR, params={"origin": plain[0].upper(), "destination": plain[1].lower()}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["pair"]["pair_id"] == pair_id


def test_longer_rail_times_get_lower_shares(served):
    shares = []
    for destination in ("Lyon", "Marseille", "Toulouse"):
        body = served.client.get(PAIR, params={"origin": "Paris", "destination": destination})
        assert body.status_code == 200, body.text
        shares.append(
            (body.json()["pair"]["rail_time_min"], body.json()["prediction"]["rail_share"])
        )
    shares.sort()
    assert [s for _, s in shares] == sorted((s for _, s in shares), reverse=True)


@pytest.mark.parametrize(
    ("params", "parameter", "rule"),
    [
        ({"origin": "Paris"}, "destination", "required"),
        ({"origin": "", "destination": "Lyon"}, "origin", "min_length"),
        ({"origin": "!!!", "destination": "Lyon"}, "origin", "searchable_text"),
        ({"origin": "x" * 101, "destination": "Lyon"}, "origin", "max_length"),
        ({**PARIS_LYON, "model": "2"}, "model", "unknown_parameter"),
    ],
)
def test_invalid_pair_parameters_are_named(served, params, parameter, rule):
    body = _problem(served.client.get(PAIR, params=params), 422, "validation_failed")
    assert {"parameter": parameter, "rule": rule} == {
        k: body["errors"][0][k] for k in ("parameter", "rule")
    }


@pytest.mark.parametrize(
    ("params", "parameter", "rule"),
    [
        ({"limit": "0"}, "limit", "minimum"),
        ({"limit": "1001"}, "limit", "maximum"),
        ({"sort": "price"}, "sort", "enum"),
        ({"country": "FRA"}, "country", "pattern"),
        ({"min_share": "2"}, "min_share", "maximum"),
        ({"include_extrapolated": "maybe"}, "include_extrapolated", "boolean"),
    ],
)
def test_invalid_list_parameters_are_named(served, params, parameter, rule):
    body = _problem(served.client.get(PAIRS, params=params), 422, "validation_failed")
    assert (body["errors"][0]["parameter"], body["errors"][0]["rule"]) == (parameter, rule)


def test_unknown_or_identical_places_are_not_found(served):
    _problem(
        served.client.get(PAIR, params={"origin": "Atlantis", "destination": "Paris"}),
        404,
        "prediction_input_not_found",
    )
    _problem(
        served.client.get(PAIR, params={"origin": "Paris", "destination": "PARIS"}),
        404,
        "prediction_input_not_found",
    )


def test_the_list_keeps_to_the_model_domain_unless_asked(served):
    inside = served.client.get(PAIRS, params={"limit": 1000}).json()
    everything = served.client.get(
        PAIRS, params={"limit": 1000, "include_extrapolated": "true"}
    ).json()
    low, high = inside["model"]["training_range_min"]
    assert inside["total"] < everything["total"]
    assert all(low <= i["pair"]["rail_time_min"] <= high for i in inside["items"])
    assert all(i["prediction"]["extrapolation"] is None for i in inside["items"])
    assert {i["prediction"]["extrapolation"] for i in everything["items"]} - {None}
    shares = [i["prediction"]["rail_share"] for i in inside["items"]]
    assert shares == sorted(shares, reverse=True)


def test_the_list_filters_and_pages(served):
    french = served.client.get(PAIRS, params={"country": "fr", "min_share": 0.5}).json()
    assert french["total"] > 0
    assert all(
        "FR" in (i["pair"]["country_a"], i["pair"]["country_b"])
        and i["prediction"]["rail_share"] >= 0.5
        for i in french["items"]
    )
    whole = served.client.get(PAIRS, params={"place": "Paris", "limit": 6, "sort": "rail_time"})
    first = served.client.get(PAIRS, params={"place": "Paris", "limit": 3, "sort": "rail_time"})
    second = served.client.get(
        PAIRS, params={"place": "Paris", "limit": 3, "offset": 3, "sort": "rail_time"}
    )
    pages = first.json()["items"] + second.json()["items"]
    assert [i["pair"]["pair_id"] for i in pages] == [
        i["pair"]["pair_id"] for i in whole.json()["items"]
    ]
    assert first.json()["total"] == whole.json()["total"] >= len(pages) > 3
    assert all("Paris" in (i["pair"]["place_a"], i["pair"]["place_b"]) for i in pages)
    times = [i["pair"]["rail_time_min"] for i in pages]
    assert times == sorted(times)


def test_the_etag_follows_the_model_version_and_promote_rollback_switch_without_restart(served):
    first = served.client.get(PAIR, params=PARIS_LYON)
    etag = first.headers["etag"]
    assert first.headers["x-data-version"] in etag and "report_modal@1" in etag
    again = served.client.get(PAIR, params=PARIS_LYON, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag
    served.promote(2)
    try:
        switched = served.client.get(PAIR, params=PARIS_LYON, headers={"If-None-Match": etag})
        assert switched.status_code == 200
        assert switched.json()["model"]["version"] == 2
        assert switched.headers["x-model-version"] == "report_modal@2"
        assert switched.headers["etag"] != etag
        assert (
            switched.json()["model"]["artefact_sha256"] != first.json()["model"]["artefact_sha256"]
        )
    finally:
        served.rollback()
    back = served.client.get(PAIR, params=PARIS_LYON, headers={"If-None-Match": etag})
    assert back.status_code == 304
    assert served.client.get(PAIR, params=PARIS_LYON).json()["model"]["version"] == 1


def test_a_corrupt_or_missing_artefact_answers_503_while_the_rest_works(served):
    path = served.artefacts[1]
    original = path.read_bytes()
    try:
        path.write_bytes(original[:100])
        body = _problem(served.client.get(PAIR, params=PARIS_LYON), 503, "model_unavailable")
        assert "version 1" in body["detail"] and "Traceback" not in body["detail"]
        assert served.client.get(PAIRS).status_code == 503
        assert served.client.get("/stats/summary").status_code == 200
        assert served.client.get("/trajets", params={"origin": "Paris"}).status_code == 200
        assert served.client.get("/health/ready").status_code == 200
        path.unlink()
        missing = served.client.get(PAIR, params=PARIS_LYON)
        assert "cannot be read" in _problem(missing, 503, "model_unavailable")["detail"]
        assert missing.headers["retry-after"] == "30"
        models = {m["name"]: m for m in served.client.get("/models").json()}
        assert models["report_modal"]["active_version"] == 1
    finally:
        path.write_bytes(original)
    assert served.client.get(PAIR, params=PARIS_LYON).status_code == 200


def test_metrics_count_predictions_and_watch_their_inputs(served):
    served.client.get(PAIR, params=PARIS_LYON)
    served.client.get(PAIR, params={"origin": "Atlantis", "destination": "Paris"})
    text = served.client.get("/metrics").text
    assert (
        'obrail_predictions_total{endpoint="pair",model="report_modal",outcome="ok",version="1"}'
        in text
    )
    assert 'outcome="not_found"' in text
    assert 'obrail_model_info{artefact_sha256="' in text and 'model="report_modal",' in text
    assert 'obrail_model_available{model="report_modal"} 1.0' in text
    assert 'obrail_model_input_drift{feature="rail_time_min",model="report_modal"}' in text
    assert (
        'obrail_prediction_inputs_total{feature="rail_time_min",model="report_modal",range="inside"}'
        in text
    )
    assert "obrail_prediction_duration_seconds_bucket" in text


def test_without_a_promoted_version_the_model_answers_503(clone_loaded_db, tmp_path):
    api = api_settings(api_role_url(clone_loaded_db), model_dir=tmp_path)
    with running_api(api) as base, httpx.Client(base_url=base, timeout=30) as client:
        body = _problem(client.get(PAIR, params=PARIS_LYON), 503, "model_unavailable")
        assert "no version is promoted" in body["detail"]
        models = {m["name"]: m for m in client.get("/models").json()}
        assert models["report_modal"]["active_version"] is None
        assert client.get("/stats/summary").status_code == 200
        metrics = client.get("/metrics").text
        assert 'obrail_model_available{model="report_modal"} 0.0' in metrics


def test_the_shared_api_serves_the_promoted_model(http):
    answer = http.get(PAIR, params=PARIS_LYON)
    assert answer.status_code == 200, answer.text
    assert answer.json()["model"]["version"] == 1


def test_the_promoted_model_is_loaded_at_start_not_by_the_first_visitor(clone_loaded_db, tmp_path):
    """After `make run`, the first visitor of Train ou avion waited 5.5 s (past the portal's
    5 s timeout) while the API loaded the artefact: it is loaded when the API starts."""
    model_dir = promote_report_modal(clone_loaded_db, tmp_path / "models")
    api = api_settings(api_role_url(clone_loaded_db), model_dir=model_dir)
    with running_api(api) as base, httpx.Client(base_url=base, timeout=30) as client:
        deadline = time.monotonic() + 60
        metrics = client.get("/metrics").text
        while 'obrail_model_available{model="report_modal"} 1.0' not in metrics:
            assert time.monotonic() < deadline, "the model was not loaded at start"
            time.sleep(0.2)
            metrics = client.get("/metrics").text
        assert 'obrail_model_info{artefact_sha256="' in metrics
        assert "obrail_predictions_total{" not in metrics  # no prediction asked for it
