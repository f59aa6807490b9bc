"""Messages of the exploring views (issue 12): shared filters, sortable tables, the map's
regions, « Depuis ma ville », « Train ou avion ? », the localised 404 and the quality page's
additions. French first, English second; merged into each catalogue."""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.from_city": "Depuis ma ville",
    "nav.train_or_plane": "Train ou avion ?",
    "nav.not_found": "Page introuvable",
    "charts.sortable_hint": "Cliquez sur un en-tête de colonne pour trier le tableau.",
    "charts.sort_by": "Trier le tableau par",
    "charts.sort_chart_order": "l'ordre du graphique",
    "charts.sort_order": "Ordre",
    "charts.sort_desc": "décroissant",
    "charts.sort_asc": "croissant",
    "charts.rows_shown": "Lignes {first} à {last} sur {total}",
    "charts.rows_previous": "Lignes précédentes",
    "charts.rows_next": "Lignes suivantes",
    "filters.countries": "Pays desservis",
    "filters.operators": "Opérateurs",
    "filters.sources": "Sources (éditions des horaires)",
    "filters.current_sources": "Éditions en vigueur",
    "filters.period": "Période de circulation",
    "filters.period_help": (
        "Trains dont le calendrier croise cette période, du premier jour du premier mois au "
        "dernier jour du dernier mois choisis."
    ),
    "filters.any_period": "toute période",
    "filters.period_from": "Circule à partir de",
    "filters.period_until": "jusqu'à",
    "map.region": "Région affichée",
    "map.zoom_help": (
        "Molette de la souris pour zoomer, glisser pour déplacer la carte, double-clic pour "
        "revenir ; au clavier, choisissez une région."
    ),
    "map.region_europe": "Europe",
    "map.region_west": "Europe de l'Ouest",
    "map.region_central": "Europe centrale",
    "map.region_north": "Europe du Nord",
    "map.region_south_east": "Europe du Sud-Est",
    "from.title": "Depuis ma ville",
    "from.intro": (
        "Choisissez une ville, dans n'importe quelle langue (« Munich », « München », "
        "« Muenchen ») : la carte et la liste montrent toutes les villes atteintes sans "
        "changement, de jour et de nuit."
    ),
    "from.city": "Ville de départ",
    "from.show": "Voir les destinations",
    "from.examples": "Exemples de villes",
    "from.examples_line": "Par exemple : {cities}.",
    "from.ask": "Saisissez une ville pour voir ses destinations directes.",
    "from.summary": (
        "Depuis **{city}** : **{count}** destinations directes, dont **{night}** de nuit ; la "
        "plus fréquente : **{top}** ({weekly} départs par semaine)."
    ),
    "from.none": "Aucun train direct trouvé depuis {city} avec ces filtres.",
    "from.map": "Carte des destinations",
    "from.map_description": "Carte des villes atteintes sans changement depuis {city}, de jour et de nuit",
    "from.list": "Toutes les destinations",
    "from.list_alt": "Destinations directes depuis {city}",
    "from.col_city": "Ville",
    "from.col_country": "Pays",
    "from.col_period": "Jour ou nuit",
    "from.col_fastest_min": "Plus rapide (min)",
    "from.col_fastest": "Plus rapide",
    "from.col_trains": "Trains",
    "from.col_weekly": "Départs par semaine",
    "from.col_first": "Premier départ",
    "from.col_last": "Dernière arrivée",
    "from.col_co2_train": "CO₂ train (kg)",
    "from.col_co2_plane": "CO₂ avion (kg)",
    "from.next_day": "{time}, {days} j plus tard",
    "from.method": (
        "Trains : un même train (mêmes gares, mêmes horaires) compte une fois, quels que soient "
        "ses calendriers. CO₂ train : celui du plus rapide, les chiffres de la fiche du trajet "
        "quand il va de son premier à son dernier arrêt, au prorata de la distance le long des "
        "arrêts pour une partie du trajet. Méthode : « Train ou avion ? »."
    ),
    "plane.title": "Train ou avion ?",
    "plane.intro": (
        "Deux villes, dans n'importe quelle langue : chaque train direct comparé à l'avion de "
        "porte à porte (accès à l'aéroport, attente, vol, sortie), et le CO₂ de chacun."
    ),
    "plane.from": "Ville de départ",
    "plane.to": "Ville d'arrivée",
    "plane.compare": "Comparer",
    "plane.ask": "Saisissez deux villes pour les comparer.",
    "plane.no_train": "Aucun train direct entre {origin} et {destination} dans les horaires publiés.",
    "plane.fastest": "Le train le plus rapide",
    "plane.metric_train": "Train, porte à porte",
    "plane.metric_plane": "Avion, porte à porte",
    "plane.metric_plane_help": "Estimation : voir la méthode sous le tableau des trains.",
    "plane.metric_co2_train": "CO₂ du train",
    "plane.metric_co2_plane": "CO₂ de l'avion",
    "plane.kg": "{value} kg",
    "plane.verdict_train_faster_and_lower_carbon": (
        "**Le train gagne** : {minutes} plus rapide de porte à porte et {ratio} fois moins de CO₂."
    ),
    "plane.verdict_plane_faster_train_lower_carbon": (
        "**L'avion est plus rapide** de {minutes} de porte à porte, mais le train émet {ratio} "
        "fois moins de CO₂."
    ),
    "plane.verdict_train_faster_plane_lower_carbon": (
        "Le train est plus rapide de {minutes}, l'avion émet moins de CO₂."
    ),
    "plane.verdict_plane_faster_and_lower_carbon": (
        "L'avion est plus rapide de {minutes} et émet moins de CO₂."
    ),
    "plane.verdict_no_flight": (
        "Pas de vol à comparer : villes trop proches ou sans aéroport desservi à moins de 100 km."
    ),
    "plane.train_line": (
        "{train} ({operator}) : départ {departure} de {from_station}, arrivée {arrival} à "
        "{to_station}, {duration} de trajet."
    ),
    "plane.breakdown": "Le temps de l'avion, étape par étape",
    "plane.step": "Étape",
    "plane.minutes": "Minutes",
    "plane.step_access": "De la ville à l'aéroport {airport}",
    "plane.step_before": "À l'aéroport avant le décollage",
    "plane.step_flight": "Vol ({km} km)",
    "plane.step_after": "À l'aéroport après l'atterrissage",
    "plane.step_egress": "De l'aéroport {airport} à la ville",
    "plane.breakdown_alt": "Temps de l'avion de porte à porte, étape par étape",
    "plane.trains": "Tous les trains directs",
    "plane.trains_alt": "Trains directs entre {origin} et {destination}",
    "plane.col_train": "Train",
    "plane.col_departure": "Départ",
    "plane.col_arrival": "Arrivée",
    "plane.col_rail_min": "Trajet (min)",
    "plane.col_door_min": "Porte à porte (min)",
    "plane.col_saved_min": "Minutes gagnées par le train",
    "plane.col_co2": "CO₂ train (kg)",
    "plane.method": (
        "Méthode : {before} min à l'aéroport avant le vol et {after} min après (moyennes "
        "mesurées), 20 et 12 min en gare ; vol de {fixed} min plus la distance à environ "
        "825 km/h ; accès à l'aéroport à 30 km/h à vol d'oiseau, au moins 15 min. Distance et "
        "CO₂ du train : ceux de la fiche du trajet quand le voyage va de son premier à son "
        "dernier arrêt ; pour une partie du trajet, ceux du trajet au prorata de la distance le "
        "long des arrêts. Un même train (mêmes gares, mêmes horaires) qui circule selon "
        "plusieurs calendriers ou vers plusieurs terminus forme une seule ligne, ses départs "
        "par semaine additionnés. Sources et limites : documentation de l'API, « Train ou "
        "avion ? »."
    ),
    "plane.pairs": "Où le train bat l'avion",
    "plane.pairs_intro": (
        "{count} relations directes de bout en bout où le train le plus rapide est à la fois "
        "plus rapide de porte à porte et moins émetteur que l'avion ; les plus longues d'abord."
    ),
    "plane.pairs_alt": "Relations où le train est plus rapide et moins émetteur que l'avion",
    "plane.pairs_table": "Voir ces relations (tableau triable)",
    "plane.col_origin": "Départ",
    "plane.col_destination": "Arrivée",
    "plane.col_plane_min": "Avion porte à porte (min)",
    "plane.col_plane_km": "Distance en avion (km)",
    "plane.model_slot": "Potentiel de report modal",
    "notfound.title": "Page introuvable",
    "notfound.text": (
        "L'adresse « {path} » ne correspond à aucune page du portail. Choisissez une page dans "
        "le menu ou revenez à l'accueil."
    ),
    "notfound.home": "Revenir à l'accueil",
    "quality.gate_note": (
        "Ces résultats sont ceux de la porte de qualité de l'ETL, passée sur ces mêmes données "
        "juste avant leur publication (aucun contrôle plus récent des données publiées)."
    ),
    "quality.failures": "Ce qui ne passe pas",
    "quality.failure_line": "**{check}** ({severity}) : {description}{count}",
    "quality.failure_count": " — {count} lignes en cause",
    "quality.no_failure": "Tous les contrôles passent.",
    "quality.expired": "Horaires expirés",
    "co2.factor_train_high_speed": "TGV / grande vitesse",
    "co2.factor_train_intercity": "Intercités / grandes lignes",
    "co2.factor_train_night": "Train de nuit (facteur Intercités)",
    "co2.factor_train_regional": "TER / régional",
    "co2.factor_plane_short_haul": "Avion court-courrier (< 1 000 km)",
    "co2.factor_plane_medium_haul": "Avion moyen-courrier (1 000 – 3 500 km)",
    "co2.factor_plane_long_haul": "Avion long-courrier (> 3 500 km)",
    "charts.text_table": "Voir ce tableau en texte",
}

