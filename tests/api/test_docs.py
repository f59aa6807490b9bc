"""The French docs in docs/api/ describe every error code, rule, metric, log field and setting."""

from __future__ import annotations

import re
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from api.errors import CATALOGUE, Rule
from api.logs import ACCESS_FIELDS
from api.settings import ApiSettings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_every_error_code_is_in_the_catalogue_with_its_status():
    text = read("erreurs.md")
    for code, entry in CATALOGUE.items():
        assert re.search(rf"\| `{code.value}` \| {entry.status} \|", text), code


def test_every_validation_rule_is_documented():
    text = read("erreurs.md")
    for rule in Rule:
        assert f"| `{rule.value}` |" in text, rule


def test_every_setting_is_documented():
    text = read("configuration.md")
    for name, field in ApiSettings.model_fields.items():
        assert f"`OBRAIL_{name.upper()}`" in text, name
        if name in ApiSettings.__annotations__:  # the base class's fields are documented there
            assert field.description, f"{name} has no docstring"


def test_every_exposed_metric_is_documented(http):
    text = read("metriques.md")
    families = list(text_string_to_metric_families(http.get("/metrics").text))
    # `*_created` series are switched off in `obrail api` (disable_created_metrics).
    names = {
        f.name + ("_total" if f.type == "counter" else "")
        for f in families
        if not f.name.endswith("_created")
    }
    assert "obrail_data_trajets" in names
    for name in names:
        assert f"`{name}`" in text, name


def test_every_access_log_field_is_documented():
    text = read("journaux.md")
    for field in ("time", "level", "service", "logger", "message", *ACCESS_FIELDS):
        assert f"| `{field}` |" in text, field
