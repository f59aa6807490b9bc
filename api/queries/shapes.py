"""Statement texts composed once per query shape, then reused.

A statement's text depends only on its shape (which conditions, which sort keys, which grouping),
never on the request's values, which are bound parameters. Composing it with psycopg.sql and
rendering it to bytes cost about half a millisecond of Python per request on the hot routes; the
rendered text of each shape is kept here (a bounded number of shapes, oldest dropped first) and
sent as it is. psycopg then finds the statement it prepared for that text.

Texts are rendered without a connection: every identifier the API composes is a whitelisted ASCII
name (psycopg quotes it the same way) and the server's encoding is UTF-8.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from psycopg import sql

#: Shapes kept: filters present x sort keys x groupings met in practice stay far below.
MAX_SHAPES = 4096


class Statements:
    """Rendered statement texts by shape key."""

    def __init__(self, max_shapes: int = MAX_SHAPES) -> None:
        self.max_shapes = max_shapes
        self._texts: dict[Hashable, bytes] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def text(self, key: Hashable, compose: Callable[[], sql.Composable]) -> bytes:
        """The text of the shape `key`; `compose` builds it the first time it is met."""
        text = self._texts.get(key)
        if text is None:
            text = compose().as_bytes(None)
            if len(self._texts) >= self.max_shapes:
                del self._texts[next(iter(self._texts))]  # the oldest shape
            self._texts[key] = text
        return text
