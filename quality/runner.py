"""Runs the suites with Great Expectations 1.x on the warehouse's PostgreSQL.

One ephemeral GE context per run: a postgres datasource, one query asset per `Asset` (in the
target's schema), one GE suite per asset holding the checks of every suite on it, validated on
one batch of the asset.
GE's results are turned into `ExpectationOutcome`s by the check's stable name (kept in the
expectation's `meta`).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from quality.checks import Asset, Check, QueryTokens, Suite, Target
from quality.gx import PostgresDatasource, Validator, gx
from quality.results import ExpectationOutcome, RunReport, json_safe
from quality.suites import ALL_SUITES

log = logging.getLogger(__name__)

#: Expectation types that judge a whole table, not rows (no unexpected rows to count).
TABLE_LEVEL_TYPES = frozenset(
    {"expect_table_row_count_to_be_between", "expect_table_row_count_to_equal"}
)


@dataclass(frozen=True)
class RunOptions:
    """Tunables of one run (from QualitySettings)."""

    sample_size: int = 10
    etl_max_age_h: float = 192.0
    volume_tolerance: float = 0.3
    model_max_publications_behind: int = 3


def validate(
    database_url: str,
    target: Target,
    options: RunOptions | None = None,
    suites: Iterable[Suite] = ALL_SUITES,
    only: Collection[str] | None = None,
) -> RunReport:
    """Validate `target` with every applicable check (or only those named in `only`)."""
    options = options or RunOptions()
    started_at = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    selected = [
        (suite, check)
        for suite in suites
        for check in suite.applicable(target.name)
        if only is None or check.name in only
    ]
    plan = [(target, suite, check) for suite, check in selected]
    outcomes = _run(database_url, plan, options, target.name.value) if plan else []
    duration = time.perf_counter() - started
    log.info(
        "quality run finished",
        extra={
            "target": target.name.value,
            "expectations": len(outcomes),
            "failed": sum(not o.success for o in outcomes),
            "duration_s": round(duration, 3),
        },
    )
    return RunReport(target, started_at, duration, tuple(outcomes))


def validate_each(
    database_url: str,
    targets: Mapping[str, Target],
    options: RunOptions | None = None,
    suites: Iterable[Suite] = ALL_SUITES,
) -> dict[str, ExpectationOutcome]:
    """Each named check on its own target (e.g. one schema per injected fault in the tests),
    all in one Great Expectations run: one context, one datasource."""
    options = options or RunOptions()
    checks = {check.name: (suite, check) for suite in suites for check in suite.checks}
    unknown = sorted(set(targets) - set(checks))
    if unknown:
        raise ValueError(f"unknown checks {unknown}")
    plan = [(target, *checks[name]) for name, target in targets.items()]
    misplaced = [check.name for target, _suite, check in plan if target.name not in check.targets]
    if misplaced:
        raise ValueError(f"checks not applicable to their target: {misplaced}")
    outcomes = _run(database_url, plan, options, "each") if plan else []
    return {outcome.expectation: outcome for outcome in outcomes}


#: (target, suite, check): what one run validates.
Plan = list[tuple[Target, Suite, Check]]


def _run(database_url: str, plan: Plan, options: RunOptions, name: str) -> list[ExpectationOutcome]:
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = _no_progress_bars()
    # Temporary tables: each asset query is computed once, then every metric reads the table.
    datasource = PostgresDatasource(
        name="warehouse", connection_string=database_url, create_temp_table=True
    )
    # Every asset is declared before the datasource joins the context: added to a datasource
    # already in it, each asset and batch definition re-serialises the context's whole
    # configuration (the time grows with the square of the number of assets).
    validations = _validations(datasource, plan, options, name)
    datasource = context.data_sources.add_postgres(datasource)
    result_format = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": options.sample_size,
        "unexpected_index_column_names": ["row_key"],
    }
    parameters = {
        "volume_min_ratio": 1 - options.volume_tolerance,
        "volume_max_ratio": 1 + options.volume_tolerance,
        "model_max_publications_behind": options.model_max_publications_behind,
    }
    try:
        results = [
            Validator(batch_definition=batch, result_format=result_format)
            .validate_expectation_suite(ge_suite, parameters)
            .results
            for batch, ge_suite in validations
        ]
    finally:
        _dispose(datasource)
    return _outcomes(
        [r for suite_results in results for r in suite_results],
        [(suite, check) for _target, suite, check in plan],
        options.sample_size,
    )


def _validations(
    datasource: Any, plan: Plan, options: RunOptions, name: str
) -> list[tuple[Any, Any]]:
    """One query asset per (Asset, schema) and one GE suite holding every check on it (each
    expectation keeps its check and suite in its meta). The validations run without a
    checkpoint: a checkpoint stores every result in GE's results store, whose serialisation
    walks the Python stack for every decimal value (seconds per run, for nothing here)."""
    groups: dict[str, list[tuple[Suite, Check]]] = {}
    assets: dict[str, tuple[Asset, QueryTokens]] = {}
    for target, suite, check in plan:
        asset_name = _asset_name(check.asset, target, plan)
        groups.setdefault(asset_name, []).append((suite, check))
        assets[asset_name] = (check.asset, QueryTokens(target, options.etl_max_age_h))
    validations = []
    for asset_name, checks in groups.items():
        asset, tokens = assets[asset_name]
        batch = datasource.add_query_asset(
            name=asset_name, query=tokens.render(asset.query).strip()
        ).add_batch_definition_whole_table("whole")
        ge_suite = gx.ExpectationSuite(name=f"obrail-{name}:{asset_name}")
        for suite, check in checks:
            ge_suite.add_expectation(_expectation(suite.name, check, tokens))
        validations.append((batch, ge_suite))
    return validations


def _asset_name(asset: Asset, target: Target, plan: Plan) -> str:
    """The asset's name, qualified by its schema when the run spans several targets."""
    if len({t for t, _suite, _check in plan}) == 1:
        return asset.name
    return f"{asset.name}__{target.schema}"


