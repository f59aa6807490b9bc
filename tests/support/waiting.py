"""Waiting until something is true, with a deadline: one helper (tenacity) for every test and
benchmark that waits for a server, a process or a pushed metric."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_delay,
    wait_fixed,
)

T = TypeVar("T")

#: Errors that mean "not yet" (a server still starting, a file not written yet).
NOT_YET: tuple[type[BaseException], ...] = (httpx.HTTPError, OSError, ValueError, KeyError)


def wait_until[T](
    probe: Callable[[], T | None],
    timeout_s: float,
    what: str,
    interval_s: float = 0.2,
    not_yet: tuple[type[BaseException], ...] = NOT_YET,
) -> T:
    """Call `probe` until it returns something truthy and return that; a `not_yet` error counts
    as a falsy answer, any other error stops the wait at once. Raises TimeoutError naming `what`
    and the last answer after `timeout_s`."""
    retrying = Retrying(
        stop=stop_after_delay(timeout_s),
        wait=wait_fixed(interval_s),
        retry=retry_if_exception_type(not_yet) | retry_if_result(lambda answer: not answer),
    )
    try:
        answer: T = retrying(probe)  # type: ignore[assignment]  # truthy, so not None
    except RetryError as error:
        last = error.last_attempt
        last_answer = last.exception() if last.failed else last.result()
        raise TimeoutError(
            f"timed out after {timeout_s:.0f} s waiting for {what} (last answer: {last_answer!r})"
        ) from None
    return answer
