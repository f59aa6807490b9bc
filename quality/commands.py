"""`obrail quality [--every N]`: validate the published warehouse, store and push the results.

Exit codes (single run): 0 every critical expectation is met, 1 at least one critical
expectation failed, 2 the validation could not run (database unreachable, ...). With
`--every N` it runs until SIGTERM/SIGINT, then exits 0.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from types import FrameType

from obrail.logs import configure_logging
from quality.settings import QualitySettings

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_CRITICAL_FAILURES = 1
EXIT_ERROR = 2


def run_quality(
    every_s: float | None = None,
    settings: QualitySettings | None = None,
    stop: threading.Event | None = None,
) -> int:
    settings = settings or QualitySettings()
    configure_logging("quality", settings.log_level)
    if every_s is None:
        return run_once(settings)
    stop = stop or threading.Event()
    _stop_on_signals(stop)
    while not stop.is_set():
        run_once(settings)
        stop.wait(every_s)
    return EXIT_OK


def run_once(settings: QualitySettings) -> int:
    from quality.checks import Target
    from quality.report import format_report
    from quality.service import run_validation

    try:
        report = run_validation(settings.require_sqlalchemy_url(), Target.published(), settings)
    except Exception as error:
        # One clear line (secrets masked by the log formatter); the traceback at DEBUG only.
        log.error("quality run failed", extra={"error": f"{type(error).__name__}: {error}"})
        log.debug("quality run failed", exc_info=True)
        return EXIT_ERROR
    sys.stdout.write(format_report(report) + "\n")
    sys.stdout.flush()
    return EXIT_OK if report.success else EXIT_CRITICAL_FAILURES


def _stop_on_signals(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        log.info("stopping the quality schedule", extra={"signal": signum})
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
