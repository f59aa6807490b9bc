"""One error format everywhere: RFC 9457 problem+json with a stable code from this catalogue.

`{type, title, status, detail, code, instance, request_id, errors?: [{parameter, rule, message}]}`.
The catalogue below is the single source of the codes; docs/api/erreurs.md documents each one
(a test checks both agree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:obrail:problem:"


class ErrorCode(StrEnum):
    validation_failed = "validation_failed"
    not_found = "not_found"
    trajet_not_found = "trajet_not_found"
    prediction_input_not_found = "prediction_input_not_found"
    method_not_allowed = "method_not_allowed"
    invalid_api_key = "invalid_api_key"
    rate_limited = "rate_limited"
    uri_too_long = "uri_too_long"
    header_too_large = "header_too_large"
    bad_request = "bad_request"
    database_unavailable = "database_unavailable"
    query_timeout = "query_timeout"
    no_data_published = "no_data_published"
    model_unavailable = "model_unavailable"
    internal_error = "internal_error"


class Rule(StrEnum):
    """Validation rules named in `errors[].rule` (besides the type and bound rules of RULES)."""

    required = "required"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    minimum = "minimum"
    exclusive_minimum = "exclusive_minimum"
    maximum = "maximum"
    exclusive_maximum = "exclusive_maximum"
    max_length = "max_length"
    min_length = "min_length"
    pattern = "pattern"
    enum = "enum"
    no_nul_bytes = "no_nul_bytes"
    unknown_parameter = "unknown_parameter"
    single_value = "single_value"
    sort_whitelist = "sort_whitelist"
    max_keys = "max_keys"
    min_le_max = "min_le_max"
    searchable_text = "searchable_text"
    csv_max_rows = "csv_max_rows"
    max_depth = "max_depth"


#: pydantic error type -> the rule given to clients (other types are passed through as is).
PYDANTIC_RULES: dict[str, Rule] = {
    "missing": Rule.required,
    "int_parsing": Rule.integer,
    "int_from_float": Rule.integer,
    "float_parsing": Rule.number,
    "finite_number": Rule.number,
    "bool_parsing": Rule.boolean,
    "greater_than_equal": Rule.minimum,
    "greater_than": Rule.exclusive_minimum,
    "less_than_equal": Rule.maximum,
    "less_than": Rule.exclusive_maximum,
    "string_too_long": Rule.max_length,
    "string_too_short": Rule.min_length,
    "string_pattern_mismatch": Rule.pattern,
    "enum": Rule.enum,
    "literal_error": Rule.enum,
    "extra_forbidden": Rule.unknown_parameter,
}


@dataclass(frozen=True)
class CatalogueEntry:
    status: int
    title: str


#: code -> HTTP status and stable title. Titles never change; `detail` explains the occurrence.
CATALOGUE: dict[ErrorCode, CatalogueEntry] = {
    ErrorCode.validation_failed: CatalogueEntry(422, "Invalid request parameters"),
    ErrorCode.not_found: CatalogueEntry(404, "Resource not found"),
    ErrorCode.trajet_not_found: CatalogueEntry(404, "Trajet not found"),
    ErrorCode.prediction_input_not_found: CatalogueEntry(404, "No such input for this model"),
    ErrorCode.method_not_allowed: CatalogueEntry(405, "Method not allowed"),
    ErrorCode.invalid_api_key: CatalogueEntry(401, "Invalid API key"),
    ErrorCode.rate_limited: CatalogueEntry(429, "Too many requests"),
    ErrorCode.uri_too_long: CatalogueEntry(414, "Request URI too long"),
    ErrorCode.header_too_large: CatalogueEntry(431, "Request header fields too large"),
    ErrorCode.bad_request: CatalogueEntry(400, "Malformed request"),
    ErrorCode.database_unavailable: CatalogueEntry(503, "Database unavailable"),
    ErrorCode.query_timeout: CatalogueEntry(503, "Query took too long"),
    ErrorCode.no_data_published: CatalogueEntry(503, "No data published yet"),
    ErrorCode.model_unavailable: CatalogueEntry(503, "Model unavailable"),
    ErrorCode.internal_error: CatalogueEntry(500, "Internal error"),
}


@dataclass(frozen=True)
class ParameterError:
    """One invalid parameter: its name, the rule it broke (stable identifier) and a message."""

    parameter: str
    rule: str
    message: str


@dataclass
class ApiProblem(Exception):
    """Raised anywhere in the API; rendered as problem+json by the exception handlers."""

    code: ErrorCode
    detail: str
    errors: list[ParameterError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    @property
    def status(self) -> int:
        return CATALOGUE[self.code].status


class DatabaseUnavailable(ApiProblem):
    def __init__(self, reason: str) -> None:
        super().__init__(
            ErrorCode.database_unavailable,
            f"The warehouse database cannot be reached ({reason}); please retry in a moment.",
            headers={"Retry-After": "5"},
        )


class QueryTimeout(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            ErrorCode.query_timeout,
            "The query was cancelled after the statement timeout; narrow the filters or retry.",
            headers={"Retry-After": "5"},
        )


def invalid_parameter(parameter: str, rule: Rule, message: str) -> ApiProblem:
    return ApiProblem(
        ErrorCode.validation_failed,
        f"Parameter '{parameter}': {message}",
        errors=[ParameterError(parameter, rule, message)],
    )


def problem_body(
    code: ErrorCode,
    detail: str,
    instance: str,
    request_id: str | None,
    errors: list[ParameterError] | None = None,
) -> bytes:
    entry = CATALOGUE[code]
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + code.value,
        "title": entry.title,
        "status": entry.status,
        "detail": detail,
        "code": code.value,
        "instance": instance,
        "request_id": request_id,
    }
    if errors:
        body["errors"] = [
            {"parameter": e.parameter, "rule": e.rule, "message": e.message} for e in errors
        ]
    return orjson.dumps(body)
