"""Operators: unique identifiers and names, valid country codes."""

from __future__ import annotations

from quality.checks import Asset, Check, Severity, Suite
from quality.gx import ExpectColumnValuesToBeInSet, ExpectColumnValuesToBeUnique
from quality.reference import country_codes

OPERATORS = Asset(
    "operators",
    """
    SELECT o.operator_id AS row_key, o.operator_id, o.name, lower(o.name) AS name_key, o.country
    FROM {schema}.operators o
    """,
)

SUITE = Suite(
    "operators",
    (
        Check(
            "operator_id_unique",
            Severity.critical,
            OPERATORS,
            ExpectColumnValuesToBeUnique,
            {"column": "operator_id"},
            "Aucun identifiant d'opérateur n'apparaît deux fois.",
        ),
        Check(
            "operator_name_unique",
            Severity.warning,
            OPERATORS,
            ExpectColumnValuesToBeUnique,
            {"column": "name_key"},
            "Deux opérateurs n'ont pas le même nom (sinon un alias n'a pas été harmonisé).",
        ),
        Check(
            "operator_country_valid",
            Severity.critical,
            OPERATORS,
            ExpectColumnValuesToBeInSet,
            {"column": "country", "value_set": list(country_codes())},
            "Le pays d'un opérateur, quand il est connu, est un code ISO 3166-1 alpha-2 valide.",
        ),
    ),
)
