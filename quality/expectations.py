"""Our one custom expectation: GE's UnexpectedRowsExpectation, reporting like a column map
expectation (rows checked, unexpected count and share, a sample of the failing rows) whatever
the result format, so relational rules (joins, pairs of rows) read like the others."""

from __future__ import annotations

from typing import Any, ClassVar

from quality.gx import UnexpectedRowsExpectation

#: Rows of a failing query kept as examples when the result format does not say.
DEFAULT_SAMPLE_SIZE = 10


class ExpectNoUnexpectedRows(UnexpectedRowsExpectation):
    """Fails when `unexpected_rows_query` returns rows; `element_count` is the asset's row count.

    Queries that join other tables alias the asset themselves (`FROM {batch} AS b JOIN ...`);
    queries without a join refer to its columns unqualified.
    """

    metric_dependencies: ClassVar[tuple[str, ...]] = (
        "unexpected_rows_query.table",
        "unexpected_rows_query.row_count",
        "table.row_count",
    )

    def _validate(
        self,
        metrics: dict[str, Any],
        runtime_configuration: dict[str, Any] | None = None,
        execution_engine: Any = None,
    ) -> dict[str, Any]:
        unexpected = int(metrics["unexpected_rows_query.row_count"])
        checked = int(metrics["table.row_count"])
        result_format = self._get_result_format(runtime_configuration=runtime_configuration)
        sample_size = DEFAULT_SAMPLE_SIZE
        if isinstance(result_format, dict):
            configured = result_format.get("partial_unexpected_count")
            if isinstance(configured, int) and configured > 0:
                sample_size = configured
        rows = list(metrics["unexpected_rows_query.table"])[:sample_size]
        return {
            "success": unexpected == 0,
            "result": {
                "observed_value": unexpected,
                "element_count": checked,
                "unexpected_count": unexpected,
                "unexpected_percent": 100.0 * unexpected / checked if checked else 0.0,
                "details": {"unexpected_rows": rows},
            },
        }
