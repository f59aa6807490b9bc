"""docs/portail/ describes every portal setting, and the user guide's images exist."""

from __future__ import annotations

import re
from pathlib import Path

from bench.portal import SHOTS
from portal.settings import PortalSettings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "portail"


def test_every_setting_is_documented_with_a_docstring() -> None:
    text = (DOCS / "README.md").read_text(encoding="utf-8")
    for name, field in PortalSettings.model_fields.items():
        assert f"`OBRAIL_{name.upper()}`" in text, name
        if name in PortalSettings.__annotations__:  # the base class documents its own fields
            assert field.description, f"{name} has no docstring"


def test_the_guide_shows_every_screenshot_the_bench_takes() -> None:
    guide = (DOCS / "guide-utilisateur.md").read_text(encoding="utf-8")
    referenced = set(re.findall(r"\]\(images/([^)]+)\)", guide))
    assert referenced == {name for name, _, _ in SHOTS}
    for name in referenced:
        image = DOCS / "images" / name
        assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
