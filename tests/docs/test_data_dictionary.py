"""docs/donnees/modele.md documents every column of every published table and api view."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

DICTIONARY = Path(__file__).resolve().parents[2] / "docs" / "donnees" / "modele.md"


def test_every_core_and_api_column_is_in_the_dictionary(loaded_db):
    text = DICTIONARY.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9_]+)`", text))
    with psycopg.connect(loaded_db) as connection:
        columns = connection.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns"
            " WHERE table_schema IN ('core', 'api')"
        ).fetchall()
    missing = sorted({f"{s}.{t}.{c}" for s, t, c in columns if c not in documented})
    assert not missing, f"undocumented columns: {missing}"


def test_every_core_table_and_api_view_has_a_section(loaded_db):
    text = DICTIONARY.read_text(encoding="utf-8")
    with psycopg.connect(loaded_db) as connection:
        tables = connection.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            " WHERE table_schema IN ('core', 'api')"
        ).fetchall()
    missing = sorted(name for (name,) in tables if name not in text)
    assert not missing, f"tables or views not described: {missing}"
