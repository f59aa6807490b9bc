"""Relative links and images of the Markdown documentation: each must resolve."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from docsbuild import markdown
from docsbuild.paths import DOCS, REPO


@dataclass(frozen=True)
class Broken:
    file: str
    line: int
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.target} ({self.reason})"


def documentation_files() -> list[Path]:
    """Every Markdown file of docs/, plus the repository's README and CHANGELOG."""
    roots = [REPO / "README.md", REPO / "CHANGELOG.md"]
    return sorted([*DOCS.rglob("*.md"), *(path for path in roots if path.exists())])


def _anchors(path: Path) -> frozenset[str]:
    return frozenset(markdown.anchors(path.read_text(encoding="utf-8")))


def check_link(source: Path, link: markdown.Link, root: Path = REPO) -> str | None:
    """Why this link does not resolve, or None when it does (it must stay inside `root`)."""
    if link.external:
        return None
    target, _, anchor = link.target.partition("#")
    path = (source.parent / unquote(target)).resolve() if target else source.resolve()
    if not path.is_relative_to(root.resolve()):
        return "points outside the repository"
    if not path.exists():
        return "no such file"
    if link.image and not path.is_file():
        return "an image must be a file"
    if anchor and path.suffix == ".md" and anchor not in _anchors(path):
        return f"no heading or anchor #{anchor} in {path.name}"
    return None


def broken_links(files: Iterable[Path], root: Path = REPO) -> list[Broken]:
    problems: list[Broken] = []
    for source in files:
        for link in markdown.links(source.read_text(encoding="utf-8")):
            reason = check_link(source, link, root)
            if reason:
                shown = source.resolve().relative_to(root.resolve()).as_posix()
                problems.append(Broken(shown, link.line, link.target, reason))
    return problems
