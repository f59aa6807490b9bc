"""The portal's HTML tables: named, with column headers, text escaped, empty cells empty."""

from __future__ import annotations

import math

import pandas as pd

from portal.components.tables import TABLE_CLASS, table_html


def test_a_table_is_named_and_has_column_headers() -> None:
    frame = pd.DataFrame([{"Pays": "Autriche", "Nuit": "1 204"}])
    html = table_html(frame, "Trajets par pays")
    assert html.startswith(f'<table class="{TABLE_CLASS}" aria-label="Trajets par pays">')
    assert '<th scope="col">Pays</th><th scope="col">Nuit</th>' in html
    assert "<td>Autriche</td><td>1 204</td>" in html
    assert "index" not in html  # the frame's index is not a column


def test_cells_and_names_are_text_never_markup() -> None:
    frame = pd.DataFrame([{"<b>col</b>": '<script>alert("x")</script>', "n": None, "f": math.nan}])
    html = table_html(frame, 'say "hi" <now>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;col&lt;/b&gt;" in html
    assert 'aria-label="say &quot;hi&quot; &lt;now&gt;"' in html
    assert "<td></td><td></td>" in html  # no "None", no "nan"
