"""Published rail shares of the rail + air market (warehouse/reference/market_shares.csv) and the
publications they were read in (market_share_publications.csv).

The figures are facts quoted from publications: each row names the publication of its share and
of its rail time. The table is the project's compilation (source `market-shares@<edition>`).
A malformed row stops the load: this is hand-curated data, it must be right.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from warehouse.reference import REFERENCE_DIR
from warehouse.sources.errors import DataFormatError

PUBLICATIONS_FILE = "market_share_publications.csv"
OBSERVATIONS_FILE = "market_shares.csv"
DENOMINATORS = frozenset({"rail_air", "rail_air_counts", "all_modes", "change", "unstated"})


@dataclass(frozen=True)
class Publication:
    publication_id: str
    title: str
    publisher: str
    published: str
    language: str
    url: str
    notes: str | None


@dataclass(frozen=True)
class MarketShare:
    observation_id: str
    origin_city: str
    origin_country: str
    destination_city: str
    destination_country: str
    year: int | None
    period: str
    rail_time_min: int
    rail_time_text: str
    rail_time_publication_id: str
    rail_share: Decimal
    share_text: str
    share_publication_id: str
    denominator: str
    notes: str | None

    @property
    def pair(self) -> tuple[str, str]:
        """The city pair, in alphabetical order (a pair's rows share it whatever the direction)."""
        first, second = sorted((self.origin_city, self.destination_city))
        return first, second


@dataclass(frozen=True)
class MarketShareTable:
    publications: tuple[Publication, ...]
    observations: tuple[MarketShare, ...]

    @property
    def pairs(self) -> set[tuple[str, str]]:
        return {o.pair for o in self.observations}


def read_market_shares(directory: Path = REFERENCE_DIR) -> MarketShareTable:
    publications = tuple(_publications(directory / PUBLICATIONS_FILE))
    known = {p.publication_id for p in publications}
    observations = tuple(_observations(directory / OBSERVATIONS_FILE, known))
    return MarketShareTable(publications, observations)


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise DataFormatError(path, line, "wrong number of fields")
            rows.append((line, {k: v.strip() for k, v in row.items()}))
        return rows


def _publications(path: Path) -> list[Publication]:
    seen: set[str] = set()
    result = []
    for line, row in _rows(path):
        for column in ("publication_id", "title", "publisher", "published", "language", "url"):
            if not row[column]:
                raise DataFormatError(path, line, f"{column} is empty")
        if not row["url"].startswith(("https://", "http://")):
            raise DataFormatError(path, line, "url is not an http(s) URL")
        if row["publication_id"] in seen:
            raise DataFormatError(path, line, f"duplicate publication {row['publication_id']}")
        seen.add(row["publication_id"])
        result.append(
            Publication(
                row["publication_id"],
                row["title"],
                row["publisher"],
                row["published"],
                row["language"],
                row["url"],
                row["notes"] or None,
            )
        )
    return result


def _observations(path: Path, publications: set[str]) -> list[MarketShare]:
    seen: set[str] = set()
    result = []
    for line, row in _rows(path):
        try:
            share = Decimal(row["rail_share"])
            minutes = int(row["rail_time_min"])
            year = int(row["year"]) if row["year"] else None
        except (InvalidOperation, ValueError) as error:
            raise DataFormatError(path, line, f"not a number ({error})") from error
        problem = _problem(row, share, minutes, publications, seen)
        if problem:
            raise DataFormatError(path, line, problem)
        seen.add(row["observation_id"])
        result.append(
            MarketShare(
                row["observation_id"],
                row["origin_city"],
                row["origin_country"],
                row["destination_city"],
                row["destination_country"],
                year,
                row["period"],
                minutes,
                row["rail_time_text"],
                row["rail_time_publication_id"],
                share,
                row["share_text"],
                row["share_publication_id"],
                row["denominator"],
                row["notes"] or None,
            )
        )
    return result


def _problem(
    row: dict[str, str], share: Decimal, minutes: int, publications: set[str], seen: set[str]
) -> str | None:
    if row["observation_id"] in seen:
        return f"duplicate observation {row['observation_id']}"
    if not Decimal(0) <= share <= Decimal(1):
        return "rail_share must be between 0 and 1"
    if minutes <= 0:
        return "rail_time_min must be positive"
    if row["origin_city"] == row["destination_city"]:
        return "origin and destination are the same city"
    if row["denominator"] not in DENOMINATORS:
        return f"denominator must be one of {', '.join(sorted(DENOMINATORS))}"
    for column in ("rail_time_publication_id", "share_publication_id"):
        if row[column] not in publications:
            return f"{column} {row[column]!r} is not in {PUBLICATIONS_FILE}"
    for column in ("period", "rail_time_text", "share_text"):
        if not row[column]:
            return f"{column} is empty (quote the publication)"
    return None
