"""One contract: the API's OpenAPI document. The portal's models are generated from it (no shape
written by hand), and every fake answer the portal's tests use is one the API could send."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel

from api.contract import PORTAL_MODELS, portal_models
from api.openapi import render
from portal import api_models, models
from tests.api.conftest import api_settings
from tests.portal import payloads
from tests.portal.contract import violations
from tests.portal.fake_api import Answer


def test_committed_portal_models_are_generated_from_the_current_api():
    from api.app import create_app

    document = create_app(api_settings(None)).openapi()
    assert PORTAL_MODELS.read_text(encoding="utf-8") == portal_models(render(document)), (
        "portal/api_models.py is stale: run `make contract`"
    )


def test_the_portal_declares_no_shape_of_its_own():
    for name, value in vars(models).items():
        if inspect.isclass(value) and issubclass(value, BaseModel):
            assert value.__module__ == api_models.__name__, name


@pytest.mark.parametrize("answers", ["normal", "journeys", "empty"])
def test_fake_answers_are_what_the_api_sends(answers):
    found = []
    for key, value in getattr(payloads, answers)().items():
        path = key.split("?")[0]
        status, body = (value.status, value.body) if isinstance(value, Answer) else (200, value)
        found += violations(path, status, body)
    assert found == []


def test_an_answer_the_api_could_not_send_is_caught():
    summary = payloads.normal()["/stats/summary"]
    assert violations("/stats/summary", 200, summary) == []
    assert violations("/stats/summary", 200, {**summary, "source_id": "x"})
    assert violations("/stats/summary", 200, {k: v for k, v in summary.items() if k != "trajets"})
    assert violations("/sources", 200, [{"source_id": "gtfs-de@2025-11-09"}])
