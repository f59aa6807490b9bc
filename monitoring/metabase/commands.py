"""`obrail metabase`: provision Metabase from the environment's settings and the SQL files."""

from __future__ import annotations

import logging
import sys

import httpx
from pydantic import ValidationError

from monitoring.metabase.client import MetabaseClient, MetabaseError
from monitoring.metabase.provisioning import provision
from monitoring.metabase.questions import QuestionFileError, load_questions
from monitoring.metabase.settings import MetabaseSettings
from obrail.logs import configure_logging

log = logging.getLogger(__name__)


def provision_metabase(settings: MetabaseSettings | None = None) -> int:
    """Run the provisioning; returns the process exit code (0 ok, 1 Metabase error, 2 settings)."""
    try:
        settings = settings or MetabaseSettings()
    except ValidationError as error:
        sys.stderr.write(f"obrail metabase: invalid settings:\n{error}\n")
        return 2
    configure_logging("metabase-provisioning", settings.log_level)
    try:
        questions = load_questions()
        with httpx.Client(
            base_url=settings.metabase_url, timeout=settings.metabase_timeout_s
        ) as http:
            report = provision(settings, MetabaseClient(http), questions)
    except (MetabaseError, QuestionFileError) as error:
        log.error("metabase provisioning failed", extra={"error": str(error)})
        sys.stderr.write(f"obrail metabase: {error}\n")
        return 1
    for line in report.lines():
        sys.stdout.write(line + "\n")
    log.info(
        "metabase provisioned",
        extra={"objects_created": len(report.created), "objects_updated": len(report.updated)},
    )
    return 0
