"""Reference lists the expectations compare against, read from the IANA time-zone database
(the `tzdata` package): its ISO 3166-1 alpha-2 table and its zone names."""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources

from psycopg import sql


@cache
def country_codes() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes, from tzdata's iso3166.tab (current as of its release)."""
    table = resources.files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text(encoding="utf-8")
    codes = (line.split("\t", 1)[0] for line in table.splitlines() if line and line[0] != "#")
    return tuple(sorted(codes))


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time-zone name Python's zoneinfo knows (what the API uses to render times)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def sql_text_array(values: tuple[str, ...]) -> sql.Composed:
    """A SQL array of string literals (an ARRAY[...] constructor, not a '{...}' literal: GE
    formats queries with str.format, which braces would confuse)."""
    return sql.SQL("ARRAY[{}]::text[]").format(sql.SQL(", ").join(map(sql.Literal, values)))
