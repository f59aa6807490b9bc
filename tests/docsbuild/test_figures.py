"""Measured figures reach the report through placeholders, formatted in French, with a source."""

from __future__ import annotations

import json

import pytest

from docsbuild import figures
from docsbuild.results import Figure, ResultsError, Table, load_all, read_results, write_results


@pytest.fixture
def results(tmp_path):
    write_results(
        "banc",
        title="Banc d'essai",
        command="python -m bench.banc --runs 3",
        producer="bench/banc.py",
        details="docs/banc.md",
        figures={
            "duree": Figure(26.7061, "s", "durée médiane", 1),
            "requetes": Figure(12345.6, "req/s", "débit"),
            "ratio": Figure(51.37, "×", "rapport", 1),
        },
        tables={"t": Table("Durées", ["mesure", "valeur"], [["a | b", "1,0"]])},
        directory=tmp_path,
    )
    return load_all(tmp_path)


def test_results_round_trip_with_provenance(results):
    banc = results["banc"]
    assert banc.command == "python -m bench.banc --runs 3"
    assert banc.figures["duree"] == Figure(26.7061, "s", "durée médiane", 1)
    assert banc.measured_at and banc.machine and banc.commit


def test_french_number_layout():
    assert figures.format_number(12345.6, 0) == "12\u202f346"
    assert figures.format_number(26.7061, 1) == "26,7"
    assert figures.format_figure(Figure(94.2, "%", "x")) == "94\u00a0%"
    assert figures.format_figure(Figure(51.37, "×", "x", 1)) == "51,4×"


def test_placeholders_become_figures_linked_to_their_source(results):
    text = "Chargement en {{mesure:banc.duree}}, `{{mesure:banc.absent}}` reste du code."
    rendered = figures.substitute(text, results, link_sources=True)
    assert rendered.startswith('Chargement en 26,7\u00a0s<sup><a href="#source-banc"')
    assert "`{{mesure:banc.absent}}`" in rendered


def test_tables_carry_their_source_and_escape_cells(results):
    rendered = figures.substitute("{{tableau:banc.t}}", results, link_sources=False)
    assert "| a \\| b | 1,0 |" in rendered
    assert "source : <code>python -m bench.banc --runs 3</code>" in rendered
    assert '<p class="legende">' in rendered, "the slides' tables need a legend, not a caption"
    in_report = figures.substitute("{{tableau:banc.t}}", results, link_sources=True)
    assert "\n: " in in_report and "(source : [banc](#source-banc)" in in_report


def test_unknown_or_malformed_placeholders_are_errors(results):
    assert figures.unresolved("{{mesure:banc.absent}} {{tableau:autre.t}}", results) == [
        "line 1: {{mesure:banc.absent}}",
        "line 1: {{tableau:autre.t}}",
    ]
    with pytest.raises(figures.PlaceholderError, match="malformed"):
        figures.placeholders("{{chiffre banc.duree}}")
    with pytest.raises(figures.PlaceholderError, match="unknown results"):
        figures.substitute("{{mesure:banc.absent}}", results, link_sources=True)


def test_sources_annex_names_the_command_of_each_quoted_file(results):
    names = figures.quoted(["{{mesure:banc.duree}} {{mesure:banc.ratio}}"])
    annex = figures.sources_annex(names, results)
    assert names == ["banc"]
    assert "{#source-banc}" in annex and "`python -m bench.banc --runs 3`" in annex


def test_a_results_file_without_a_command_is_refused(tmp_path):
    path = write_results("x", title="X", command="c", producer="p", directory=tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["command"] = ""
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ResultsError, match="'command' is missing"):
        read_results(path)
