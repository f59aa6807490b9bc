"""`obrail api`: serve the API with uvicorn (one process; scale with more containers)."""

from __future__ import annotations

import sys

from prometheus_client import disable_created_metrics

from api.logs import install_access_log
from api.settings import ApiSettings
from obrail.logs import configure_logging


def serve(host: str, port: int) -> None:
    import uvicorn

    from api.app import create_app
    from api.http_server import server_config

    settings = ApiSettings()
    configure_logging("api", settings.log_level)
    install_access_log("api")
    try:
        settings.require_database_url()
    except RuntimeError as error:
        print(f"obrail api: {error}", file=sys.stderr)  # noqa: T201
        raise SystemExit(2) from error
    disable_created_metrics()  # type: ignore[no-untyped-call]
    config = server_config(
        create_app(settings),
        host,
        port,
        max_head_bytes=settings.max_header_bytes,
        hsts=settings.hsts,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        timeout_graceful_shutdown=10,
    )
    uvicorn.Server(config).run()
