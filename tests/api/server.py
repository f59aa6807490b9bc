"""Run the real API app with uvicorn on 127.0.0.1 and a free port, in a background thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.http_server import server_config
from api.settings import ApiSettings
from tests.support.waiting import wait_until

START_TIMEOUT_S = 15.0


def _import_anyio_submodules() -> None:
    """anyio imports its submodules on first use (`anyio._lazyimport`). anyio being a pytest
    plugin's package, pytest compiles each through its assertion rewriting, whose `ast.parse`
    is not thread-safe on CPython 3.11: the first static file the server thread served (anyio's
    file I/O) once failed with "AST constructor recursion depth mismatch" while the test's thread
    was compiling too. So they are all imported here, in the test's thread, before the server's."""
    for name in dir(anyio):
        if not name.startswith("_"):
            getattr(anyio, name)


@contextmanager
def running_api(settings: ApiSettings, app: FastAPI | None = None) -> Iterator[str]:
    """Yields the base URL (http://127.0.0.1:<port>) of a served `create_app(settings)` (or of
    `app`, built by the caller from the same settings)."""
    config = server_config(
        app if app is not None else create_app(settings),
        "127.0.0.1",
        0,
        max_head_bytes=settings.max_header_bytes,
        hsts=settings.hsts,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    _import_anyio_submodules()
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()

    def started() -> bool:
        if not thread.is_alive():
            raise RuntimeError("the API server stopped while starting")
        return bool(server.started)

    wait_until(started, START_TIMEOUT_S, "the API server to start", interval_s=0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
