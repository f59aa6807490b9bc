"""The link checker finds each kind of broken link, and docs/ has none."""

from __future__ import annotations

from pathlib import Path

from docsbuild.links import broken_links, documentation_files


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_kind_of_broken_link_is_reported(tmp_path):
    _write(tmp_path / "docs" / "autre.md", "# Autre\n\n## Une section\n")
    (tmp_path / "docs" / "img").mkdir()
    source = _write(
        tmp_path / "docs" / "page.md",
        "\n".join(
            [
                "[bon](autre.md#une-section)",
                "[absent](nulle-part.md)",
                "[ancre absente](autre.md#pas-la)",
                "![dossier](img)",
                "[hors du dépôt](../../ailleurs.md)",
                "[externe](https://example.org/x.md)",
                "[même page](#page)",
                "`[dans du code](absent.md)`",
            ]
        ),
    )
    found = {(broken.line, broken.reason) for broken in broken_links([source], root=tmp_path)}
    assert found == {
        (2, "no such file"),
        (3, "no heading or anchor #pas-la in autre.md"),
        (4, "an image must be a file"),
        (5, "points outside the repository"),
        (7, "no heading or anchor #page in page.md"),
    }


def test_every_relative_link_and_image_of_the_documentation_resolves():
    files = documentation_files()
    assert len(files) > 40, "the documentation files were not found"
    broken = broken_links(files)
    assert not broken, "\n".join(map(str, broken))
