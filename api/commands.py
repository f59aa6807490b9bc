"""`obrail api`: serve the API with uvicorn, in one process or `--workers N` processes.

Each worker is a whole API process: its own database pool, response cache, rate-limit buckets
and Prometheus metrics (docs/api/configuration.md, "Plusieurs processus"). One process per
container, and more containers, is what the deployment does (docs/livraison/kubernetes.md);
`--workers` serves a single machine's cores.
"""

from __future__ import annotations

import sys
from typing import Any

from prometheus_client import disable_created_metrics

from api.logs import install_access_log
from api.settings import ApiSettings
from obrail.logs import configure_logging


def _settings() -> ApiSettings:
    settings = ApiSettings()
    configure_logging("api", settings.log_level)
    install_access_log("api")
    try:
        settings.require_database_url()
    except RuntimeError as error:
        print(f"obrail api: {error}", file=sys.stderr)  # noqa: T201
        raise SystemExit(2) from error
    disable_created_metrics()  # type: ignore[no-untyped-call]
    return settings


def worker_app() -> Any:
    """The app of one worker process (`--workers`): its settings read in that process."""
    from api.app import create_app

    return create_app(_settings())


def serve(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from api.app import create_app
    from api.http_server import WorkerHttpProtocol, server_config

    settings = _settings()
    options: dict[str, Any] = {
        "max_head_bytes": settings.max_header_bytes,
        "hsts": settings.hsts,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "timeout_graceful_shutdown": 10,
    }
    if workers <= 1:
        uvicorn.Server(server_config(create_app(settings), host, port, **options)).run()
        return
    # Worker processes are started afresh (spawn): they import the app factory and the protocol
    # by name, and read the same OBRAIL_* settings from their environment.
    config = server_config(
        "api.commands:worker_app", host, port, factory=True, workers=workers, **options
    )
    config.http = WorkerHttpProtocol.import_name
    from uvicorn.supervisors import Multiprocess

    Multiprocess(config, sockets=[config.bind_socket()]).run()
