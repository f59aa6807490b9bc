"""Training of the modal-shift curve: fit on every published figure, cross-validate by pair,
summarise the training inputs for drift monitoring."""

from __future__ import annotations

from collections import Counter

import numpy as np

from ml import drift
from ml.plugin import TrainedModel, TrainingSet
from ml.report_modal import model as curve

#: Below this many city pairs the model card says the table is thin (the issue's threshold).
MIN_PAIRS = 15


def train(training: TrainingSet) -> TrainedModel:
    data = curve.observations(training.rows)
    if len({o.pair for o in data}) < 3:
        raise ValueError("at least three city pairs are needed to fit and cross-validate")
    weights = curve.situation_weights(data)
    estimator = curve.fit(data, weights)
    cv = curve.leave_one_pair_out(data)
    shares = np.array([o.rail_share for o in data])
    fitted = curve.predict_share(estimator, [o.rail_time_min for o in data])
    pairs = Counter(o.pair for o in data)
    metrics = {
        **cv.metrics,
        "train_mae": float(np.mean(np.abs(fitted - shares))),
        "rows": len(data),
        "pairs": len(pairs),
        "enough_pairs": len(pairs) >= MIN_PAIRS,
    }
    details = {
        "method": "fractional logistic regression of the rail share on rail hours "
        "(scikit-learn LogisticRegression, lbfgs), leave-one-pair-out cross-validation, "
        "split-conformal interval on the logit scale",
        "feature": "rail_time_min / 60",
        "curve": curve.curve_description(estimator),
        "interval_half_width_logit": cv.half_width_logit,
        "drift_reference": {
            "rail_time_min": drift.reference([o.rail_time_min for o in data]),
        },
        "cross_validation": [
            {
                "pair": o.pair,
                "rail_time_min": o.rail_time_min,
                "rail_share": o.rail_share,
                "predicted": round(float(p), 6),
            }
            for o, p in zip(data, cv.predictions, strict=True)
        ],
    }
    return TrainedModel(estimator, metrics, details)
