"""The modal-shift endpoints: a pair's expected rail share, and the list of pairs (map layer)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ml.plugin import InputNotFound, LoadedModel, Rows, Served
from ml.report_modal import model as curve
from ml.report_modal import queries
from ml.report_modal.schemas import PairQuery, PairsQuery
from warehouse.harmonise.text import normalise

CAVEAT = (
    "Potentiel de report modal : part du train sur le marché train + avion qu'observent les "
    "marchés existants au même temps de trajet (courbe ajustée sur des chiffres publiés). Ce "
    "n'est pas une prévision de demande : prix, fréquences, aéroports, correspondances et "
    "habitudes ne sont pas pris en compte."
)

_SORT_KEYS: dict[str, tuple[str, str]] = {
    "rail_share": ("prediction", "rail_share"),
    "rail_time": ("pair", "rail_time_min"),
    "distance": ("pair", "distance_km"),
    "weekly_departures": ("pair", "weekly_departures"),
}


def model_info(model: LoadedModel, data_version: str | None) -> dict[str, Any]:
    details = model.metadata.get("details", {})
    metrics = model.metadata.get("metrics", {})
    reference = details.get("drift_reference", {}).get("rail_time_min", {})
    return {
        "name": model.name,
        "version": model.version,
        "artefact_sha256": model.sha256,
        "trained_on_data_version": model.metadata.get("data_version"),
        "data_version": data_version,
        "interval_level": float(metrics.get("interval_level", curve.INTERVAL_LEVEL)),
        "cv_mae": float(metrics.get("cv_mae", float("nan"))),
        "training_range_min": [float(reference.get("min", 0)), float(reference.get("max", 0))],
    }


def predict_rows(model: LoadedModel, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each feature row with its prediction and interval."""
    details = model.metadata["details"]
    half_width = float(details["interval_half_width_logit"])
    reference = details["drift_reference"]["rail_time_min"]
    minutes = np.array([float(r["rail_time_min"]) for r in rows])
    share, low, high = curve.interval(model.estimator, minutes, half_width)
    items = []
    for index, row in enumerate(rows):
        items.append(
            {
                "pair": row,
                "prediction": {
                    "rail_share": round(float(share[index]), 4),
                    "low": round(float(low[index]), 4),
                    "high": round(float(high[index]), 4),
                    "extrapolation": _extrapolation(row, reference),
                },
            }
        )
    return items


def _extrapolation(row: dict[str, Any], reference: dict[str, float]) -> str | None:
    if row["day_trajets"] == 0:
        return "night_only"
    if row["rail_time_min"] < reference["min"]:
        return "below_training_range"
    if row["rail_time_min"] > reference["max"]:
        return "above_training_range"
    return None


async def pair(rows: Rows, model: LoadedModel, params: PairQuery) -> Served:
    first, second = normalise(params.origin), normalise(params.destination)
    if first == second:
        raise InputNotFound("origin and destination are the same place")
    row = await rows.one(queries.PAIR, {"first": first, "second": second})
    if row is None:
        raise InputNotFound(
            f"no direct train between {params.origin!r} and {params.destination!r} at least "
            "150 km apart in the published timetables"
        )
    (item,) = predict_rows(model, [row])
    body = {"model": model_info(model, rows.data_version), "caveat": CAVEAT, **item}
    return Served(body, {"rail_time_min": [float(row["rail_time_min"])]})


async def pairs(rows: Rows, model: LoadedModel, params: PairsQuery) -> Served:
    found = await rows.all(
        queries.PAIRS,
        {
            "country": params.country.upper() if params.country else None,
            "place": normalise(params.place) if params.place else None,
            "day_only": not params.include_extrapolated,
        },
    )
    items = predict_rows(model, found)
    if not params.include_extrapolated:
        items = [i for i in items if i["prediction"]["extrapolation"] is None]
    if params.min_share is not None:
        items = [i for i in items if i["prediction"]["rail_share"] >= params.min_share]
    part, field = _SORT_KEYS[params.sort.lstrip("-")]
    items.sort(
        key=lambda i: (float(i[part][field]), str(i["pair"]["pair_id"])),
        reverse=params.sort.startswith("-"),
    )
    page = items[params.offset : params.offset + params.limit]
    body = {
        "model": model_info(model, rows.data_version),
        "caveat": CAVEAT,
        "total": len(items),
        "limit": params.limit,
        "offset": params.offset,
        "items": page,
    }
    # The list is the warehouse's pairs (the map layer), not a question asked: its inputs are not
    # counted in the drift of the users' questions.
    return Served(body)
