"""Reading CSV files strictly: UTF-8, named columns, line numbers, clear errors.

Handles the quirks seen in the real feeds: a UTF-8 byte-order mark, Windows line endings
(Intercités 2013), fields and header names right-padded with spaces (Renfe), and columns in
any order (gtfs.de). A file that is not UTF-8, lacks a required column or ends in the middle
of a row raises `DataFormatError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.sources.errors import DataFormatError


class _PhysicalLines:
    """A file's physical lines, split only if a row's text is asked for (a rejected row)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None

    def between(self, start: int, end: int) -> str:
        if self._lines is None:
            self._lines = self._text.splitlines()
        return "\n".join(self._lines[start:end])


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]
    raw: list[str]
    _physical: _PhysicalLines = field(repr=False, compare=False)
    _start: int = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        """The row as written in the file (its physical line or lines)."""
        return self._physical.between(self._start, self.line)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataFormatError(
            path, line, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    return text.removeprefix("\ufeff")


def read_csv(
    path: Path,
    required: frozenset[str] | set[str],
    *,
    delimiter: str = ",",
    strip: bool = False,
) -> Iterator[CsvRow]:
    """Yield the data rows of `path` as dicts keyed by (stripped) column name.

    `strip=True` strips every value too (fixed-width padded feeds). A row whose field count
    differs from the header's is yielded with `values` empty so the caller can reject it; a
    short last row without a final newline means the file was truncated: that raises.
    """
    text = _decode(path)
    truncated = bool(text) and not text.endswith(("\n", "\r"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise DataFormatError(path, 1, "empty file, no header") from None
    missing = sorted(set(required) - set(header))
    if missing:
        raise DataFormatError(path, 1, f"missing column(s) {', '.join(missing)}")
    width = len(header)
    physical = _PhysicalLines(text)
    try:
        rows = [(reader.line_num, raw) for raw in reader]
    except csv.Error as error:
        raise DataFormatError(path, reader.line_num, f"unreadable CSV: {error}") from None
    previous_end = 1
    for index, (line, raw) in enumerate(rows):
        start, previous_end = previous_end, line
        if not raw or raw == [""]:
            continue
        if len(raw) != width:
            if truncated and index == len(rows) - 1:
                raise DataFormatError(
                    path, line, f"file truncated: {len(raw)} field(s) where the header has {width}"
                )
            yield CsvRow(line, {}, raw, physical, start)
            continue
        values = [v.strip() for v in raw] if strip else raw
        yield CsvRow(line, dict(zip(header, values, strict=True)), raw, physical, start)
