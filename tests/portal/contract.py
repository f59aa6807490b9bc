"""The API's contract for the portal's tests: every fake answer must be what the OpenAPI document
(docs/api/openapi.json, generated from the app) says the API sends for that path and status."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


@cache
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return loaded


@cache
def _paths() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile("^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(path)) + "$"), path)
        for path in document()["paths"]
    )


def operation(path: str) -> dict[str, Any] | None:
    """The GET operation serving `path` (a concrete path: /trajets/abc)."""
    for pattern, template in _paths():
        if pattern.match(path):
            found: dict[str, Any] = document()["paths"][template]["get"]
            return found
    return None


def cacheable(path: str) -> bool:
    """The API answers this path with an ETag (its operation documents a 304)."""
    found = operation(path)
    return found is not None and "304" in found["responses"]


def violations(path: str, status: int, body: Any) -> list[str]:
    """What in `body` the API could not send for `path` with `status` (empty: it could)."""
    found = operation(path)
    if found is None:
        return [f"{path}: no such path in the API"]
    response = found["responses"].get(str(status))
    if response is None:
        return [f"{path}: the API never answers {status}"]
    content = response.get("content", {})
    media = content.get("application/json") or content.get("application/problem+json")
    if media is None or "schema" not in media:
        return []
    schema = {**media["schema"], "components": document()["components"]}
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{path} [{status}] {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]
