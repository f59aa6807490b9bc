"""Exception handlers: every error leaves the API as RFC 9457 problem+json (api.errors)."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from api.errors import (
    PROBLEM_CONTENT_TYPE,
    PYDANTIC_RULES,
    ApiProblem,
    ErrorCode,
    ParameterError,
    problem_body,
)
from api.params import query_parameter_names


def _problem_response(request: Request, problem: ApiProblem) -> Response:
    body = problem_body(
        problem.code,
        problem.detail,
        request.url.path,
        getattr(request.state, "request_id", None),
        problem.errors,
    )
    return Response(body, problem.status, problem.headers, media_type=PROBLEM_CONTENT_TYPE)


async def _on_problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiProblem)
    return _problem_response(request, error)


def _unknown_parameter_message(request: Request) -> str:
    """What an unknown query parameter is told: the parameters of this path."""
    route = request.scope.get("route")
    endpoint = getattr(route, "endpoint", None)
    known = query_parameter_names(endpoint) if endpoint is not None else ()
    return f"is not a parameter of this path ({', '.join(sorted(known)) or 'none'})"


async def _on_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [
        ParameterError(
            parameter=str(item["loc"][-1]) if item.get("loc") else "request",
            rule=PYDANTIC_RULES.get(item.get("type", ""), item.get("type", "invalid")),
            message=_unknown_parameter_message(request)
            if item.get("type") == "extra_forbidden"
            else str(item.get("msg", "invalid value")),
        )
        for item in error.errors()
    ]
    detail = "; ".join(f"{e.parameter}: {e.message}" for e in errors)
    return _problem_response(request, ApiProblem(ErrorCode.validation_failed, detail, errors))


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 405:
        problem = ApiProblem(
            ErrorCode.method_not_allowed,
            f"{request.method} is not allowed here; this API only reads (GET).",
            headers=dict(error.headers or {}),
        )
    elif error.status_code == 404:
        problem = ApiProblem(ErrorCode.not_found, f"No resource at {request.url.path}.")
    else:
        problem = ApiProblem(ErrorCode.internal_error, str(error.detail))
    return _problem_response(request, problem)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http_error)
