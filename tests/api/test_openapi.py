"""The committed OpenAPI export and generated reference match the app; every route, parameter
and response is described; errors are problem+json."""

from __future__ import annotations

from api.openapi import generated_files


def test_exported_openapi_and_reference_are_up_to_date():
    for path, text in generated_files().items():
        assert path.is_file(), f"{path} is missing: run `make openapi`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} drifted from the app: run `make openapi` and commit"
        )


def test_every_operation_and_parameter_is_described(http):
    document = http.get("/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary") and operation.get("description"), where
            for param in operation.get("parameters", []):
                assert param.get("description"), f"{where} {param['name']}"
                assert param["schema"].get("examples"), f"{where} {param['name']} has no example"
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and "content" in response and path != "/health":
                    assert list(response["content"]) == ["application/problem+json"], where


def test_response_schemas_have_examples(http):
    schemas = http.get("/openapi.json").json()["components"]["schemas"]
    for name in ("TrajetSummary", "TrajetPage", "Volumes", "Health", "Problem", "StationMatch"):
        assert schemas[name].get("examples"), name
