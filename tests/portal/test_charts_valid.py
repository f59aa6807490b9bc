"""Every chart the pages draw is valid Vega-Lite: the portal converts charts without Altair's
schema validation (portal.components.charts.vega_lite), so the tests validate them."""

from __future__ import annotations

import json

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from tests.portal.conftest import PortalFactory
from tests.portal.fake_api import FakeApi

PAGES: tuple[tuple[str, dict[str, str]], ...] = (
    ("statistiques", {}),
    ("carte", {}),
    ("depuis_ma_ville", {"ville": "Vienna"}),
    ("trajets", {"trajet": "t-nj-469"}),
)


@pytest.mark.parametrize(("page", "query"), PAGES)
def test_every_chart_is_valid_vega_lite(
    api: FakeApi, portal: PortalFactory, page: str, query: dict[str, str]
) -> None:
    at = portal(api.url, page, query=query)
    drawn = at.get("vega_lite_chart")
    assert drawn, f"{page} draws no chart"
    for element in drawn:
        spec = json.loads(element.proto.spec)
        assert validate_jsonschema(spec, load_schema(), raise_error=False) is None
        # the data goes to the browser as named Arrow datasets, never inlined in the spec
        assert element.proto.datasets and "values" not in element.proto.spec


def test_an_invalid_chart_would_be_caught() -> None:
    assert validate_jsonschema({"mark": "nope"}, load_schema(), raise_error=False) is not None
