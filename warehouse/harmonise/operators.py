"""Operators harmonised across sources through a curated alias table (reference/operators.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from warehouse.harmonise.text import normalise, slug
from warehouse.model import Agency
from warehouse.reference import REFERENCE_DIR


@dataclass(frozen=True)
class Operator:
    operator_id: str
    name: str
    short_name: str
    country: str | None
    url: str | None
    source_id: str


class OperatorResolver:
    """Maps an agency of any source to one operator; unknown agencies keep their own name."""

    def __init__(self, reference_source_id: str) -> None:
        self.reference_source_id = reference_source_id
        self._by_alias: dict[str, dict[str, str]] = {}
        with (REFERENCE_DIR / "operators.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for alias in [row["operator_id"], row["name"], *row["aliases"].split("|")]:
                    self._by_alias.setdefault(normalise(alias), row)
        self.used: dict[str, Operator] = {}

    def resolve(self, agency: Agency, source_id: str) -> Operator:
        row = self._by_alias.get(normalise(agency.agency_id)) or self._by_alias.get(
            normalise(agency.name)
        )
        if row is not None:
            operator = Operator(
                row["operator_id"],
                row["name"],
                row["short_name"],
                row["country"] or None,
                row["url"] or None,
                self.reference_source_id,
            )
        else:
            operator = Operator(
                slug(agency.name) or slug(agency.agency_id),
                agency.name,
                agency.name,
                agency.country,
                agency.url,
                source_id,
            )
        self.used.setdefault(operator.operator_id, operator)
        return operator
