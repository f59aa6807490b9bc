"""The shared JSON logs: libraries' chatter kept out by default, secrets masked in every line."""

from __future__ import annotations

import json
import logging

import pytest

from obrail.logs import configure_logging
from obrail.redact import redact, register_secret


@pytest.fixture
def root_logging():
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogger("great_expectations").level)
    yield
    root.handlers[:], level, ge_level = saved
    root.setLevel(level)
    logging.getLogger("great_expectations").setLevel(ge_level)


def test_great_expectations_info_is_silent_at_the_default_level(root_logging, capsys):
    configure_logging("test", "INFO")
    logging.getLogger("great_expectations._docs_decorators").info("Skipping registering function")
    logging.getLogger("great_expectations.core").warning("a real warning")
    logging.getLogger("warehouse.etl").info("etl published")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [line["message"] for line in lines] == ["a real warning", "etl published"]


def test_great_expectations_info_shows_at_debug_level(root_logging, capsys):
    configure_logging("test", "DEBUG")
    logging.getLogger("great_expectations.core").info("details")
    assert "details" in capsys.readouterr().err


def test_passwords_and_registered_secrets_are_masked_in_log_lines(root_logging, capsys):
    register_secret("hunter2-very-secret")
    configure_logging("test", "INFO")
    log = logging.getLogger("warehouse.etl")
    log.error("cannot connect to postgresql://obrail:pa55word@db:5432/obrail")
    log.error("failed", extra={"error": "conninfo host=db password=pa55word user=obrail"})
    try:
        raise RuntimeError("token hunter2-very-secret refused")
    except RuntimeError:
        log.exception("boom")
    output = capsys.readouterr().err
    assert "pa55word" not in output and "hunter2-very-secret" not in output
    assert "postgresql://obrail:***@db:5432/obrail" in output and "password=***" in output


def test_redact_leaves_ordinary_text_alone():
    text = "GET /trajets?origin=Paris 200 in 3 ms"
    assert redact(text) == text
