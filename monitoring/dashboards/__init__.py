"""Grafana dashboards as code (grafana-foundation-sdk), rendered to monitoring/grafana/dashboards/.

`python -m monitoring.dashboards` writes the JSON files; `--check` fails when a committed file
differs from what the code generates (tests/monitoring checks the same).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.builders.dashboard import Dashboard
from grafana_foundation_sdk.cog.encoder import JSONEncoder

from monitoring.dashboards import alerts, api_service, data_quality, logs
from monitoring.generated import GeneratedFiles

#: Where Grafana's dashboard provider reads them (mounted at /var/lib/grafana/dashboards).
DASHBOARD_DIR = Path(__file__).resolve().parents[1] / "grafana" / "dashboards"

#: File name -> generator.
DASHBOARDS: dict[str, Callable[[], Dashboard]] = {
    "api-service.json": api_service.build,
    "data-quality.json": data_quality.build,
    "logs.json": logs.build,
    "alerts.json": alerts.build,
}


def to_dict(board: Dashboard) -> dict[str, Any]:
    """The dashboard's JSON model, with stable panel ids (1, 2, ... in layout order)."""
    data: dict[str, Any] = json.loads(json.dumps(board.build(), cls=JSONEncoder))
    # Grafana's JSON model lists variables and annotations under "list", even when empty.
    for section in ("templating", "annotations"):
        data.setdefault(section, {}).setdefault("list", [])
    for number, panel in enumerate(data.get("panels", []), start=1):
        panel["id"] = number
    return data


def render(board: Dashboard) -> str:
    return json.dumps(to_dict(board), indent=2, ensure_ascii=False) + "\n"


def rendered() -> dict[str, str]:
    """Every dashboard's file name and JSON text, as the code generates them now."""
    return {name: render(build()) for name, build in DASHBOARDS.items()}


GENERATED = GeneratedFiles(DASHBOARD_DIR, rendered)
write_all = GENERATED.write_all
stale = GENERATED.stale
