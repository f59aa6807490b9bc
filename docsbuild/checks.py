"""What the documentation must satisfy before it is built (and what the tests assert).

- every relative link and image of docs/ (and README, CHANGELOG) resolves;
- every placeholder of the report and slides names an existing result;
- no measured figure is typed by hand in the report or the slides: a number with a unit of
  measure (ms, s, req/s, %, Mo, ...) or a count of tests, trajets, ... in the prose must be a
  placeholder (settings are quoted as code, e.g. `--fail-under=85`, from the file they live in);
- every diagram and image of the report has a caption (its text alternative);
- no emoji (no emoji font on the build machines: they would print as empty boxes);
- every results file is valid and names a producer and details that exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from docsbuild import diagrams, figures, links, markdown, sources
from docsbuild.paths import REPO, repo_relative
from docsbuild.results import Results, ResultsError, load_all
from docsbuild.slides import DECK

_MEASURE = re.compile(
    r"(?<![\w.,/:-])\d[\d\u202f\u00a0 ]*(?:[.,]\d+)?\s?"
    r"(?:ms|s|req/s|%|Mo|Go|Ko|Mio|Gio|Kio|min|minutes|secondes|heures|tests?|trajets?|"
    r"services?|lignes?|attentes|expectations|gares|requêtes/s)(?![\w/])",
    re.IGNORECASE,
)
_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")


def report_sources() -> list[Path]:
    """Every Markdown file the report and slides are built from (includes too)."""
    paths = [part.path for part in sources.parts()]
    included = [
        path
        for part in paths
        for path in sources.included_files(part.read_text(encoding="utf-8"), part)
    ]
    return [*paths, *included, DECK]


def authored_sources() -> list[Path]:
    """The report's own files (docs/rapport/, the slides): where figures must be placeholders."""
    return [*(part.path for part in sources.parts()), DECK]


def hand_typed_figures(text: str) -> list[str]:
    prose = figures.ANY_PLACEHOLDER.sub(" ", markdown.blank_code(text))
    prose = markdown.LINK_PATTERN.sub(lambda m: m.group(2), prose)
    found: list[str] = []
    for number, line in enumerate(prose.split("\n"), start=1):
        found += [f"line {number}: '{match.group(0).strip()}'" for match in _MEASURE.finditer(line)]
    return found


def emoji(text: str) -> list[str]:
    return sorted(
        {f"U+{ord(char):04X}" for char in text if ord(char) >= 0x1F000 or char == "\ufe0f"}
    )


def uncaptioned(text: str) -> list[str]:
    found = [
        f"diagram {n} has no '*Figure : ...*' caption"
        for n, c in enumerate(diagrams.captions(text), 1)
        if not c
    ]
    found += [
        f"line {n}: image without alt text"
        for n, line in enumerate(markdown.blank_code(text).split("\n"), 1)
        if _IMAGE_WITHOUT_ALT.search(line)
    ]
    return found


def results_problems() -> tuple[dict[str, Results], list[str]]:
    try:
        results = load_all()
    except ResultsError as error:
        return {}, [f"docs/resultats: {error}"]
    found = []
    for name, result in results.items():
        for label, path in (("producer", result.producer), ("details", result.details)):
            if path and not (REPO / path).exists():
                found.append(f"docs/resultats/{name}.json: {label} {path} does not exist")
    return results, found


def problems(documentation: Iterable[Path] | None = None) -> list[str]:
    """Every problem found, as 'file: message' lines (empty when the docs can be built)."""
    found = [
        str(broken) for broken in links.broken_links(documentation or links.documentation_files())
    ]
    results, results_found = results_problems()
    found += results_found
    for path in report_sources():
        text = path.read_text(encoding="utf-8")
        where = repo_relative(path)
        try:
            found += [f"{where}: {m}" for m in figures.unresolved(text, results)]
        except figures.PlaceholderError as error:
            found.append(f"{where}: {error}")
        found += [f"{where}: emoji {code} (no emoji font: write words)" for code in emoji(text)]
    for path in authored_sources():
        text = path.read_text(encoding="utf-8")
        where = repo_relative(path)
        found += [
            f"{where}: figure typed by hand, use a placeholder: {m}"
            for m in hand_typed_figures(text)
        ]
        if path != DECK:
            found += [f"{where}: {m}" for m in uncaptioned(text)]
    return found
