"""Dependencies point one way (docs/architecture.md): the layers' contracts are import-linter's
(pyproject.toml, [tool.importlinter]); these tests run it, and check what it cannot express:
every top-level package of the project is under its contracts, and every folder of code is a
package (import-linter reads packages only: a folder without __init__.py would go unchecked)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = PYPROJECT["tool"]["importlinter"]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _installed_packages() -> set[str]:
    """Top-level packages the project installs (setuptools' packages.find `include`)."""
    patterns = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    return {pattern.removesuffix("*") for pattern in patterns}


def test_every_package_is_under_contracts():
    roots = set(CONFIG["root_packages"])
    assert _installed_packages() <= roots, _installed_packages() - roots
    named: set[str] = set()
    for contract in CONFIG["contracts"]:
        for key in ("source_modules", "modules", "containers", "forbidden_modules"):
            named |= {module.split(".")[0] for module in contract.get(key, ())}
    assert roots <= named, f"no contract names {sorted(roots - named)}"


def test_every_code_folder_is_a_package():
    missing = []
    for root in CONFIG["root_packages"]:
        for folder in [ROOT / root, *(ROOT / root).rglob("*")]:
            if not folder.is_dir() or {"__pycache__", "node_modules"} & set(folder.parts):
                continue
            if any(folder.glob("*.py")) and not (folder / "__init__.py").is_file():
                missing.append(str(folder.relative_to(ROOT)))
    assert not missing, f"folders import-linter would not see (no __init__.py): {missing}"
