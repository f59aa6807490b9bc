"""Stations: unique identifiers and UIC codes, UIC format, coordinates inside Europe, valid
country codes and time zones, no station recorded twice; the airports the plane comparison uses
have scheduled passenger service."""

from __future__ import annotations

from psycopg import sql

from quality.checks import Asset, Check, Severity, Suite, compose
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import (
    ExpectColumnValuesToBeBetween,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToMatchRegex,
)
from quality.reference import country_codes, time_zones
from quality.suites.geo import distance_km_sql

#: Europe's bounding box as the observatory covers it (Portugal to the Urals' foot, Crete to
#: the North Cape; Turkey's network included): latitude and longitude in degrees.
EUROPE_LATITUDE = (34.0, 72.0)
EUROPE_LONGITUDE = (-25.0, 45.0)
#: Two stations with the same name closer than this are one station recorded twice.
DUPLICATE_RADIUS_KM = 1.0

STATIONS = Asset(
    "stations",
    """
    SELECT s.station_id AS row_key, s.station_id, s.uic, s.name, s.country, s.time_zone,
           s.latitude, s.longitude
    FROM {schema}.stations s
    """,
)

PLANE_AIRPORTS = Asset(
    "plane_airports",
    """
    SELECT t.trajet_id || ':' || a.iata AS row_key, t.trajet_id, a.iata, a.scheduled_service
    FROM {schema}.trajets t
    JOIN {schema}.airports a ON a.iata IN (t.origin_airport, t.destination_airport)
    """,
)

SUITE = Suite(
    "stations",
    (
        Check(
            "station_id_unique",
            Severity.critical,
            STATIONS,
            ExpectColumnValuesToBeUnique,
            {"column": "station_id"},
            "Aucun identifiant de gare n'apparaît deux fois.",
        ),
        Check(
            "station_uic_format",
            Severity.critical,
            STATIONS,
            ExpectColumnValuesToMatchRegex,
            {"column": "uic", "regex": "^[0-9]{7}$"},
            "Le code UIC, quand il est connu, a exactement 7 chiffres.",
        ),
        Check(
            "station_uic_unique",
            Severity.warning,
            STATIONS,
            ExpectColumnValuesToBeUnique,
            {"column": "uic"},
            "Un code UIC ne désigne qu'une gare (sinon l'appariement a dédoublé une gare).",
        ),
        Check(
            "station_not_duplicated",
            Severity.warning,
            STATIONS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": compose(
                    """
                SELECT b.row_key, o.station_id AS duplicate_station_id, b.name,
                       {distance} AS distance_km
                FROM {batch} AS b
                JOIN {schema}.stations o
                  ON o.station_id > b.station_id AND lower(o.name) = lower(b.name)
                WHERE {distance} < {radius}
                """,
                    distance=distance_km_sql("b", "o"),
                    radius=sql.Literal(DUPLICATE_RADIUS_KM),
                )
            },
            (
                "Pas deux gares du même nom à moins de 1 km l'une de l'autre "
                "(une même gare enregistrée deux fois)."
            ),
        ),
        Check(
            "station_latitude_in_europe",
            Severity.warning,
            STATIONS,
            ExpectColumnValuesToBeBetween,
            {
                "column": "latitude",
                "min_value": EUROPE_LATITUDE[0],
                "max_value": EUROPE_LATITUDE[1],
            },
            "La latitude de chaque gare est dans l'emprise de l'Europe (34° N à 72° N).",
        ),
        Check(
            "station_longitude_in_europe",
            Severity.warning,
            STATIONS,
            ExpectColumnValuesToBeBetween,
            {
                "column": "longitude",
                "min_value": EUROPE_LONGITUDE[0],
                "max_value": EUROPE_LONGITUDE[1],
            },
            "La longitude de chaque gare est dans l'emprise de l'Europe (25° O à 45° E).",
        ),
        Check(
            "station_country_valid",
            Severity.critical,
            STATIONS,
            ExpectColumnValuesToBeInSet,
            {"column": "country", "value_set": list(country_codes())},
            "Le pays d'une gare, quand il est connu, est un code ISO 3166-1 alpha-2 valide.",
        ),
        Check(
            "station_time_zone_valid",
            Severity.critical,
            STATIONS,
            ExpectColumnValuesToBeInSet,
            {"column": "time_zone", "value_set": list(time_zones())},
            "Le fuseau horaire d'une gare, quand il est connu, est un nom IANA valide.",
        ),
        Check(
            "plane_airport_has_scheduled_service",
            Severity.critical,
            PLANE_AIRPORTS,
            ExpectColumnValuesToBeInSet,
            {"column": "scheduled_service", "value_set": [True]},
            (
                "La comparaison avec l'avion n'utilise que des aéroports avec des vols réguliers "
                "de passagers (jamais un aéroport fermé comme Berlin-Tegel)."
            ),
        ),
    ),
)
