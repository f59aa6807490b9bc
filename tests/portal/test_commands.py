"""`obrail portal` builds its settings, configures Streamlit, and never loads a database driver
or Great Expectations (the portal speaks HTTP to the API only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"psycopg", "psycopg2", "sqlalchemy", "great_expectations", "warehouse", "api"}

PROBE = """
import json, sys
import portal.server

class FakeApp:
    def run(self, config):
        import portal.app_pages, portal.components.charts, portal.components.route_map
        import portal.components.stats, portal.components.trajet_detail, portal.components.trajet_filters
        from portal import context
        loaded = sorted({m.split(".")[0] for m in sys.modules} & set(FORBIDDEN))
        print(json.dumps({"loaded": loaded, "config": config,
                          "api_url": context._current_settings().api_url}))

portal.server.build_app = lambda: FakeApp()
sys.argv = ["obrail", "portal", "--host", "0.0.0.0", "--port", "8599"]
from obrail.cli import main
main()
"""


def test_obrail_portal_configures_streamlit_and_loads_no_database_driver() -> None:
    env = {**os.environ, "OBRAIL_API_URL": "http://api.example:8000/"}
    probe = f"FORBIDDEN = {sorted(FORBIDDEN)!r}\n" + PROBE
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["loaded"] == []
    assert report["api_url"] == "http://api.example:8000"
    config = report["config"]
    assert (config["server.address"], config["server.port"]) == ("0.0.0.0", 8599)
    assert config["client.toolbarMode"] == "minimal"
    assert config["client.showErrorDetails"] == "none"
    assert config["browser.gatherUsageStats"] is False


def test_obrail_portal_refuses_a_bad_api_url() -> None:
    env = {**os.environ, "OBRAIL_API_URL": "not-a-url"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "obrail"), "portal", "--port", "8598"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "obrail portal: invalid settings: OBRAIL_API_URL" in result.stderr
    assert "Traceback" not in result.stderr
