"""Just enough Markdown reading for the build and its checks: code blocks, links, anchors.

Fenced code blocks and inline code spans are never prose: links, figures and placeholders are
looked for outside them only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```+|~~~+)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
LINK_PATTERN = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTRIBUTE_ID = re.compile(r"\{[^}]*#([\w:.-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
MERMAID_BLOCK = re.compile(r"^```mermaid[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Link:
    line: int
    image: bool
    label: str
    target: str

    @property
    def external(self) -> bool:
        return bool(re.match(r"^[a-z][a-z0-9+.-]*:", self.target, re.IGNORECASE))


def _fenced(text: str) -> Iterator[tuple[str, bool]]:
    """Each line with whether it belongs to a fenced code block (fences included)."""
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            yield line, True
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            yield line, True
        else:
            yield line, False


def blank_code(text: str) -> str:
    """The text with fenced blocks, code spans and HTML comments blanked (line numbers kept)."""
    joined = "\n".join(
        "" if code else _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for line, code in _fenced(text)
    )
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), joined)


def links(text: str) -> Iterator[Link]:
    """Every inline link and image outside code, with its line number (1-based)."""
    for number, line in enumerate(blank_code(text).split("\n"), start=1):
        for match in LINK_PATTERN.finditer(line):
            yield Link(number, match.group(1) == "!", match.group(2), match.group(3))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__", "", heading).strip().lower()
    kept = "".join(
        char for char in text if char in " -_" or unicodedata.category(char)[0] in {"L", "N", "M"}
    )
    return kept.replace(" ", "-")


def headings(text: str) -> Iterator[tuple[int, str]]:
    """(level, title) of every ATX heading outside code blocks."""
    for line, code in _fenced(text):
        match = None if code else _HEADING.match(line)
        if match:
            yield len(match.group(1)), match.group(2)


def anchors(text: str) -> set[str]:
    """Anchors a link may target: heading slugs (GitHub numbering of duplicates), explicit
    `{#id}` attributes and `<a id>` / `<a name>` tags."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, title in headings(text):
        explicit = _ATTRIBUTE_ID.search(title)
        if explicit:
            found.add(explicit.group(1))
            title = title[: explicit.start()]
        base = slug(title)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    found.update(_HTML_ID.findall(text))
    return found


def shift_headings(text: str, by: int) -> str:
    """Every heading outside code `by` levels deeper (an included file under a chapter)."""
    return "\n".join(
        "#" * by + line if not code and _HEADING.match(line) else line
        for line, code in _fenced(text)
    )
