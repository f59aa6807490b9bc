"""`obrail model train|promote|rollback` on the loaded warehouse: reproducible artefacts, one
registry row per artefact, promotion history walked back."""

from __future__ import annotations

import psycopg
import pytest

from ml import registry
from ml.plugin import discover
from ml.settings import ModelSettings
from ml.training import train_model

PLUGIN = discover()["report_modal"]


@pytest.fixture
def settings(clone_loaded_db, tmp_path) -> ModelSettings:
    return ModelSettings(database_url=clone_loaded_db, model_dir=tmp_path / "models")


def test_training_twice_on_the_same_data_gives_the_same_artefact_and_version(settings):
    first = train_model(settings, PLUGIN)
    second = train_model(settings, PLUGIN)
    assert first.created and not second.created
    assert first.version == second.version == 1
    assert first.artefact.sha256 == second.artefact.sha256
    assert first.metrics == second.metrics
    assert (settings.model_dir / first.artefact.relative_path).is_file()
    metadata = first.artefact.metadata
    assert metadata["training_rows"] == metadata["metrics"]["rows"] >= 30
    assert metadata["metrics"]["pairs"] >= 15
    assert 0 < metadata["metrics"]["cv_mae"] < metadata["metrics"]["baseline_cv_mae"]
    with psycopg.connect(settings.database_url) as connection:
        published = connection.execute("SELECT data_version FROM api.publication").fetchone()
        row = connection.execute(
            "SELECT training_data_hash, data_version, code_version, metrics->>'cv_mae'"
            " FROM api.model_versions WHERE model_name = 'report_modal'"
        ).fetchone()
    assert published is not None and row is not None
    assert row[0] == metadata["training_data_hash"]
    assert row[1] == published[0] == metadata["data_version"]
    assert row[2] == metadata["code_version"]
    assert float(row[3]) == metadata["metrics"]["cv_mae"]


def test_new_training_data_makes_a_new_version(settings):
    first = train_model(settings, PLUGIN)
    with psycopg.connect(settings.database_url) as connection:
        connection.execute(
            "DELETE FROM core.market_shares WHERE observation_id = 'paris-lyon-1983'"
        )
    second = train_model(settings, PLUGIN)
    assert second.created and second.version == 2
    assert second.artefact.sha256 != first.artefact.sha256
    assert (
        second.artefact.metadata["training_data_hash"]
        != first.artefact.metadata["training_data_hash"]
    )


def test_promote_and_rollback_walk_the_history(settings):
    train_model(settings, PLUGIN, promote=True)
    with psycopg.connect(settings.database_url) as connection:
        connection.execute(
            "DELETE FROM core.market_shares WHERE observation_id = 'paris-lyon-1983'"
        )
    train_model(settings, PLUGIN)
    with psycopg.connect(settings.database_url) as connection:
        assert registry.active_version(connection, "report_modal") == 1
        assert registry.promote(connection, "report_modal", 2) == 1
        assert registry.active_version(connection, "report_modal") == 2
        assert registry.rollback(connection, "report_modal") == (2, 1)
        assert registry.active_version(connection, "report_modal") == 1
        with pytest.raises(registry.RegistryError, match="no earlier promoted version"):
            registry.rollback(connection, "report_modal")
        with pytest.raises(registry.RegistryError, match="no version 9"):
            registry.promote(connection, "report_modal", 9)
        actions = connection.execute(
            "SELECT action, version FROM core.model_events ORDER BY event_id"
        ).fetchall()
    assert actions == [("promote", 1), ("promote", 2), ("rollback", 1)]


def test_obrail_up_trains_and_promotes_a_model_that_none_serves(
    clone_loaded_db, tmp_path, monkeypatch
):
    """A new user's `make run` shows the modal-shift potential: `obrail up` trains and promotes
    every model with no served version, then leaves a served one alone."""
    from ml.commands import serve_untrained

    monkeypatch.setenv("OBRAIL_MODEL_DIR", str(tmp_path / "models"))
    said: list[str] = []
    assert serve_untrained(clone_loaded_db, said.append) == ["report_modal"]
    assert said[0] == "Model report_modal: none served yet, training it on the published data…"
    assert said[1].startswith("Model report_modal: version 1 trained in ")
    assert "promoted" in said[1] and str(tmp_path / "models") in said[1]
    with psycopg.connect(clone_loaded_db) as connection:
        assert registry.active_version(connection, "report_modal") == 1
        [record] = registry.versions(connection, "report_modal")
    assert (tmp_path / "models" / record.artefact_file).is_file()

    said.clear()
    assert serve_untrained(clone_loaded_db, said.append) == []
    assert said == ["Model report_modal: version 1 is served (`obrail model list`)."]
    with psycopg.connect(clone_loaded_db) as connection:
        assert len(registry.versions(connection, "report_modal")) == 1


def test_obrail_up_starts_without_a_model_that_cannot_be_trained(
    clone_loaded_db, tmp_path, monkeypatch, caplog
):
    import ml.training
    from ml.commands import serve_untrained

    def broken(*args, **kwargs):
        raise RuntimeError("no market-share rows")

    monkeypatch.setenv("OBRAIL_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setattr(ml.training, "train_model", broken)
    said: list[str] = []
    assert serve_untrained(clone_loaded_db, said.append) == []
    assert said[-1] == (
        "Model report_modal: training failed (see the log); the API serves no report_modal."
    )
    assert "no market-share rows" in caplog.text
    with psycopg.connect(clone_loaded_db) as connection:
        assert registry.active_version(connection, "report_modal") is None
