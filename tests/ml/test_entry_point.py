"""A second model added through the `obrail.models` entry point only: discovered, trained,
registered, and served by the API with no change to its routing code."""

from __future__ import annotations

import sys

import httpx
import psycopg
import pytest

from ml.plugin import ENTRY_POINT_GROUP, discover
from ml.settings import ModelSettings
from ml.training import train_model
from tests.api.conftest import api_role_url, api_settings
from tests.api.server import running_api


@pytest.fixture
def dummy_entry_point(tmp_path, monkeypatch):
    """Install a distribution whose only content is an entry point to tests.ml.dummy_model."""
    dist = tmp_path / "site" / "obrail_dummy_model-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: obrail-dummy-model\nVersion: 0.1\n"
    )
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\ndummy = tests.ml.dummy_model:PLUGIN\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield
    sys.modules.pop("tests.ml.dummy_model", None)


def test_a_model_registered_by_entry_point_is_trained_and_served(
    dummy_entry_point, clone_loaded_db, tmp_path
):
    plugins = discover()
    assert {"report_modal", "dummy"} <= set(plugins)
    settings = ModelSettings(database_url=clone_loaded_db, model_dir=tmp_path / "models")
    outcome = train_model(settings, plugins["dummy"], promote=True)
    trajets = outcome.metrics["trajets"]
    with psycopg.connect(clone_loaded_db) as connection:
        (published,) = connection.execute("SELECT count(*) FROM api.trajets").fetchone() or (0,)
    assert trajets == published > 0
    api = api_settings(api_role_url(clone_loaded_db), model_dir=settings.model_dir)
    with running_api(api) as base, httpx.Client(base_url=base, timeout=30) as client:
        answer = client.get("/predictions/dummy", params={"x": 3})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"value": 3 * trajets, "version": 1}
        assert answer.headers["x-model-version"] == "dummy@1"
        invalid = client.get("/predictions/dummy", params={"x": 11})
        assert invalid.status_code == 422
        assert invalid.json()["errors"][0]["parameter"] == "x"
        models = {m["name"]: m for m in client.get("/models").json()}
        assert models["dummy"]["active_version"] == 1
        assert models["report_modal"]["active_version"] is None
        paths = client.get("/openapi.json").json()["paths"]
        assert "/predictions/dummy" in paths and "/predictions/report-modal" in paths
