"""The strict CSV reader on the real quirky files, and on broken copies of them."""

import shutil

import pytest

from warehouse.sources.csvfile import read_csv
from warehouse.sources.errors import DataFormatError


def test_windows_line_endings_of_intercites_2013(data_dir):
    path = data_dir / "gtfs-sncf-intercites/2013-12-04/agency.txt"
    assert b"\r\n" in path.read_bytes()
    rows = list(read_csv(path, {"agency_id", "agency_name"}))
    assert rows[0].values["agency_timezone"] == "Europe/Paris"  # no stray '\r'


@pytest.mark.slow  # the real mirror's data
def test_fixed_width_padding_of_renfe_is_stripped_from_fields_and_headers(data_dir):
    path = data_dir / "gtfs-renfe-avld/2026-08-21/agency.txt"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(" ")  # the quirk is real
    row = next(read_csv(path, {"agency_id", "agency_phone"}, strip=True))
    assert row.values["agency_phone"] == row.values["agency_phone"].strip() != ""


@pytest.mark.slow  # the real mirror's data
def test_columns_are_read_by_name_whatever_their_order(data_dir):
    # gtfs.de writes route_id last in routes.txt.
    path = data_dir / "gtfs-de-fernverkehr/2025-11-09/routes.txt"
    assert path.read_text(encoding="utf-8").splitlines()[0].split(",")[-1] == "route_id"
    first = next(read_csv(path, {"route_id", "route_short_name"}))
    assert first.values["route_id"].isdigit()


def test_missing_column_names_the_file_and_line(tmp_path, data_dir):
    path = tmp_path / "routes.txt"
    lines = (
        (data_dir / "gtfs-sncf-tgv/2025-07-18/routes.txt").read_text(encoding="utf-8").splitlines()
    )
    path.write_text("\n".join([lines[0].replace("route_short_name", "short"), *lines[1:]]) + "\n")
    with pytest.raises(
        DataFormatError, match=r"routes\.txt, line 1: missing column\(s\) route_short_name"
    ):
        list(read_csv(path, {"route_id", "route_short_name"}))


def test_wrong_encoding_names_the_file_and_line(tmp_path, data_dir):
    source = data_dir / "gtfs-sncf-tgv/2025-07-18/stops.txt"
    path = tmp_path / "stops.txt"
    path.write_bytes(source.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    expected_line = next(
        i
        for i, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if not line.isascii()
    )
    with pytest.raises(DataFormatError, match=rf"stops\.txt, line {expected_line}: not UTF-8"):
        list(read_csv(path, {"stop_id"}))


def test_truncated_file_names_the_last_line(tmp_path, data_dir):
    source = data_dir / "gtfs-de-fernverkehr/2025-11-09/stop_times.txt"
    path = tmp_path / "stop_times.txt"
    shutil.copy(source, path)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2].rsplit(b",", 3)[0])  # cut inside a row
    lines = path.read_bytes().count(b"\n") + 1
    with pytest.raises(DataFormatError, match=rf"stop_times\.txt, line {lines}: file truncated"):
        list(read_csv(path, {"trip_id"}))


def test_a_short_row_in_the_middle_is_yielded_for_rejection(tmp_path):
    path = tmp_path / "trips.txt"
    path.write_text("route_id,service_id,trip_id\nr1,s1,t1\nr2,s2\nr3,s3,t3\n")
    rows = list(read_csv(path, {"trip_id"}))
    assert [r.values.get("trip_id") for r in rows] == ["t1", None, "t3"]
    assert rows[1].line == 3
