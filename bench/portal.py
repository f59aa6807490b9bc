"""Benchmark of the portal: time to first complete render of each page, in Debian's Chromium,
with the real API on the loaded warehouse.

"Complete render" = the browser is connected, the page's script run has finished, no element is
still a loading skeleton and every chart of the first screen is drawn (its SVG, or its canvas for
a chart with many marks, is in the page). Each measure is a new browser context (a new visitor) loading the
page's URL. The API is warm (every page was loaded once before measuring). Two portals are
measured: one with its normal answer cache (what visitors get) and one with the cache off (every
render asks the API). Baseline in the same run: a one-line Streamlit page served the same way.

    .venv/bin/python -m bench.portal [--runs 5] [--screenshots]
    .venv/bin/python -m bench.portal --runs 0 --screenshots    # the guide's images only

Results: docs/portail/benchmark.md and docs/resultats/portail.json (quoted by the report); with
--screenshots, the user guide's images in docs/portail/images/.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from docsbuild.results import Figure, Table, write_results
from portal.i18n import fr
from portal.navigation import PAGES
from tests.e2e import servers
from tests.e2e.browser import APP, CHROMIUM, CHROMIUM_ARGS, wait_for_portal
from tests.support.database import ADMIN_URL, DATA_DIR, loaded_template, temporary_database, url_for
from tests.support.models import promote_report_modal
from tests.support.network import free_port

DOCS = Path(__file__).resolve().parents[1] / "docs" / "portail"
REPORT = DOCS / "benchmark.md"
IMAGES = DOCS / "images"
TARGET_S = 1.5
"""Returning visitor (Streamlit's scripts in the browser cache)."""
TARGET_NEW_S = 2.0
"""New visitor (empty browser cache)."""
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}

#: What costs and what was removed (French), found by profiling the slow pages in Chromium
#: (CPU profile, page's node count) and the portal's CPU time per render; no figure here.
ANALYSIS = (
    "**Où va le temps.** Le temps d'une page se partage entre le processus du portail (exécuter",
    "la page, construire et convertir ses graphiques) et le navigateur (construire la page avec",
    "React, dessiner les graphiques avec Vega). Ont été retirés : `st.table`, qui fait passer",
    "chaque cellule et chaque en-tête par le composant Markdown de Streamlit (des milliers de",
    "rendus pour les destinations de München) : chaque tableau est désormais un seul élément HTML,",
    "nommé, avec ses en-têtes de colonnes ; la validation de chaque graphique contre le schéma",
    "Vega-Lite à chaque affichage (les tests la font, page par page) et les encodages abrégés qui",
    "font reconstruire à Altair son index du schéma ; la reconstruction de la carte à chaque",
    "affichage (convertie une fois par réponse de l'API, langue et région, pour toutes les",
    "sessions) ; les tableaux des graphiques, construits seulement à l'ouverture de leur volet ;",
    "la deuxième ligne de chaque liaison desservie dans les deux sens (une seule ligne, les deux",
    "sens réunis) ; le deuxième graphique de répartition (durée ou distance, au choix) ; un",
    "élément SVG par ligne sur les deux cartes (Carte et Depuis ma ville sont dessinées dans un",
    "canevas : la page de Carte perd l'essentiel de ses nœuds) ; la liste entière des",
    "destinations d'une grande ville d'un coup (elle est montrée par pages, triée dans son",
    "ensemble) ; la carte et la liste de Depuis ma ville reconstruites à chaque affichage (une",
    "fois par réponse de l'API) ; les dates de départ d'un trajet ouvert, écrites seulement à",
    "l'ouverture de leur volet. Le",
    "processus du portail pèse peu par affichage (`python -m bench.portal_profile`) : reste le",
    "plus cher le travail du navigateur, le dessin des graphiques par Vega (évalué par",
    "l'interprète d'expressions que Streamlit utilise à la place d'`eval`) et les composants de",
    "Streamlit (formulaires de filtres, longues listes comme les destinations de München).",
)

