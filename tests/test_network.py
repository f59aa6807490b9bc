"""The ports the tests hand their servers (tests/support/network.py)."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

from tests.support import network


def test_each_worker_gets_its_own_slice_below_the_ephemeral_range() -> None:
    end = network.ephemeral_start()
    slices = [network.worker_slice(f"gw{i}", 3, network.FIRST_PORT, end) for i in range(3)]
    assert all(len(s) > 1000 for s in slices)
    assert slices[0].start == network.FIRST_PORT and slices[-1].stop <= end
    assert all(a.stop <= b.start for a, b in itertools.pairwise(slices))
    assert network.worker_slice("", 1, 20_000, 30_000) == range(20_000, 30_000)


def test_the_ephemeral_range_is_read_from_the_kernel(tmp_path: Path) -> None:
    setting = tmp_path / "ip_local_port_range"
    setting.write_text("40000\t60999\n")
    assert network.ephemeral_start(setting) == 40_000
    assert network.ephemeral_start(tmp_path / "missing") == 32_768


def test_free_ports_are_bindable_distinct_and_never_ephemeral() -> None:
    ports = [network.free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert all(network.FIRST_PORT <= port < network.ephemeral_start() for port in ports)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", ports[0]))  # nothing took it meanwhile
