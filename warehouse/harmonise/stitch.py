"""Rejoining trips that a feed cuts at midnight (gtfs.de 2025). Placeholder: marks nothing yet."""

from __future__ import annotations

from warehouse.model import ParsedFeed


def rejoin_midnight_pieces(feed: ParsedFeed) -> ParsedFeed:
    return feed
