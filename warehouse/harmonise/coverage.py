"""Coverage: which current sources cover the day trains and the night trains of each country
(docs/donnees/harmonisation.md, "Couverture").

One row per country and day/night, for every European country with a railway and every
country a current trajet reaches:

* `covered`: a source holds all trains of that kind there — the country's national feed
  (Renfe for Spain's day trains, gtfs.de for Germany's long-distance trains) or the night-train
  database where it lists at least one train (a country where it lists none is not claimed:
  absence from a community database does not prove there is no night train);
* `partial`: only some of them — a national feed with a narrower scope (the SNCF feed has the
  TGV, not the Intercités nor the TER), or only trains crossing in from a covered country
  (`cross_border`: TGV Lyria trains in Switzerland);
* `none`: no source ("non couvert"): a figure there is unknown, not zero.

`services` counts the current services counted in statistics that call in the country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warehouse.model import SourceSpec
from warehouse.rows import TrajetRow

#: European countries with a passenger railway (ISO 3166-1 alpha-2): each gets a row even when
#: no source covers it.
EUROPE = (
    "AL", "AT", "BA", "BE", "BG", "BY", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB",
    "GR", "HR", "HU", "IE", "IT", "LI", "LT", "LU", "LV", "MD", "ME", "MK", "NL", "NO", "PL",
    "PT", "RO", "RS", "SE", "SI", "SK", "TR", "UA",
)  # fmt: skip
DAY_NIGHT = ("day", "night")
_RANK = {"none": 0, "partial": 1, "covered": 2}


@dataclass
class CoverageRow:
    country: str
    day_night: str
    level: str = "none"
    basis: str = "none"
    source_ids: list[str] = field(default_factory=list)
    services: int = 0


def coverage(
    trajets: Iterable[TrajetRow], current_sources: Sequence[SourceSpec]
) -> list[CoverageRow]:
    """The coverage table, sorted by country then day/night."""
    specs = {s.source_id: s for s in current_sources if s.kind == "timetable"}
    present: dict[tuple[str, str], set[str]] = defaultdict(set)  # cell -> sources with a train
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for trajet in trajets:
        if trajet.source_id not in specs:
            continue
        for country in dict.fromkeys(trajet.countries):
            cell = (country, trajet.day_night)
            present[cell].add(trajet.source_id)
            if trajet.duplicate_of is None and not trajet.plausibility_flags:
                counted[cell] += 1
    countries = sorted(set(EUROPE) | {country for country, _ in present})
    rows = []
    for country in countries:
        for day_night in DAY_NIGHT:
            cell = (country, day_night)
            row = CoverageRow(country, day_night, services=counted[cell])
            for source_id in sorted(specs):
                _apply(row, specs[source_id], source_id in present[cell])
            rows.append(row)
    return rows


def _apply(row: CoverageRow, spec: SourceSpec, has_trains: bool) -> None:
    """Raise `row` to what `spec` contributes to it."""
    level, basis = "none", "none"
    for scope in spec.scope:
        if scope.day_night != row.day_night:
            continue
        if row.country in scope.countries or (not scope.countries and has_trains):
            level, basis = scope.level, scope.basis
    if level == "none" and has_trains:
        level, basis = "partial", "cross_border"
    if level == "none":
        return
    row.source_ids.append(spec.source_id)
    if _RANK[level] > _RANK[row.level]:
        row.level, row.basis = level, basis
