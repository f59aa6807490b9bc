"""Country names (ISO 3166-1 alpha-2) in French and English, for the countries rail data covers."""

from __future__ import annotations

from typing import Final

_NAMES: Final[dict[str, tuple[str, str]]] = {
    "AD": ("Andorre", "Andorra"),
    "AL": ("Albanie", "Albania"),
    "AT": ("Autriche", "Austria"),
    "BA": ("Bosnie-Herzégovine", "Bosnia and Herzegovina"),
    "BE": ("Belgique", "Belgium"),
    "BG": ("Bulgarie", "Bulgaria"),
    "BY": ("Biélorussie", "Belarus"),
    "CH": ("Suisse", "Switzerland"),
    "CZ": ("Tchéquie", "Czechia"),
    "DE": ("Allemagne", "Germany"),
    "DK": ("Danemark", "Denmark"),
    "EE": ("Estonie", "Estonia"),
    "ES": ("Espagne", "Spain"),
    "FI": ("Finlande", "Finland"),
    "FR": ("France", "France"),
    "GB": ("Royaume-Uni", "United Kingdom"),
    "GR": ("Grèce", "Greece"),
    "HR": ("Croatie", "Croatia"),
    "HU": ("Hongrie", "Hungary"),
    "IE": ("Irlande", "Ireland"),
    "IT": ("Italie", "Italy"),
    "LI": ("Liechtenstein", "Liechtenstein"),
    "LT": ("Lituanie", "Lithuania"),
    "LU": ("Luxembourg", "Luxembourg"),
    "LV": ("Lettonie", "Latvia"),
    "MC": ("Monaco", "Monaco"),
    "MD": ("Moldavie", "Moldova"),
    "ME": ("Monténégro", "Montenegro"),
    "MK": ("Macédoine du Nord", "North Macedonia"),
    "NL": ("Pays-Bas", "Netherlands"),
    "NO": ("Norvège", "Norway"),
    "PL": ("Pologne", "Poland"),
    "PT": ("Portugal", "Portugal"),
    "RO": ("Roumanie", "Romania"),
    "RS": ("Serbie", "Serbia"),
    "RU": ("Russie", "Russia"),
    "SE": ("Suède", "Sweden"),
    "SI": ("Slovénie", "Slovenia"),
    "SK": ("Slovaquie", "Slovakia"),
    "TR": ("Turquie", "Türkiye"),
    "UA": ("Ukraine", "Ukraine"),
    "XK": ("Kosovo", "Kosovo"),
}


def country_name(code: str | None, language: str) -> str:
    """The country's name in the language, or the code itself when unknown."""
    if not code:
        return "–"
    names = _NAMES.get(code.upper())
    if names is None:
        return code
    return names[0] if language == "fr" else names[1]
