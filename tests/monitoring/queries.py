"""The queries of the committed Grafana dashboards, and Grafana's macros replaced for real engines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitoring.dashboards import DASHBOARD_DIR

#: Grafana's range macros, as a live Prometheus scraping every second can answer them.
PROMQL_MACROS = {
    "$__rate_interval": "15s",
    "$__interval": "5s",
    "$__range": "1m",
    "$__auto": "15s",
}
#: Template variables set to their "All" value.
ALL_VALUES = {"route": ".*", "service": ".+", "level": ".+", "request_id": ""}
_VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True)
class Target:
    dashboard: str
    panel: str
    datasource: str
    query: str


def dashboards() -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DASHBOARD_DIR.glob("*.json"))
    }


def panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in board.get("panels", []):
        if panel["type"] != "row":
            yield panel
        yield from panel.get("panels", [])


def targets() -> list[Target]:
    found = []
    for name, board in dashboards().items():
        for panel in panels(board):
            for target in panel.get("targets", []):
                datasource = (target.get("datasource") or panel.get("datasource") or {}).get(
                    "uid", ""
                )
                query = target.get("expr") or target.get("rawSql") or ""
                found.append(Target(name, panel["title"], datasource, query))
    return found


def variables_used(query: str) -> set[str]:
    return {a or b for a, b in _VARIABLE.findall(query)} - {
        m.removeprefix("$") for m in PROMQL_MACROS
    }


def substitute_promql(query: str) -> str:
    for macro, value in PROMQL_MACROS.items():
        query = query.replace(macro, value)
    for name, value in ALL_VALUES.items():
        query = query.replace(f"${{{name}}}", value).replace(f"${name}", value)
    assert "$" not in query, f"unsubstituted Grafana variable in {query!r}"
    return query


def substitute_sql(query: str) -> str:
    """Grafana's PostgreSQL macros: time filter over the last 30 days."""
    query = re.sub(r"\$__timeFilter\((\w+)\)", r"\1 >= now() - interval '30 days'", query)
    query = query.replace("$__timeFrom()", "now() - interval '30 days'").replace(
        "$__timeTo()", "now()"
    )
    assert "$" not in query, f"unsubstituted Grafana macro in {query!r}"
    return query


def dashboard_file(name: str) -> Path:
    return DASHBOARD_DIR / name
