"""bench.journeys reads a process's CPU time from /proc, as the benchmark counts it."""

from __future__ import annotations

import os
import time

from bench.journeys import Measure, cpu_seconds


def test_cpu_seconds_grow_with_work_and_not_with_sleep():
    pid = os.getpid()
    start = cpu_seconds(pid)
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        pass
    busy = cpu_seconds(pid)
    assert busy - start >= 0.2
    time.sleep(0.3)
    assert cpu_seconds(pid) - busy < 0.2


def test_a_measure_gives_cpu_per_request():
    measure = Measure(requests=4, api_cpu_s=0.2, db_cpu_s=0.6, wall_ms=[10.0, 30.0, 20.0, 40.0])
    assert (measure.api_ms, measure.db_ms, measure.cpu_ms) == (50.0, 150.0, 200.0)
    assert (measure.p50_ms, measure.max_ms) == (25.0, 40.0)
