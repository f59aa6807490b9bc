"""Drift: bins from the training quantiles and the population stability index."""

from __future__ import annotations

import pytest

from ml import drift


def test_the_reference_splits_the_training_values_in_quantile_bins():
    values = list(range(100, 200))
    reference = drift.reference(values)
    assert reference["min"] == 100 and reference["max"] == 199
    assert reference["edges"] == [120, 140, 160, 180]
    assert reference["shares"] == pytest.approx([0.2] * 5)


def test_inputs_like_the_training_data_do_not_drift():
    reference = drift.reference(list(range(100, 200)))
    counts = drift.bin_counts(list(range(100, 200, 2)), reference["edges"])
    assert drift.psi(reference["shares"], counts) == pytest.approx(0.0, abs=0.01)


def test_inputs_outside_the_training_range_drift():
    reference = drift.reference(list(range(100, 200)))
    counts = drift.bin_counts([400.0] * 50, reference["edges"])
    value = drift.psi(reference["shares"], counts)
    assert value is not None and value > 1.0


def test_no_input_no_drift_value():
    assert drift.psi([0.5, 0.5], [0, 0]) is None


def test_repeated_training_values_give_distinct_edges():
    reference = drift.reference([120] * 10 + [300])
    assert reference["edges"] == sorted(set(reference["edges"]))
    assert sum(reference["shares"]) == pytest.approx(1.0)
