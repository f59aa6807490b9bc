"""Response helpers: bytes built with orjson (handlers never go through response_model)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Response

from api.errors import CATALOGUE
from api.schemas import Problem

JSON = "application/json"


def json_response(payload: Any, data_version: str | None = None, status: int = 200) -> Response:
    headers = {"X-Data-Version": data_version} if data_version is not None else None
    return Response(orjson.dumps(payload), status_code=status, media_type=JSON, headers=headers)


def csv_response(body: bytes, data_version: str | None, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if data_version is not None:
        headers["X-Data-Version"] = data_version
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


_DESCRIPTIONS = {
    401: "Clé d'API inconnue (les lectures publiques n'en demandent pas).",
    404: "Ressource inconnue.",
    422: "Paramètre invalide : `errors` nomme le paramètre et la règle.",
    429: "Quota dépassé : réessayer après `Retry-After` secondes.",
    503: "Base de données injoignable ou requête trop longue : réessayer plus tard.",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for errors (rendered as application/problem+json)."""
    codes = {
        status: [c.value for c, e in CATALOGUE.items() if e.status == status] for status in statuses
    }
    return {
        status: {
            "model": Problem,
            "description": f"{_DESCRIPTIONS.get(status, 'Erreur.')} Codes : {', '.join(codes[status])}.",
        }
        for status in statuses
    }


COMMON_PROBLEMS = problems(401, 422, 429, 503)
