"""The HTTP server around the app: uvicorn, with the answers it gives on its own under our control.

uvicorn answers some requests before the app sees them: a malformed request gets a bare
`400 Invalid HTTP request received.` (text/plain, none of the security headers), and its
httptools parser accepts request heads of any size (an 8 MB header was served). The protocol
class below is uvicorn's httptools protocol with two changes:

* a request head (request line + headers) larger than `max_head_bytes` is refused with 431
  as soon as that many bytes have arrived, before the parser buffers more;
* those refusals and the malformed-request 400 are problem+json bodies of the API's catalogue,
  with the same security headers as every app response, and close the connection.

What stays outside the app's control: a TLS or TCP-level failure (no HTTP answer at all), and
requests cut before their head ends (the server just closes after `timeout_keep_alive`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from api.errors import CATALOGUE, PROBLEM_CONTENT_TYPE, ErrorCode, problem_body
from api.middleware.security import API_CSP, BASE_HEADERS, HSTS
from api.settings import ApiSettings

#: Default limit of a request head: browsers send 1-4 kB; nginx's default buffers hold 8 kB.
MAX_HEAD_BYTES = 16 * 1024


def problem_response(code: ErrorCode, detail: str, *, hsts: bool = False) -> bytes:
    """A complete HTTP/1.1 response (status line, headers, problem+json body), then close."""
    status = CATALOGUE[code].status
    body = problem_body(code, detail, "", None)
    headers = [
        *BASE_HEADERS,
        *((HSTS,) if hsts else ()),
        (b"content-security-policy", API_CSP),
        (b"content-type", PROBLEM_CONTENT_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    return STATUS_LINE[status] + head + b"\r\n" + body


class BoundedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a bounded request head and our own error answers."""

    max_head_bytes = MAX_HEAD_BYTES
    hsts = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes = 0
        self._in_body = False

    def data_received(self, data: bytes) -> None:
        if not self._in_body:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._refuse(
                    ErrorCode.header_too_large,
                    f"The request line and headers exceed {self.max_head_bytes} bytes.",
                )
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_body = True
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_body = False

    def send_400_response(self, msg: str) -> None:
        self._refuse(ErrorCode.bad_request, "The HTTP request is malformed.")

    def _refuse(self, code: ErrorCode, detail: str) -> None:
        self.logger.warning("request refused by the HTTP server", extra={"code": code.value})
        if not self.transport.is_closing():
            self.transport.write(problem_response(code, detail, hsts=self.hsts))
            self.transport.close()


class WorkerHttpProtocol(BoundedHttpProtocol):
    """The protocol of each `obrail api --workers N` process, imported there by name: its
    limits come from that process's settings."""

    import_name = "api.http_server:WorkerHttpProtocol"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = _worker_settings()
        self.max_head_bytes = settings.max_header_bytes
        self.hsts = settings.hsts


@lru_cache(maxsize=1)
def _worker_settings() -> ApiSettings:
    return ApiSettings()


def protocol_class(max_head_bytes: int, hsts: bool) -> type[BoundedHttpProtocol]:
    return type(
        "ObrailHttpProtocol",
        (BoundedHttpProtocol,),
        {"max_head_bytes": max_head_bytes, "hsts": hsts},
    )


def server_config(app: Any, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration of `obrail api` (and of the tests' server)."""
    max_head_bytes = options.pop("max_head_bytes", MAX_HEAD_BYTES)
    hsts = options.pop("hsts", False)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol_class(max_head_bytes, hsts),
        log_config=None,  # keep our JSON logging
        access_log=False,  # the API writes its own access log (no raw client address)
        server_header=False,
        **options,
    )