EN: Final[dict[str, str]] = {
    "nav.from_city": "From my city",
    "nav.train_or_plane": "Train or plane?",
    "nav.not_found": "Page not found",
    "charts.sortable_hint": "Click a column header to sort the table.",
    "charts.sort_by": "Sort the table by",
    "charts.sort_chart_order": "the chart's order",
    "charts.sort_order": "Order",
    "charts.sort_desc": "descending",
    "charts.sort_asc": "ascending",
    "charts.rows_shown": "Rows {first} to {last} of {total}",
    "charts.rows_previous": "Previous rows",
    "charts.rows_next": "Next rows",
    "filters.countries": "Countries served",
    "filters.operators": "Operators",
    "filters.sources": "Sources (timetable editions)",
    "filters.current_sources": "Current editions",
    "filters.period": "Service period",
    "filters.period_help": (
        "Trains whose calendar meets this period, from the first day of the first month to the "
        "last day of the last month chosen."
    ),
    "filters.any_period": "any period",
    "filters.period_from": "Running from",
    "filters.period_until": "until",
    "map.region": "Region shown",
    "map.zoom_help": (
        "Mouse wheel to zoom, drag to pan, double-click to reset; with the keyboard, choose a "
        "region."
    ),
    "map.region_europe": "Europe",
    "map.region_west": "Western Europe",
    "map.region_central": "Central Europe",
    "map.region_north": "Northern Europe",
    "map.region_south_east": "South-eastern Europe",
    "from.title": "From my city",
    "from.intro": (
        "Choose a city, in any language (“Munich”, “München”, “Muenchen”): the map and the list "
        "show every city reached without changing trains, by day and by night."
    ),
    "from.city": "Departure city",
    "from.show": "Show the destinations",
    "from.examples": "Example cities",
    "from.examples_line": "For example: {cities}.",
    "from.ask": "Type a city to see its direct destinations.",
    "from.summary": (
        "From **{city}**: **{count}** direct destinations, **{night}** of them by night; the "
        "most frequent: **{top}** ({weekly} departures a week)."
    ),
    "from.none": "No direct train found from {city} with these filters.",
    "from.map": "Map of the destinations",
    "from.map_description": "Map of the cities reached without changing trains from {city}, by day and by night",
    "from.list": "Every destination",
    "from.list_alt": "Direct destinations from {city}",
    "from.col_city": "City",
    "from.col_country": "Country",
    "from.col_period": "Day or night",
    "from.col_fastest_min": "Fastest (min)",
    "from.col_fastest": "Fastest",
    "from.col_trains": "Trains",
    "from.col_weekly": "Departures a week",
    "from.col_first": "First departure",
    "from.col_last": "Last arrival",
    "from.col_co2_train": "CO₂ by train (kg)",
    "from.col_co2_plane": "CO₂ by plane (kg)",
    "from.next_day": "{time}, {days} day(s) later",
    "from.method": (
        "Trains: one train (same stations, same times) counts once, whatever its calendars. "
        "CO₂ by train: the fastest's, the figures of the trajet's page when it runs from its "
        "first to its last call, prorated by the distance along the calls for a part of it. "
        "Method: “Train ou avion ?”."
    ),
    "plane.title": "Train or plane?",
    "plane.intro": (
        "Two cities, in any language: every direct train compared with the plane door to door "
        "(getting to the airport, waiting, flying, getting out), and the CO₂ of each."
    ),
    "plane.from": "Departure city",
    "plane.to": "Arrival city",
    "plane.compare": "Compare",
    "plane.ask": "Type two cities to compare them.",
    "plane.no_train": "No direct train between {origin} and {destination} in the published timetables.",
    "plane.fastest": "The fastest train",
    "plane.metric_train": "Train, door to door",
    "plane.metric_plane": "Plane, door to door",
    "plane.metric_plane_help": "An estimate: see the method under the table of trains.",
    "plane.metric_co2_train": "CO₂ by train",
    "plane.metric_co2_plane": "CO₂ by plane",
    "plane.kg": "{value} kg",
    "plane.verdict_train_faster_and_lower_carbon": (
        "**The train wins**: {minutes} faster door to door and {ratio} times less CO₂."
    ),
    "plane.verdict_plane_faster_train_lower_carbon": (
        "**The plane is faster** by {minutes} door to door, but the train emits {ratio} times "
        "less CO₂."
    ),
    "plane.verdict_train_faster_plane_lower_carbon": (
        "The train is faster by {minutes}, the plane emits less CO₂."
    ),
    "plane.verdict_plane_faster_and_lower_carbon": (
        "The plane is faster by {minutes} and emits less CO₂."
    ),
    "plane.verdict_no_flight": (
        "No flight to compare: the cities are too close or have no served airport within 100 km."
    ),
    "plane.train_line": (
        "{train} ({operator}): leaves {from_station} at {departure}, arrives at {to_station} at "
        "{arrival}, {duration} on board."
    ),
    "plane.breakdown": "The plane's time, step by step",
    "plane.step": "Step",
    "plane.minutes": "Minutes",
    "plane.step_access": "From the city to {airport} airport",
    "plane.step_before": "At the airport before take-off",
    "plane.step_flight": "Flight ({km} km)",
    "plane.step_after": "At the airport after landing",
    "plane.step_egress": "From {airport} airport to the city",
    "plane.breakdown_alt": "The plane's door-to-door time, step by step",
    "plane.trains": "Every direct train",
    "plane.trains_alt": "Direct trains between {origin} and {destination}",
    "plane.col_train": "Train",
    "plane.col_departure": "Departure",
    "plane.col_arrival": "Arrival",
    "plane.col_rail_min": "On board (min)",
    "plane.col_door_min": "Door to door (min)",
    "plane.col_saved_min": "Minutes saved by train",
    "plane.col_co2": "CO₂ by train (kg)",
    "plane.method": (
        "Method: {before} min at the airport before the flight and {after} min after (measured "
        "means), 20 and 12 min at the station; a flight of {fixed} min plus the distance at "
        "about 825 km/h; getting to the airport at 30 km/h as the crow flies, at least 15 min. "
        "The train's distance and CO₂: those of the trajet's page when the journey runs from "
        "its first to its last call; for a part of the trajet, the trajet's prorated by the "
        "distance along its calls. One train (same stations, same times) running on several "
        "calendars or to several termini is one row, its weekly departures added up. Sources "
        "and limits: the API documentation, “Train ou avion ?”."
    ),
    "plane.pairs": "Where the train beats the plane",
    "plane.pairs_intro": (
        "{count} end-to-end direct relations where the fastest train is both faster door to "
        "door and lower-carbon than the plane; the longest first."
    ),
    "plane.pairs_alt": "Relations where the train is faster and lower-carbon than the plane",
    "plane.pairs_table": "Show these relations (sortable table)",
    "plane.col_origin": "From",
    "plane.col_destination": "To",
    "plane.col_plane_min": "Plane door to door (min)",
    "plane.col_plane_km": "Flight distance (km)",
    "plane.model_slot": "Modal shift potential",
    "notfound.title": "Page not found",
    "notfound.text": (
        "The address “{path}” matches no page of the portal. Choose a page in the menu or go "
        "back to the home page."
    ),
    "notfound.home": "Back to the home page",
    "quality.gate_note": (
        "These are the results of the ETL's quality gate, run on these very data just before "
        "they were published (no later check of the published data)."
    ),
    "quality.failures": "What does not pass",
    "quality.failure_line": "**{check}** ({severity}): {description}{count}",
    "quality.failure_count": " — {count} rows concerned",
    "quality.no_failure": "Every check passes.",
    "quality.expired": "Expired timetables",
    "co2.factor_train_high_speed": "High-speed train",
    "co2.factor_train_intercity": "Intercity / main lines",
    "co2.factor_train_night": "Night train (intercity factor)",
    "co2.factor_train_regional": "Regional train",
    "co2.factor_plane_short_haul": "Short-haul flight (< 1,000 km)",
    "co2.factor_plane_medium_haul": "Medium-haul flight (1,000 – 3,500 km)",
    "co2.factor_plane_long_haul": "Long-haul flight (> 3,500 km)",
    "charts.text_table": "Show this table as text",
}
