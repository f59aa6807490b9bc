"""The modal-shift curve: fractional logit, leave-one-pair-out cross-validation, interval."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ml.plugin import TrainingSet
from ml.report_modal import model as curve
from ml.report_modal.training import train


def _logistic(minutes: float, intercept: float = 3.0, slope: float = -0.8) -> float:
    return 1 / (1 + math.exp(-(intercept + slope * minutes / 60)))


def _rows(noise: float = 0.0, pairs: int = 12) -> list[dict[str, object]]:
    rng = np.random.default_rng(7)
    rows = []
    for index in range(pairs):
        for minutes in (90 + 25 * index, 120 + 25 * index):
            share = min(0.99, max(0.01, _logistic(minutes) + rng.normal(scale=noise)))
            rows.append(
                {
                    "origin_city": f"City{index}",
                    "destination_city": f"Town{index}",
                    "rail_time_min": minutes,
                    "rail_share": share,
                }
            )
    return rows


def test_the_fit_recovers_a_known_curve():
    data = curve.observations(_rows())
    estimator = curve.fit(data, curve.situation_weights(data))
    description = curve.curve_description(estimator)
    assert description["intercept"] == pytest.approx(3.0, abs=0.05)
    assert description["slope_per_hour"] == pytest.approx(-0.8, abs=0.02)
    assert description["half_market_rail_time_min"] == pytest.approx(3.0 / 0.8 * 60, rel=0.02)


def test_rows_of_one_situation_share_one_weight():
    rows = _rows(pairs=3)
    rows.append(dict(rows[0]))  # the same pair at the same rail time, another year
    weights = curve.situation_weights(curve.observations(rows))
    assert weights[0] == weights[-1] == 0.5
    assert weights[1] == 1.0


def test_a_pair_is_predicted_without_any_of_its_own_rows():
    rows = _rows(noise=0.05)
    baseline = curve.leave_one_pair_out(curve.observations(rows))
    changed = [dict(r) for r in rows]
    for row in changed[:2]:  # both rows of the first pair
        row["rail_share"] = 0.02
    result = curve.leave_one_pair_out(curve.observations(changed))
    # the first pair's own predictions do not move: its rows never trained its curve
    assert result.predictions[:2] == pytest.approx(baseline.predictions[:2], abs=1e-9)
    # every other pair's prediction does (the first pair is in their training folds)
    assert not np.allclose(result.predictions[2:], baseline.predictions[2:])


def test_cross_validated_error_beats_the_mean_and_the_interval_covers_its_level():
    result = curve.leave_one_pair_out(curve.observations(_rows(noise=0.06, pairs=20)))
    metrics = result.metrics
    assert metrics["cv_mae"] < metrics["baseline_cv_mae"]
    assert metrics["cv_interval_coverage"] >= curve.INTERVAL_LEVEL - 0.05
    assert 0 < metrics["cv_mae"] < 0.1


def test_the_conformal_quantile_is_the_rank_of_the_level():
    residuals = np.arange(1, 10, dtype=float)  # 9 values: rank ceil(10 * 0.8) = 8
    assert curve.conformal_quantile(residuals, 0.8) == 8.0
    assert curve.conformal_quantile(np.array([1.0, 2.0]), 0.99) == 2.0


def test_the_interval_surrounds_the_prediction():
    data = curve.observations(_rows())
    estimator = curve.fit(data, curve.situation_weights(data))
    share, low, high = curve.interval(estimator, [60, 180, 480], 1.0)
    assert np.all(low < share) and np.all(share < high)
    assert share[0] > share[1] > share[2]


def test_training_reports_metrics_and_the_input_reference():
    rows = _rows(noise=0.04)
    trained = train(TrainingSet(tuple(rows), "hash", "v1"))
    assert trained.metrics["pairs"] == 12 and trained.metrics["rows"] == 24
    assert trained.metrics["enough_pairs"] is False
    reference = trained.details["drift_reference"]["rail_time_min"]
    assert reference["min"] == 90 and reference["max"] == 120 + 25 * 11
    assert len(trained.details["cross_validation"]) == 24


def test_training_refuses_too_few_pairs():
    with pytest.raises(ValueError, match="three city pairs"):
        train(TrainingSet(tuple(_rows(pairs=2)), "hash", "v1"))
