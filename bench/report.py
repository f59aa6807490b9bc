"""The API benchmark's results: docs/resultats/api.json and api-echelle.json (written through
docsbuild.results, quoted by the report), and docs/api/benchmark.md rendered from them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docsbuild.figures import format_number
from docsbuild.paths import RESULTS
from docsbuild.results import Figure, Results, ResultsError, Table, read_results, write_results

if TYPE_CHECKING:
    from bench.api import ApiRun
    from bench.journeys import JourneysRun

REPORT = Path(__file__).resolve().parents[1] / "docs" / "api" / "benchmark.md"
API_RESULTS = "api"
SCALE_RESULTS = "api-echelle"
JOURNEYS_RESULTS = "api-voyages"
JOURNEY_LABELS = {
    "destinations": "`/destinations` (« Depuis ma ville »)",
    "comparison": "`/comparison` (« Train ou avion ? »)",
}

LABELS = {
    "trivial": "`/health/live` (référence triviale, sans base)",
    "trajets": "`/trajets` filtré",
    "detail": "`/trajets/{id}`",
    "volumes": "`/stats/volumes` (group_by × filtres)",
}
#: endpoint -> (minimum req/s, p99 at ~300 req/s in ms or None).
TARGETS = {"trajets": (1000.0, 50.0), "detail": (1500.0, None), "volumes": (1500.0, None)}


def number(value: float, decimals: int = 0) -> str:
    return format_number(value, decimals)


def write_api_results(result: ApiRun, command: str) -> Path:
    """docs/resultats/api.json from one run, then docs/api/benchmark.md."""
    figures = {
        "load_start": Figure(result.load_start, "", "charge moyenne (1 min) au début", 1),
        "load_end": Figure(result.load_end, "", "charge moyenne (1 min) à la fin", 1),
        "baseline_rps": Figure(result.baseline_rate, "req/s", "/health/live, même exécution"),
    }
    for name in ("trajets", "detail", "volumes"):
        measure = result.measures[name]
        figures |= {
            f"{name}_rps": Figure(measure.max.rate, "req/s", f"{LABELS[name]}, débit maximal"),
            f"{name}_ratio": Figure(result.ratio(name), "", f"{name} / /health/live", 2),
            f"{name}_p50_ms": Figure(measure.max.p50_ms, "ms", f"{name}, p50 au débit maximal", 1),
            f"{name}_p99_ms": Figure(measure.max.p99_ms, "ms", f"{name}, p99 au débit maximal", 1),
        }
        if measure.paced is not None:
            figures |= {
                f"{name}_paced_rps": Figure(measure.paced.rate, "req/s", f"{name}, charge fixe"),
                f"{name}_paced_p99_ms": Figure(
                    measure.paced.p99_ms, "ms", f"{name}, p99 à charge fixe", 1
                ),
            }
    path = write_results(
        API_RESULTS,
        title="API : première requête (cache désactivé), URL distinctes et réalistes",
        command=command,
        producer="bench/api.py",
        details="docs/api/benchmark.md",
        figures=figures,
        tables={
            "objectifs": _targets_table(result),
            "debit": _throughput_table(result),
            "latence": _latency_table(result),
        },
    )
    render()
    return path


def _targets_table(result: ApiRun) -> Table:
    rows = []
    for name, (minimum, p99) in TARGETS.items():
        measure = result.measures[name]
        rate = measure.max.rate
        rows.append(
            [
                f"{LABELS[name]} ≥ {number(minimum)} req/s",
                f"{number(rate)} req/s ({number(result.ratio(name), 2)} × /health/live)",
                "oui"
                if rate >= minimum
                else f"non ({number(100 * rate / minimum)} % de l'objectif)",
            ]
        )
        if p99 is not None and measure.paced is not None:
            ok = measure.paced.p99_ms < p99
            rows.append(
                [
                    f"{LABELS[name]} : p99 < {number(p99)} ms à 300 req/s",
                    f"{number(measure.paced.p99_ms, 1)} ms à {number(measure.paced.rate)} req/s",
                    "oui" if ok else "non",
                ]
            )
    return Table(
        "Objectifs de l'issue 11 (un processus, cache désactivé)",
        ["objectif", "mesure", "atteint"],
        rows,
    )


def _throughput_table(result: ApiRun) -> Table:
    rows = []
    for name in ("trivial", "trajets", "detail", "volumes"):
        measure = result.measures[name]
        run = measure.max
        rows.append(
            [
                LABELS[name],
                number(measure.urls),
                number(run.rate),
                number(result.ratio(name), 2),
                number(run.p50_ms, 1),
                number(run.p90_ms, 1),
                number(run.p99_ms, 1),
            ]
        )
    for name, measure in (result.before or {}).items():
        name = name.removeprefix("before-")
        run = measure.max
        rows.append(
            [
                f"{LABELS[name]}, **avant** le modèle de lecture (`{result.before_label}`)",
                number(measure.urls),
                number(run.rate),
                number(run.rate / result.baseline_rate, 2),
                number(run.p50_ms, 1),
                number(run.p90_ms, 1),
                number(run.p99_ms, 1),
            ]
        )
    end = result.baseline_end
    rows.append(
        [
            LABELS["trivial"] + ", à la fin",
            "1",
            number(end.rate),
            number(end.rate / result.baseline_rate, 2),
            number(end.p50_ms, 1),
            number(end.p90_ms, 1),
            number(end.p99_ms, 1),
        ]
    )
    return Table(
        f"Débit maximal, un processus, cache désactivé (wrk 1 fil, 32 connexions, {result.duration_s} s)",
        [
            "point d'accès",
            "URL distinctes",
            "req/s",
            "rapport à /health/live",
            "p50 (ms)",
            "p90 (ms)",
            "p99 (ms)",
        ],
        rows,
    )


def _latency_table(result: ApiRun) -> Table:
    rows = []
    for name in ("trivial", "trajets", "detail", "volumes"):
        paced = result.measures[name].paced
        if paced is None:
            continue
        rows.append(
            [
                LABELS[name],
                number(paced.rate),
                number(paced.p50_ms, 1),
                number(paced.p90_ms, 1),
                number(paced.p99_ms, 1),
                number(paced.max_ms, 1),
            ]
        )
    return Table(
        "Latence à charge fixe d'environ 300 req/s (30 connexions, chacune attend 100 ms avant "
        "chaque requête ; débit obtenu indiqué)",
        ["point d'accès", "req/s obtenues", "p50 (ms)", "p90 (ms)", "p99 (ms)", "max (ms)"],
        rows,
    )


def write_journeys_results(result: JourneysRun, command: str) -> Path:
    """docs/resultats/api-voyages.json from one run, then docs/api/benchmark.md."""
    figures = {
        "load_start": Figure(result.load_start, "", "charge moyenne (1 min) au début", 1),
        "load_end": Figure(result.load_end, "", "charge moyenne (1 min) à la fin", 1),
    }
    rows = []
    for name in ("destinations", "comparison"):
        old, new = result.before.measures[name], result.now.measures[name]
        ratio = old.cpu_ms / new.cpu_ms if new.cpu_ms else 0.0
        figures |= {
            f"{name}_cpu_before_ms": Figure(old.cpu_ms, "ms", f"{name}, CPU par requête, avant", 1),
            f"{name}_cpu_ms": Figure(new.cpu_ms, "ms", f"{name}, CPU par requête", 1),
            f"{name}_cpu_ratio": Figure(ratio, "", f"{name}, CPU avant / maintenant", 1),
        }
        for label, measure in ((f"avant (`{result.before_label}`)", old), ("maintenant", new)):
            rows.append(
                [
                    JOURNEY_LABELS[name],
                    label,
                    number(result.urls[name]),
                    number(measure.requests),
                    number(measure.api_ms, 1),
                    number(measure.db_ms, 1),
                    number(measure.cpu_ms, 1),
                    number(measure.p50_ms, 0),
                    number(measure.max_ms, 0),
                ]
            )
        rows.append(
            [
                JOURNEY_LABELS[name],
                "rapport avant / maintenant",
                "",
                "",
                "",
                "",
                number(ratio, 1),
                "",
                "",
            ]
        )
    cities = []
    for city in result.named:
        old, new = result.before.measures[city], result.now.measures[city]
        ratio = old.cpu_ms / new.cpu_ms if new.cpu_ms else 0.0
        figures |= {
            f"{city.lower()}_cpu_before_ms": Figure(old.cpu_ms, "ms", f"{city}, CPU, avant", 1),
            f"{city.lower()}_cpu_ms": Figure(new.cpu_ms, "ms", f"{city}, CPU", 1),
        }
        cities.append(
            [
                city,
                number(new.requests),
                f"{number(old.api_ms, 1)} + {number(old.db_ms, 1)}",
                f"{number(new.api_ms, 1)} + {number(new.db_ms, 1)}",
                number(ratio, 1),
                number(old.p50_ms, 0),
                number(new.p50_ms, 0),
            ]
        )
    path = write_results(
        JOURNEYS_RESULTS,
        title="API : « Depuis ma ville » et « Train ou avion ? », CPU par première requête",
        command=command,
        producer="bench/journeys.py",
        details="docs/api/benchmark.md",
        figures=figures,
        tables={
            "voyages": Table(
                "Temps processeur par première requête (cache désactivé), requêtes une à une, "
                "le code d'avant et l'actuel dans la même exécution, mêmes données",
                [
                    "point d'accès",
                    "code",
                    "URL distinctes",
                    "requêtes",
                    "CPU API (ms)",
                    "CPU PostgreSQL (ms)",
                    "CPU total (ms)",
                    "horloge p50 (ms)",
                    "horloge max (ms)",
                ],
                rows,
            ),
            "villes": Table(
                "`/destinations` des grandes villes, une à une (CPU par requête : API + "
                f"PostgreSQL ; avant : `{result.before_label}`)",
                [
                    "ville",
                    "requêtes",
                    "CPU avant (ms)",
                    "CPU maintenant (ms)",
                    "rapport",
                    "horloge p50 avant (ms)",
                    "horloge p50 maintenant (ms)",
                ],
                cities,
            ),
        },
    )
    render()
    return path


def _table(results: Results, key: str) -> list[str]:
    table = results.tables[key]
    return [
        f"**{table.title}**",
        "",
        "| " + " | ".join(table.columns) + " |",
        "|" + "|".join("---" for _ in table.columns) + "|",
        *("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows),
        "",
    ]


def _load(name: str) -> Results | None:
    try:
        return read_results(RESULTS / f"{name}.json")
    except ResultsError:
        return None


def render() -> None:
    """docs/api/benchmark.md from docs/resultats/api.json and api-echelle.json."""
    api, scale = _load(API_RESULTS), _load(SCALE_RESULTS)
    lines = [
        "# Performances de l'API (banc d'essai)",
        "",
        "<!-- Écrit par bench/report.py depuis docs/resultats/api.json et api-echelle.json : "
        "relancer les bancs, ne pas modifier à la main. -->",
        "",
        "Ce que coûte une **première requête** : cache de réponses désactivé, des milliers "
        "d'adresses distinctes et réalistes par point d'accès (noms de villes et de gares dans "
        "plusieurs langues, paires origine-destination réelles, pays, exploitants, jour/nuit, "
        "durées, distances, fenêtres de départ, tous les tris, pages ; `bench/urls.py`), que "
        "wrk parcourt en boucle (script Lua). Un seul processus `obrail api` (uvicorn), journal "
        "d'accès actif, wrk sur la même machine (127.0.0.1).",
        "",
    ]
    if api is not None:
        figures = api.figures
        lines += [
            "## Un processus, le miroir réel",
            "",
            f"Reproduire : `{api.command}` (PostgreSQL local ; sans `--database-url`, une copie "
            "de la base de test chargée avec tout le miroir). Mesuré le "
            f"{api.measured_at} sur {api.machine}, commit `{api.commit}`. La machine est "
            "partagée avec d'autres travaux : les valeurs absolues sont bruitées (charge "
            f"moyenne sur 1 min : {number(figures['load_start'].value, 1)} au début, "
            f"{number(figures['load_end'].value, 1)} à la fin, pour 2 cœurs), d'où les "
            "**rapports** au point d'accès trivial `/health/live` mesuré dans la même exécution "
            "(au début et à la fin ; la référence est leur moyenne).",
            "",
            *_table(api, "objectifs"),
            *_table(api, "debit"),
            *_table(api, "latence"),
        ]
    journeys = _load(JOURNEYS_RESULTS)
    if journeys is not None:
        figures = journeys.figures
        lines += [
            "## « Depuis ma ville » et « Train ou avion ? »",
            "",
            f"Reproduire : `{journeys.command}` (le code d'avant : une copie de travail du "
            "commit nommé dans le tableau, `git worktree add --detach DIR <commit>`). Mesuré le "
            f"{journeys.measured_at} sur {journeys.machine}, commit `{journeys.commit}` ; "
            f"charge moyenne sur 1 min : {number(figures['load_start'].value, 1)} au début, "
            f"{number(figures['load_end'].value, 1)} à la fin (2 cœurs). Requêtes : "
            "`/destinations` pour les 50 villes les plus desservies du miroir (Paris, "
            "Hamburg et Berlin en tête, München dixième), `/comparison` de chacune vers la "
            "ville que ses trains atteignent le plus souvent, et `/destinations` de Paris, "
            "Berlin, München et Wien une à une ; cache désactivé, une requête à la fois, le code "
            "d'avant et l'actuel en alternance, même base. Le temps processeur (processus de "
            "l'API et processus PostgreSQL de ses connexions) dit ce que coûte une requête, "
            "peu sensible à la charge de la machine ; le temps à l'horloge, lui, en dépend.",
            "",
            *_table(journeys, "voyages"),
            *(_table(journeys, "villes") if "villes" in journeys.tables else []),
            *JOURNEYS_NOTES,
        ]
    lines += READING + GAPS
    if scale is not None:
        lines += [
            "## Montée en charge : x1, x10, x100",
            "",
            f"Reproduire : `{scale.command}`. Mesuré le {scale.measured_at} sur {scale.machine}, "
            f"commit `{scale.commit}`.",
            "",
            *_table(scale, "echelle"),
            *SCALE_NOTES,
        ]
    lines += GROWTH
    REPORT.write_text("\n".join(lines), encoding="utf-8")


JOURNEYS_NOTES = [
    "Où passait le temps (`EXPLAIN ANALYZE` de l'instruction des trajets depuis Paris sur le "
    "miroir réel chargé) : l'instruction calculait à chaque requête la distance le long du "
    "parcours de chaque arrêt (une fenêtre sur tous les arrêts des quelque 4 400 services "
    "qui partent de Paris) et lisait les arrêts par balayage complet (150 000 lignes) joints à "
    "la vue `api.trajets` entière ; puis Python cherchait l'aéroport le plus proche de chaque "
    "destination parmi les 203 aéroports (90 000 calculs de distance pour Paris) et groupait "
    "les trains deux fois. Désormais (migration 0008) le modèle de lecture garde chaque arrêt "
    "avec sa ville et sa distance le long du parcours (`api.journey_stops`), chaque service "
    "avec son train, ses extrémités et sa longueur (`api.journey_routes`) et les aéroports "
    "comparés (`api.served_airports`), construits à la publication ; l'instruction ne lit "
    "que des index (les arrêts des gares de la ville, puis les arrêts suivants de chaque "
    "train) ; Python estime l'avion une fois par gare et écarte d'emblée les aéroports trop "
    "au nord ou au sud. Les réponses sont les mêmes (test "
    "`tests/api/read_model/test_journeys_answers.py` : les 50 villes, de jour et de nuit "
    "pour les plus grandes, et `/comparison`, comparées au code d'avant sur les mêmes "
    "données).",
    "",
    "Lecture : le temps processeur est compté par le noyau en centièmes de seconde ; sur trois "
    "requêtes par ville, les valeurs par ville sont donc arrondies à environ 3 ms près. Ce qui "
    "reste pour les plus grandes villes : Paris renvoie quelque 9 000 trajets-destinations que "
    "l'API lit puis groupe en Python (la moitié du temps processeur) ; les grouper dans "
    "l'instruction SQL, au prix d'une requête plus complexe à prouver équivalente, serait le "
    "pas suivant.",
    "",
]

READING = [
    "## Ce que fait une requête",
    "",
    "* **Un modèle de lecture construit à la publication** (`warehouse/read_model.py`, schéma "
    "`read_model`, vues `api.service_rows`, `api.service_summaries`, `api.service_details`, "
    "`api.search_names`, `api.volume_cells`, `api.service_counts`) : reconstruit dans la "
    "transaction qui publie les données (après le remplacement des tables, avant la "
    "validation) ; un lecteur voit l'ancienne publication entière ou la nouvelle, jamais un "
    "mélange (tests `tests/api/read_model/test_publication.py`).",
    "* **Une instruction SQL par réponse** : la page, son total, la validité des éditions et la "
    "version des données viennent d'un même instantané. PostgreSQL renvoie le JSON des "
    "trajets comme texte prêt (construit à la publication) ; seul le statut de validité de "
    "l'édition, qui dépend du jour de la requête, y est inséré. Python n'analyse ni ne "
    "resérialise ce JSON (`orjson.Fragment`).",
    "* **Total sans second balayage** : quand les filtres portent seulement sur les attributs "
    "pré-agrégés (sources, exploitants, marque, jour/nuit, pays), le total s'additionne dans "
    "`api.service_counts` ; une première page plus courte qu'une page donne son total "
    "elle-même ; sinon un décompte sur les index.",
    "* **Statistiques pré-agrégées** : `/stats/volumes` additionne les cellules de "
    "`api.volume_cells` (quelques centaines de lignes) quand ses filtres le permettent ; avec "
    "une recherche de gare ou une borne de durée, il agrège les services filtrés, dont il ne "
    "garde que les colonnes du regroupement demandé (la ligne entière, avec ses listes de "
    "gares, débordait sur disque pour les filtres larges).",
    "* **Recherche de gare** : `api.match_stations(texte)` (identifiant, sinon nom exact, sinon "
    "début de nom, sinon nom contenant le texte, dans toutes les langues) est calculée une fois "
    "par requête ; les services qui desservent ces gares sont trouvés par l'index GIN de "
    "`station_ids`.",
    "* **Pages profondes bornées** : `page × page_size ≤ 10 000` (au-delà, `422 max_depth`) ; "
    "le coût d'un `OFFSET` est ainsi borné. Filtrer, inverser le tri ou exporter en CSV.",
    "* **Instructions préparées** : chaque forme de requête est préparée à sa première "
    "exécution sur une connexion (`prepare_threshold=0`), sans JIT. Le texte SQL de chaque "
    "forme (filtres présents, tris, regroupement, éditions) n'est composé qu'une fois par "
    "processus (`api/queries/shapes.py`) : les requêtes suivantes de la même forme n'envoient "
    "que leurs valeurs ; un test compare chaque texte réutilisé à celui que psycopg compose "
    "pour la requête.",
    "* **Détail planifié une fois** : `/trajets/{id}` appelle `api.trajet_detail(id)` "
    "(migration 0007), une fonction PL/pgSQL qui garde un plan générique par session "
    "(`plan_cache_mode=force_generic_plan` pour elle seule) ; une lecture par clé n'a pas "
    "besoin d'être replanifiée pour chaque identifiant. Les autres instructions restent "
    "planifiées pour leurs valeurs.",
    "* Le **cache de réponses** du processus reste une seconde couche (désactivé ici) ; le "
    "statut de validité dépend du jour : clés de cache et ETag portent le jour UTC.",
    "",
]

GAPS = [
    "## Écart aux objectifs : où passe le temps",
    "",
    "Les objectifs de l'issue (1 000 req/s pour `/trajets`, 1 500 pour `/trajets/{id}` et "
    "`/stats/volumes`) supposent un processus qui dispose d'un cœur et une base qui dispose de "
    "l'autre. Ici, la machine (2 cœurs) est partagée : sa charge moyenne pendant les mesures "
    "est donnée plus haut (au-dessus de 2, des processus attendent le processeur). Ce que "
    "montrent les profils (py-spy sur le processus de l'API, `top` sur PostgreSQL, `EXPLAIN "
    "ANALYZE` de chaque forme de requête) :",
    "",
    "* **PostgreSQL est le goulet pour `/trajets`** : le processus de l'API attend la base "
    "environ un tiers de son temps ; les connexions du pool sont toutes occupées. Chaque "
    "requête de `/trajets` est planifiée pour ses valeurs (environ 0,3 à 0,5 ms : des centaines de formes de "
    "requêtes, filtres × tris ; un plan générique se trompait d'un facteur 10 sur les bornes de "
    "distance), puis exécutée : moins de 1 ms quand un index mène à peu de services (gare "
    "précise, origine-destination, pays rare, premières pages), plusieurs millisecondes quand le "
    "filtre garde des milliers de services (une grande ville : « Paris » désigne une dizaine de "
    "gares et plus de 4 000 services ; une plage de distances ou de durées), qu'il faut lire "
    "pour les trier et les compter.",
    "* **Python ensuite** : le temps processeur par requête, mesuré dans le processus de "
    "l'API (et non à l'horloge, que la charge de la machine fausse), se partage entre la part "
    "commune à toute requête (uvicorn, intergiciels, journal d'accès JSON ; `/health/live` la "
    "mesure), FastAPI (résolution des dépendances, validation des paramètres), l'aller-retour "
    "psycopg et la réponse. La composition du texte SQL avec `psycopg.sql` et son rendu en "
    "octets en étaient la plus grosse part propre à `/trajets` et `/stats/volumes` : ils ne "
    "sont plus faits qu'une fois par forme de requête.",
    "* **Planification** : planifier pour ses valeurs coûte à chaque requête, davantage que "
    "l'exécution pour une lecture par clé ; d'où la fonction `api.trajet_detail`, planifiée une "
    "fois par session. `/trajets` et les statistiques filtrées restent planifiées pour leurs "
    "valeurs (un plan générique se trompait sur les bornes de distance et les grandes villes).",
    "",
    "Pistes suivantes, dans l'ordre du gain attendu : pré-agréger aussi les comptes par gare "
    "desservie (les grandes villes) et des classes de durée pour les statistiques bornées en "
    "durée ; planifier une fois les autres formes dont le meilleur plan ne dépend pas des "
    "valeurs (statistiques sur les cellules pré-agrégées) ; alléger la résolution des "
    "dépendances FastAPI sur les routes chaudes ; puis plus de processus (`--workers`, plus de "
    "conteneurs) et des répliques en lecture, dès que la machine a des cœurs libres.",
    "",
]

SCALE_NOTES = [
    "Comment chaque échelle est construite :",
    "",
    "* **x1** : le miroir réel, chargé par `obrail etl` (porte qualité comprise) dans une base "
    "neuve.",
    "* **x10** : un miroir **synthétique** (`bench/scaled_mirror.py`) où chaque voyage des flux "
    "GTFS est répété dix fois, décalé d'une minute à chaque copie (mêmes gares, même calendrier, "
    "même numéro), écrit hors du dépôt dans un dossier temporaire marqué `SYNTHETIC-SCALE`, "
    "chargé par le même `obrail etl` dans une base temporaire supprimée ensuite. Ce ne sont pas "
    "des données : jamais publiées, jamais versionnées.",
    "* **x100** : l'ETL Python garde en mémoire tous les arrêts d'un chargement ; sa mémoire "
    "maximale croît avec les données (colonne « mémoire max. ») et, à x100, dépasserait la "
    "mémoire libre de cette machine partagée (24 Go pour tous). La base x100 est donc faite en "
    "répétant dix fois en SQL le **modèle de lecture** de la base x10 (nouveaux identifiants, "
    "comptes pré-agrégés multipliés) : c'est tout ce que lisent les trois points d'accès "
    "mesurés. Le temps de l'ETL, la reconstruction du modèle, les arrêts et la taille des "
    "données `core` à x100 sont **extrapolés** linéairement de x1 et x10 (« extrapolé »).",
    "",
    "Lecture : le débit de `/trajets/{id}` ne dépend pas de la taille (une lecture par clé) ; "
    "`/stats/volumes` additionne des cellules dont le nombre ne croît pas avec des services "
    "répétés, mais ses requêtes filtrées par gare ou par durée agrègent des services, dont le "
    "nombre croît ; `/trajets` lit des pages par index quand les filtres le permettent, mais "
    "les filtres larges (grandes villes, plages de distance ou de durée) lisent et trient "
    "tous les services qu'ils gardent : leur coût croît avec les données, c'est la prochaine "
    "limite.",
    "",
]

GROWTH = [
    "## Où est la prochaine limite",
    "",
    "* **Python d'abord** : sur 2 cœurs partagés, le processus de l'API (uvicorn, intergiciels, "
    "validation FastAPI, journal JSON) et PostgreSQL se partagent le processeur. Plus de "
    "débit : plus de processus (`obrail api --workers N`, ou plus de conteneurs derrière le "
    "répartiteur ; voir [configuration](configuration.md#plusieurs-processus)).",
    "* **Lecture PostgreSQL ensuite** : chaque requête lit quelques pages d'index et de table ; "
    "au-delà d'une machine, des **répliques en lecture** (le rôle `obrail_api` ne fait que "
    "lire ; le modèle de lecture est répliqué avec les données, dans la même transaction).",
    "* **Taille** : le modèle de lecture double à peu près la taille de la base (documents JSON "
    "prêts) ; la reconstruction complète à chaque publication croît linéairement. À partir de "
    "x100, **partitionner** `read_model.services` par source (une publication ne reconstruit "
    "que les sources qui changent) et les documents par édition.",
    "",
]
