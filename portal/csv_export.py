"""The Trajets CSV in the page's language: the API's CSV (stable English column names, `t`/`f`,
ISO dates, `.` decimals) rewritten for people. French: French headers, `;` between fields and
`,` in numbers (what French spreadsheets expect), oui/non, jour/nuit, days of the week in words;
English: English headers, `,` and `.`, yes/no. The meaning of every column is in COLUMNS and in
docs/portail/export-csv.md (a test keeps them in step)."""

from __future__ import annotations

import csv
import io
from typing import Final

from portal import formatting as fmt
from portal.i18n import Language

#: API column -> (French header, English header, meaning in French).
COLUMNS: Final[dict[str, tuple[str, str, str]]] = {
    "id": ("identifiant", "id", "Identifiant stable du trajet (un service)."),
    "train_number": ("numéro du train", "train number", "Numéro commercial du train."),
    "name": ("nom du train", "train name", "Nom ou désignation donnés par la source."),
    "operator_id": (
        "identifiant opérateur",
        "operator id",
        "Identifiant harmonisé de l'opérateur.",
    ),
    "operator_name": ("opérateur", "operator", "Nom de l'opérateur."),
    "brand": ("marque", "brand", "Marque commerciale (ICE, Nightjet…)."),
    "rail_category": ("catégorie", "category", "Grande vitesse, intercités, régional ou nuit."),
    "day_night": (
        "jour ou nuit",
        "day or night",
        "Train de jour ou de nuit (règle de la nuit centrale).",
    ),
    "runs_overnight": (
        "roule la nuit",
        "runs overnight",
        "Le train roule entre 00:00 et 05:00 (heure locale).",
    ),
    "origin_id": (
        "identifiant gare de départ",
        "origin station id",
        "Identifiant de la gare d'origine.",
    ),
    "origin_name": ("gare de départ", "origin station", "Gare d'origine."),
    "origin_city": ("ville de départ", "origin city", "Ville de la gare d'origine."),
    "origin_country": (
        "pays de départ",
        "origin country",
        "Pays de la gare d'origine (ISO 3166-1).",
    ),
    "destination_id": (
        "identifiant gare d'arrivée",
        "destination station id",
        "Identifiant de la gare terminus.",
    ),
    "destination_name": ("gare d'arrivée", "destination station", "Gare terminus."),
    "destination_city": ("ville d'arrivée", "destination city", "Ville de la gare terminus."),
    "destination_country": ("pays d'arrivée", "destination country", "Pays de la gare terminus."),
    "departure_local": ("heure de départ", "departure time", "Heure locale de départ."),
    "departure_tz": (
        "fuseau du départ",
        "departure time zone",
        "Fuseau horaire de la gare d'origine.",
    ),
    "arrival_local": ("heure d'arrivée", "arrival time", "Heure locale d'arrivée."),
    "arrival_tz": (
        "fuseau de l'arrivée",
        "arrival time zone",
        "Fuseau horaire de la gare terminus.",
    ),
    "arrival_day_offset": (
        "jours après le départ",
        "days after departure",
        "0 : le jour même ; 1 : le lendemain.",
    ),
    "duration_min": ("durée (min)", "duration (min)", "Durée du trajet en minutes."),
    "distance_km": ("distance (km)", "distance (km)", "Distance ferroviaire en kilomètres."),
    "countries": ("pays traversés", "countries", "Pays desservis, séparés par des espaces."),
    "weekly_departures": (
        "départs par semaine",
        "departures a week",
        "Dates de circulation ÷ semaines de validité.",
    ),
    "weekdays": (
        "jours de circulation",
        "running days",
        "Jours de la semaine où le train circule.",
    ),
    "days_label": ("jours (source)", "days (source)", "Les jours tels que la source les écrit."),
    "service_start": ("premier jour", "first day", "Premier jour de circulation (AAAA-MM-JJ)."),
    "service_end": ("dernier jour", "last day", "Dernier jour de circulation (AAAA-MM-JJ)."),
    "service_days": (
        "jours de circulation (nombre)",
        "running days (count)",
        "Nombre de dates de circulation.",
    ),
    "extra_dates": (
        "dates en plus",
        "extra dates",
        "Dates de circulation hors du rythme hebdomadaire.",
    ),
    "removed_dates": (
        "dates supprimées",
        "removed dates",
        "Dates du rythme hebdomadaire sans circulation.",
    ),
    "variant_count": (
        "variantes",
        "variants",
        "Variantes de calendrier regroupées dans ce service.",
    ),
    "co2_train_kg": ("CO2 train (kg)", "CO2 by train (kg)", "kg CO2e par passager en train."),
    "co2_plane_kg": (
        "CO2 avion (kg)",
        "CO2 by plane (kg)",
        "kg CO2e par passager en avion (même relation).",
    ),
    "source_id": ("identifiant source", "source id", "Édition de la source."),
    "source_name": ("source", "source", "Nom de la source."),
    "source_edition": ("édition", "edition", "Édition (date) de la source."),
    "licence": ("licence", "licence", "Licence des données de la source."),
    "is_current": (
        "édition courante",
        "current edition",
        "L'édition est la plus récente de sa source.",
    ),
    "validity_status": (
        "validité",
        "validity",
        "Valide, expiré, à venir ou historique au jour de l'export.",
    ),
    "source_valid_until": (
        "valide jusqu'au",
        "valid until",
        "Dernier jour de validité des horaires.",
    ),
    "is_fragment": ("fragment", "fragment", "Partie d'un train que la source découpe."),
    "is_plausible": ("vraisemblable", "plausible", "Le trajet passe les règles de vraisemblance."),
    "plausibility_flags": (
        "alertes de vraisemblance",
        "plausibility flags",
        "Règles non respectées.",
    ),
    "counted_in_stats": (
        "compté dans les statistiques",
        "counted in statistics",
        "Compté une seule fois, vraisemblable.",
    ),
}
BOOLEANS: Final = {
    "runs_overnight",
    "is_current",
    "is_fragment",
    "is_plausible",
    "counted_in_stats",
}
NUMBERS: Final = {"weekly_departures", "distance_km", "co2_train_kg", "co2_plane_kg"}
_YES_NO: Final = {"fr": ("oui", "non"), "en": ("yes", "no")}
_PERIOD: Final = {"fr": {"day": "jour", "night": "nuit"}, "en": {"day": "day", "night": "night"}}
_CATEGORY: Final = {
    "fr": {
        "high_speed": "grande vitesse",
        "intercity": "intercités",
        "regional": "régional",
        "night": "nuit",
    },
    "en": {
        "high_speed": "high speed",
        "intercity": "intercity",
        "regional": "regional",
        "night": "night",
    },
}
_STATUS: Final = {
    "fr": {
        "current": "valide",
        "expired": "expiré",
        "upcoming": "à venir",
        "historical": "historique",
    },
    "en": {
        "current": "valid",
        "expired": "expired",
        "upcoming": "upcoming",
        "historical": "historical",
    },
}


def _value(column: str, value: str, language: Language) -> str:
    if value == "":
        return value
    if column in BOOLEANS:
        yes, no = _YES_NO[language]
        return yes if value in ("t", "true", "True", "1") else no
    if column == "day_night":
        return _PERIOD[language].get(value, value)
    if column == "rail_category":
        return _CATEGORY[language].get(value, value)
    if column == "validity_status":
        return _STATUS[language].get(value, value)
    if column == "weekdays":
        return fmt.weekdays(value, language) or value
    if column in NUMBERS and language == "fr":
        return value.replace(".", ",")
    return value


def localise(api_csv: bytes, language: Language) -> bytes:
    """The API's CSV with headers and values in `language` (UTF-8 with a BOM for spreadsheets)."""
    rows = csv.reader(io.StringIO(api_csv.decode("utf-8-sig")))
    header = next(rows, [])
    index = 0 if language == "fr" else 1
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",", lineterminator="\r\n")
    writer.writerow([COLUMNS[c][index] if c in COLUMNS else c for c in header])
    for row in rows:
        writer.writerow(
            [_value(header[i], v, language) if i < len(header) else v for i, v in enumerate(row)]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
