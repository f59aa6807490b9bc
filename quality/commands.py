"""`obrail quality [--every N]`: validate the published warehouse, store and push the results.

Exit codes (single run): 0 every critical expectation is met, 1 at least one critical
expectation failed, 2 the validation could not run (database unreachable, ...). With
`--every N` it runs until SIGTERM/SIGINT, then exits 0.
"""

from __future__ import annotations

import contextlib
import logging
import sys

from obrail.logs import configure_logging
from obrail.signals import Stop, stopped_by_signals
from quality.settings import QualitySettings

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_CRITICAL_FAILURES = 1
EXIT_ERROR = 2


def run_quality(
    every_s: float | None = None,
    settings: QualitySettings | None = None,
    stop: Stop | None = None,
) -> int:
    """One validation, or with `every_s` one every `every_s` seconds until `stop` is set (by
    default: until SIGTERM or SIGINT)."""
    settings = settings or QualitySettings()
    configure_logging("quality", settings.log_level)
    if every_s is None:
        return run_once(settings)
    with contextlib.nullcontext(stop) if stop is not None else stopped_by_signals() as until:
        while not until.is_set():
            run_once(settings)
            until.wait(every_s)
    log.info("quality schedule stopped")
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
