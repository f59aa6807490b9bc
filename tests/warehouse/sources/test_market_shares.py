"""The published market shares: every figure sourced, the table valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from warehouse.reference import REFERENCE_DIR
from warehouse.sources.errors import DataFormatError
from warehouse.sources.market_shares import (
    OBSERVATIONS_FILE,
    PUBLICATIONS_FILE,
    read_market_shares,
)


def test_the_training_table_has_at_least_fifteen_sourced_pairs():
    table = read_market_shares()
    assert len(table.pairs) >= 15
    publications = {p.publication_id: p for p in table.publications}
    for row in table.observations:
        assert row.share_publication_id in publications
        assert row.rail_time_publication_id in publications
        assert row.share_text and row.rail_time_text
    used = {o.share_publication_id for o in table.observations} | {
        o.rail_time_publication_id for o in table.observations
    }
    assert used == set(publications), "every listed publication is the source of a figure"
    assert all(p.url.startswith(("https://", "http://")) for p in table.publications)


def _copy(tmp_path: Path) -> Path:
    for name in (PUBLICATIONS_FILE, OBSERVATIONS_FILE):
        shutil.copy(REFERENCE_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (",0.60,", ",1.60,", "between 0 and 1"),
        (",latribune-2008-tgv-est,0.60,", ",unknown-publication,0.60,", "is not in"),
        (",rail_air,Ramp-up year.", ",guessed,Ramp-up year.", "denominator must be one of"),
        (",140,2 heures 20,", ",0,2 heures 20,", "must be positive"),
    ],
)
def test_a_wrong_row_stops_the_load_naming_its_line(tmp_path, old, new, problem):
    directory = _copy(tmp_path)
    _edit(directory / OBSERVATIONS_FILE, old, new)
    with pytest.raises(DataFormatError, match=problem) as error:
        read_market_shares(directory)
    assert "line 3" in str(error.value)


def test_a_publication_without_url_is_refused(tmp_path):
    directory = _copy(tmp_path)
    _edit(directory / PUBLICATIONS_FILE, ",https://www.latribune.fr/archives/2008", ",ftp://x/2008")
    with pytest.raises(DataFormatError, match="not an http"):
        read_market_shares(directory)
