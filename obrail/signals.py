"""Stopping a service's schedule on SIGTERM (docker stop) or SIGINT, between two runs.

A signal handler may not set a `threading.Event`: the handler runs in the main thread, between
two bytecodes, possibly inside `Event.wait` while that thread holds the event's lock, and
`Event.set` takes the same lock: the process then hangs until killed (seen with
`obrail etl --every` in a test run; reproduced by tests/obrail/test_signals.py). `SignalStop`
takes no lock: setting it writes a byte to a pipe, which `wait` watches.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
from collections.abc import Iterator
from types import FrameType
from typing import Protocol


class Stop(Protocol):
    """What ends a schedule: a `threading.Event` (set by another thread), or a `SignalStop`."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class SignalStop:
    """A stop that a signal handler may set (see the module's docstring)."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._set = False

    def set(self) -> None:
        self._set = True
        with contextlib.suppress(BlockingIOError):  # the pipe is full of wake-ups: one is enough
            os.write(self._write, b"x")

    def is_set(self) -> bool:
        return self._set

    def wait(self, timeout: float | None = None) -> bool:
        """Until set or `timeout` seconds have passed; whether it is set."""
        if not self._set:
            select.select([self._read], [], [], None if timeout is None else max(timeout, 0.0))
        return self._set

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[SignalStop]:
    """A stop set by SIGTERM or SIGINT inside the block; the previous handlers are back after
    it (call it from the main thread, as `signal` requires)."""
    stop = SignalStop()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {signum: signal.signal(signum, _stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        stop.close()
