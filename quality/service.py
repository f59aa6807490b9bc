"""One validation as both entry points run it: validate, store the results, push the metrics."""

from __future__ import annotations

import logging

from quality.checks import Target
from quality.publish import push
from quality.results import RunReport
from quality.runner import RunOptions, validate
from quality.settings import QualitySettings
from quality.store import save_run

log = logging.getLogger(__name__)


def run_options(settings: QualitySettings) -> RunOptions:
    return RunOptions(
        sample_size=settings.quality_sample_size,
        etl_max_age_h=settings.quality_etl_max_age_h,
        volume_tolerance=settings.quality_volume_tolerance,
        model_max_publications_behind=settings.quality_model_max_publications,
    )


def run_validation(database_url: str, target: Target, settings: QualitySettings) -> RunReport:
    report = validate(database_url, target, run_options(settings))
    quality_run_id = save_run(database_url, report)
    if settings.pushgateway_url:
        push(report, settings.pushgateway_url, settings.quality_push_timeout_s)
    log.info(
        "quality results stored",
        extra={
            "quality_run_id": quality_run_id,
            "target": target.name.value,
            "critical_failures": report.critical_failures,
            "warning_failures": report.warning_failures,
        },
    )
    return report
