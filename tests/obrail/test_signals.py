"""The stop of the services' schedules (`obrail etl --every`, `obrail quality --every`): set by
SIGTERM or SIGINT at any instant, it always ends the wait."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

from obrail.signals import stopped_by_signals

#: Sets a stop from a signal handler at a random instant, many times over, while the main thread
#: waits on it in short slices (most of its time inside the stop's `wait`): a stop whose `set`
#: takes a lock that `wait` holds deadlocks within seconds. Prints "done" when every round ended.
SIGNAL_RACE = """
import random, signal, sys, threading
from obrail.signals import SignalStop
kind = sys.argv[1]
current = None
signal.signal(signal.SIGALRM, lambda signum, frame: current.set())
for _ in range(int(sys.argv[2])):
    current = SignalStop() if kind == "signal_stop" else threading.Event()
    signal.setitimer(signal.ITIMER_REAL, random.uniform(0.00005, 0.0005))
    while not current.is_set():
        current.wait(0.00002)
    if kind == "signal_stop":
        current.close()
print("done")
"""


def _signal_race(kind: str, rounds: int, timeout_s: float) -> str | None:
    """The output of SIGNAL_RACE, or None when it hung for `timeout_s`."""
    try:
        completed = subprocess.run(
            [sys.executable, "-c", SIGNAL_RACE, kind, str(rounds)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
    except subprocess.TimeoutExpired:
        return None
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_a_signal_always_stops_the_wait():
    """SignalStop set from a signal handler: 5 000 stops at random instants, none hangs. The
    same race hangs a threading.Event (checked below)."""
    assert _signal_race("signal_stop", 5000, 60) == "done"


def test_the_race_hangs_a_threading_event():
    """What SignalStop avoids, shown on the same harness (so that the harness does catch it):
    Event.set from a handler that interrupted Event.wait while it held the event's lock. Here
    it hung within the first 100 rounds every time; 2 000 rounds of SignalStop take about a
    second."""
    assert _signal_race("event", 2000, 5) is None


def test_sigterm_sets_the_stop_and_the_previous_handlers_come_back():
    assert threading.current_thread() is threading.main_thread()
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with stopped_by_signals() as stop:
        assert not stop.is_set() and stop.wait(0.01) is False
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5) is True and stop.is_set()
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
