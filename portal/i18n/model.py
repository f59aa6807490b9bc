"""Messages of the modal-shift potential (the model slot, issue 14): its block on « Train ou
avion ? » and its layer on the map. French first, English second; merged into each catalogue."""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "shift.share": "Part du train attendue (train + avion)",
    "shift.interval": "Intervalle à {level}",
    "shift.explain": (
        "Sur les liaisons européennes où le train met {time} comme ici (train direct le plus "
        "rapide entre ces deux villes, dans un sens ou dans l'autre), le train a en général "
        "**{share}** du marché train + avion (entre {low} et {high} pour la plupart d'entre "
        "elles)."
    ),
    "shift.direction_note": (
        "Le modèle décrit le marché de la paire de villes, les deux sens confondus, comme les "
        "parts de marché publiées sur lesquelles il est ajusté : il prend le train direct le "
        "plus rapide dans l'un ou l'autre sens ({time}). Dans le sens {origin} → {destination}, "
        "le plus rapide du tableau ci-dessus met {here}."
    ),
    "shift.extrapolation_below_training_range": (
        "Ce temps de train ({time}) est plus court que tous ceux des marchés publiés sur "
        "lesquels la courbe est ajustée : la valeur est extrapolée."
    ),
    "shift.extrapolation_above_training_range": (
        "Ce temps de train ({time}) est plus long que tous ceux des marchés publiés sur lesquels "
        "la courbe est ajustée : la valeur est extrapolée."
    ),
    "shift.extrapolation_night_only": (
        "Seuls des trains de nuit relient ces villes : ils concurrencent l'avion autrement (une "
        "nuit d'hôtel évitée) et la courbe des trains de jour ne s'y applique pas."
    ),
    "shift.model": (
        "Modèle {name}, version {version} ; erreur moyenne en validation croisée : {mae} points "
        "de part de marché."
    ),
    "shift.caveat": (
        "Potentiel de report modal : la part du train qu'observent les marchés existants au "
        "même temps de trajet (courbe ajustée sur des parts de marché publiées). Ce n'est pas "
        "une prévision de demande : prix, fréquences, aéroports, correspondances et habitudes "
        "n'y sont pas."
    ),
    "shift.no_pair": (
        "Pas de potentiel de report modal pour ces deux villes : aucun train direct ne les "
        "relie à 150 km ou plus l'une de l'autre dans les horaires publiés."
    ),
    "shift.unavailable": (
        "Le modèle de report modal n'est pas disponible pour le moment ; le reste de la page "
        "n'en dépend pas."
    ),
    "shift.map_title": "Potentiel de report modal",
    "shift.map_intro": (
        "Les paires de villes reliées par un train direct, colorées selon la part du train "
        "qu'observent les marchés existants au même temps de trajet (paires dans le domaine du "
        "modèle, les plus desservies d'abord)."
    ),
    "shift.map_toggle": "Afficher la couche du potentiel de report modal",
    "shift.map_description": "Carte du potentiel de report modal de l'avion vers le train",
    "shift.map_summary": (
        "{pairs} paires de villes affichées ; part du train attendue de {low} à {high}, "
        "médiane {median} ; la plus élevée : {top} ({top_share})."
    ),
    "shift.map_empty": "Aucune paire de villes dans le domaine du modèle pour ces filtres.",
    "shift.col_pair": "Paire de villes",
    "shift.col_time": "Train le plus rapide",
    "shift.col_share": "Part du train attendue",
    "shift.col_interval": "Intervalle",
    "shift.col_weekly": "Départs directs par semaine",
    "shift.legend": "Part du train attendue",
}

EN: Final[dict[str, str]] = {
    "shift.share": "Expected rail share (rail + air)",
    "shift.interval": "{level} interval",
    "shift.explain": (
        "On European links where the train takes {time} as here (fastest direct train between "
        "these two cities, in either direction), rail usually holds **{share}** of the rail + "
        "air market (between {low} and {high} for most of them)."
    ),
    "shift.direction_note": (
        "The model describes the market of the city pair, both directions together, like the "
        "published market shares it is fitted on: it takes the fastest direct train in either "
        "direction ({time}). From {origin} to {destination}, the fastest train in the table "
        "above takes {here}."
    ),
    "shift.extrapolation_below_training_range": (
        "This rail time ({time}) is shorter than any in the published markets the curve is "
        "fitted on: the value is extrapolated."
    ),
    "shift.extrapolation_above_training_range": (
        "This rail time ({time}) is longer than any in the published markets the curve is "
        "fitted on: the value is extrapolated."
    ),
    "shift.extrapolation_night_only": (
        "Only night trains link these cities: they compete with the plane differently (a hotel "
        "night saved) and the day-train curve does not apply."
    ),
    "shift.model": (
        "Model {name}, version {version}; mean cross-validated error: {mae} points of market share."
    ),
    "shift.caveat": (
        "Modal shift potential: the rail share that existing markets show at the same rail time "
        "(a curve fitted on published market shares). It is not a demand forecast: fares, "
        "frequencies, airports, connections and habits are not in it."
    ),
    "shift.no_pair": (
        "No modal shift potential for these two cities: no direct train links them 150 km or "
        "more apart in the published timetables."
    ),
    "shift.unavailable": (
        "The modal shift model is not available at the moment; the rest of the page does not "
        "depend on it."
    ),
    "shift.map_title": "Modal shift potential",
    "shift.map_intro": (
        "City pairs linked by a direct train, coloured by the rail share that existing markets "
        "show at the same rail time (pairs within the model's domain, busiest first)."
    ),
    "shift.map_toggle": "Show the modal shift potential layer",
    "shift.map_description": "Map of the potential shift from plane to train",
    "shift.map_summary": (
        "{pairs} city pairs shown; expected rail share from {low} to {high}, median {median}; "
        "the highest: {top} ({top_share})."
    ),
    "shift.map_empty": "No city pair within the model's domain for these filters.",
    "shift.col_pair": "City pair",
    "shift.col_time": "Fastest train",
    "shift.col_share": "Expected rail share",
    "shift.col_interval": "Interval",
    "shift.col_weekly": "Direct departures per week",
    "shift.legend": "Expected rail share",
}
