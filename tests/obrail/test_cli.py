"""The `obrail` command: one subcommand per job, each with a useful --help, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from obrail import __version__
from obrail.cli import app

SUBCOMMANDS = [
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["db", "current"],
    ["db", "roles"],
    ["db", "backup"],
    ["db", "restore"],
    ["etl"],
    ["quality"],
    ["api"],
    ["portal"],
    ["up"],
]


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=[" ".join(c) for c in SUBCOMMANDS])
def test_every_subcommand_has_a_useful_help(command):
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="obrail")
    assert result.exit_code == 0, result.output
    text = result.output.strip()
    assert text.startswith("Usage: obrail " + " ".join(command))
    description = text.split("\n", 1)[1].split("Options")[0]
    assert len(" ".join(description.split())) > 25, description


@pytest.mark.parametrize("command", [["api"], ["portal"], ["up"]])
def test_serving_commands_take_host_and_port(command):
    output = CliRunner().invoke(app, [*command, "--help"]).output
    assert "--host" in output and "port" in output


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == __version__


def _modules_loaded_by(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {line.split(".")[0] for line in output.splitlines()}


def test_the_api_process_imports_neither_great_expectations_nor_streamlit():
    loaded = _modules_loaded_by(
        "from api.app import create_app\nfrom api.settings import ApiSettings"
    )
    assert not loaded & {"great_expectations", "streamlit"}


def test_the_portal_process_imports_no_database_driver_nor_great_expectations():
    loaded = _modules_loaded_by(
        "import portal.commands\nimport portal.client\nimport portal.server"
    )
    assert not loaded & {
        "great_expectations",
        "psycopg",
        "psycopg2",
        "sqlalchemy",
        "warehouse",
        "api",
    }


def test_the_etl_without_a_database_url_says_what_is_missing(monkeypatch):
    monkeypatch.delenv("OBRAIL_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["db", "current"])
    assert result.exit_code == 1
    assert "obrail db: OBRAIL_DATABASE_URL is not set" in result.output
    assert "Traceback" not in result.output


def test_an_invalid_setting_is_named_in_one_line(monkeypatch):
    monkeypatch.setenv("OBRAIL_DATABASE_URL", "postgresql://obrail@127.0.0.1:1/obrail")
    monkeypatch.setenv("OBRAIL_ETL_LOCK_WAIT_S", "-5")
    result = CliRunner().invoke(app, ["etl"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "obrail etl: invalid settings: OBRAIL_ETL_LOCK_WAIT_S: Input should be greater than or"
        " equal to 0"
    ]
