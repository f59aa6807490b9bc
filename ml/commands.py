"""`obrail model train|list|promote|rollback`: what the CLI runs (imports scikit-learn only when
training)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import typer

from ml import registry
from ml.plugin import ModelPlugin, discover
from ml.settings import ModelSettings
from obrail.settings import libpq_url

logger = logging.getLogger("obrail.model")

KEY_METRICS = ("cv_mae", "cv_rmse", "baseline_cv_mae", "cv_interval_coverage", "rows", "pairs")


def _plugin(name: str) -> ModelPlugin:
    plugins = discover()
    if name not in plugins:
        known = ", ".join(sorted(plugins)) or "none"
        raise typer.BadParameter(f"unknown model {name!r} (registered: {known})")
    return plugins[name]


def train(name: str | None, *, promote: bool) -> None:
    from ml.training import train_model

    settings = ModelSettings()
    names = [name] if name else sorted(discover())
    for model_name in names:
        outcome = train_model(settings, _plugin(model_name), promote=promote)
        state = "new version" if outcome.created else "identical to registered version"
        typer.echo(
            f"{outcome.model_name} version {outcome.version} ({state}); artefact "
            f"{outcome.artefact.relative_path} sha256 {outcome.artefact.sha256}"
            + ("; promoted" if outcome.promoted else "")
        )
        metrics = outcome.metrics
        typer.echo(
            "  "
            + ", ".join(
                f"{key}={metrics[key]:.4f}"
                if isinstance(metrics[key], float)
                else f"{key}={metrics[key]}"
                for key in KEY_METRICS
                if key in metrics
            )
        )


def list_versions(name: str | None) -> None:
    from ml.training import connect

    if name is not None:
        _plugin(name)
    with connect(ModelSettings()) as connection:
        records = registry.versions(connection, name)
    if not records:
        typer.echo("no model version registered (run `obrail model train`)")
        return
    typer.echo("model\tversion\tactive\ttrained_at\tdata_version\tcv_mae\tsha256")
    for r in records:
        cv_mae = r.metrics.get("cv_mae")
        typer.echo(
            f"{r.model_name}\t{r.version}\t{'*' if r.is_active else ''}\t"
            f"{r.trained_at:%Y-%m-%d %H:%M}\t{r.data_version or '-'}\t"
            f"{'-' if cv_mae is None else f'{cv_mae:.4f}'}\t{r.artefact_sha256[:12]}"
        )


def promote(name: str, version: int) -> None:
    from ml.training import connect

    _plugin(name)
    with connect(ModelSettings()) as connection, connection.transaction():
        previous = registry.promote(connection, name, version)
    typer.echo(f"{name}: version {version} is served (was {previous or 'none'})")


def rollback(name: str) -> None:
    from ml.training import connect

    _plugin(name)
    with connect(ModelSettings()) as connection, connection.transaction():
        current, target = registry.rollback(connection, name)
    typer.echo(f"{name}: back to version {target} (was {current})")


def serve_untrained(database_url: str, say: Callable[[str], None] = typer.echo) -> list[str]:
    """What `obrail up` runs once the data is published: every registered model that has no
    served version is trained on the warehouse and promoted, so that a new user sees its
    answers (the report_modal model takes seconds). A model already served is left alone
    (`obrail model train|promote|rollback` decide what changes it). A model that cannot be
    trained is logged and skipped: the product starts without it. Returns the models promoted."""
    from ml.training import connect, train_model

    settings = ModelSettings(database_url=libpq_url(database_url))
    promoted = []
    for name, plugin in sorted(discover().items()):
        with connect(settings) as connection:
            served = registry.active_version(connection, name)
        if served is not None:
            say(f"Model {name}: version {served} is served (`obrail model list`).")
            continue
        say(f"Model {name}: none served yet, training it on the published data…")
        started = time.perf_counter()
        try:
            outcome = train_model(settings, plugin, promote=True)
        except Exception:
            logger.exception("model not trained", extra={"model": name})
            say(f"Model {name}: training failed (see the log); the API serves no {name}.")
            continue
        seconds = time.perf_counter() - started
        logger.info(
            "model trained and promoted",
            extra={
                "model": name,
                "version": outcome.version,
                "duration_s": round(seconds, 2),
                "artefact": outcome.artefact.relative_path,
                "cv_mae": outcome.metrics.get("cv_mae"),
            },
        )
        say(
            f"Model {name}: version {outcome.version} trained in {seconds:.1f} s and promoted "
            f"(artefact {settings.model_dir / outcome.artefact.relative_path})."
        )
        promoted.append(name)
    return promoted
