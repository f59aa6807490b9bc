"""The modal-shift curve: rail's share of the rail + air market as a logistic function of the
fastest rail time, fitted on published figures (fractional logit, scikit-learn).

Fractional logistic regression: each published share s at rail time t is one row labelled 1
with weight w·s and one labelled 0 with weight w·(1 − s), so the fit maximises the quasi-
likelihood of the shares. w gives each situation (a city pair at one rail time) the same weight,
whatever the number of years published for it.

Error is measured by leave-one-pair-out cross-validation: every row of a city pair is predicted
by a curve fitted without that pair. The interval around a prediction is the quantile of those
out-of-pair errors on the logit scale (split-conformal style), at `INTERVAL_LEVEL`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Coverage aimed at by the prediction interval.
INTERVAL_LEVEL = 0.8
#: Shares are clipped to this margin from 0 and 1 before taking logits (a share of 0 or 1).
LOGIT_CLIP = 0.01
#: Almost no penalty: a two-parameter curve on a few dozen points needs none.
INVERSE_REGULARISATION = 1e4


@dataclass(frozen=True)
class Observation:
    pair: str
    rail_time_min: float
    rail_share: float


def observations(rows: Sequence[dict[str, Any]]) -> list[Observation]:
    result = []
    for row in rows:
        first, second = sorted((str(row["origin_city"]), str(row["destination_city"])))
        result.append(
            Observation(
                f"{first} – {second}", float(row["rail_time_min"]), float(row["rail_share"])
            )
        )
    return result


def situation_weights(data: Sequence[Observation]) -> NDArray[np.float64]:
    """1 / (rows of the same pair at the same rail time)."""
    counts = Counter((o.pair, o.rail_time_min) for o in data)
    return np.array([1.0 / counts[(o.pair, o.rail_time_min)] for o in data])


Minutes = NDArray[np.float64] | Sequence[float]
Transform = Callable[[Minutes], NDArray[np.float64]]


def hours(minutes: Minutes) -> NDArray[np.float64]:
    """The model's feature: rail time in hours, as a column."""
    result: NDArray[np.float64] = np.asarray(minutes, dtype=np.float64).reshape(-1, 1) / 60.0
    return result


def fit(
    data: Sequence[Observation], weights: NDArray[np.float64], transform: Transform = hours
) -> Any:
    """A LogisticRegression on rail hours, fitted to the shares (fractional logit)."""
    from sklearn.linear_model import LogisticRegression

    x = transform([o.rail_time_min for o in data])
    shares = np.array([o.rail_share for o in data])
    features = np.vstack([x, x])
    labels = np.concatenate([np.ones(len(data)), np.zeros(len(data))])
    sample_weight = np.concatenate([weights * shares, weights * (1.0 - shares)])
    model = LogisticRegression(C=INVERSE_REGULARISATION, solver="lbfgs", max_iter=1000)
    model.fit(features, labels, sample_weight=sample_weight)
    return model


def predict_share(
    model: Any, minutes: Minutes, transform: Transform = hours
) -> NDArray[np.float64]:
    if len(minutes) == 0:
        return np.zeros(0)
    probabilities: NDArray[np.float64] = model.predict_proba(transform(minutes))[:, 1]
    return probabilities


def logit(p: NDArray[np.float64]) -> NDArray[np.float64]:
    clipped = np.clip(p, LOGIT_CLIP, 1.0 - LOGIT_CLIP)
    result: NDArray[np.float64] = np.log(clipped / (1.0 - clipped))
    return result


def expit(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
    return result


def conformal_quantile(residuals: NDArray[np.float64], level: float = INTERVAL_LEVEL) -> float:
    """The ⌈(n + 1)·level⌉-th smallest absolute residual (capped at the largest)."""
    ordered = np.sort(np.abs(residuals))
    rank = min(len(ordered), math.ceil((len(ordered) + 1) * level))
    return float(ordered[rank - 1])


def interval(
    model: Any, minutes: Sequence[float] | NDArray[np.float64], half_width_logit: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Predicted share and its interval bounds (symmetric on the logit scale)."""
    share = predict_share(model, minutes)
    z = logit(share)
    return share, expit(z - half_width_logit), expit(z + half_width_logit)


@dataclass(frozen=True)
class CrossValidation:
    predictions: NDArray[np.float64]
    metrics: dict[str, float]
    half_width_logit: float


def leave_one_pair_out(
    data: Sequence[Observation], transform: Transform = hours
) -> CrossValidation:
    """Predict every row from a curve fitted without its city pair (`transform`: the feature,
    rail hours; another one only for sensitivity checks)."""
    from sklearn.model_selection import LeaveOneGroupOut

    groups = np.array([o.pair for o in data])
    shares = np.array([o.rail_share for o in data])
    weights = situation_weights(data)
    predictions = np.zeros(len(data))
    baseline = np.zeros(len(data))
    for train_index, test_index in LeaveOneGroupOut().split(np.zeros(len(data)), groups=groups):
        subset = [data[i] for i in train_index]
        model = fit(subset, situation_weights(subset), transform)
        predictions[test_index] = predict_share(
            model, [data[i].rail_time_min for i in test_index], transform
        )
        baseline[test_index] = np.average(shares[train_index], weights=weights[train_index])
    errors = predictions - shares
    residuals = logit(shares) - logit(predictions)
    half_width = conformal_quantile(residuals)
    low, high = expit(logit(predictions) - half_width), expit(logit(predictions) + half_width)
    inside = (shares >= low) & (shares <= high)
    pair_errors = _per_pair_abs_errors(groups, errors)
    metrics = {
        "cv_mae": float(np.mean(np.abs(errors))),
        "cv_rmse": float(math.sqrt(np.mean(errors**2))),
        "cv_weighted_mae": float(np.average(np.abs(errors), weights=weights)),
        "cv_pair_mae": float(np.mean(pair_errors)),
        "cv_max_abs_error": float(np.max(np.abs(errors))),
        "cv_bias": float(np.mean(errors)),
        "baseline_cv_mae": float(np.mean(np.abs(baseline - shares))),
        "interval_level": INTERVAL_LEVEL,
        "interval_half_width_logit": half_width,
        "cv_interval_coverage": float(np.mean(inside)),
    }
    return CrossValidation(predictions, metrics, half_width)


def _per_pair_abs_errors(groups: NDArray[Any], errors: NDArray[np.float64]) -> list[float]:
    return [float(np.mean(np.abs(errors[groups == pair]))) for pair in sorted(set(groups.tolist()))]


def curve_description(model: Any) -> dict[str, float]:
    """Intercept and slope (per hour) of the logit, and the rail time where rail holds half of
    the market."""
    intercept = float(model.intercept_[0])
    slope = float(model.coef_[0][0])
    half_market_min = -intercept / slope * 60.0 if slope else float("nan")
    return {
        "intercept": intercept,
        "slope_per_hour": slope,
        "half_market_rail_time_min": half_market_min,
    }
