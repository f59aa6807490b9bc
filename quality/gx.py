"""The one door to Great Expectations: every quality module imports GE from here.

GE reads `GX_ANALYTICS_ENABLED` when it is first imported, so it is set before that import
(telemetry off: this service never phones home). Its chatty INFO logs are silenced. Importing this module costs 3-6 s and
~250 MB: only `obrail quality` and the ETL's gate do it, never the API or the portal.
The expectation classes the suites use are imported from their defining modules (GE's
package re-exports are implicit, which mypy strict does not follow).
"""

from __future__ import annotations

import logging
import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
from great_expectations.datasource.fluent.postgres_datasource import PostgresDatasource
from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_be_unique import (
    ExpectColumnValuesToBeUnique,
)
from great_expectations.expectations.core.expect_column_values_to_match_regex import (
    ExpectColumnValuesToMatchRegex,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.core.expect_compound_columns_to_be_unique import (
    ExpectCompoundColumnsToBeUnique,
)
from great_expectations.expectations.core.expect_table_row_count_to_be_between import (
    ExpectTableRowCountToBeBetween,
)
from great_expectations.expectations.core.unexpected_rows_expectation import (
    UnexpectedRowsExpectation,
)
from great_expectations.expectations.row_conditions import Column
from great_expectations.validator.v1_validator import Validator

#: GE logs every metric at INFO (one module even forces INFO on its own logger); its warnings
#: and errors are what an operator needs.
for _name in ("great_expectations", "great_expectations.data_context.types.base"):
    logging.getLogger(_name).setLevel(logging.WARNING)

__all__ = [
    "Column",
    "ExpectColumnValuesToBeBetween",
    "ExpectColumnValuesToBeInSet",
    "ExpectColumnValuesToBeUnique",
    "ExpectColumnValuesToMatchRegex",
    "ExpectColumnValuesToNotBeNull",
    "ExpectCompoundColumnsToBeUnique",
    "ExpectTableRowCountToBeBetween",
    "PostgresDatasource",
    "UnexpectedRowsExpectation",
    "Validator",
    "gx",
]
