"""Errors a source can raise: they name the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path


class SourceError(RuntimeError):
    """A source cannot be read at all; the ETL stops and publishes nothing."""


class SourceUnavailable(SourceError):
    """Neither a local mirror nor a download gave the source's files."""


class DataFormatError(SourceError):
    """A file is malformed as a whole (encoding, missing column, truncation)."""

    def __init__(self, file: Path | str, line: int | None, problem: str) -> None:
        where = f"{file}, line {line}" if line is not None else f"{file}"
        super().__init__(f"{where}: {problem}")
        self.file = str(file)
        self.line = line
        self.problem = problem
