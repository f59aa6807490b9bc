"""Reading Markdown: code is never prose, anchors follow GitHub's rules."""

from __future__ import annotations

from docsbuild import markdown

SAMPLE = """# Titre `code`

Un [lien](a.md#x) et ![une image](img/a.png "titre") et `[pas un lien](b.md)`.

```bash
[pas un lien non plus](c.md)
```

## Sécurité de l'API
## Sécurité de l'API
### GET `/health` {#sante}
<a id="ancre-html"></a>
"""


def test_links_outside_code_only_with_their_line():
    found = list(markdown.links(SAMPLE))
    assert [(link.line, link.image, link.target) for link in found] == [
        (3, False, "a.md#x"),
        (3, True, "img/a.png"),
    ]


def test_external_links_are_recognised():
    assert markdown.Link(1, False, "x", "https://example.org").external
    assert markdown.Link(1, False, "x", "mailto:a@b.c").external
    assert not markdown.Link(1, False, "x", "../api/securite.md").external


def test_anchors_follow_github_slugs_duplicates_and_explicit_ids():
    anchors = markdown.anchors(SAMPLE)
    assert {
        "titre-code",
        "sécurité-de-lapi",
        "sécurité-de-lapi-1",
        "sante",
        "ancre-html",
    } <= anchors
    assert "pas-un-lien" not in anchors


def test_shift_headings_skips_code_blocks():
    shifted = markdown.shift_headings("# A\n```\n# not a heading\n```\n## B\n", 2)
    assert shifted == "### A\n```\n# not a heading\n```\n#### B\n"


def test_blank_code_keeps_line_numbers():
    text = "a\n```\nb\n```\nc `d` <!-- e -->"
    blanked = markdown.blank_code(text)
    assert blanked.count("\n") == text.count("\n")
    assert "b" not in blanked and "d" not in blanked and "e" not in blanked
    assert blanked.startswith("a\n") and blanked.rstrip().endswith("c")
