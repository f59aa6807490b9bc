"""The saved questions: one SQL file each in questions/, with a small header of `-- key: value` lines.

-- title: Trajets par opérateur, jour et nuit
-- description: ...
-- display: bar            (Metabase visualisation: table, bar, line, pie, scalar...)
SELECT ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"
DISPLAYS = frozenset({"table", "bar", "row", "line", "area", "pie", "scalar", "combo"})
_HEADER = re.compile(r"^--\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.+?)\s*$")


@dataclass(frozen=True)
class Question:
    slug: str
    title: str
    description: str
    display: str
    sql: str


class QuestionFileError(ValueError):
    pass


def parse_question(path: Path) -> Question:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if match and not body:
            header[match["key"]] = match["value"]
        elif line.strip() or body:
            body.append(line)
    missing = {"title", "description", "display"} - header.keys()
    if missing:
        raise QuestionFileError(f"{path.name}: header lacks {', '.join(sorted(missing))}")
    if header["display"] not in DISPLAYS:
        raise QuestionFileError(f"{path.name}: unknown display {header['display']!r}")
    sql = "\n".join(body).strip().removesuffix(";").strip()
    if not sql:
        raise QuestionFileError(f"{path.name}: no SQL")
    return Question(path.stem, header["title"], header["description"], header["display"], sql)


def load_questions(directory: Path = QUESTIONS_DIR) -> list[Question]:
    """Every question, in file-name order (the order of the dashboard)."""
    return [parse_question(path) for path in sorted(directory.glob("*.sql"))]
