"""Mermaid diagrams written in the Markdown, rendered to SVG images by Mermaid CLI.

All diagrams missing from the cache are rendered in one run of mermaid-batch.mjs (one browser,
one page that loads Mermaid once; Mermaid CLI would load it again for every diagram); each image
is named after the SHA-256 of its source, so an unchanged diagram is never redrawn.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from docsbuild import markdown, tools
from docsbuild.paths import STYLE, TOOLING

REPORT_STYLE = STYLE / "mermaid.json"
SLIDES_STYLE = STYLE / "mermaid-diapositives.json"
BATCH_RENDERER = TOOLING / "mermaid-batch.mjs"


def diagram_id(source: str, style: Path = REPORT_STYLE) -> str:
    """Name of a diagram's image: its source and the Mermaid configuration it is drawn with."""
    key = style.read_text(encoding="utf-8") + "\n" + source.strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def sources(text: str) -> list[str]:
    """The source of every ```mermaid block of a Markdown text."""
    return [match.group(1) for match in markdown.MERMAID_BLOCK.finditer(text)]


def render_all(
    diagrams: Iterable[str], directory: Path, style: Path = REPORT_STYLE
) -> dict[str, Path]:
    """SVG image of each diagram source (rendered if not already in `directory`)."""
    directory.mkdir(parents=True, exist_ok=True)
    images = {source: directory / f"{diagram_id(source, style)}.svg" for source in diagrams}
    missing = sorted({source for source, image in images.items() if not image.exists()})
    if missing:
        _render(missing, directory, style)
    return images


def font_px(style: Path) -> float:
    """The text size a Mermaid configuration draws diagrams with."""
    config = json.loads(style.read_text(encoding="utf-8"))
    return float(str(config["themeVariables"]["fontSize"]).removesuffix("px"))


def _render(missing: list[str], directory: Path, style: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="obrail-mermaid-") as work:
        work_dir = Path(work)
        # Each source as Mermaid CLI reads it from a Markdown block: stripped, then a newline.
        batch = [f"{source.strip()}\n" for source in missing]
        (work_dir / "diagrams.json").write_text(json.dumps(batch), encoding="utf-8")
        tools.node_tool("mmdc")  # the Mermaid CLI package provides Mermaid and its page
        tools.run(
            [
                tools.system_tool("node"),
                str(BATCH_RENDERER),
                str(tools.puppeteer_config(work_dir)),
                str(style),
                "diagrams.json",
                "rendered",
            ],
            what="Mermaid CLI",
            cwd=work_dir,
            env=tools.browser_environment(),
        )
        for number, source in enumerate(missing, start=1):
            rendered = work_dir / f"rendered-{number}.svg"
            if not rendered.exists():
                raise tools.ToolError(f"Mermaid CLI did not render diagram {number}:\n{source}")
            image = directory / f"{diagram_id(source, style)}.svg"
            image.write_text(with_intrinsic_size(rendered.read_text(encoding="utf-8")), "utf-8")


_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEW_BOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')


def size(svg: str) -> tuple[float, float]:
    """Width and height of a diagram, in CSS pixels (from its viewBox)."""
    root = _ROOT.search(svg)
    box = _VIEW_BOX.search(root.group(0)) if root else None
    if box is None:
        raise ValueError("an SVG diagram without viewBox")
    return float(box.group(1)), float(box.group(2))


def with_intrinsic_size(svg: str) -> str:
    """Mermaid sizes its SVG `width="100%"`: an <img> would then stretch a small diagram to the
    page's width. Give the root its own size instead, so a page only ever shrinks a diagram."""
    width, height = size(svg)
    root = _ROOT.search(svg)
    assert root is not None
    tag = re.sub(r'\swidth="[^"]*"', "", root.group(0))
    tag = tag.replace("<svg", f'<svg width="{width:.0f}" height="{height:.0f}"', 1)
    return svg[: root.start()] + tag + svg[root.end() :]


_CAPTIONED = re.compile(
    markdown.MERMAID_BLOCK.pattern + r"(?:\n[ \t]*\n\*Figure\s*:\s*(?P<caption>[^*\n]+)\*[ \t]*$)?",
    re.MULTILINE | re.DOTALL,
)


def captions(text: str) -> list[str | None]:
    """The caption of each diagram: the `*Figure : ...*` line right after its block."""
    return [match.group("caption") for match in _CAPTIONED.finditer(text)]


def markdown_image(caption: str, path: Path) -> str:
    return f"![{caption}]({path})"


def replace_blocks(
    text: str, images: dict[str, Path], render: Callable[[str, Path], str] = markdown_image
) -> str:
    """Each ```mermaid block (and its caption line) replaced by `render(caption, image)`."""

    def image(match: re.Match[str]) -> str:
        return render((match.group("caption") or "").strip(), images[match.group(1)])

    return _CAPTIONED.sub(image, text)