#: The user guide's screenshots: file name, URL path and query, what to do before the shot.
SHOTS = (
    ("accueil.png", "", ""),
    ("trajets-filtres.png", "trajets", "day_night=night&country=AT"),
    ("trajet-detail.png", "trajets", "day_night=night&country=AT&trajet={first_night_trajet}"),
    ("statistiques.png", "statistiques", ""),
    ("statistiques-filtres.png", "statistiques", "day_night=night&country=AT,DE"),
    ("carte.png", "carte", "day_night=night"),
    ("depuis-ma-ville.png", "depuis-ma-ville", "ville=München"),
    ("depuis-ma-ville-en.png", "depuis-ma-ville", "ville=Munich&lang=en"),
    ("train-ou-avion.png", "train-ou-avion", "de=Paris&a=Berlin"),
    ("page-introuvable.png", "nulle-part", ""),
    ("qualite.png", "qualite", ""),
    ("sante.png", "sante", ""),
    ("a-propos.png", "a-propos", ""),
    ("accueil-en.png", "", "lang=en"),
)


def first_complete_render(page: Page, url: str) -> float:
    """Seconds from navigation to a complete first render (no fixed waits)."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]')
    page.wait_for_selector('[data-testid="stMain"] h1')
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState === 'notRunning'"
        " && document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0"
        # Streamlit draws a chart when it scrolls into view: those in the first screen.
        " && [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".filter(c => c.getBoundingClientRect().top < window.innerHeight)"
        ".every(c => c.querySelector('svg, canvas'))"
    )
    return time.perf_counter() - started


def measure(browser: Browser, url: str, runs: int, warm_browser: bool = False) -> list[float]:
    """`runs` first renders of `url`, each by a new visitor (empty browser cache), or with
    `warm_browser` by a returning visitor (Streamlit's scripts already in the browser cache)."""
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        if warm_browser:
            first_complete_render(context.new_page(), url)
        times.append(first_complete_render(context.new_page(), url))
        context.close()
    return times


@contextmanager
def baseline_streamlit(log_dir: Path) -> Iterator[str]:
    """A one-title Streamlit page, served by the same Streamlit with the portal's options."""
    script = log_dir / "baseline.py"
    script.write_text('import streamlit as st\n\nst.title("Baseline")\n', encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--client.toolbarMode",
            "minimal",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    service = servers.Service(f"http://127.0.0.1:{port}", process)
    try:
        servers.wait_until_ready(service, "/_stcore/health")
        yield service.url
    finally:
        service.stop()


@dataclass(frozen=True)
class Row:
    label: str
    cached: list[float]
    uncached: list[float]
    returning: list[float]


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def _row_cells(row: Row, base: float, base_returning: float) -> list[str]:
    median, returning = statistics.median(row.cached), statistics.median(row.returning)
    new_ok = "atteint" if median < TARGET_NEW_S else "**manqué**"
    returning_ok = "atteint" if returning < TARGET_S else "**manqué**"
    return [
        row.label,
        _fmt(median),
        _fmt(max(row.cached)),
        f"{median / base:.1f}",
        _fmt(statistics.median(row.uncached)),
        _fmt(returning),
        _fmt(max(row.returning)),
        f"{returning / base_returning:.1f}",
        new_ok,
        returning_ok,
    ]


COLUMNS = (
    "page",
    "nouveau visiteur, médiane (s)",
    "max (s)",
    "rapport à la référence",
    "sans cache portail, médiane (s)",
    "visiteur qui revient, médiane (s)",
    "max (s)",
    "rapport à la référence",
    "objectif < 2 s (nouveau visiteur)",
    "objectif < 1,5 s (visiteur qui revient)",
)


def write_report(
    rows: list[Row],
    baseline: list[float],
    baseline_returning: list[float],
    runs: int,
    extra_urls: dict[str, str],
) -> None:
    base = statistics.median(baseline)
    base_returning = statistics.median(baseline_returning)
    table = [_row_cells(row, base, base_returning) for row in rows]
    lines = [
        "# Portail : temps du premier affichage complet de chaque page",
        "",
        f"Mesuré le {datetime.now(UTC):%Y-%m-%d %H:%M} UTC par `python -m bench.portal --runs {runs}`",
        f"sur {platform.node()} ({os.cpu_count()} cœurs partagés, Python {platform.python_version()}),",
        "Chromium de Debian piloté par Playwright, API réelle (rôle `obrail_api`) sur l'entrepôt chargé",
        "avec tout le miroir de données. Résultats repris par le rapport : `docs/resultats/portail.json`.",
        "",
        "**Méthode.** Chaque mesure est un nouveau contexte de navigateur (un nouveau visiteur) qui",
        "charge l'adresse de la page ; le chronomètre s'arrête quand le navigateur est connecté, que",
        "l'exécution de la page est terminée, qu'aucun élément n'est encore un squelette de",
        "chargement et que **chaque graphique du premier écran est dessiné** (son SVG, ou son canevas",
        "pour un graphique à très nombreuses marques, est dans la page : les graphiques Vega-Lite sont",
        "dessinés par le navigateur). L'API est chaude (chaque page a été chargée une",
        "fois avant de mesurer). Deux portails sont mesurés : avec son cache de réponses (ce que vivent",
        "les visiteurs) et sans cache (`OBRAIL_API_CACHE_TTL_S=0`, chaque affichage interroge l'API).",
        "**Référence** dans la même exécution : une page Streamlit d'une seule ligne (`st.title`),",
        "servie de la même façon ; le rapport page / référence mesure ce que coûtent nos pages",
        "au-delà de Streamlit lui-même.",
        "",
        "Trois situations : **nouveau visiteur** (navigateur vide : il télécharge aussi les scripts",
        "de Streamlit et de Vega), **sans cache portail** (nouveau visiteur, portail sans cache de",
        "réponses) et **visiteur qui revient** (scripts déjà dans le cache du navigateur, nouvelle",
        "session : c'est le cas de la navigation courante et d'un lien partagé ouvert une seconde fois).",
        "",
        f"Référence (page Streamlit minimale) : médiane **{_fmt(base)} s** pour un nouveau visiteur,",
        f"**{_fmt(base_returning)} s** pour un visiteur qui revient. Objectifs : moins de",
        f"{_fmt(TARGET_NEW_S)} s pour un nouveau visiteur et moins de {_fmt(TARGET_S)} s pour un",
        "visiteur qui revient, API chaude.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *("| " + " | ".join(cells) + " |" for cells in table),
    ]
    missed = [row.label for row in rows if statistics.median(row.cached) >= TARGET_NEW_S]
    missed += [row.label for row in rows if statistics.median(row.returning) >= TARGET_S]
    lines += [
        "",
        "**Lecture.** "
        + (
            f"Objectif manqué pour : {', '.join(dict.fromkeys(missed))}."
            if missed
            else "Les deux objectifs sont atteints pour chaque page."
        ),
        "",
        *(f"« {label} » : `{url}`." for label, url in extra_urls.items()),
        "",
        *ANALYSIS,
        "",
        "Les temps varient de ±30 % d'une exécution à l'autre sur cette machine partagée ; seuls",
        "les rapports à la référence de la même exécution se comparent entre deux exécutions.",
        "",
    ]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    slowest_new = max(rows, key=lambda r: statistics.median(r.cached))
    slowest_returning = max(rows, key=lambda r: statistics.median(r.returning))
    write_results(
        "portail",
        title="Portail : premier affichage complet de chaque page",
        command=f".venv/bin/python -m bench.portal --runs {runs}",
        producer="bench/portal.py",
        details="docs/portail/benchmark.md",
        figures={
            "baseline_s": Figure(base, "s", "page Streamlit minimale, nouveau visiteur", 2),
            "baseline_returning_s": Figure(
                base_returning, "s", "page Streamlit minimale, visiteur qui revient", 2
            ),
            "slowest_new_s": Figure(
                statistics.median(slowest_new.cached),
                "s",
                f"page la plus lente pour un nouveau visiteur ({slowest_new.label})",
                2,
            ),
            "slowest_returning_s": Figure(
                statistics.median(slowest_returning.returning),
                "s",
                f"page la plus lente pour un visiteur qui revient ({slowest_returning.label})",
                2,
            ),
            "target_new_s": Figure(TARGET_NEW_S, "s", "objectif, nouveau visiteur", 1),
            "target_returning_s": Figure(TARGET_S, "s", "objectif, visiteur qui revient", 1),
            "pages_missing_a_target": Figure(
                len(set(missed)), "pages", "pages qui manquent un objectif"
            ),
            "runs": Figure(runs, "", "mesures par page et par situation"),
        },
        tables={
            "pages": Table(
                "Premier affichage complet de chaque page (médianes et maxima, secondes)",
                list(COLUMNS),
                [[cell.replace("**", "") for cell in cells] for cells in table],
            )
        },
    )


def take_screenshots(browser: Browser, portal_url: str, first_night_trajet: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, path, query in SHOTS:
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        page = context.new_page()
        query = query.format(first_night_trajet=first_night_trajet)
        page.goto(f"{portal_url}/{path}{'?' + query if query else ''}")
        wait_for_portal(page)
        height = page.evaluate(
            "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight"
        )
        page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 80, 5000)})
        wait_for_portal(page)
        page.screenshot(path=IMAGES / name)
        context.close()


