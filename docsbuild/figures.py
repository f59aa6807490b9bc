"""Placeholders that bring measured results into the report and the slides.

    {{mesure:etl.etl_median_s}}     one figure, formatted in French, with a link to its source
    {{tableau:etl.chargement}}      one table of results, captioned with its source

Every placeholder must name an existing results file and key (docs/resultats/*.json); the
report's annex lists, for each results file quoted, the command that reproduces it, when and
where it was measured, and on which commit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docsbuild import markdown
from docsbuild.results import Figure, Results

PLACEHOLDER = re.compile(r"\{\{\s*(mesure|tableau)\s*:\s*([\w-]+)\.([\w-]+)\s*\}\}")
ANY_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
_UNITS_WITHOUT_SPACE = {"", "×"}


class PlaceholderError(ValueError):
    pass


@dataclass(frozen=True)
class Placeholder:
    kind: str
    results: str
    key: str
    line: int

    @property
    def reference(self) -> str:
        return f"{self.kind}:{self.results}.{self.key}"


def format_number(value: float, decimals: int) -> str:
    """French layout: 12 345,6 (narrow no-break space for thousands, comma for decimals)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_figure(figure: Figure) -> str:
    number = format_number(figure.value, figure.decimals)
    if figure.unit in _UNITS_WITHOUT_SPACE:
        return f"{number}{figure.unit}"
    return f"{number}{NBSP}{figure.unit}"


def source_anchor(results_name: str) -> str:
    return f"source-{results_name}"


def placeholders(text: str) -> list[Placeholder]:
    """Every placeholder outside code, in order; a malformed one is an error."""
    found: list[Placeholder] = []
    for number, line in enumerate(markdown.blank_code(text).split("\n"), start=1):
        for match in ANY_PLACEHOLDER.finditer(line):
            parsed = PLACEHOLDER.fullmatch(match.group(0))
            if parsed is None:
                raise PlaceholderError(f"line {number}: malformed placeholder {match.group(0)}")
            found.append(Placeholder(parsed.group(1), parsed.group(2), parsed.group(3), number))
    return found


def unresolved(text: str, results: Mapping[str, Results]) -> list[str]:
    """Placeholders that name a missing results file, figure or table."""
    missing: list[str] = []
    for placeholder in placeholders(text):
        found = results.get(placeholder.results)
        entries: Mapping[str, object] = (
            {} if found is None else found.figures if placeholder.kind == "mesure" else found.tables
        )
        if placeholder.key not in entries:
            missing.append(f"line {placeholder.line}: {{{{{placeholder.reference}}}}}")
    return missing


def _escape_cell(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def render_table(results: Results, key: str, *, link_sources: bool) -> str:
    table = results.tables[key]
    header = "| " + " | ".join(map(_escape_cell, table.columns)) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    rows = ["| " + " | ".join(map(_escape_cell, row)) + " |" for row in table.rows]
    source = (
        f"[{results.name}](#{source_anchor(results.name)})"
        if link_sources
        else f"`{results.command}`"
    )
    if link_sources:
        caption = f": {table.title} (source : {source}, mesuré le {results.measured_at})"
    else:
        # Marp (the slides) has no table captions: a small HTML paragraph under the table.
        caption = (
            f'<p class="legende">{html.escape(table.title)} (source : '
            f"<code>{html.escape(results.command)}</code>, mesuré le {results.measured_at})</p>"
        )
    return "\n".join(["", header, rule, *rows, "", caption, ""])


def render_figure(results: Results, key: str, *, link_sources: bool) -> str:
    text = format_figure(results.figures[key])
    if not link_sources:
        return text
    anchor = source_anchor(results.name)
    return f'{text}<sup><a href="#{anchor}" title="source">[{results.name}]</a></sup>'


def substitute(text: str, results: Mapping[str, Results], *, link_sources: bool) -> str:
    """Replace every placeholder (outside code) by its figure or table."""
    problems = unresolved(text, results)
    if problems:
        raise PlaceholderError("unknown results: " + "; ".join(problems))
    code_free = markdown.blank_code(text)
    pieces: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(code_free):
        kind, name, key = match.groups()
        render = render_figure if kind == "mesure" else render_table
        pieces += [
            text[position : match.start()],
            render(results[name], key, link_sources=link_sources),
        ]
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def quoted(texts: Iterable[str]) -> list[str]:
    """Names of the results files the texts quote, in order of first use."""
    names: list[str] = []
    for text in texts:
        for placeholder in placeholders(text):
            if placeholder.results not in names:
                names.append(placeholder.results)
    return names


def sources_annex(names: Iterable[str], results: Mapping[str, Results]) -> str:
    """The report's annex: for each results file quoted, how to reproduce it."""
    blocks = [
        "# Sources des chiffres {#sources-des-chiffres}",
        "",
        "Chaque chiffre mesuré du rapport est lu, au moment de la construction, dans un fichier "
        "de résultats écrit par l'outil qui l'a mesuré (`docs/resultats/*.json`) ; aucun n'est "
        "saisi à la main. Pour chaque fichier : la commande qui le reproduit, la date, la "
        "machine et la version du code.",
        "",
    ]
    for name in names:
        found = results[name]
        blocks += [
            f"## {found.title} [{name}] {{#{source_anchor(name)}}}",
            "",
            f"- Commande : `{found.command}`",
            f"- Produit par : `{found.producer}`, fichier `docs/resultats/{name}.json`",
            f"- Mesuré le {found.measured_at} sur {found.machine}, commit `{found.commit}`",
        ]
        if found.details:
            blocks.append(f"- Détails et lecture : `{found.details}`")
        blocks.append("")
    return "\n".join(blocks)
