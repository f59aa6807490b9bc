"""Where the sources, the results and the tools of the documentation live."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
REPORT = DOCS / "rapport"
DECISIONS = REPORT / "decisions"
SLIDES = DOCS / "soutenance"
RESULTS = DOCS / "resultats"
TOOLING = Path(__file__).resolve().parent
STYLE = TOOLING / "style"
NODE_BIN = TOOLING / "node_modules" / ".bin"
DEFAULT_OUT = REPO / "build" / "docs"


def repo_relative(path: Path) -> str:
    """'docs/api/securite.md' for a path inside the repository (as written in the report)."""
    return path.resolve().relative_to(REPO).as_posix()
