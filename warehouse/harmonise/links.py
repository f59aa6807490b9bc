"""Linking the same train seen in two sources. Placeholder: links nothing yet."""

from __future__ import annotations

from collections.abc import Sequence

from warehouse.rows import CallRow, LinkRow, TrajetRow


def link_same_trains(
    trajets: list[TrajetRow], calls: list[CallRow], priority: Sequence[str]
) -> list[LinkRow]:
    return []
