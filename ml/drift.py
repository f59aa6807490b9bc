"""Input drift: how far the inputs a model is asked about are from its training data.

At training, each monitored feature's distribution is summarised by bin edges (quantiles of
the training values, the outer bins open-ended) and the training share in each bin. Serving
counts the inputs in the same bins; the distance is the population stability index (PSI),
with a small floor on empty bins. PSI < 0.1: similar; 0.1–0.25: moderate shift; > 0.25: the
model is used on inputs unlike those it learnt from.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

QUANTILES = (0.2, 0.4, 0.6, 0.8)
FLOOR = 0.005


def reference(values: Sequence[float]) -> dict[str, Any]:
    """Bin edges (inner quantiles of the training values) and the training share per bin,
    plus the training range."""
    ordered = sorted(float(v) for v in values)
    if not ordered:
        raise ValueError("no training values")
    edges: list[float] = []
    for q in QUANTILES:
        edge = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
        if not edges or edge > edges[-1]:
            edges.append(edge)
    counts = bin_counts(ordered, edges)
    return {
        "edges": edges,
        "shares": [c / len(ordered) for c in counts],
        "min": ordered[0],
        "max": ordered[-1],
    }


def bin_counts(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    counts = [0] * (len(edges) + 1)
    for value in values:
        counts[bin_index(value, edges)] += 1
    return counts


def bin_index(value: float, edges: Sequence[float]) -> int:
    return bisect_right(list(edges), value)


def psi(expected: Sequence[float], observed_counts: Sequence[int]) -> float | None:
    """Population stability index of the observed counts against the expected shares (None
    without observations)."""
    total = sum(observed_counts)
    if total == 0:
        return None
    value = 0.0
    for share, count in zip(expected, observed_counts, strict=True):
        e = max(share, FLOOR)
        o = max(count / total, FLOOR)
        value += (o - e) * math.log(o / e)
    return value
