"""Slot for the « potentiel de report modal » of a city pair (a model to come, not built here).

`Train ou avion ?` calls `modal_shift_slot` after its comparison, and the map can add a layer
from the same model later. Until a model is published by the API this renders nothing, so the
page stays as it is; a model's answer should come through `portal.client` like every figure.
"""

from __future__ import annotations

from portal.context import PageContext
from portal.models import CityRef


def modal_shift_slot(ctx: PageContext, origin: CityRef, destination: CityRef) -> None:
    """Where the modal-shift potential of origin -> destination will be shown (nothing yet)."""
    del ctx, origin, destination
