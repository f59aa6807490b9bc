"""Installing the project prints no deprecation warning from the build backend (issue 16, item 9:
`project.license` as a TOML table was deprecated on every install)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_building_the_package_metadata_raises_no_deprecation_warning():
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--no-cache-dir", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Would install obrail" in output
    warnings = [
        line
        for line in output.splitlines()
        if "BuildBackendWarning" in line or "SetuptoolsDeprecationWarning" in line
    ]
    assert warnings == []
