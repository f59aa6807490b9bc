"""`make docs` for real: pandoc, Mermaid CLI, Marp and Debian's Chromium build the report and
the slides; the PDFs are then read back (pages, fonts, text) and the HTML laid out in Chromium
at the printed width to catch anything wider than the page."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from docsbuild import diagrams, figures, markdown, sources
from docsbuild.links import documentation_files
from docsbuild.paths import REPO
from docsbuild.slides import DECK
from docsbuild.tools import ToolError

pytestmark = pytest.mark.docs

A4_POINTS = (595.0, 842.0)
SLIDE_POINTS = (960.0, 540.0)
# Printed width of the report's text column: A4 minus the 17 mm margins of rapport.css, in CSS px.
REPORT_COLUMN_PX = round((210 - 2 * 17) / 25.4 * 96)
# Room for a figure: the column, and the 235 mm maximum height of rapport.css; on a slide, the
# content box of soutenance.css (1280 x 720 minus padding) and the diagrams' 520 px maximum.
REPORT_FIGURE_PX = (REPORT_COLUMN_PX, 235 / 25.4 * 96)
SLIDE_FIGURE_PX = (1280 - 2 * 72, 520)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    completed = subprocess.run(
        [sys.executable, "-m", "docsbuild", "tout", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return Path(out)


def pdf_info(pdf: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in output.stdout.splitlines())
    }


def page_size(info: dict[str, str]) -> tuple[float, float]:
    width, height = re.findall(r"[\d.]+", info["Page size"])[:2]
    return float(width), float(height)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_report_is_an_a4_pdf_with_every_chapter_and_decision(built):
    pdf = built / "rapport.pdf"
    info = pdf_info(pdf)
    assert page_size(info) == pytest.approx(A4_POINTS, abs=1)
    assert int(info["Pages"]) >= 10
    text = re.sub(r"\s+", " ", pdf_text(pdf)).replace("\u2019", "'")
    for part in sources.parts():
        title = next(
            t for level, t in markdown.headings(part.path.read_text("utf-8")) if level == 1
        )
        title = re.sub(r"\s*\{#[^}]*\}$", "", title).replace("`", "")
        assert title in text, f"{part.path.name}: '{title}' is not in the PDF"
    assert "Sources des chiffres" in text
    assert not figures.PLACEHOLDER.search(text), "a placeholder was not replaced"


def test_the_slides_are_a_16_9_pdf_of_15_to_20_slides(built):
    info = pdf_info(built / "soutenance.pdf")
    assert page_size(info) == pytest.approx(SLIDE_POINTS, abs=1)
    assert 15 <= int(info["Pages"]) <= 20
    assert not figures.PLACEHOLDER.search(pdf_text(built / "soutenance.pdf"))


@pytest.mark.parametrize("name", ["rapport.pdf", "soutenance.pdf"])
def test_every_font_is_an_embedded_dejavu_font(built, name):
    output = subprocess.run(
        ["pdffonts", str(built / name)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert output, "no font in the PDF"
    for line in output:
        fields = line.split()
        assert "DejaVu" in fields[0], line
        embedded = fields[-5]
        assert embedded == "yes", f"font not embedded: {line}"


@cache
def _fonts_with(char: str) -> str:
    return subprocess.run(
        ["fc-list", "--format", "%{family}\n", f":charset={ord(char):x}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("name", ["rapport.md", "soutenance.md"])
def test_every_character_has_a_glyph_in_the_dejavu_fonts(built, name):
    text = markdown.blank_code((built / name).read_text(encoding="utf-8"))
    text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "", text)
    missing = sorted(
        {char for char in text if ord(char) > 0x7E and "DejaVu" not in _fonts_with(char)}
    )
    assert not missing, f"no glyph for {[f'U+{ord(c):04X} {c}' for c in missing]}"


def test_the_html_report_is_self_contained_and_its_anchors_resolve(built):
    html = (built / "rapport.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets, "no internal link found"
    assert not targets - ids, f"links to missing anchors: {sorted(targets - ids)}"
    sources_ = re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)
    assert sources_, "no image in the report"
    assert all(src.startswith("data:") for src in sources_), "an image is not embedded"
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="fr-FR"' in html


def test_nothing_is_wider_than_the_printed_page(built, browser):
    page = browser.new_page(viewport={"width": REPORT_COLUMN_PX, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto((built / "rapport.html").as_uri())
        too_wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .map(e => e.tagName + ': ' + (e.textContent || e.getAttribute('alt') || '').slice(0, 60))""",
            REPORT_COLUMN_PX,
        )
    finally:
        page.close()
    assert not too_wide, f"wider than the printed column: {too_wide[:10]}"


