"""Messages of the portal in French (the default language)."""

from __future__ import annotations

from typing import Final

from portal.i18n import explore, model

MESSAGES: Final[dict[str, str]] = {
    # navigation and layout
    "nav.home": "Accueil",
    "nav.trajets": "Trajets",
    "nav.stats": "Statistiques",
    "nav.map": "Carte",
    "nav.quality": "Qualité des données",
    "nav.health": "Santé du service",
    "nav.about": "À propos",
    "layout.page_title": "{page} – Observatoire ObRail",
    "layout.switch_language": "Read this page in English",
    "layout.api_down": (
        "**Le service de données (API) ne répond pas pour le moment.** Les informations qui en "
        "dépendent ne peuvent pas être affichées ; le reste de la page fonctionne. "
        "Réessayez dans quelques minutes."
    ),
    "layout.api_slow": (
        "Le service de données répond lentement en ce moment ({seconds} s) : l'affichage peut "
        "prendre plus de temps que d'habitude."
    ),
    "layout.block_unavailable": "« {what} » : information indisponible, le service de données ne répond pas.",
    "layout.block_refused": "« {what} » : la demande n'a pas abouti ({detail}).",
    "layout.page_failed": (
        "Cette page n'a pas pu être affichée entièrement à cause d'une erreur interne. "
        "L'équipe technique en est informée ; les autres pages restent disponibles."
    ),
    "layout.new_tab": "{label} (nouvel onglet)",
    "common.day": "Jour",
    "common.night": "Nuit",
    "charts.period": "Période",
    "charts.show_table": "Voir les données du graphique sous forme de tableau",
    # home
    "home.title": "Observatoire ObRail du rail européen",
    "home.intro": (
        "L'Observatoire ObRail Europe rassemble les horaires ouverts des trains de jour et de nuit "
        "en Europe, les harmonise et les compare à l'avion. Il aide à voir où le train est déjà "
        "une alternative crédible et bas carbone, et où il manque des liaisons."
    ),
    "home.figures": "Chiffres clés",
    "home.metric_trajets": "Trajets",
    "home.metric_night_share": "Part des trains de nuit",
    "home.metric_weekly": "Départs par semaine",
    "home.metric_operators": "Opérateurs",
    "home.metric_countries": "Pays desservis",
    "home.metric_stations": "Gares",
    "home.figures_sentence": "Dont **{day}** trajets de jour et **{night}** trajets de nuit.",
    "home.empty": "Aucune donnée n'est encore publiée : les chiffres apparaîtront après le premier chargement.",
    "home.freshness": "Fraîcheur des données",
    "home.col_source": "Source",
    "home.col_valid_from": "Valable du",
    "home.col_valid_until": "Valable jusqu'au",
    "home.validity_alt": "Période de validité et statut de chaque source d'horaires publiée",
    "home.explore": "Explorer",
    "home.explore_text": "Cherchez un trajet, comparez les volumes ou parcourez la carte des liaisons :",
    "home.sources": "Sources des données",
    "home.no_sources": "Aucune source publiée pour le moment.",
    "home.about_link": "Sources, licences et mentions",
    # trajets
    "trajets.title": "Trajets",
    "trajets.intro": (
        "Recherchez parmi les trajets ferroviaires publiés. Les filtres sont repris dans l'adresse "
        "de la page : copiez-la pour partager exactement cette vue."
    ),
    "filters.hints": (
        "Recherche : numéro ou nom de train, gare, ville ou opérateur. Gares : nom de la gare ou "
        "de la ville, ou identifiant de gare. Pays : trajets qui desservent au moins une gare de ce "
        "pays. Durée de bout en bout en heures, distance parcourue en kilomètres."
    ),
    "home.figures_note": (
        "Éditions courantes des sources, valides ou non aujourd'hui (voir « Fraîcheur des "
        "données »). Un trajet est un service : un train avec tous ses jours de circulation, "
        "compté une seule fois ; les trajets invraisemblables sont exclus. Départs par "
        "semaine : dates de départ ÷ semaines de validité des horaires."
    ),
    "health.metrics_note": (
        "Temps de réponse : mesuré à l'instant par le portail. Base de données : vue depuis l'API, "
        "qui y accède en {latency} ms."
    ),
    "filters.title": "Filtres",
    "filters.q": "Recherche",
    "filters.origin": "Gare de départ",
    "filters.destination": "Gare d'arrivée",
    "filters.country": "Pays traversé",
    "filters.any_country": "Tous les pays",
    "filters.operator": "Opérateur",
    "filters.any_operator": "Tous les opérateurs",
    "filters.day_night": "Jour ou nuit",
    "filters.day_night_all": "Tous",
    "filters.day_night_day": "Jour",
    "filters.day_night_night": "Nuit",
    "filters.duration": "Durée (heures)",
    "filters.distance": "Distance (km)",
    "filters.sort": "Trier par",
    "filters.sort_departure": "Heure de départ",
    "filters.sort_duration": "Durée croissante",
    "filters.sort_duration_desc": "Durée décroissante",
    "filters.sort_distance": "Distance croissante",
    "filters.sort_distance_desc": "Distance décroissante",
    "filters.sort_co2_saving_desc": "CO₂ évité par rapport à l'avion",
    "filters.sort_weekly_departures_desc": "Départs par semaine",
    "filters.sort_origin": "Gare de départ (A à Z)",
    "filters.sort_destination": "Gare d'arrivée (A à Z)",
    "filters.apply": "Appliquer les filtres",
    "filters.reset": "Réinitialiser les filtres",
    "trajets.results": "Résultats",
    "trajets.count": "**{count}** trajets correspondent à ces critères.",
    "trajets.empty": "Aucun trajet ne correspond à ces critères. Élargissez la recherche ou réinitialisez les filtres.",
    "trajets.table_alt": "Trajets de la page courante : train, opérateur, gares, horaires, durée, distance et CO₂",
    "trajets.col_train": "Train",
    "trajets.col_operator": "Opérateur",
    "trajets.col_origin": "Départ (heure locale, gare)",
    "trajets.col_destination": "Arrivée (heure locale, gare)",
    "trajets.col_duration": "Durée",
    "trajets.col_distance": "Distance (km)",
    "trajets.col_period": "Jour / nuit",
    "trajets.col_days": "Jours",
    "trajets.col_co2_train": "CO₂ train (kg)",
    "trajets.col_co2_plane": "CO₂ avion (kg)",
    "trajets.next_day": "{time} (J+{days})",
    "trajets.previous": "Page précédente",
    "trajets.next": "Page suivante",
    "trajets.page_of": "Page {page} sur {pages}",
    "trajets.csv": "Télécharger ces trajets (CSV)",
    "trajets.csv_failed": "Le service de données n'a pas pu produire le fichier CSV. Réessayez plus tard.",
    "trajets.open": "Ouvrir un trajet de cette page",
    "trajets.open_none": "Aucun trajet ouvert",
    "trajets.option": "{train} : {origin} → {destination} ({time})",
    # trajet detail
    "detail.title": "Trajet {origin} → {destination}",
    "detail.title_unknown": "Trajet demandé",
    "detail.block": "détail du trajet",
    "detail.close": "Fermer le trajet",
    "detail.overview": (
        "**{train}** ({operator}), train de {period}, de **{origin}** à **{destination}** : "
        "départ à {departure}, arrivée à {arrival}, durée {duration}, {distance} km."
    ),
    "detail.service": "Circule : {days}, du {start} au {end} ({weekly} départs par semaine en moyenne).",
    "detail.distance_method": "Distance : {method}.",
    "detail.distance_method_calls": "somme des distances entre arrêts successifs",
    "detail.distance_method_source": "donnée par la source",
    "detail.co2_method_factor": "distance × facteur d'émission",
    "detail.co2_method_source": "chiffre donné par la source",
    "detail.fragment": "Ce trajet est une partie d'un train plus long, décrit séparément par la source.",
    "detail.calls": "Arrêts et horaires",
    "detail.calls_alt": "Arrêts du trajet dans l'ordre, avec heures d'arrivée et de départ (heure locale)",
    "detail.town_position": "* Position approchée : aucune référence ne connaît cette gare, elle est placée au centre de sa ville (GeoNames) ; distance et carte en tiennent compte.",
    "detail.no_calls": "La source ne donne pas le détail des arrêts de ce trajet.",
    "detail.col_seq": "N°",
    "detail.col_station": "Gare",
    "detail.col_country": "Pays",
    "detail.col_arrival": "Arrivée",
    "detail.col_departure": "Départ",
    "detail.co2": "CO₂ par passager : train ou avion",
    "detail.co2_train": "En train",
    "detail.co2_plane": "En avion",
    "detail.co2_saving": "CO₂ évité en train",
    "detail.co2_train_method": "Train : {method} ; {factor}",
    "detail.co2_plane_method": (
        "Avion : vol {origin} → {destination} ({distance} km à vol d'oiseau), {factor}"
    ),
    "detail.factor": "facteur « {label} » de {value} kg CO₂e par passager-km (source : {source}).",
    "detail.no_factor": "facteur non précisé.",
    "detail.no_plane": "Pas de comparaison avec l'avion pour ce trajet (pas d'aéroports adaptés ou trajet trop court).",
    "detail.co2_chart": "Émissions de CO₂ par passager pour ce trajet, en train et en avion",
    "detail.co2_summary": (
        "Ce trajet émet **{train} kg** de CO₂ par passager en train contre **{plane} kg** en avion, "
        "soit environ {ratio} fois moins en train."
    ),
    "detail.col_mode": "Mode",
    "detail.col_kg": "kg de CO₂ par passager",
    "detail.mode_train": "Train",
    "detail.mode_plane": "Avion",
    "detail.source": "Source et licence",
    "detail.source_name": "Source : {name}, édition {edition}",
    "detail.source_publisher": "Éditeur : {publisher}",
    "detail.source_licence": "Licence : {licence}",
    "detail.source_attribution": "Mention : {attribution}",
    "detail.source_historical": "Horaire historique (plus en vigueur).",
    # statistics
    "stats.title": "Statistiques",
    "stats.intro": (
        "Les trains de jour et de nuit en chiffres, pour les éditions courantes des sources. "
        "Un trajet est un service : un train avec tous ses jours, compté une fois, hors "
        "trajets invraisemblables. Chaque graphique est résumé en une phrase et ses données "
        "sont disponibles sous forme de tableau."
    ),
    "stats.split": "Jour et nuit",
    "stats.split_description": "Nombre de trajets de jour et de nuit, en barres horizontales",
    "stats.split_summary": (
        "Les **{night}** trajets de nuit représentent **{share}** des trajets et {weekly_share} "
        "des départs hebdomadaires."
    ),
    "stats.by_operator": "Volumes par opérateur",
    "stats.by_country": "Volumes par pays",
    "stats.group_operator": "Opérateur",
    "stats.group_country": "Pays",
    "stats.group_brand": "Marque",
    "stats.group_source": "Source",
    "stats.group_rail_category": "Catégorie",
    "stats.volumes_description": "Trajets de jour et de nuit par {group} ({top}), en barres empilées",
    "stats.volumes_summary": (
        "{count} valeurs pour « {group} ». En tête : **{top}**, avec {top_trajets} trajets dont "
        "{top_night} de nuit."
    ),
    "stats.coverage": "Couverture",
    "stats.volumes_summary_uncovered": (
        "{count} valeurs pour « {group} ». En tête : **{top}**, avec {top_trajets} trajets ; "
        "ses trains de nuit ne sont pas couverts."
    ),
    "stats.distributions": "Répartition des trajets selon leur durée ou leur distance",
    "stats.distribution_choice": "Afficher la répartition selon",
    "stats.distribution_duration": "Durée des trajets",
    "stats.distribution_distance": "Distance des trajets",
    "stats.metric_duration": "Durée",
    "stats.metric_distance": "Distance",
    "stats.bin_hours": "{lower} à {upper} h",
    "stats.bin_km": "{lower} à {upper} km",
    "stats.bin_hours_more": "{lower} h et plus",
    "stats.bin_km_more": "{lower} km et plus",
    "stats.axis_share_of_period": "Part des trajets de la période",
    "stats.col_day_trajets": "Trajets de jour",
    "stats.col_day_share": "Part (jour)",
    "stats.col_night_trajets": "Trajets de nuit",
    "stats.col_night_share": "Part (nuit)",
    "stats.distribution_description": "Répartition des trajets de jour et de nuit selon leur {metric}",
    "stats.distribution_summary": (
        "{metric} la plus fréquente : {day} pour les trains de jour, {night} pour les trains de nuit."
    ),
    "stats.co2": "CO₂ : train ou avion",
    "stats.co2_description": "CO₂ moyen par passager et par trajet, en train et en avion, de jour et de nuit",
    "stats.co2_summary_row": (
        "De {period}, un trajet émet en moyenne **{train} kg** de CO₂ par passager en train contre "
        "**{plane} kg** en avion ({saving} kg évités)."
    ),
    "stats.factors_intro": "Facteurs d'émission utilisés :",
    "stats.factor_line": "{label} : {value} kg CO₂e par passager-km (source : {source})",
    "stats.axis_trajets": "Trajets",
    "stats.axis_kg": "kg de CO₂ par passager",
    "stats.mode": "Mode",
    "stats.col_share": "Part",
    "stats.axis_value": "Nombre",
    "stats.col_share_trajets": "Part des trajets",
    "stats.col_share_weekly": "Part des départs",
    "stats.col_total": "Total",
    "stats.col_weekly": "Départs par semaine",
    "stats.col_train_kg": "Train (kg)",
    "stats.col_plane_kg": "Avion (kg)",
    "stats.col_saving_kg": "Évité (kg)",
    "stats.no_data": "Pas de données pour ce graphique.",
    # map
    "map.title": "Carte des liaisons",
    "map.intro": (
        "Les liaisons de jour et de nuit en Europe (services des éditions courantes). Les liaisons "
        "de nuit sont en bleu et en pointillés, celles de jour en orange et en trait plein ; "
        "l'épaisseur suit le nombre de départs par semaine. Une liaison desservie dans les deux "
        "sens est une seule ligne (↔) : ses trajets et ses départs comptent les deux sens."
    ),
    "map.routes": "Liaisons",
    "map.description": "Carte de l'Europe des liaisons ferroviaires de jour et de nuit entre gares",
    "map.summary": (
        "**{routes}** liaisons affichées : {day} de jour et {night} de nuit. La plus fréquente est "
        "{top} ({top_weekly} départs par semaine)."
    ),
    "map.unlocated": "{count} liaisons sans coordonnées ne sont pas dessinées (elles figurent dans le tableau).",
    "map.table_note": "Le tableau liste les {count} liaisons les plus fréquentes.",
    "map.empty": "Aucune liaison ne correspond à ces critères.",
    "map.col_link": "Liaison",
    "map.col_origin": "Départ",
    "map.col_destination": "Arrivée",
    "map.station": "Gare",
    "map.weekly": "Départs par semaine",
    # quality
    "quality.title": "Qualité des données",
    "quality.intro": (
        "Après chaque chargement, des contrôles automatiques vérifient les données publiées : "
        "complétude, cohérence des horaires et des distances, références entre tables. Un échec "
        "critique bloque la publication."
    ),
    "quality.latest": "Derniers contrôles",
    "quality.empty": "Aucun résultat de contrôle qualité n'a encore été publié.",
    "quality.metric_result": "Résultat",
    "quality.metric_checks": "Contrôles",
    "quality.metric_failed": "Contrôles en échec",
    "quality.passed": "Réussi",
    "quality.failed": "Échec",
    "quality.run_text": (
        "Contrôles terminés le {finished} sur la version {version} des données : {critical} échec(s) "
        "critique(s), {warnings} avertissement(s)."
    ),
    "quality.suites": "Détail par ensemble de contrôles",
    "quality.suite": "{suite} ({result})",
    "quality.col_check": "Contrôle",
    "quality.col_severity": "Gravité",
    "quality.col_result": "Résultat",
    "quality.col_unexpected": "Lignes en écart",
    "quality.severity_critical": "Critique",
    "quality.severity_warning": "Avertissement",
    "quality.table_alt": "Résultats des contrôles de l'ensemble {suite}",
    # health
    "health.title": "Santé du service",
    "health.intro": "L'état du service de données, la fraîcheur des données et les incidents en cours.",
    "health.api": "Service de données (API)",
    "health.metric_api": "API",
    "health.metric_latency": "Temps de réponse",
    "health.metric_database": "Base de données",
    "health.up": "Disponible",
    "health.down": "Indisponible",
    "health.degraded": "Dégradé",
    "health.degraded_text": "L'API répond mais signale un problème : certaines données peuvent manquer.",
    "health.api_down": "**L'API ne répond pas** ({reason}). Les autres informations de cette page en dépendent.",
    "health.reason_timeout": "délai dépassé",
    "health.reason_unreachable": "connexion impossible",
    "health.reason_server_error": "erreur du serveur",
    "health.reason_rate_limited": "trop de demandes",
    "health.reason_unexpected_answer": "réponse illisible",
    "health.version": "Version de l'API : {version}.",
    "health.freshness": "Fraîcheur des données",
    "health.freshness_text": (
        "Données publiées le **{published}** (version {version}). Dernier chargement réussi le "
        "**{etl}**, {age}."
    ),
    "health.etl": "Derniers chargements (ETL)",
    "health.no_runs": "Aucun chargement n'a encore eu lieu.",
    "health.runs_alt": "Derniers chargements de données : début, fin, statut, lignes chargées et rejetées",
    "health.col_started": "Début",
    "health.col_finished": "Fin",
    "health.col_status": "Statut",
    "health.col_loaded": "Lignes chargées",
    "health.col_rejected": "Lignes rejetées",
    "health.status_success": "Réussi",
    "health.status_succeeded": "Réussi",
    "health.status_failed": "Échoué",
    "health.status_running": "En cours",
    "health.status_refused": "Refusé par les contrôles",
    "health.incidents": "Incidents",
    "health.monitoring_off": (
        "La supervision n'est pas active dans cet environnement : les incidents ne peuvent pas être "
        "affichés ici."
    ),
    "health.no_incident": "Aucun incident en cours.",
    "health.incidents_count": "{count} incident(s) en cours.",
    "health.incident_line": "**{name}** ({severity}, depuis le {since}) : {summary}",
    "health.runbook": "procédure",
    # about
    "about.title": "À propos",
    "about.intro": (
        "ObRail Europe est un observatoire indépendant du rail européen. Ce portail présente des "
        "données ouvertes harmonisées ; il ne vend pas de billets et ne remplace pas les horaires "
        "des opérateurs."
    ),
    "about.sources": "Sources et licences",
    "about.sources_intro": (
        "Toutes les données viennent de jeux de données ouverts. Leurs licences s'appliquent aux "
        "données dérivées publiées ici ; merci de reprendre les mentions ci-dessous en cas de réutilisation."
    ),
    "about.no_sources": "Aucune source publiée pour le moment.",
    "about.source_edition": "édition {edition}",
    "about.source_publisher": "éditeur : {publisher}",
    "about.source_licence": "licence : {licence}",
    "about.source_attribution": "mention : {attribution}",
    "about.source_historical": "historique",
    "about.method": "Méthode",
    "about.method_text": (
        "Un train est dit « de nuit » quand sa source le décrit comme un train de nuit avec "
        "couchettes ou voitures-lits : tous les trains de l'Open Night Train Database, les produits "
        "EuroNight / Nightjet des horaires allemands, les relations Lunéa des horaires Intercités. "
        "Un train de jour peut rouler tard le soir sans être un train de nuit.\n\n"
        "Le CO₂ par passager d'un trajet en train est celui donné par la source quand elle le "
        "fournit, sinon la distance multipliée par le facteur de la Base Empreinte de l'ADEME "
        "(via Impact CO₂) pour la catégorie du train. En avion : la distance à vol d'oiseau entre "
        "les aéroports les plus proches du départ et de l'arrivée, multipliée par le facteur ADEME "
        "de cette tranche de distance (traînées de condensation comprises). Pas de comparaison "
        "quand les deux aéroports sont à moins de 100 km l'un de l'autre."
    ),
    "about.privacy": "Données personnelles (RGPD)",
    "about.privacy_text": (
        "Ce portail ne demande aucune donnée personnelle, ne dépose aucun cookie de mesure "
        "d'audience ni de publicité et n'utilise aucun service tiers ; seul un cookie technique "
        "de session protège les échanges avec le serveur (protection XSRF), sans rien identifier. "
        "Seuls des journaux techniques "
        "(date, page demandée, durée de traitement) sont conservés pour assurer le bon fonctionnement "
        "et la sécurité du service, puis supprimés. Vous pouvez exercer vos droits d'accès, de "
        "rectification et d'opposition auprès d'ObRail Europe (contact ci-dessous) et saisir la CNIL "
        "(cnil.fr) en cas de désaccord."
    ),
    "about.accessibility": "Déclaration d'accessibilité",
    "about.accessibility_text": (
        "ObRail Europe s'engage à rendre ce portail accessible conformément au RGAA 4.1 "
        "(référentiel général d'amélioration de l'accessibilité), qui reprend les critères WCAG 2.1 "
        "niveau AA.\n\n"
        "**État de conformité** : partiellement conforme. Chaque page est testée automatiquement "
        "(axe-core) dans un vrai navigateur, sans aucune erreur WCAG 2.1 A et AA, et vérifiée "
        "manuellement selon la grille d'audit publiée avec la documentation.\n\n"
        "**Non-conformités connues** : quelques libellés internes du composant Streamlit (lien "
        "d'évitement, bouton de menu, textes des graphiques interactifs) sont en anglais ; les "
        "graphiques sont doublés d'un résumé et d'un tableau de données.\n\n"
        "**Retour d'information** : si vous ne parvenez pas à accéder à un contenu, écrivez-nous "
        "(contact ci-dessous) ; nous vous répondrons avec une version accessible. Si la réponse ne "
        "vous satisfait pas, vous pouvez saisir le Défenseur des droits."
    ),
    "about.contact": "Contact",
    "about.contact_text": "ObRail Europe – observatoire du rail européen : contact@obrail.eu",
    "home.coverage_sentence": (
        "Couverture : les trains de jour sont couverts dans **{day}** pays (dont "
        "{day_partial} en partie), les trains de nuit dans **{night}** pays. Ailleurs, les "
        "chiffres sont « non couverts » : inconnus, pas nuls (détail par pays dans "
        "Statistiques)."
    ),
    "home.freshness_text": (
        "Données publiées le **{published}** (version {version}) ; dernier chargement réussi "
        "le **{etl}**. Validité des horaires publiés, au {today} :"
    ),
    "home.col_status": "Statut",
    "validity.expired": (
        "**Horaires expirés.** Aucun des horaires affichés n'est encore valide aujourd'hui : "
        "{editions}. Les chiffres décrivent ces horaires, pas les trains qui circulent "
        "aujourd'hui."
    ),
    "validity.partly_expired": (
        "**Horaires en partie expirés.** {editions}. Les autres horaires affichés sont "
        "valides aujourd'hui : les chiffres mêlent horaires valides et expirés."
    ),
    "validity.current": "Horaires valides aujourd'hui ({today}).",
    "validity.historical": "Horaires historiques (éditions passées), hors chiffres actuels.",
    "validity.edition_expired": "{name} : expiré depuis le {since}",
    "validity.status_current": "valide",
    "validity.status_expired": "expiré depuis le {since}",
    "validity.status_upcoming": "pas encore en vigueur",
    "validity.status_historical": "historique",
    "coverage.covered": "couvert",
    "coverage.partial": "couvert en partie",
    "coverage.none": "non couvert",
    "trajets.flagged": "{train} (invraisemblable, hors statistiques)",
    "trajets.days_period": "{days}, du {start} au {end}",
    "trajets.days_exceptions": "{days} (+{extra} / −{removed} dates)",
    "detail.service_dates": (
        "{count} dates de départ ; {variants} voyages de la source (variantes de calendrier) "
        "regroupés en ce trajet."
    ),
    "detail.service_extra": "En plus : {dates}.",
    "detail.service_removed": "Pas de train : {dates}.",
    "detail.run_dates": "Toutes les dates de départ",
    "detail.implausible": (
        "**Trajet signalé invraisemblable : il est affiché mais n'entre dans aucune "
        "statistique.** Raisons :"
    ),
    "plausibility.speed_too_low": "vitesse moyenne trop basse pour sa catégorie",
    "plausibility.speed_too_high": "vitesse moyenne trop élevée pour sa catégorie",
    "plausibility.duration_too_long": "durée plus longue que possible pour sa catégorie",
    "plausibility.time_gap": "heures de la source qui reculent entre deux arrêts (lues au lendemain)",
    "plausibility.distance_detour": (
        "distance sans rapport avec la ligne droite (gare mal placée ou distance fausse)"
    ),
    "plausibility.night_too_short": "train de nuit de moins de 5 heures",
    "plausibility.night_not_overnight": "train de nuit jamais en route entre 0 h et 5 h",
    "detail.source_expired": "Horaires expirés depuis le {since} (valables jusqu'au {until}).",
    "stats.coverage_note": (
        "Un pays « non couvert » n'a aucune source pour ces trains : son chiffre est "
        "inconnu, pas nul. « Couvert en partie » : seule une partie de ces trains est "
        "publiée (par exemple les seuls TGV en France, ou les trains venus d'un pays voisin)."
    ),
    "stats.col_day_coverage": "Couverture (jour)",
    "stats.col_night_coverage": "Couverture (nuit)",
    "stats.co2_left_out": (
        "{period} : moyennes sur {comparable} trajets dont le CO₂ en train et en avion est "
        "connu ; {missing} trajets n'y entrent pas (distance ou aéroports inconnus)."
    ),
}

MESSAGES.update(explore.FR)
MESSAGES.update(model.FR)
