"""Reference lists the expectations compare against, read from the IANA time-zone database
(the `tzdata` package): its ISO 3166-1 alpha-2 table and its zone names."""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources


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


def sql_text_array(values: tuple[str, ...]) -> str:
    """A SQL array literal of constant strings (no braces: GE formats queries with str.format)."""
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"ARRAY[{quoted}]::text[]"
