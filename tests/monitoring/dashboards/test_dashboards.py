"""Grafana dashboards: the committed JSON is the generator's output, every panel is complete,
documented, on a provisioned datasource, and every SQL panel returns rows as the BI role."""

from __future__ import annotations

import re
import subprocess
import sys

import psycopg
import pytest

from monitoring.dashboards import DASHBOARDS, rendered, stale, write_all
from tests.monitoring.queries import dashboards, panels, substitute_sql, targets, variables_used
from tests.monitoring.stack import MONITORING, ROOT, load_yaml

DATASOURCES = {
    d["uid"]: d["type"]
    for d in load_yaml(MONITORING / "grafana/provisioning/datasources/datasources.yml")[
        "datasources"
    ]
}
DOCUMENTATION = ROOT / "docs" / "monitoring" / "tableaux-de-bord.md"


def test_committed_dashboards_are_the_generator_output():
    assert sorted(name for name, _ in dashboards().items()) == sorted(DASHBOARDS)
    assert stale() == []


def test_a_hand_edit_of_a_dashboard_is_detected(tmp_path):
    write_all(tmp_path)
    assert stale(tmp_path) == []
    edited = tmp_path / "alerts.json"
    edited.write_text(edited.read_text().replace("Alertes critiques actives", "Alertes"))
    assert stale(tmp_path) == ["alerts.json"]


def test_the_check_command_passes_on_the_committed_files():
    result = subprocess.run(
        [sys.executable, "-m", "monitoring.dashboards", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_generation_is_deterministic():
    assert rendered() == rendered()


@pytest.mark.parametrize("name", sorted(DASHBOARDS))
def test_every_panel_is_titled_described_placed_and_queried(name):
    board = dashboards()[name]
    assert board["uid"].startswith("obrail-") and board["title"].startswith("ObRail — ")
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids))
    for panel in panels(board):
        assert panel["title"] and len(panel["description"]) > 20, panel["title"]
        assert panel["targets"], panel["title"]
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        for target in panel["targets"]:
            assert target["refId"], panel["title"]
    ref_ids = [[t["refId"] for t in panel["targets"]] for panel in panels(board)]
    assert all(len(refs) == len(set(refs)) for refs in ref_ids)


def test_every_query_uses_a_provisioned_datasource_of_the_right_kind():
    kinds = {
        "prometheus": "prometheus",
        "loki": "loki",
        "warehouse": "grafana-postgresql-datasource",
    }
    used = {target.datasource for target in targets()}
    assert used == set(kinds)
    for uid, kind in kinds.items():
        assert DATASOURCES[uid] == kind


def test_every_template_variable_used_is_defined():
    for name, board in dashboards().items():
        defined = {variable["name"] for variable in board.get("templating", {}).get("list", [])}
        for target in (t for t in targets() if t.dashboard == name):
            assert variables_used(target.query) <= defined, (name, target.panel)


def test_every_dashboard_and_panel_is_described_in_the_documentation():
    text = DOCUMENTATION.read_text(encoding="utf-8")
    for board in dashboards().values():
        assert board["title"] in text
        for panel in panels(board):
            assert re.search(rf"\*\*{re.escape(panel['title'])}\*\*", text), panel["title"]


SQL_TARGETS = [t for t in targets() if t.datasource == "warehouse"]


@pytest.mark.parametrize("target", SQL_TARGETS, ids=lambda t: t.panel)
def test_sql_panels_return_rows_as_the_read_only_bi_role(target, bi_url):
    with psycopg.connect(bi_url) as connection:
        rows = connection.execute(substitute_sql(target.query)).fetchall()
        role = connection.execute("SELECT current_user").fetchone()
    assert role == ("obrail_bi",)
    assert rows
