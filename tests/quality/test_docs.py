"""The French documentation of the quality suites matches the code."""

from __future__ import annotations

import re
from pathlib import Path

from quality.settings import QualitySettings
from quality.suites import ALL_SUITES, all_checks

DOCS = Path(__file__).resolve().parents[2] / "docs" / "qualite"


def test_every_expectation_is_documented_with_its_severity():
    text = (DOCS / "attentes.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `([a-z0-9_]+)` \| (critical|warning) \|", text, re.M))
    assert documented == {name: check.severity.value for name, (_s, check) in all_checks().items()}


def test_every_suite_has_a_section():
    text = (DOCS / "attentes.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## .*\(`([a-z_]+)`\)$", text, re.M)
    assert sections == [suite.name for suite in ALL_SUITES]


def test_every_setting_is_documented():
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    for field in QualitySettings.model_fields:
        assert f"`OBRAIL_{field.upper()}`" in text, field