#: The city pair of the guide's « Train ou avion ? » screenshot.
MODEL_PAIR = {"origin": "Paris", "destination": "Berlin"}


def served_model(api_url: str) -> None:
    """Fail unless the API answers the model's prediction for the guide's pair (the first
    answer also waits for the model the API loads at start)."""
    answer = httpx.get(f"{api_url}/predictions/report-modal", params=MODEL_PAIR, timeout=120)
    if answer.status_code != 200:
        raise RuntimeError(f"the API serves no report-modal prediction: {answer.text[:300]}")


@dataclass(frozen=True)
class Services:
    """What the benchmark measures: the API (with the modal-shift model served), the portal
    with its answer cache and without it, and the baseline page."""

    api: servers.Service
    cached: servers.Service
    uncached: servers.Service
    baseline_url: str


@contextmanager
def services(logs: Path) -> Iterator[Services]:
    """The API on a copy of the loaded warehouse, serving the report-modal model trained on it
    and promoted (as `obrail up` does: the guide's « Train ou avion ? » shows the model's
    figures), two portals in front of it and the baseline page; logs in `logs`."""
    with ExitStack() as stack:
        database = stack.enter_context(
            temporary_database("obrail_bench", template=loaded_template(DATA_DIR))
        )
        model_dir = promote_report_modal(database, logs / "models")
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute("ALTER ROLE obrail_api LOGIN")
        api = stack.enter_context(
            servers.api(
                url_for(database.rsplit("/", 1)[1], "obrail_api"),
                logs / "api.log",
                model_dir=model_dir,
            )
        )
        served_model(api.url)
        cached = stack.enter_context(servers.portal(api.url, logs / "portal.log"))
        uncached = stack.enter_context(
            servers.portal(api.url, logs / "portal-nocache.log", api_cache_ttl_s="0")
        )
        yield Services(api, cached, uncached, stack.enter_context(baseline_streamlit(logs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="measures per page and portal (0: screenshots only)"
    )
    parser.add_argument("--screenshots", action="store_true", help="also write the guide's images")
    args = parser.parse_args()
    with ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-portal-")))
        running = stack.enter_context(services(logs))
        api, cached, uncached = running.api, running.cached, running.uncached
        baseline_url = running.baseline_url
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)

        night = httpx.get(
            f"{api.url}/trajets", params={"day_night": "night", "country": "AT", "page_size": 1}
        )
        first_night_trajet = night.json()["items"][0]["id"]
        targets = [(spec.title_key, spec.url_path if i else "", "") for i, spec in enumerate(PAGES)]
        detail_query = f"day_night=night&country=AT&trajet={first_night_trajet}"
        extra = {
            "Trajet ouvert": ("trajets", detail_query),
            "Statistiques filtrées": ("statistiques", "day_night=night&country=AT,DE"),
            "Depuis München": ("depuis-ma-ville", "ville=München"),
            "Paris – Berlin, train ou avion": ("train-ou-avion", "de=Paris&a=Berlin"),
        }
        targets += [(label, path, query) for label, (path, query) in extra.items()]
        rows = []
        for key, path, query in targets if args.runs else []:
            suffix = f"/{path}{'?' + query if query else ''}"
            for portal in (cached, uncached):  # warm the API and the portal's cache
                measure(browser, portal.url + suffix, 1)
            label = fr.MESSAGES.get(key, key)
            rows.append(
                Row(
                    label,
                    measure(browser, cached.url + suffix, args.runs),
                    measure(browser, uncached.url + suffix, args.runs),
                    measure(browser, cached.url + suffix, args.runs, warm_browser=True),
                )
            )
            print(
                f"{label}: {statistics.median(rows[-1].cached):.2f} s, "
                f"returning {statistics.median(rows[-1].returning):.2f} s",
                flush=True,
            )
        if args.runs:
            baseline = measure(browser, baseline_url, args.runs)
            baseline_returning = measure(browser, baseline_url, args.runs, warm_browser=True)
            print(f"baseline: {statistics.median(baseline):.2f} s")
            write_report(
                rows,
                baseline,
                baseline_returning,
                args.runs,
                {label: f"/{path}?{query}" for label, (path, query) in extra.items()},
            )
            print(f"written to {REPORT}")
        if args.screenshots:
            take_screenshots(browser, cached.url, first_night_trajet)


if __name__ == "__main__":
    main()
