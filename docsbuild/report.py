"""The technical report: docs/rapport/ -> one HTML file (pandoc) -> PDF (Chromium).

Order: the chapters (docs/rapport/NN-*.md), then the decision records
(docs/rapport/decisions/NNNN-*.md) as an annex, then the generated annex of the figures'
sources. The HTML is self-contained (styles and images embedded).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docsbuild import diagrams, figures, markdown, sources, tools
from docsbuild.paths import DECISIONS, REPO, REPORT, STYLE
from docsbuild.results import Results, current_commit, git, load_all

DECISIONS_ANNEX = (
    "# Décisions d'architecture {#decisions}\n\n"
    "Chaque choix structurant est argumenté dans un enregistrement de décision court "
    "(contexte, options étudiées, décision, conséquences), tenu dans "
    "`docs/rapport/decisions/`. Une décision marquée « à confirmer » dépend d'un travail en cours "
    "et sera relue quand il aura abouti.\n"
)


@dataclass(frozen=True)
class Built:
    html: Path
    pdf: Path
    markdown: Path


def document_date() -> str:
    """Date of the last commit that changed the report or its tooling (stable across rebuilds)."""
    return git("log", "-1", "--format=%cs", "--", "docs", "docsbuild")


def anchors() -> dict[Path, str]:
    """Anchor of every file that becomes part of the single report document."""
    found = {part.path.resolve(): part.anchor for part in sources.parts()}
    for part in sources.parts():
        for included in sources.included_files(part.path.read_text(encoding="utf-8"), part.path):
            found.setdefault(included, included.stem)
    found[DECISIONS.resolve()] = "decisions"
    found[(DECISIONS / "README.md").resolve()] = "decisions"
    found[(REPORT / "README.md").resolve()] = "TOC"
    return found


def assemble(out: Path, results: dict[str, Results] | None = None) -> str:
    """The whole report as one Markdown document (diagrams rendered into `out`)."""
    results = load_all() if results is None else results
    parts = sources.parts()
    texts = {part.path: part.path.read_text(encoding="utf-8") for part in parts}
    for part in parts:
        for included in sources.included_files(texts[part.path], part.path):
            texts[included] = included.read_text(encoding="utf-8")
    images = diagrams.render_all(
        [source for text in texts.values() for source in diagrams.sources(text)],
        out / "diagrammes",
    )

    def transform(text: str) -> str:
        text = sources.mark_to_complete(diagrams.replace_blocks(text, images))
        return figures.substitute(text, results, link_sources=True)

    link_anchors = anchors()
    blocks: list[str] = []
    for part in parts:
        if part.path.parent == DECISIONS and DECISIONS_ANNEX not in blocks:
            blocks.append(DECISIONS_ANNEX)
        body = sources.expand(part.path, link_anchors, transform)
        body = sources.label_first_heading(body, part.anchor)
        if part.path.parent == DECISIONS:
            body = markdown.shift_headings(body, 1)
        blocks.append(body)
    blocks.append(figures.sources_annex(figures.quoted(texts.values()), results))
    return "\n\n".join(blocks)


def build(out: Path) -> Built:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    combined = out / "rapport.md"
    combined.write_text(assemble(out), encoding="utf-8")
    html = out / "rapport.html"
    commit = current_commit()
    tools.run(
        [
            tools.system_tool("pandoc"),
            str(combined),
            "--from=markdown",
            "--to=html5",
            "--standalone",
            "--self-contained",
            "--toc",
            "--toc-depth=2",
            "--number-sections",
            f"--metadata-file={REPORT / 'metadonnees.yaml'}",
            f"--metadata=date:{document_date()} — version {commit}",
            f"--css={STYLE / 'rapport.css'}",
            f"--resource-path={out}:{REPO}",
            f"--output={html}",
        ],
        what="pandoc (report)",
        cwd=out,
    )
    pdf = out / "rapport.pdf"
    tools.print_to_pdf(html, pdf)
    return Built(html=html, pdf=pdf, markdown=combined)
