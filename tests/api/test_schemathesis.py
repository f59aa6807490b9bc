"""Property-based run of schemathesis over the whole OpenAPI document of the running API.

Every operation, with generated valid and invalid parameters: no 5xx, and every response conforms
to the document (status codes, content types, headers, schemas). Bounded in time: a fixed number
of examples per operation.

One built-in check is replaced: `positive_data_acceptance` would flag any 422 on schema-valid
input, but four documented rules span what the JSON schema does not say (a minimum above its
maximum, free text without any letter or digit, a CSV export over the row limit, a NUL byte in
any text, which PostgreSQL cannot store). The replacement accepts a 422 on valid input only when
every error names one of those rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case, CheckContext, Response
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES
from schemathesis.transport.requests import ManagedCookiesSession

CROSS_PARAMETER_RULES = {
    "min_le_max",
    "searchable_text",
    "csv_max_rows",
    "no_nul_bytes",
    "max_depth",
}
EXAMPLES_PER_OPERATION = 30

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": EXAMPLES_PER_OPERATION},
        "checks": {
            "positive_data_acceptance": {"enabled": False},
            # 414 (query string too long) is a rejection too.
            "negative_data_rejection": {
                "expected-statuses": [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "414"]
            },
        },
    }
)


@schemathesis.check
def only_cross_parameter_rules_refuse_valid_input(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    rules = {error["rule"] for error in response.json().get("errors", [])}
    assert rules and rules <= CROSS_PARAMETER_RULES, f"valid input refused: {response.text}"
    return None


def _document() -> dict[str, object]:
    """The app's own OpenAPI document (built without a database; served identically)."""
    from api.app import create_app
    from api.settings import ApiSettings

    return create_app(ApiSettings(database_url=None)).openapi()


schema = schemathesis.openapi.from_dict(_document(), config=CONFIG)


@pytest.fixture(scope="module")
def http_session() -> Iterator[ManagedCookiesSession]:
    """One keep-alive connection for the ~2 000 requests instead of a new session, TCP connection
    and teardown for each (schemathesis' default). The kind of session schemathesis itself uses
    when given one to reuse: same-host redirects only, the response cookies dropped after every
    request, so each case is still sent as if from a new client."""
    with ManagedCookiesSession() as session:
        yield session


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure is reproducible, never flaky
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms(
    case: Case[Any], api_base: str, http_session: ManagedCookiesSession
) -> None:
    case.call_and_validate(base_url=api_base, session=http_session)
