"""Data-version tracking and the in-process response cache.

The warehouse changes only when the ETL publishes a new data version, so a response is valid for
as long as `api.publication.data_version` stays the same. The tracker looks at it at most every
`data_version_check_s` seconds; a new version empties the cache.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from cachetools import LRUCache

from api.errors import DatabaseUnavailable

#: After a failed look, requests fail fast for this long instead of queueing on the database.
FAILURE_HOLD_S = 1.0


CacheKey = tuple[str, str, str, tuple[tuple[str, str], ...]]
"""(representation, UTC day, path, sorted query parameters)."""


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    route: str
    data_version: str | None = None
    """The data version the answer was computed from (the route's snapshot, as a value)."""

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 64


def _size_of(entry: CachedResponse) -> int:
    return entry.size


class ResponseCache:
    """LRU of responses bounded in bytes (cachetools' LRUCache weighing each entry by its size);
    entries belong to one data version."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: LRUCache[CacheKey, CachedResponse] = LRUCache(
            maxsize=max_bytes, getsizeof=_size_of
        )

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return int(self._entries.currsize)

    def get(self, key: CacheKey) -> CachedResponse | None:
        return self._entries.get(key)  # a hit makes the entry the most recently used

    def put(self, key: CacheKey, entry: CachedResponse) -> None:
        if entry.size > self.max_bytes:
            return  # larger than the whole cache: not kept (LRUCache would raise)
        self._entries[key] = entry  # evicts the least recently used entries until it fits

    def clear(self) -> None:
        self._entries.clear()


class DataVersionTracker:
    """The published data version, read at most every `interval_s` seconds."""

    def __init__(
        self,
        read_version: Callable[[], Awaitable[str | None]],
        interval_s: float,
        on_change: Callable[[str | None], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read_version = read_version
        self.clock = clock
        """Seconds of a monotonic clock (replaceable: tests step it instead of waiting)."""
        self._interval_s = interval_s
        self._on_change = on_change
        self._version: str | None = None
        self._checked_at: float | None = None
        self._failed_at: float | None = None
        self._lock = asyncio.Lock()

    def _fresh(self, now: float) -> bool:
        return self._checked_at is not None and now - self._checked_at < self._interval_s

    def _failing(self, now: float) -> bool:
        return self._failed_at is not None and now - self._failed_at < FAILURE_HOLD_S

    async def current(self) -> str | None:
        """The version; raises DatabaseUnavailable when it cannot be read."""
        now = self.clock()
        if self._fresh(now):
            return self._version
        if self._failing(now):
            raise DatabaseUnavailable("the last look at the database failed a moment ago")
        async with self._lock:
            now = self.clock()
            if self._fresh(now):
                return self._version
            if self._failing(now):
                raise DatabaseUnavailable("the last look at the database failed a moment ago")
            try:
                version = await self._read_version()
            except DatabaseUnavailable:
                self._failed_at = self.clock()
                self._checked_at = None
                raise
            self._failed_at = None
            self.observe(version)
            return version

    def observe(self, version: str | None) -> None:
        """Record a version read elsewhere (e.g. by a query's own snapshot)."""
        if version != self._version or self._checked_at is None:
            changed = version != self._version
            self._version = version
            if changed:
                self._on_change(version)
        self._checked_at = self.clock()