def test_no_slide_overflows(built, browser):
    """Nothing runs past a slide's content box (into the footer and page number, or off the
    slide): measured on every slide of the HTML deck, in CSS px of the slide."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((built / "soutenance.html").as_uri())
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('section')].map((slide, index) => {
                const box = slide.getBoundingClientRect();
                const style = getComputedStyle(slide);
                const scale = box.width / slide.offsetWidth;
                const bottom = box.bottom - parseFloat(style.paddingBottom) * scale;
                const right = box.right - parseFloat(style.paddingRight) * scale;
                const content = [...slide.children].filter(
                    (child) => !['HEADER', 'FOOTER', 'STYLE'].includes(child.tagName));
                const below = Math.max(0, ...content.map((c) => c.getBoundingClientRect().bottom - bottom));
                const beside = Math.max(0, ...content.map((c) => c.getBoundingClientRect().right - right));
                return [index + 1, Math.round(below / scale), Math.round(beside / scale)];
            }).filter(([, below, beside]) => below > 1 || beside > 1)"""
        )
        slides = page.evaluate("document.querySelectorAll('section').length")
    finally:
        page.close()
    assert slides >= 15, "the slides were not found in the HTML"
    assert not overflowing, f"slides [number, px below, px beside the content box]: {overflowing}"


def test_every_mermaid_diagram_of_the_documentation_renders(built):
    """Each diagram drawn with the style it is published with: the slides' with the slides' style
    (as the build drew them), every other one with the report's (the report's already drawn)."""
    blocks = {
        style: [
            source
            for path in paths
            for source in diagrams.sources(path.read_text(encoding="utf-8"))
        ]
        for style, paths in (
            (diagrams.REPORT_STYLE, [path for path in documentation_files() if path != DECK]),
            (diagrams.SLIDES_STYLE, [DECK]),
        )
    }
    assert len(blocks[diagrams.REPORT_STYLE]) >= 6, "the diagrams of docs/ were not found"
    assert blocks[diagrams.SLIDES_STYLE], "the diagrams of the slides were not found"
    for style, sources_ in blocks.items():
        images = diagrams.render_all(sources_, built / "diagrammes", style)
        for source, image in images.items():
            svg = image.read_text(encoding="utf-8")
            assert svg.startswith("<svg") and "Syntax error" not in svg, source[:80]


def test_a_broken_diagram_fails_the_build(tmp_path):
    with pytest.raises(ToolError, match="Mermaid CLI"):
        diagrams.render_all(["flowchart LR\n  A[ouvert --> B"], tmp_path)


def _printed_font_px(image: Path, style: Path, room: tuple[float, float]) -> float:
    width, height = diagrams.size(image.read_text(encoding="utf-8"))
    return diagrams.font_px(style) * min(1.0, room[0] / width, room[1] / height)


def test_every_diagram_stays_readable_once_fitted_to_the_page(built):
    """A diagram wider than the column (or taller than the figure's maximum height) is shrunk:
    its text must still print at 10 CSS px or more in the report, 16 px on a slide."""
    report = [s for part in sources.parts() for s in diagrams.sources(part.path.read_text("utf-8"))]
    deck = diagrams.sources(DECK.read_text(encoding="utf-8"))
    too_small = []
    for sources_, style, room, minimum in (
        (report, diagrams.REPORT_STYLE, REPORT_FIGURE_PX, 10),
        (deck, diagrams.SLIDES_STYLE, SLIDE_FIGURE_PX, 16),
    ):
        images = diagrams.render_all(sources_, built / "diagrammes", style)
        for source in sources_:
            size = _printed_font_px(images[source], style, room)
            if size < minimum:
                too_small.append((source.strip().splitlines()[1].strip(), round(size, 1)))
    assert not too_small, f"diagrams printed too small (first line, font px): {too_small}"
