"""The response cache: least recently used entries go first, the bound is in bytes."""

from __future__ import annotations

from api.cache import CachedResponse, CacheKey, ResponseCache


def key(path: str) -> CacheKey:
    return ("json", "2026-12-03", path, ())


def response(body_bytes: int) -> CachedResponse:
    return CachedResponse(200, ((b"content-type", b"application/json"),), b"x" * body_bytes, "/r")


def test_the_least_recently_used_entries_are_evicted_to_stay_within_the_byte_bound():
    entry = response(100)
    cache = ResponseCache(max_bytes=3 * entry.size)
    for path in ("/a", "/b", "/c"):
        cache.put(key(path), entry)
    assert len(cache) == 3 and cache.size_bytes == 3 * entry.size
    assert cache.get(key("/a")) is entry  # /a is now the most recently used
    cache.put(key("/d"), entry)
    assert cache.get(key("/b")) is None  # /b was the least recently used
    assert {p for p in ("/a", "/c", "/d") if cache.get(key(p)) is entry} == {"/a", "/c", "/d"}
    big = response(entry.size + 100)  # exactly the size of two entries
    cache.put(key("/big"), big)  # needs the room of two entries
    assert cache.get(key("/big")) is big and cache.size_bytes <= cache.max_bytes
    assert len(cache) == 2


def test_an_entry_larger_than_the_cache_is_not_kept_and_a_zero_cache_keeps_nothing():
    cache = ResponseCache(max_bytes=500)
    cache.put(key("/huge"), response(1000))
    assert len(cache) == 0 and cache.get(key("/huge")) is None
    disabled = ResponseCache(max_bytes=0)
    disabled.put(key("/a"), response(1))
    assert len(disabled) == 0


def test_replacing_an_entry_counts_its_size_once_and_clear_empties():
    cache = ResponseCache(max_bytes=10_000)
    cache.put(key("/a"), response(100))
    cache.put(key("/a"), response(300))
    assert len(cache) == 1 and cache.size_bytes == response(300).size
    cache.clear()
    assert len(cache) == 0 and cache.size_bytes == 0
