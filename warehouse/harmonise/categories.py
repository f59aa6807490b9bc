"""Rail category of a train from its product (which CO2 factor applies, and the night rule of
the feeds that name their night products): night, high_speed, regional or intercity."""

from __future__ import annotations

#: Night products: sleeper/couchette services by definition.
NIGHT_PRODUCTS = {
    "EN": "EuroNight",
    "NJ": "Nightjet",
    "ENJ": "European Sleeper",
    "ICN": "Intercités de nuit",
    "D": "Nachtzug (D)",
}
HIGH_SPEED_PRODUCTS = {
    "ICE",
    "TGV",
    "TGV INOUI",
    "OUIGO",
    "LYRIA",
    "AVE",
    "AVE INT",
    "AVLO",
    "AVANT",
    "AVANT EXP",
    "ALVIA",
    "EUROMED",
    "RJX",
    "ES",
    "FR",
    "ECE",
}
REGIONAL_PRODUCTS = {"MD", "REGIONAL", "REG.EXP.", "PROXIMDAD", "TER", "RE", "RB"}


def category_of(product: str | None) -> str:
    """Rail category (which CO2 factor applies): night, high_speed, regional or intercity."""
    if not product:
        return "intercity"
    key = product.upper()
    if key in NIGHT_PRODUCTS:
        return "night"
    if key in HIGH_SPEED_PRODUCTS:
        return "high_speed"
    if key in REGIONAL_PRODUCTS:
        return "regional"
    return "intercity"
