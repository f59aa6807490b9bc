"""From the Markdown sources of the report to one pandoc-ready document.

Per source file: includes (`<!-- inclure chemin.md -->`, or `<!-- inclure chemin.md niveau=2 -->`
to make the included title a level-2 heading), links rewritten for a single
document (a link to a chapter or decision becomes an anchor, a link to any other file of the
repository becomes its path in the text), Mermaid blocks replaced by their images, and
placeholders by the measured figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from docsbuild import markdown
from docsbuild.paths import DECISIONS, REPORT, repo_relative

_INCLUDE = re.compile(r"^<!--\s*inclure\s+(\S+)(?:\s+niveau=(\d))?\s*-->[ \t]*$", re.MULTILINE)
_FIRST_HEADING = re.compile(r"^(# .*?)[ \t]*$", re.MULTILINE)
_NUMBER_PREFIX = re.compile(r"^\d+-")
_TO_COMPLETE = re.compile(r"^(> \*\*À compléter.*?(?:\n>.*?)*)$", re.MULTILINE)
TO_COMPLETE_MARK = "**À compléter"


@dataclass(frozen=True)
class Part:
    """One file of the report, and the anchor its links resolve to."""

    path: Path
    anchor: str


def chapters() -> list[Path]:
    """The report's chapters, in file-name order (01-..., 02-...)."""
    return sorted(path for path in REPORT.glob("[0-9][0-9]-*.md"))


def decisions() -> list[Path]:
    """The decision records, in number order (0001-..., 0002-...)."""
    return sorted(path for path in DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md"))


def anchor_for(path: Path) -> str:
    stem = _NUMBER_PREFIX.sub("", path.stem)
    return f"decision-{path.stem[:4]}" if path.parent == DECISIONS else stem


def parts() -> list[Part]:
    return [Part(path, anchor_for(path)) for path in [*chapters(), *decisions()]]


def included_files(text: str, source: Path) -> list[Path]:
    """Files that the `<!-- inclure ... -->` directives of a text bring in."""
    return [(source.parent / match.group(1)).resolve() for match in _INCLUDE.finditer(text)]


def rewrite_links(text: str, source: Path, anchors: Mapping[Path, str]) -> str:
    """Links made valid inside the single report document (see the module docstring)."""
    code_free = markdown.blank_code(text)
    lines = text.split("\n")
    for number, blank_line in enumerate(code_free.split("\n")):
        if "](" not in blank_line:
            continue
        lines[number] = _rewrite_line(lines[number], source, anchors)
    return "\n".join(lines)


def _rewrite_line(line: str, source: Path, anchors: Mapping[Path, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        image, label, target = match.group(1), match.group(2), match.group(3)
        link = markdown.Link(0, image == "!", label, target)
        if link.external or target.startswith("#"):
            return match.group(0)
        path_part, _, fragment = target.partition("#")
        path = (source.parent / unquote(path_part)).resolve()
        if image:
            return f"![{label}]({path.as_posix()})"
        if path in anchors:
            return f"[{label}](#{fragment or anchors[path]})"
        shown = repo_relative(path) + ("/" if path.is_dir() else "")
        if fragment:
            shown += f"#{fragment}"
        plain_label = label.strip("`").rstrip("/")
        if plain_label and shown.rstrip("/").endswith(plain_label):
            return f"`{shown}`"
        return f"{label} (`{shown}`)"

    return markdown.LINK_PATTERN.sub(replace, line)


def label_first_heading(text: str, anchor: str) -> str:
    """Give the file's first level-1 heading an explicit anchor (unless it has one)."""
    match = _FIRST_HEADING.search(text)
    if match is None or "{#" in match.group(1):
        return text
    return text[: match.end(1)] + f" {{#{anchor}}}" + text[match.end(1) :]


def expand(
    path: Path,
    anchors: Mapping[Path, str],
    transform: Callable[[str], str],
    depth: int = 0,
) -> str:
    """One source file, its includes expanded (headings nested under the including section),
    links rewritten and `transform` (diagrams, figures) applied."""
    if depth > 3:
        raise ValueError(f"includes nested too deep at {repo_relative(path)}")
    text = rewrite_links(path.read_text(encoding="utf-8"), path, anchors)

    def include(match: re.Match[str]) -> str:
        target = (path.parent / match.group(1)).resolve()
        if match.group(2):  # `niveau=N`: the included file's title becomes a level-N heading
            level = int(match.group(2)) - 1
        else:  # nested under the closest heading before the directive
            level = max((lvl for lvl, _ in markdown.headings(text[: match.start()])), default=0)
        body = expand(target, anchors, transform, depth + 1)
        if target in anchors:
            body = label_first_heading(body, anchors[target])
        return markdown.shift_headings(body, level)

    return transform(_INCLUDE.sub(include, text))


def mark_to_complete(text: str) -> str:
    """Blockquotes that start with **À compléter** get the `a-completer` class (printed in
    the day colour, so a reader cannot take a placeholder for the final text)."""
    return _TO_COMPLETE.sub(lambda m: f"::: a-completer\n{m.group(1)}\n:::", text)


def to_complete(text: str) -> int:
    """How many passages of a text are still to be completed."""
    return sum(1 for line in text.split("\n") if line.startswith("> " + TO_COMPLETE_MARK))
