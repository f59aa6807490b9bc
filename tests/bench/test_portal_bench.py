"""The portal benchmark refuses to run (and to take the guide's screenshots) on an API that
serves no modal-shift prediction."""

from __future__ import annotations

import pytest

from bench.portal import MODEL_PAIR, served_model
from tests.portal.fake_api import Answer, FakeApi, problem, serve

PATH = "/predictions/report-modal"


def test_a_served_model_passes_and_is_asked_for_the_guides_pair() -> None:
    with serve(FakeApi({PATH: {"prediction": {"rail_share": 0.08}}})) as api:
        served_model(api.url)
        assert api.last(PATH) == MODEL_PAIR


def test_an_api_without_a_promoted_model_stops_the_benchmark() -> None:
    unavailable = problem(
        503, "model_unavailable", "Model unavailable", "no version is promoted.", PATH
    )
    with (
        serve(FakeApi({PATH: Answer(503, unavailable)})) as api,
        pytest.raises(RuntimeError, match="no version is promoted"),
    ):
        served_model(api.url)
