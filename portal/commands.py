"""`obrail portal`: serve the Streamlit portal. Imports no database driver, only HTTP to the API."""

from __future__ import annotations

import logging

from obrail.logs import configure_logging
from portal import context
from portal.server import STREAMLIT_OPTIONS, build_app
from portal.settings import PortalSettings

LOGGER = logging.getLogger("portal")


def serve(host: str, port: int) -> None:
    """Run the portal on HOST:PORT until interrupted (SIGINT/SIGTERM stop it cleanly)."""
    settings = PortalSettings()
    configure_logging("portal", settings.log_level)
    context.configure(settings)
    LOGGER.info("portal starting", extra={"host": host, "port": port, "api_url": settings.api_url})
    build_app().run(config={**STREAMLIT_OPTIONS, "server.address": host, "server.port": port})
