"""Ports for the servers the tests start (Prometheus, the API, the portal...).

A port is chosen below the kernel's ephemeral range (`net.ipv4.ip_local_port_range`, from 32768
by default), never in it: a port handed out from that range can become, before the server binds
it, the local port of any outgoing connection (a database client, an HTTP probe), and the server
then fails with "address already in use" (seen in CI: the live stack's API, tens of seconds after
its port was chosen). Each xdist worker draws from its own slice of the range, and a process
never hands out the same port twice."""

from __future__ import annotations

import itertools
import os
import random
import socket
from collections.abc import Iterator
from pathlib import Path

#: The lowest port handed out; the highest is just below the ephemeral range.
FIRST_PORT = 20_000
LOCAL_PORT_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")


def ephemeral_start(path: Path = LOCAL_PORT_RANGE) -> int:
    """The first port the kernel may give an outgoing connection (32768 if unknown)."""
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def worker_slice(worker: str, workers: int, first: int, end: int) -> range:
    """The ports of xdist worker `worker` ('gw0', 'gw1'... or '' outside xdist) among `workers`
    in [first, end)."""
    index = int(worker.removeprefix("gw")) if worker.startswith("gw") else 0
    size = (end - first) // max(workers, 1)
    return range(first + index * size, first + (index + 1) * size)


def _candidates() -> Iterator[int]:
    ports = worker_slice(
        os.environ.get("PYTEST_XDIST_WORKER", ""),
        int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")),
        FIRST_PORT,
        ephemeral_start(),
    )
    if not ports:  # an unusual ephemeral range: let the kernel choose, as a last resort
        return (_kernel_port() for _ in itertools.count())
    start = random.randrange(len(ports))  # another session on this machine starts elsewhere
    return itertools.chain(ports[start:], ports[:start])


def _kernel_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_ports: Iterator[int] | None = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now, outside the ephemeral range,
    never handed out before by this process."""
    global _ports
    if _ports is None:
        _ports = _candidates()
    for port in _ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port left below the ephemeral range for this test process")
