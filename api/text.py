"""Search text: the API normalises `q` exactly as the warehouse normalised `station_names`.

Re-exported from the warehouse (a pure function, no database code) so both sides never drift.
"""

from __future__ import annotations

from warehouse.harmonise.text import normalise

__all__ = ["normalise"]
