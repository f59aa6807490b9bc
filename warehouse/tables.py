"""The published tables, in foreign-key order (parents first): what staging copies, the data
version digests and the swap replaces, in that order."""

from __future__ import annotations

PUBLISHED_TABLES = (
    "sources",
    "market_share_publications",
    "market_shares",
    "co2_factors",
    "airports",
    "operators",
    "stations",
    "station_names",
    "trajets",
    "calls",
    "trajet_links",
    "coverage",
    "city_pairs",
)
