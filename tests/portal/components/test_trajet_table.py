"""How a train is named in tables and lists, whatever the source put in its fields."""

from __future__ import annotations

import pytest

from portal.components.trajet_table import train_label
from portal.models import TrajetSummary
from tests.portal import payloads


def trajet(**fields: object) -> TrajetSummary:
    return TrajetSummary.model_validate({**payloads.DAY_TRAJET, **fields})


@pytest.mark.parametrize(
    ("brand", "number", "name", "label"),
    [
        ("ICE", "9577", None, "ICE 9577"),
        ("ICE", None, "ICE 42", "ICE 42"),  # the name repeats and completes the brand
        ("EuroNight", None, "EN", "EuroNight"),  # the name abbreviates the brand
        ("Nightjet", "469", "Paris – Wien", "Nightjet 469 « Paris – Wien »"),
        ("Nightjet", "NJ 40466", "NJ 40466 Wien Hbf – Venezia", "NJ 40466 Wien Hbf – Venezia"),
        (None, None, "Lunéa 5789", "Lunéa 5789"),
        (None, None, None, "t-ice-9577"),
    ],
)
def test_train_label(brand, number, name, label) -> None:
    assert train_label(trajet(brand=brand, train_number=number, name=name)) == label