def _outcomes(
    ge_results: list[Any], selected: list[tuple[Suite, Check]], sample_size: int
) -> list[ExpectationOutcome]:
    """GE's results back to our checks, by the name kept in each expectation's meta."""
    by_name = {check.name: (suite, check) for suite, check in selected}
    outcomes = {}
    for ge_result in ge_results:
        config = ge_result.expectation_config
        name = (config.meta or {}).get("check") if config else None
        if name in by_name:
            suite, check = by_name[name]
            outcomes[name] = _outcome(suite, check, ge_result, sample_size)
    missing = [check.name for _, check in selected if check.name not in outcomes]
    if missing:
        raise RuntimeError(f"Great Expectations returned no result for {missing}")
    return [outcomes[check.name] for _, check in selected]


def _expectation(suite_name: str, check: Check, tokens: QueryTokens) -> Any:
    kwargs = {
        key: tokens.render(value).strip() if isinstance(value, str) else value
        for key, value in check.kwargs.items()
    }
    return check.expectation(
        **kwargs,
        severity=check.severity.value,
        description=check.description,
        meta={"check": check.name, "suite": suite_name},
    )


def _outcome(suite: Suite, check: Check, ge_result: Any, sample_size: int) -> ExpectationOutcome:
    expectation_type = str(ge_result.expectation_config.type)
    result: dict[str, Any] = dict(ge_result.result or {})
    outcome = ExpectationOutcome(
        suite=suite.name,
        expectation=check.name,
        expectation_type=expectation_type,
        severity=check.severity,
        success=bool(ge_result.success),
        description=check.description,
    )
    error = _error(ge_result)
    if error:
        return replace(outcome, success=False, error=error, observed_value=error)
    if expectation_type in TABLE_LEVEL_TYPES:
        return replace(
            outcome,
            unexpected_count=0 if outcome.success else 1,
            observed_value=str(json_safe(result.get("observed_value"))),
        )
    element_count = _int_or_none(result.get("element_count"))
    unexpected = _int_or_none(result.get("unexpected_count"))
    if unexpected is None and element_count == 0:
        unexpected = 0  # GE says nothing about an empty asset: nothing failed
    checked = None
    if element_count is not None:
        checked = element_count - (_int_or_none(result.get("missing_count")) or 0)
    percent = result.get("unexpected_percent")
    return replace(
        outcome,
        element_count=element_count,
        unexpected_count=unexpected,
        unexpected_percent=float(percent) if percent is not None else None,
        observed_value=_conform_share(checked, unexpected),
        sample=_sample(result, sample_size),
    )


def _conform_share(checked: int | None, unexpected: int | None) -> str | None:
    """`99.71 % (214421/215038)`: share of checked rows (non-null values) that conform."""
    if checked is None or unexpected is None:
        return None
    if checked == 0:
        return "0/0"
    conform = checked - unexpected
    return f"{100 * conform / checked:.2f} % ({conform}/{checked})"


def _sample(result: dict[str, Any], size: int) -> list[dict[str, Any]]:
    rows = (result.get("details") or {}).get("unexpected_rows")
    if rows is None:
        rows = result.get("partial_unexpected_index_list")
    if rows is None:  # multicolumn expectations list the failing value combinations
        rows = [
            value if isinstance(value, dict) else {"value": value}
            for value in result.get("partial_unexpected_list") or []
        ]
    return [json_safe(dict(row)) for row in list(rows)[:size]]


def _error(ge_result: Any) -> str | None:
    info = ge_result.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "error")
    for value in info.values():  # per-metric errors are keyed by metric id
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "error")
    return None


def _int_or_none(value: Any) -> int | None:
    return int(value) if value is not None else None


def _no_progress_bars() -> Any:
    from great_expectations.data_context.types.base import ProgressBarsConfig

    return ProgressBarsConfig(globally=False, metric_calculations=False)


def _dispose(datasource: Any) -> None:
    """Close GE's connections now (a scheduled run must not keep them until garbage collection):
    the execution engine keeps one connection open for its temporary tables."""
    try:
        execution_engine = datasource.get_execution_engine()
        connection = getattr(execution_engine, "_connection", None)
        if connection is not None:
            connection.close()
        execution_engine.close()
        datasource.get_engine().dispose()
    except Exception:  # pragma: no cover - best effort cleanup
        log.debug("could not close the GE connections", exc_info=True)
