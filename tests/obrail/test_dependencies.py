"""Dependencies point one way: portal -> (HTTP) -> api -> warehouse views; quality -> warehouse.
Nothing imports portal or api; the portal imports no other layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("obrail", "warehouse", "api", "portal", "quality", "monitoring")
FORBIDDEN = {
    "obrail": {"api", "portal", "quality", "monitoring"},
    "warehouse": {"api", "portal", "quality", "monitoring"},
    "quality": {"api", "portal", "monitoring"},
    "api": {"portal", "quality", "monitoring"},
    "portal": {"api", "warehouse", "quality", "monitoring"},
    "monitoring": {"api", "portal"},
}


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_point_one_way(layer):
    folder = ROOT / layer
    if not folder.is_dir():
        pytest.fail(f"{layer}/ is missing")
    violations = []
    for path in folder.rglob("*.py"):
        if layer == "obrail" and path.name == "cli.py":
            continue  # the console command dispatches to every service (lazily)
        bad = _top_level_imports(path) & FORBIDDEN[layer]
        if bad:
            violations.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not violations, violations
