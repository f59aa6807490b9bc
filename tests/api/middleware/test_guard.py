"""What never reaches a handler: NUL bytes, over-long or repeated or unknown parameters."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("query", "parameter", "rule"),
    [
        ("q=Wien%00", "q", "no_nul_bytes"),
        ("origin=%00", "origin", "no_nul_bytes"),
        ("brand=" + "x" * 101, "brand", "max_length"),
        ("day_night=night&day_night=day", "day_night", "single_value"),
        ("dayNight=night", "dayNight", "unknown_parameter"),
    ],
)
def test_query_rejected_before_the_handler(http, query, parameter, rule):
    response = http.get(f"/trajets?{query}")
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["parameter"] == parameter
    assert problem["errors"][0]["rule"] == rule


def test_nul_in_path_is_rejected(http):
    response = http.get("/trajets/abc%00def")
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "parameter": "path",
        "rule": "no_nul_bytes",
        "message": "must not contain NUL bytes",
    }


def test_over_long_query_string(http):
    response = http.get("/trajets?" + "&".join(f"x{i}=1" for i in range(600)))
    assert response.status_code == 414
    assert response.json()["code"] == "uri_too_long"


def test_unknown_path_and_method(http):
    missing = http.get("/trains")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    post = http.post("/trajets", json={})
    assert post.status_code == 405
    assert post.json()["code"] == "method_not_allowed"
    assert "GET" in post.headers["allow"]
