"""The modal-shift model on the mirror: training twice (same artefact, same metrics), the error
by leave-one-pair-out cross-validation, and the distribution of its predictions over every city
pair of the published warehouse. Writes docs/resultats/modele.json (the report's figures) and
the generated section of the model card (docs/modele/report-modal.md).

    .venv/bin/python -m bench.model

On a private copy of the loaded warehouse (PostgreSQL local, OBRAIL_DATA_DIR).
"""

from __future__ import annotations

import re
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from psycopg.rows import dict_row

from docsbuild.figures import format_number
from docsbuild.results import Figure, Table, write_results
from ml import artefacts
from ml.plugin import LoadedModel, discover
from ml.report_modal import model as curve
from ml.report_modal import queries
from ml.report_modal.serving import predict_rows
from ml.settings import ModelSettings
from ml.training import TrainOutcome, read_training_set, train_model
from tests.support.database import DATA_DIR, loaded_template, temporary_database

CARD = Path(__file__).resolve().parents[1] / "docs" / "modele" / "report-modal.md"
BEGIN, END = "<!-- résultats : début (bench/model.py) -->", "<!-- résultats : fin -->"
TIME_BANDS = ((0, 90), (90, 150), (150, 240), (240, 360), (360, 600), (600, 100_000))


def pct(value: float, decimals: int = 1) -> str:
    return format_number(100 * value, decimals) + "\u00a0%"


def points(value: float) -> str:
    return format_number(100 * value, 1) + "\u00a0points"


def hours(minutes: float) -> str:
    total = round(minutes)
    return f"{total // 60}\u00a0h\u00a0{total % 60:02d}"


def loaded(settings: ModelSettings, outcome: TrainOutcome) -> LoadedModel:
    plugin = discover()["report_modal"]
    estimator, metadata = artefacts.load(
        settings.model_dir, outcome.artefact.relative_path, outcome.artefact.sha256,
        plugin.trusted_types,
    )  # fmt: skip
    return LoadedModel(
        "report_modal", outcome.version, outcome.artefact.sha256, estimator, metadata
    )


def features(url: str) -> list[dict[str, Any]]:
    """Every city pair of the published warehouse (no filter)."""
    with psycopg.connect(url, row_factory=dict_row) as connection:
        return connection.execute(
            queries.PAIRS, {"country": None, "place": None, "day_only": False}
        ).fetchall()


def log_hours(minutes: curve.Minutes) -> np.ndarray[Any, np.dtype[np.float64]]:
    return np.log(curve.hours(minutes))


def log_time_cv_mae(rows: tuple[dict[str, Any], ...]) -> float:
    """Sensitivity check: the same curve on log(hours) instead of hours."""
    return curve.leave_one_pair_out(curve.observations(rows), log_hours).metrics["cv_mae"]


def per_pair_table(details: dict[str, Any]) -> list[list[str]]:
    by_pair: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in details["cross_validation"]:
        by_pair[row["pair"]].append(row)
    table = []
    for pair, rows in sorted(by_pair.items()):
        published = statistics.mean(r["rail_share"] for r in rows)
        predicted = statistics.mean(r["predicted"] for r in rows)
        error = statistics.mean(abs(r["predicted"] - r["rail_share"]) for r in rows)
        times = sorted({int(r["rail_time_min"]) for r in rows})
        table.append(
            [
                pair,
                str(len(rows)),
                ", ".join(hours(t) for t in times),
                pct(published, 0),
                pct(predicted, 0),
                points(error),
            ]
        )
    return table


