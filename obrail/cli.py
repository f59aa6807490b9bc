"""`obrail`: one console command, one subcommand per job. Containers run these same commands.

Every subcommand imports its service lazily, so `obrail api` never imports Great Expectations
and `obrail portal` never imports the database drivers.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from obrail.errors import describe

log = logging.getLogger("obrail.cli")


class CleanErrors(TyperGroup):
    """Any error a subcommand does not handle ends the command with one clear line on standard
    error and exit code 1, never a traceback (nor a password)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, SystemExit):
            raise
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as error:
            log.debug("command failed", exc_info=True)
            command = " ".join(filter(None, ("obrail", ctx.invoked_subcommand)))
            typer.echo(f"{command}: {describe(error)}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=CleanErrors,
    help="ObRail Observatory: European day and night trains, from open data to portal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(
    help="Warehouse database: migrations, roles, backup and restore.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
model_app = typer.Typer(
    help="Models: train a versioned artefact, list versions, promote or roll back what the API "
    "serves.",
    no_args_is_help=True,
)
app.add_typer(model_app, name="model")

HostOption = Annotated[str, typer.Option(help="Interface to listen on.")]
PortOption = Annotated[int, typer.Option(help="TCP port to listen on.", min=1, max=65535)]


def _version_callback(value: bool) -> None:
    if value:
        from obrail import __version__

        typer.echo(__version__)
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """ObRail Observatory. Settings come from OBRAIL_* environment variables (see docs)."""


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply the Alembic migrations up to REVISION (default: head) with the owner role."""
    from warehouse import commands

    commands.db_upgrade(revision)


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
) -> None:
    """Revert the Alembic migrations down to REVISION."""
    from warehouse import commands

    commands.db_downgrade(revision)


@db_app.command("current")
def db_current() -> None:
    """Print the revision the database is at."""
    from warehouse import commands

    typer.echo(commands.db_current() or "(empty database)")


@db_app.command("roles")
def db_roles() -> None:
    """Let the read-only roles obrail_api and obrail_bi log in, with passwords from settings."""
    from warehouse import commands

    commands.db_roles()


@db_app.command("backup")
def db_backup(
    output: Annotated[Path, typer.Argument(help="Dump file to write (pg_dump custom format).")],
) -> None:
    """Write a consistent backup of the warehouse with pg_dump."""
    from warehouse import commands

    commands.db_backup(output)


@db_app.command("restore")
def db_restore(
    dump: Annotated[Path, typer.Argument(help="Dump file written by `obrail db backup`.")],
) -> None:
    """Replace the warehouse's content with a backup (pg_restore --clean)."""
    from warehouse import commands

    commands.db_restore(dump)


ModelName = Annotated[str, typer.Argument(help="Model name, e.g. report_modal.")]


@model_app.command("train")
def model_train(
    name: Annotated[
        str | None, typer.Argument(help="Model to train (default: every registered model).")
    ] = None,
    promote: Annotated[
        bool, typer.Option("--promote", help="Serve the trained version right away.")
    ] = False,
) -> None:
    """Train from the published warehouse, write the artefact to OBRAIL_MODEL_DIR and register
    it (same data and code: same artefact, same version)."""
    from ml import commands

    commands.train(name, promote=promote)


@model_app.command("list")
def model_list(
    name: Annotated[str | None, typer.Argument(help="Only this model.")] = None,
) -> None:
    """List the registered versions (* = served by the API)."""
    from ml import commands

    commands.list_versions(name)


@model_app.command("promote")
def model_promote(
    name: ModelName,
    version: Annotated[int, typer.Argument(help="Version to serve.", min=1)],
) -> None:
    """Serve VERSION of model NAME (the API switches without restart)."""
    from ml import commands

    commands.promote(name, version)


@model_app.command("rollback")
def model_rollback(name: ModelName) -> None:
    """Serve again the version that was served before the current one."""
    from ml import commands

    commands.rollback(name)


@app.command("etl")
def etl(
    every: Annotated[
        int | None,
        typer.Option(
            help="Keep running: load again whenever the last successful run is N seconds old.",
            min=60,
        ),
    ] = None,
    accept_volume_drop: Annotated[
        bool,
        typer.Option(
            "--accept-volume-drop",
            help="Publish even if a source lost more trips or calls than OBRAIL_ETL_MAX_VOLUME_DROP "
            "allows against the published run (a legitimate drop; this run only).",
        ),
    ] = False,
) -> None:
    """Load the open data (mirror in OBRAIL_DATA_DIR, else download), validate it in a staging
    schema and publish it atomically; prints rows read/loaded/rejected per source."""
    if every is not None:
        if accept_volume_drop:
            raise typer.BadParameter("only for a single run, not with --every")
        from warehouse import schedule

        raise typer.Exit(schedule.run_etl_every(every))
    from warehouse import commands

    raise typer.Exit(commands.run_etl(accept_volume_drop=accept_volume_drop))


@app.command("quality")
def quality(
    every: Annotated[
        int | None,
        typer.Option(help="Run again every N seconds (default: once).", min=10),
    ] = None,
) -> None:
    """Validate the published warehouse with the Great Expectations suites and publish metrics."""
    from quality import commands

    raise typer.Exit(commands.run_quality(every_s=every))


WorkersOption = Annotated[
    int,
    typer.Option(
        min=1,
        max=64,
        help="API processes (each with its own pool, cache, rate limits and metrics).",
    ),
]


@app.command("api")
def api(
    host: HostOption = "127.0.0.1", port: PortOption = 8000, workers: WorkersOption = 1
) -> None:
    """Serve the HTTP API (FastAPI) on HOST:PORT."""
    from api import commands

    commands.serve(host=host, port=port, workers=workers)


@app.command("portal")
def portal(host: HostOption = "127.0.0.1", port: PortOption = 8501) -> None:
    """Serve the Streamlit portal on HOST:PORT (it talks only to OBRAIL_API_URL)."""
    from portal import commands

    commands.serve(host=host, port=port)


@app.command("metabase")
def metabase() -> None:
    """Provision Metabase (admin, warehouse with the read-only BI role, saved questions,
    dashboard) through its REST API; safe to run again (idempotent)."""
    from monitoring.metabase import commands

    raise typer.Exit(commands.provision_metabase())


@app.command("portal-key")
def portal_key(
    file: Annotated[Path, typer.Argument(help="File to hold the key (kept if it exists).")],
) -> None:
    """Write a random API key for the portal into FILE unless it already holds one (compose's
    init step); the API (OBRAIL_PORTAL_API_KEY_FILE) and the portal (OBRAIL_API_KEY_FILE) read it."""
    from obrail.keys import ensure_key_file

    created = ensure_key_file(file)
    typer.echo(f"portal key {'written to' if created else 'kept in'} {file}")


@app.command("up")
def up(
    host: HostOption = "127.0.0.1",
    api_port: Annotated[int, typer.Option(help="Port of the API.")] = 8000,
    portal_port: Annotated[int, typer.Option(help="Port of the portal.")] = 8501,
    reload_data: Annotated[
        bool, typer.Option("--reload-data", help="Run the ETL even when data is already loaded.")
    ] = False,
) -> None:
    """Everything on one machine: database (embedded if OBRAIL_DATABASE_URL is unset), migrations,
    data, models (each one not served yet is trained and promoted), API and portal. Prints the
    portal URL and runs until interrupted."""
    from ml import commands as models
    from warehouse import up as up_module

    up_module.run(
        host=host,
        api_port=api_port,
        portal_port=portal_port,
        reload_data=reload_data,
        preparations=[models.serve_untrained],
    )


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
