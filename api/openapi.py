"""The OpenAPI document: FastAPI's, plus what FastAPI cannot infer from the handlers.

Errors are `application/problem+json` (schema Problem) instead of FastAPI's validation error
shape; cacheable routes document their ETag, Cache-Control and 304; the optional API key is a
security scheme. `python -m api.openapi` (or `make openapi`) writes docs/api/openapi.json and
docs/api/reference.md; a test fails when they drift from the app.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_CONTENT_TYPE
from api.routing import Behaviour, behaviours

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
    {
        "name": "voyages",
        "description": "Depuis ma ville (destinations directes) et train ou avion porte à porte.",
    },
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


#: Answered by the request guard on any route, whatever parameters it declares.
GUARD_RESPONSES = {
    "414": "Chaîne de requête trop longue. Code : uri_too_long.",
    "422": "Paramètre invalide (inconnu, répété, octet NUL, trop long). Code : validation_failed.",
}


def _edit_operation(behaviour: Behaviour, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    for status, description in GUARD_RESPONSES.items():
        responses.setdefault(
            status,
            {
                "description": description,
                "content": {"application/json": {"schema": {"$ref": PROBLEM_REF}}},
            },
        )
    for status, response in responses.items():
        headers = response.setdefault("headers", {})
        headers["X-Request-ID"] = REQUEST_ID_HEADER
        if _is_problem(response):
            response["content"] = {PROBLEM_CONTENT_TYPE: response["content"]["application/json"]}
        if status in ("429", "503"):
            headers.update(RETRY_AFTER)
    if behaviour.cacheable:
        responses["200"]["headers"].update(CACHE_HEADERS)
        responses["304"] = {
            "description": "Non modifié : l'ETag de If-None-Match est toujours valable.",
            "headers": {"ETag": CACHE_HEADERS["ETag"], "X-Request-ID": REQUEST_ID_HEADER},
        }
    if behaviour.rate_limited:
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
    behaviour = behaviours(app)
    for path, item in document["paths"].items():
        for operation in item.values():
            _edit_operation(behaviour(path), operation)
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


def _type(schema: dict[str, Any]) -> str:
    """A short, readable type: `TrajetSummary`, `string | null`, `array of Call`, `enum: a, b`."""
    if "$ref" in schema:
        return f"[{schema['$ref'].rsplit('/', 1)[1]}](#{schema['$ref'].rsplit('/', 1)[1].lower()})"
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if "enum" in schema:
        return "enum : " + ", ".join(f"`{value}`" for value in schema["enum"])
    if schema.get("type") == "array":
        return "tableau de " + _type(schema.get("items", {}))
    kind = str(schema.get("type", "quelconque"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _cell(text: object) -> str:
    return str(text).replace("\n", " ").replace("|", "\\|")


def _constraints(schema: dict[str, Any]) -> str:
    parts = []
    for option in schema.get("anyOf", [schema]):
        for key, label in (
            ("minimum", "≥"),
            ("maximum", "≤"),
            ("maxLength", "longueur ≤"),
            ("pattern", "motif"),
        ):
            if key in option:
                value = f"`{option[key]}`" if key == "pattern" else option[key]
                parts.append(f"{label} {value}")
    return ", ".join(parts)


def _parameters(operation: dict[str, Any]) -> list[str]:
    rows = [
        "| Paramètre | Où | Type | Défaut | Contraintes | Description | Exemple |",
        "|---|---|---|---|---|---|---|",
    ]
    for param in operation.get("parameters", []):
        schema = param.get("schema", {})
        default = schema.get("default", "obligatoire" if param.get("required") else "")
        example = ", ".join(f"`{value}`" for value in schema.get("examples", []))
        rows.append(
            f"| `{param['name']}` | {param['in']} | {_cell(_type(schema))} | {_cell(default)} | "
            f"{_cell(_constraints(schema))} | {_cell(param.get('description', ''))} | "
            f"{_cell(example)} |"
        )
    return rows if len(rows) > 2 else ["Aucun paramètre."]


def _responses(operation: dict[str, Any]) -> list[str]:
    rows = ["| Statut | Description | Contenu |", "|---|---|---|"]
    for status, response in sorted(operation["responses"].items()):
        content = ", ".join(
            f"`{media}` {_type(body.get('schema', {}))}"
            for media, body in response.get("content", {}).items()
        )
        rows.append(f"| {status} | {_cell(response['description'])} | {_cell(content)} |")
    return rows


def _schema_section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    required = set(schema.get("required", []))
    lines += ["| Champ | Type | Toujours présent | Description |", "|---|---|---|---|"]
    for field, spec in schema.get("properties", {}).items():
        lines.append(
            f"| `{field}` | {_cell(_type(spec))} | {'oui' if field in required else 'non'} | "
            f"{_cell(spec.get('description', ''))} |"
        )
    return [*lines, ""]


def reference_markdown(document: dict[str, Any]) -> str:
    """docs/api/reference.md, generated from the OpenAPI document (French)."""
    lines = [
        "# Référence de l'API",
        "",
        "<!-- Généré par `python -m api.openapi` à partir du document OpenAPI : ne pas modifier "
        "à la main (un test vérifie qu'il est à jour). -->",
        "",
        f"Version {document['info']['version']}. Document OpenAPI complet : "
        "[openapi.json](openapi.json) (servi aussi par l'API sur `/openapi.json`, "
        "interface interactive sur `/docs`).",
        "",
        document["info"]["description"],
        "",
        "## Points d'accès",
        "",
    ]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            lines += [
                f"### {method.upper()} `{path}`",
                "",
                f"**{operation.get('summary', '')}**. {operation.get('description', '')}",
                "",
                *_parameters(operation),
                "",
                "Réponses :",
                "",
                *_responses(operation),
                "",
            ]
    lines += ["## Schémas", ""]
    for name, schema in sorted(document["components"]["schemas"].items()):
        lines += _schema_section(name, schema)
    return "\n".join(lines).rstrip() + "\n"


DOCS_DIR = Path(__file__).resolve().parents[1] / "docs" / "api"


def generated_files() -> dict[Path, str]:
    """The files `python -m api.openapi` writes, from an app that connects to nothing: the
    OpenAPI document, its reference page and the portal's models generated from it."""
    from api.app import create_app
    from api.contract import PORTAL_MODELS, portal_models
    from api.settings import ApiSettings

    document = create_app(ApiSettings(database_url=None)).openapi()
    text = render(document)
    return {
        DOCS_DIR / "openapi.json": text,
        DOCS_DIR / "reference.md": reference_markdown(document),
        PORTAL_MODELS: portal_models(text),
    }


def main() -> int:
    for path, text in generated_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
