"""Artefacts: deterministic bytes, checked on load, safe types only."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from ml import artefacts
from ml.report_modal import PLUGIN

TRUSTED = PLUGIN.trusted_types


def _estimator(seed: int = 0) -> LogisticRegression:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 1))
    y = (x[:, 0] + rng.normal(scale=0.5, size=40) > 0).astype(int)
    return LogisticRegression().fit(x, y)


def test_the_same_model_gives_the_same_bytes_whatever_the_time(monkeypatch):
    first = artefacts.build(_estimator(), {"model_name": "m", "metrics": {"mae": 0.1}})
    # skops stamps its zip entries with the current time: the artefact must not depend on it
    monkeypatch.setattr("time.localtime", lambda *_: (2031, 7, 14, 12, 30, 0, 0, 195, 0))
    second = artefacts.build(_estimator(), {"metrics": {"mae": 0.1}, "model_name": "m"})
    assert artefacts.sha256(first) == artefacts.sha256(second)
    different = artefacts.build(_estimator(seed=1), {"model_name": "m", "metrics": {"mae": 0.1}})
    assert artefacts.sha256(different) != artefacts.sha256(first)


def test_an_artefact_round_trips_and_is_named_by_its_checksum(tmp_path):
    estimator = _estimator()
    data = artefacts.build(estimator, {"model_name": "m", "metrics": {"mae": 0.1}})
    written = artefacts.write(tmp_path, "m", data)
    assert written.relative_path == f"m/{written.sha256}.zip"
    assert written.metadata["metrics"] == {"mae": 0.1}
    loaded, metadata = artefacts.load(tmp_path, written.relative_path, written.sha256, TRUSTED)
    x = np.linspace(-2, 2, 9).reshape(-1, 1)
    assert np.array_equal(loaded.predict_proba(x), estimator.predict_proba(x))
    assert metadata["format"] == artefacts.FORMAT
    with zipfile.ZipFile(tmp_path / written.relative_path) as archive:
        assert sorted(archive.namelist()) == [artefacts.METADATA_ENTRY, artefacts.MODEL_ENTRY]
        assert "pickle" not in b"".join(archive.read(n) for n in archive.namelist()).decode(
            "latin-1"
        )


def test_an_altered_artefact_is_refused(tmp_path):
    data = artefacts.build(_estimator(), {"model_name": "m"})
    written = artefacts.write(tmp_path, "m", data)
    path = tmp_path / written.relative_path
    path.write_bytes(data[:-10] + b"0123456789")
    with pytest.raises(artefacts.ArtefactError, match="registry expects"):
        artefacts.load(tmp_path, written.relative_path, written.sha256, TRUSTED)


def test_a_missing_artefact_is_refused(tmp_path):
    with pytest.raises(artefacts.ArtefactError, match="cannot be read"):
        artefacts.load(tmp_path, "m/" + "0" * 64 + ".zip", "0" * 64, TRUSTED)


def test_types_the_model_does_not_trust_are_never_loaded(tmp_path):
    tree = DecisionTreeClassifier(random_state=0).fit([[0], [1]], [0, 1])
    written = artefacts.write(tmp_path, "m", artefacts.build(tree, {"model_name": "m"}))
    with pytest.raises(artefacts.ArtefactError, match="untrusted types"):
        artefacts.load(tmp_path, written.relative_path, written.sha256, TRUSTED)


def test_a_path_outside_the_model_directory_is_refused(tmp_path):
    (tmp_path / "models").mkdir()
    outside = tmp_path / "x.zip"
    outside.write_bytes(artefacts.build(_estimator(), {"model_name": "m"}))
    digest = artefacts.sha256(outside.read_bytes())
    with pytest.raises(artefacts.ArtefactError, match="outside the model directory"):
        artefacts.load(tmp_path / "models", "../x.zip", digest, TRUSTED)


def test_a_file_that_is_not_an_artefact_is_refused(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "junk.zip").write_bytes(b"not a zip at all")
    digest = artefacts.sha256(b"not a zip at all")
    with pytest.raises(artefacts.ArtefactError, match="not a model artefact"):
        artefacts.load(tmp_path, "m/junk.zip", digest, TRUSTED)
