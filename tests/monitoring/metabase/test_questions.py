"""The saved questions' SQL: each file parses, and runs on the loaded warehouse as the read-only
BI role Metabase uses, returning rows."""

from __future__ import annotations

import psycopg
import pytest

from monitoring.metabase.questions import (
    QUESTIONS_DIR,
    QuestionFileError,
    load_questions,
    parse_question,
)

QUESTIONS = load_questions()


def test_every_sql_file_is_a_question():
    assert len(QUESTIONS) == len(list(QUESTIONS_DIR.glob("*.sql"))) >= 6
    assert len({q.title for q in QUESTIONS}) == len(QUESTIONS), (
        "titles identify cards: keep them unique"
    )


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.slug)
def test_question_returns_rows_as_the_bi_role(question, bi_url):
    with psycopg.connect(bi_url) as connection:
        cursor = connection.execute(question.sql)
        rows = cursor.fetchall()
        columns = [column.name for column in cursor.description or []]
        role = connection.execute("SELECT current_user").fetchone()
    assert role == ("obrail_bi",)
    assert rows, f"{question.slug} returns no row on the loaded warehouse"
    assert len(columns) >= 2 and len(set(columns)) == len(columns)


def test_questions_read_only_the_api_views():
    for question in QUESTIONS:
        assert "core." not in question.sql and "staging." not in question.sql, question.slug


def test_a_question_file_without_header_is_refused(tmp_path):
    path = tmp_path / "broken.sql"
    path.write_text("-- title: Sans description\nSELECT 1;\n")
    with pytest.raises(QuestionFileError, match="description, display"):
        parse_question(path)


def test_an_unknown_display_is_refused(tmp_path):
    path = tmp_path / "broken.sql"
    path.write_text("-- title: T\n-- description: D\n-- display: sparkles\nSELECT 1;\n")
    with pytest.raises(QuestionFileError, match="sparkles"):
        parse_question(path)
