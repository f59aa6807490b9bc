"""The checks the documentation must pass before it is built, on examples and on docs/."""

from __future__ import annotations

from docsbuild import checks


def test_measured_figures_typed_by_hand_are_found():
    text = "\n".join(
        [
            "Le chargement prend 26,7 s et la couverture atteint 94 %.",
            "On compte 803 tests et 7 600 trajets ; p99 de 5 ms à 520 req/s.",
        ]
    )
    assert [finding.split(": ", 1)[1] for finding in checks.hand_typed_figures(text)] == [
        "'26,7 s'",
        "'94 %'",
        "'803 tests'",
        "'7 600 trajets'",
        "'5 ms'",
        "'520 req/s'",
    ]


def test_settings_in_code_references_and_placeholders_are_not_figures():
    text = "\n".join(
        [
            "La porte `--fail-under=85` et la rétention `744h` ; WCAG 2.1 AA, RFC 9457, article 30.",
            "Nuit : en mouvement entre 00:00 et 05:00 ; réseau /24 ; Python 3.11 ; 31 jours.",
            "Chargement en {{mesure:etl.etl_s}} ([voir le banc 2](x.md)).",
            "```",
            "26 s dans un bloc de code",
            "```",
        ]
    )
    assert checks.hand_typed_figures(text) == []


def test_emoji_are_refused_but_french_typography_is_not():
    assert checks.emoji("Données « œuvre » — 12\u202f000 × 3 → ok ✓") == []
    assert checks.emoji("Train \U0001f686 de nuit \u2764\ufe0f") == ["U+1F686", "U+FE0F"]


def test_diagrams_and_images_need_a_caption():
    text = "```mermaid\nflowchart LR\n A-->B\n```\n\n![](a.png)\n"
    assert checks.uncaptioned(text) == [
        "diagram 1 has no '*Figure : ...*' caption",
        "line 6: image without alt text",
    ]
    captioned = "```mermaid\nflowchart LR\n A-->B\n```\n\n*Figure : A vers B.*\n"
    assert checks.uncaptioned(captioned) == []


def test_the_documentation_passes_every_check():
    problems = checks.problems()
    assert not problems, "\n".join(problems)
