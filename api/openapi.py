"""The OpenAPI document: FastAPI's, plus what FastAPI cannot infer from the handlers.

Errors are `application/problem+json` (schema Problem) instead of FastAPI's validation error
shape; cacheable routes document their ETag, Cache-Control and 304; the optional API key is a
security scheme. `python -m api.openapi` writes docs/api/openapi.json (a test fails on drift).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_CONTENT_TYPE
from api.middleware.caching import CACHEABLE_ROUTES
from api.middleware.rate_limit import EXEMPT_PATHS

DESCRIPTION = """
API de l'observatoire ObRail Europe : les trains de jour et de nuit en Europe, issus de données
ouvertes harmonisées (horaires, gares, exploitants, CO2 comparé à l'avion).

* Lecture seule, JSON (UTF-8) ; `/trajets` aussi en CSV (`format=csv` ou `Accept: text/csv`).
* Horaires **en vigueur** par défaut (paramètre `source`) ; les statistiques ne comptent chaque
  train qu'une fois (`counted_in_stats`).
* Les réponses portent un `ETag` lié à la version des données publiées : renvoyez-le dans
  `If-None-Match` pour obtenir un `304` sans corps.
* Erreurs au format RFC 9457 (`application/problem+json`) avec un `code` stable et, pour les
  paramètres invalides, la liste `errors` (paramètre, règle, message).
* Quota par client (`429` + `Retry-After`) ; une clé partenaire (`X-API-Key`) relève le quota.
  Aucune clé n'est nécessaire pour lire.
* Chaque réponse porte `X-Request-ID` (repris de la requête s'il est fourni) : citez-le en cas
  de problème.
""".strip()

TAGS = [
    {"name": "trajets", "description": "Recherche et détail des trajets."},
    {"name": "statistiques", "description": "Volumes, chiffres clés, distributions, CO2."},
    {"name": "carte", "description": "Relations pour la carte."},
    {"name": "référentiels", "description": "Gares, exploitants, sources et licences."},
    {"name": "exploitation", "description": "ETL, qualité des données, alertes, métriques."},
    {"name": "santé", "description": "Sondes de vivacité et de disponibilité."},
]

PROBLEM_REF = "#/components/schemas/Problem"
STRING = {"schema": {"type": "string"}}
REQUEST_ID_HEADER = {"description": "Identifiant de la requête (journaux).", **STRING}
CACHE_HEADERS = {
    "ETag": {"description": "Version de l'API, des données et représentation.", **STRING},
    "Cache-Control": {"description": "public, max-age=… ; revalider avec l'ETag.", **STRING},
    "X-Data-Version": {"description": "Version des données publiées.", **STRING},
}
RETRY_AFTER = {"Retry-After": {"description": "Secondes avant de réessayer.", **STRING}}


def _is_problem(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return bool(schema.get("$ref") == PROBLEM_REF)


def _edit_operation(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    for status, response in responses.items():
        headers = response.setdefault("headers", {})
        headers["X-Request-ID"] = REQUEST_ID_HEADER
        if _is_problem(response):
            response["content"] = {PROBLEM_CONTENT_TYPE: response["content"]["application/json"]}
        if status in ("429", "503"):
            headers.update(RETRY_AFTER)
    if path in CACHEABLE_ROUTES:
        responses["200"]["headers"].update(CACHE_HEADERS)
        responses["304"] = {
            "description": "Non modifié : l'ETag de If-None-Match est toujours valable.",
            "headers": {"ETag": CACHE_HEADERS["ETag"], "X-Request-ID": REQUEST_ID_HEADER},
        }
    if path not in EXEMPT_PATHS:
        operation["security"] = [{}, {"ApiKey": []}]


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        license_info=app.license_info,
    )
    for path, item in document["paths"].items():
        for operation in item.values():
            _edit_operation(path, operation)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    document["components"]["securitySchemes"] = {
        "ApiKey": {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "Clé partenaire facultative : elle relève le quota de requêtes.",
        }
    }
    app.openapi_schema = document
    return document


def render(document: dict[str, Any]) -> str:
    """The exported form: stable key order, French text kept readable."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    from api.app import create_app
    from api.settings import ApiSettings

    target = Path(argv[0]) if argv else Path("docs/api/openapi.json")
    document = create_app(ApiSettings(database_url=None)).openapi()
    target.write_text(render(document), encoding="utf-8")
    print(f"wrote {target}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