def main() -> None:
    plugin = discover()["report_modal"]
    with (
        temporary_database("obrail_bench_model", template=loaded_template(DATA_DIR)) as url,
        tempfile.TemporaryDirectory() as directory,
    ):
        settings = ModelSettings(database_url=url, model_dir=Path(directory))
        first = train_model(settings, plugin, promote=True)
        second = train_model(settings, plugin)
        reproducible = (
            first.artefact.sha256 == second.artefact.sha256 and first.metrics == second.metrics
        )
        assert reproducible and not second.created, "training is not reproducible"
        model = loaded(settings, first)
        training = read_training_set(settings, plugin)
        rows = features(url)
    metrics = first.metrics
    details = model.metadata["details"]
    items = predict_rows(model, rows)
    inside = [i for i in items if i["prediction"]["extrapolation"] is None]
    shares = [i["prediction"]["rail_share"] for i in inside]
    widths = [i["prediction"]["high"] - i["prediction"]["low"] for i in inside]
    reasons: defaultdict[str, int] = defaultdict(int)
    for item in items:
        reasons[item["prediction"]["extrapolation"] or "inside"] += 1
    bands = []
    for low, high in TIME_BANDS:
        band = [i for i in items if low <= i["pair"]["rail_time_min"] < high]
        label = f"{hours(low)} – {hours(high)}" if high < 100_000 else f"{hours(low)} et plus"
        band_shares = [i["prediction"]["rail_share"] for i in band]
        bands.append(
            [
                label,
                str(len(band)),
                pct(statistics.median(band_shares), 0) if band else "–",
                str(sum(1 for i in band if i["prediction"]["extrapolation"] is None)),
            ]
        )
    busiest = sorted(inside, key=lambda i: -i["pair"]["weekly_departures"])[:12]
    examples = [
        [
            f"{i['pair']['place_a']} – {i['pair']['place_b']}",
            hours(i["pair"]["rail_time_min"]),
            format_number(i["pair"]["weekly_departures"], 0),
            pct(i["prediction"]["rail_share"], 0),
            f"{pct(i['prediction']['low'], 0)} – {pct(i['prediction']['high'], 0)}",
        ]
        for i in busiest
    ]
    log_mae = log_time_cv_mae(training.rows)
    curve_info = details["curve"]
    reference = details["drift_reference"]["rail_time_min"]
    figures = {
        "rows": Figure(metrics["rows"], "chiffres", "chiffres publiés (lignes d'entraînement)"),
        "pairs": Figure(metrics["pairs"], "paires", "paires de villes d'entraînement"),
        "publications": Figure(
            len({r["share_publication_id"] for r in training.rows}
                | {r["rail_time_publication_id"] for r in training.rows}),
            "publications", "publications citées",
        ),
        "cv_mae": Figure(100 * metrics["cv_mae"], "points", "erreur absolue moyenne, validation croisée par paire", 1),
        "cv_rmse": Figure(100 * metrics["cv_rmse"], "points", "écart quadratique moyen, validation croisée", 1),
        "cv_pair_mae": Figure(100 * metrics["cv_pair_mae"], "points", "erreur absolue moyenne par paire", 1),
        "baseline_cv_mae": Figure(100 * metrics["baseline_cv_mae"], "points", "erreur d'une part constante (moyenne), même validation", 1),
        "log_cv_mae": Figure(100 * log_mae, "points", "même courbe sur le logarithme du temps (contrôle)", 1),
        "train_mae": Figure(100 * metrics["train_mae"], "points", "erreur sur les données d'entraînement", 1),
        "interval_coverage": Figure(100 * metrics["cv_interval_coverage"], "%", "couverture de l'intervalle à 80 % en validation croisée", 0),
        "half_market_min": Figure(curve_info["half_market_rail_time_min"], "min", "temps de train où le train a la moitié du marché", 0),
        "pairs_predicted": Figure(len(items), "paires", "paires de villes prédites (train direct, 150 km ou plus)"),
        "pairs_in_domain": Figure(len(inside), "paires", "paires dans le domaine du modèle"),
        "median_share": Figure(100 * statistics.median(shares), "%", "part ferroviaire attendue médiane (domaine)", 0),
        "share_over_half": Figure(100 * sum(s >= 0.5 for s in shares) / len(shares), "%", "paires du domaine où le train aurait la majorité", 0),
        "median_interval_width": Figure(100 * statistics.median(widths), "points", "largeur médiane de l'intervalle (domaine)", 0),
    }  # fmt: skip
    tables = {
        "par_paire": Table(
            "Validation croisée (chaque paire prédite par une courbe ajustée sans elle)",
            ["paire", "chiffres", "temps publiés", "part publiée (moyenne)", "part prédite", "erreur"],
            per_pair_table(details),
        ),
        "distribution": Table(
            "Prédictions sur les paires de villes du miroir, par temps du train le plus rapide",
            ["temps de train", "paires", "part attendue médiane", "dans le domaine"],
            bands,
        ),
        "exemples": Table(
            "Paires les plus desservies du domaine : part ferroviaire attendue",
            ["paire", "train le plus rapide", "départs directs / semaine", "part attendue", "intervalle à 80 %"],
            examples,
        ),
    }  # fmt: skip
    path = write_results(
        "modele",
        title="Modèle de report modal : validation croisée et prédictions sur le miroir",
        command=".venv/bin/python -m bench.model",
        producer="bench/model.py",
        details="docs/modele/report-modal.md",
        figures=figures,
        tables=tables,
    )
    f = figures
    section = [
        BEGIN,
        "",
        f"Mesuré par `.venv/bin/python -m bench.model` (résultats : `{path.relative_to(CARD.parents[2])}`) "
        f"sur le miroir chargé (version des données `{model.metadata['data_version']}`), "
        f"artefact `{first.artefact.sha256[:16]}…` ; deux entraînements successifs donnent le même "
        f"artefact (même empreinte SHA-256) et les mêmes métriques.",
        "",
        f"- Données : **{int(f['rows'].value)} chiffres publiés** sur **{int(f['pairs'].value)} "
        f"paires de villes**, tirés de {int(f['publications'].value)} publications ; temps de "
        f"train de {hours(reference['min'])} à {hours(reference['max'])}.",
        f"- Courbe : logit(part) = {format_number(curve_info['intercept'], 2)} "
        f"{'−' if curve_info['slope_per_hour'] < 0 else '+'} "
        f"{format_number(abs(curve_info['slope_per_hour']), 2)} × heures ; le train a la moitié du "
        f"marché vers **{hours(curve_info['half_market_rail_time_min'])}** de trajet.",
        f"- Erreur en validation croisée (une paire laissée de côté) : **{points(metrics['cv_mae'])}** "
        f"d'erreur absolue moyenne sur la part ferroviaire (écart quadratique "
        f"{points(metrics['cv_rmse'])} ; par paire {points(metrics['cv_pair_mae'])} ; pire "
        f"chiffre {points(metrics['cv_max_abs_error'])}), contre {points(metrics['baseline_cv_mae'])} "
        f"pour une part constante égale à la moyenne. Sur les données d'entraînement : "
        f"{points(metrics['train_mae'])}.",
        f"- Contrôle : la même courbe sur le logarithme du temps donne {points(log_mae)} ; "
        "l'écart ne justifie pas une forme moins lisible.",
        f"- Intervalle à 80 % : ±{format_number(details['interval_half_width_logit'], 2)} sur "
        f"l'échelle logit ; il contient {pct(metrics['cv_interval_coverage'], 0)} des chiffres "
        "publiés en validation croisée.",
        f"- Prédictions : **{format_number(len(items), 0)} paires** de villes du miroir reliées "
        f"par un train direct (150 km ou plus) ; **{format_number(len(inside), 0)}** dans le "
        "domaine du modèle "
        f"(hors domaine : {reasons['below_training_range']} sous {hours(reference['min'])}, "
        f"{reasons['above_training_range']} au-delà de {hours(reference['max'])}, "
        f"{reasons['night_only']} reliées seulement par des trains de nuit). Dans le domaine, "
        f"part ferroviaire attendue médiane {pct(statistics.median(shares), 0)} ; le train aurait "
        f"la majorité sur {pct(sum(s >= 0.5 for s in shares) / len(shares), 0)} des paires ; "
        f"largeur médiane de l'intervalle {points(statistics.median(widths))}.",
        "",
        _markdown_table(tables["par_paire"]),
        "",
        _markdown_table(tables["distribution"]),
        "",
        _markdown_table(tables["exemples"]),
        "",
        END,
    ]
    text = CARD.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{CARD}: markers {BEGIN!r} … {END!r} not found")
    CARD.write_text(pattern.sub(lambda _m: "\n".join(section), text), encoding="utf-8")
    print("\n".join(section))


def _markdown_table(table: Table) -> str:
    lines = [
        f"*{table.title}*",
        "",
        "| " + " | ".join(table.columns) + " |",
        "|" + "---|" * len(table.columns),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
