"""Each route declares its behaviour on itself (api.routing.declare): what the middlewares and the
OpenAPI document make of it. Asserted against the routes the app really serves."""

from __future__ import annotations

from fastapi.routing import APIRoute

from api.app import create_app
from api.routing import DEFAULT, Behaviour, behaviours
from tests.api.conftest import api_settings

CACHEABLE = {
    "/trajets",
    "/trajets/{trajet_id}",
    "/stats/volumes",
    "/stats/summary",
    "/stats/distributions",
    "/stats/co2",
    "/map/routes",
    "/destinations",
    "/comparison",
    "/comparison/pairs",
    "/stations",
    "/operators",
    "/sources",
    "/coverage",
}
NOT_RATE_LIMITED = {"/health", "/health/live", "/health/ready", "/metrics"}
DOCS = {"/docs", "/redoc", "/docs/oauth2-redirect"}


def _declared() -> dict[str, Behaviour]:
    app = create_app(api_settings(None))
    lookup = behaviours(app)
    paths = {str(route.path) for route in app.router.routes if hasattr(route, "path")}
    return {path: lookup(path) for path in paths}


def test_routes_declare_what_the_middlewares_do():
    declared = _declared()
    assert {p for p, b in declared.items() if b.cacheable} == CACHEABLE
    assert {p for p, b in declared.items() if b.csv} == {"/trajets"}
    assert {p for p, b in declared.items() if not b.rate_limited} == NOT_RATE_LIMITED
    assert {p for p, b in declared.items() if b.docs} == DOCS


def test_an_unknown_route_gets_the_default_behaviour():
    lookup = behaviours(create_app(api_settings(None)))
    assert lookup("/nowhere") == DEFAULT
    assert lookup(None) == DEFAULT
    assert DEFAULT.rate_limited and not DEFAULT.cacheable


def test_openapi_documents_the_declarations():
    app = create_app(api_settings(None))
    document = app.openapi()
    for route in app.router.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        operation = document["paths"][route.path]["get"]
        assert ("304" in operation["responses"]) == (route.path in CACHEABLE), route.path
        assert ("security" in operation) == (route.path not in NOT_RATE_LIMITED), route.path


def _sample_path(template: str) -> str:
    return template.replace("{trajet_id}", "no-such-trajet")


def test_every_route_refuses_an_unknown_parameter_with_its_parameters(http):
    """Each route's query model forbids other parameters: the problem names the parameter, the
    rule and the parameters the path takes (FastAPI validates before the handler runs)."""
    app = create_app(api_settings(None))
    routes = [
        r for r in app.router.routes if isinstance(r, APIRoute) and "GET" in (r.methods or ())
    ]
    assert len(routes) > 20
    for route in routes:
        response = http.get(_sample_path(route.path), params={"frobnicate": "1"})
        assert response.status_code == 422, (route.path, response.text)
        problem = response.json()
        assert problem["code"] == "validation_failed"
        assert {"parameter": "frobnicate", "rule": "unknown_parameter"}.items() <= problem[
            "errors"
        ][-1].items(), route.path
        assert "is not a parameter of this path" in problem["errors"][-1]["message"]


def test_the_unknown_parameter_problem_lists_the_known_ones(http):
    problem = http.get("/stations", params={"qq": "wien"}).json()
    assert problem["errors"] == [
        {
            "parameter": "qq",
            "rule": "unknown_parameter",
            "message": "is not a parameter of this path (limit, q)",
        }
    ]
    problem = http.get("/health", params={"verbose": "1"}).json()
    assert problem["errors"][0]["message"] == "is not a parameter of this path (none)"
