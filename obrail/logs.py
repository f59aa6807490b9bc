"""JSON logging: one JSON object per line on standard error, for every service."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from obrail.redact import redact

#: LogRecord attributes that are not user-supplied `extra` fields.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys()) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: time, level, service, logger, message, then the
    record's fields (`extra=`). Subclasses choose the fields and the serializer."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(self.fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self.dumps(entry)

    def fields(self, record: logging.LogRecord) -> Iterable[tuple[str, Any]]:
        """Every attribute the caller added to the record."""
        return (
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD_ATTRS and not key.startswith("_")
        )

    def dumps(self, entry: dict[str, Any]) -> str:
        """The line, with passwords and the settings' secrets masked (obrail.redact)."""
        return redact(json.dumps(entry, ensure_ascii=False, default=str))


#: Libraries whose INFO messages are noise for an operator (Great Expectations logs hundreds of
#: lines per validation): they log warnings and errors only, unless the level is DEBUG.
QUIET_LIBRARIES = ("great_expectations",)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Route every logger of the process to standard error as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet = logging.DEBUG if root.level <= logging.DEBUG else logging.WARNING
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(quiet)
