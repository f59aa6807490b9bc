"""The first model: rail's share of the rail + air market against rail time ("potentiel de
report modal"), registered as the `report_modal` entry point (pyproject.toml)."""

from __future__ import annotations

from ml.plugin import Endpoint, ModelPlugin
from ml.report_modal import queries, schemas, serving
from ml.report_modal.training import train

PLUGIN = ModelPlugin(
    name="report_modal",
    slug="report-modal",
    title="Potentiel de report modal de l'avion vers le train",
    description=(
        "Part du train sur le marché train + avion en fonction du temps du train direct le plus "
        "rapide : courbe logistique ajustée sur des parts de marché publiées (paires de villes "
        "européennes), appliquée à chaque paire de villes reliée par un train direct."
    ),
    caveat=serving.CAVEAT,
    training_query=queries.TRAINING,
    train=train,
    endpoints=(
        Endpoint(
            path="",
            name="pair",
            summary="Potentiel de report modal entre deux villes",
            description=(
                "Part du train attendue sur le marché train + avion entre deux villes reliées "
                "par un train direct (au moins 150 km à vol d'oiseau), avec son intervalle et la "
                "version du modèle. " + serving.CAVEAT
            ),
            parameters=schemas.PairQuery,
            response_model=schemas.PairAnswer,
            handler=serving.pair,
        ),
        Endpoint(
            path="/pairs",
            name="pairs",
            summary="Potentiel de report modal de toutes les paires de villes",
            description=(
                "Chaque paire de villes reliée par un train direct avec sa part ferroviaire "
                "attendue (couche de la carte). Par défaut, seulement les paires dans le domaine "
                "du modèle (temps de train dans la plage des données d'entraînement, au moins "
                "un train de jour). " + serving.CAVEAT
            ),
            parameters=schemas.PairsQuery,
            response_model=schemas.PairsAnswer,
            handler=serving.pairs,
        ),
    ),
    drift_features=("rail_time_min",),
    trusted_types=(
        "sklearn.linear_model._logistic.LogisticRegression",
        "numpy.ndarray",
        "numpy.dtype",
        "numpy.float64",
        "numpy.int64",
        "builtins.float",
        "builtins.int",
        "builtins.str",
    ),
)
