"""Small helpers for the pure ASGI middlewares (no BaseHTTPMiddleware: it costs a task per request)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.types import Message, Scope, Send

from api.errors import PROBLEM_CONTENT_TYPE, ApiProblem, problem_body
from api.scope import request_state

Headers = list[tuple[bytes, bytes]]


def add_headers(message: Message, extra: Iterable[tuple[bytes, bytes]]) -> None:
    message["headers"] = [*message.get("headers", ()), *extra]


def wrap_start(send: Send, edit: Callable[[Message], None]) -> Send:
    """A `send` that lets `edit` change the response start message (status, headers)."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            edit(message)
        await send(message)

    return wrapped


async def send_bytes(
    send: Send, status: int, headers: Headers, body: bytes, *, with_body: bool = True
) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body if with_body else b""})


async def send_problem(scope: Scope, send: Send, problem: ApiProblem) -> None:
    state = request_state(scope)
    body = problem_body(
        problem.code, problem.detail, scope.get("path", ""), state.get("request_id"), problem.errors
    )
    headers: Headers = [(b"content-type", PROBLEM_CONTENT_TYPE.encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in problem.headers.items()]
    await send_bytes(send, problem.status, headers, body, with_body=scope.get("method") != "HEAD")
