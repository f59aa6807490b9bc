"""The vocabulary of the suites: a check is one Great Expectations expectation with a stable
name, a severity and a French description, applied to one asset (a SQL query over the
warehouse) of one target (the published tables or the ETL's staging copy)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from psycopg import sql


class Severity(StrEnum):
    """critical: blocks publication in the ETL gate; warning: reported, never blocks."""

    critical = "critical"
    warning = "warning"


class TargetName(StrEnum):
    published = "published"
    staging = "staging"


BOTH_TARGETS = frozenset(TargetName)
PUBLISHED_ONLY = frozenset({TargetName.published})


@dataclass(frozen=True)
class Target:
    """What is validated: `published` (schema core) or `staging` (the ETL's copy, run under
    validation = `etl_run_id`)."""

    name: TargetName
    schema: str
    etl_run_id: int | None = None

    @classmethod
    def published(cls) -> Target:
        return cls(TargetName.published, "core")

    @classmethod
    def staging(cls, etl_run_id: int, schema: str = "staging") -> Target:
        return cls(TargetName.staging, schema, etl_run_id)

    def run_sql(self) -> sql.Composable:
        """SQL expression of the ETL run whose data is validated."""
        if self.etl_run_id is not None:
            return sql.Literal(int(self.etl_run_id))
        return sql.SQL("(SELECT run_id FROM core.publication)")


#: Tokens a query keeps until a run knows its target (`QueryTokens.render`); `{batch}` is GE's.
TOKENS = ("schema", "run", "etl_max_age_h", "batch")


def compose(template: str, **fragments: sql.Composable) -> str:
    """The SQL text of `template` with its `fragments` composed by psycopg (identifiers quoted,
    values as literals); the tokens (`TOKENS`) stay for the run to fill."""
    kept = {token: sql.SQL("{" + token + "}") for token in TOKENS}
    return sql.SQL(template).format(**kept, **fragments).as_string()


@dataclass(frozen=True)
class Asset:
    """A SQL query the expectations of a check run on. Its first column is `row_key` (the
    identifier shown in samples of failing rows). Tokens replaced before GE sees the query:
    `{schema}` (the target's schema), `{run}` (the ETL run under validation) and `{etl_max_age_h}`; `{batch}` is left for GE (the asset itself, in UnexpectedRows queries)."""

    name: str
    query: str


@dataclass(frozen=True)
class Check:
    """One expectation. `expectation` is a Great Expectations Expectation class, built with
    `kwargs` (strings there are rendered with the same tokens as asset queries)."""

    name: str
    severity: Severity
    asset: Asset
    expectation: type[Any]
    kwargs: Mapping[str, Any]
    description: str
    targets: frozenset[TargetName] = BOTH_TARGETS


@dataclass(frozen=True)
class Suite:
    """The checks of one subject (one module of quality.suites)."""

    name: str
    checks: tuple[Check, ...]

    def applicable(self, target: TargetName) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if target in check.targets)


@dataclass(frozen=True)
class QueryTokens:
    """Values substituted into asset queries and expectation arguments."""

    target: Target
    etl_max_age_h: float

    def render(self, text: str) -> str:
        """`text` with the target's schema (a quoted identifier), the run and the age bound (SQL
        literals) in place of their tokens, rendered by psycopg."""
        replacements: dict[str, sql.Composable] = {
            "{schema}": sql.Identifier(self.target.schema),
            "{run}": self.target.run_sql(),
            "{etl_max_age_h}": sql.Literal(float(self.etl_max_age_h)),
        }
        for token, value in replacements.items():
            text = text.replace(token, value.as_string())
        return text
