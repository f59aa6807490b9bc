"""The slides of the final talk: docs/soutenance/soutenance.md (Marp) -> HTML and PDF.

Diagrams and images are embedded as data URIs, so the HTML is one self-standing file; figures
come from the same results files as the report's, and the last slide lists their sources.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from docsbuild import diagrams, figures, markdown, tools
from docsbuild.paths import REPO, SLIDES, STYLE, repo_relative
from docsbuild.results import Results, load_all

DECK = SLIDES / "soutenance.md"
_SOURCES_SLIDE = re.compile(r"^<!--\s*sources-des-chiffres\s*-->[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Built:
    html: Path
    pdf: Path
    markdown: Path


def data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_svg(caption: str, path: Path) -> str:
    """A diagram as an <img> with a data URI (Marp's Markdown refuses SVG data URIs)."""
    alt = html.escape(caption, quote=True)
    return f'<img class="diagramme" alt="{alt}" src="{data_uri(path)}">'


def _embed_images_and_flatten_links(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        image, label, target = match.group(1), match.group(2), match.group(3)
        link = markdown.Link(0, image == "!", label, target)
        if link.external or target.startswith("#") or target.startswith("data:"):
            return match.group(0)
        path = (DECK.parent / target.partition("#")[0]).resolve()
        if image:
            alt = html.escape(label, quote=True)
            return f'<img class="capture" alt="{alt}" src="{data_uri(path)}">'
        return f"{label} (`{repo_relative(path)}`)"

    code_free = markdown.blank_code(text).split("\n")
    lines = text.split("\n")
    for number, blanked in enumerate(code_free):
        if "](" in blanked:
            lines[number] = markdown.LINK_PATTERN.sub(replace, lines[number])
    return "\n".join(lines)


def sources_slide(text: str, results: dict[str, Results]) -> str:
    names = figures.quoted([text])
    if not names:
        return "Aucun chiffre mesuré dans ces diapositives."
    rows = [
        f"- {results[name].title} : `{results[name].command}` ({results[name].measured_at})"
        for name in names
    ]
    return "\n".join(rows)


def prepare(out: Path, results: dict[str, Results] | None = None) -> str:
    """The deck's Markdown with diagrams, images and figures resolved."""
    results = load_all() if results is None else results
    text = DECK.read_text(encoding="utf-8")
    text = _SOURCES_SLIDE.sub(lambda _: sources_slide(text, results), text)
    images = diagrams.render_all(diagrams.sources(text), out / "diagrammes", diagrams.SLIDES_STYLE)
    text = diagrams.replace_blocks(text, images, _inline_svg)
    text = figures.substitute(text, results, link_sources=False)
    return _embed_images_and_flatten_links(text)


def build(out: Path) -> Built:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    deck = out / "soutenance.md"
    deck.write_text(prepare(out), encoding="utf-8")
    marp = tools.node_tool("marp")
    common = [
        marp,
        "--config-file",  # markdown-it without `breaks`: a wrapped source line is one line
        str(STYLE / "marp.json"),
        "--theme-set",
        str(STYLE / "soutenance.css"),
        "--html",
    ]
    page, pdf = out / "soutenance.html", out / "soutenance.pdf"
    env = tools.browser_environment()
    tools.run([*common, str(deck), "--output", str(page)], what="Marp (HTML)", cwd=REPO, env=env)
    tools.run(
        [*common, "--pdf", "--pdf-outlines", str(deck), "--output", str(pdf)],
        what="Marp (PDF)",
        cwd=REPO,
        env=env,
    )
    return Built(html=page, pdf=pdf, markdown=deck)
