"""Building blocks shared by the dashboards: datasources, queries and panel shapes.

Datasource uids match monitoring/grafana/provisioning/datasources/datasources.yml.
"""

from __future__ import annotations

from typing import Any

from grafana_foundation_sdk.builders import prometheus
from grafana_foundation_sdk.builders.loki import Dataquery as LokiQueryBuilder
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.cog import variants as cogvariants
from grafana_foundation_sdk.models import dashboard as model
from grafana_foundation_sdk.models.prometheus import PromQueryFormat

from monitoring import config

PROMETHEUS = model.DataSourceRef(type_val="prometheus", uid="prometheus")
LOKI = model.DataSourceRef(type_val="loki", uid="loki")
WAREHOUSE = model.DataSourceRef(type_val="grafana-postgresql-datasource", uid="warehouse")

#: The API's scrape job (monitoring/prometheus/prometheus.yml).
API = config.API


def promql(expr: str, legend: str = "__auto", ref_id: str = "A") -> prometheus.Dataquery:
    """A PromQL range query; `legend` is Grafana's legend template (e.g. "{{route}}")."""
    return prometheus.Dataquery().expr(expr).legend_format(legend).ref_id(ref_id).range()


def promql_table(expr: str, ref_id: str = "A") -> prometheus.Dataquery:
    """A PromQL instant query formatted as a table (one row per series)."""
    return (
        prometheus.Dataquery()
        .expr(expr)
        .ref_id(ref_id)
        .instant()
        .format(PromQueryFormat.TABLE)
        .legend_format("__auto")
    )


def logql(expr: str, ref_id: str = "A", max_lines: int | None = None) -> LokiQueryBuilder:
    query = LokiQueryBuilder().expr(expr).ref_id(ref_id).datasource(LOKI)
    return query.max_lines(max_lines) if max_lines else query


class SqlQuery(cogvariants.Dataquery):
    """A raw SQL query of Grafana's PostgreSQL datasource (the SDK has no builder for it)."""

    def __init__(self, raw_sql: str, ref_id: str, table_format: bool) -> None:
        self.raw_sql = raw_sql
        self.ref_id = ref_id
        self.table_format = table_format

    def to_json(self) -> dict[str, object]:
        return {
            "refId": self.ref_id,
            "datasource": WAREHOUSE.to_json(),
            "editorMode": "code",
            "rawQuery": True,
            "format": "table" if self.table_format else "time_series",
            "rawSql": self.raw_sql,
        }


class SqlQueryBuilder(cogbuilder.Builder[cogvariants.Dataquery]):
    def __init__(self, raw_sql: str, ref_id: str = "A", table_format: bool = True) -> None:
        self._internal = SqlQuery(raw_sql, ref_id, table_format)

    def build(self) -> cogvariants.Dataquery:
        return self._internal


def sql(raw_sql: str, ref_id: str = "A") -> SqlQueryBuilder:
    """A SQL query on the warehouse through the read-only BI role (table format)."""
    return SqlQueryBuilder(" ".join(raw_sql.split()), ref_id)


def thresholds(*steps: tuple[float | None, str]) -> Any:
    """Absolute thresholds: (None, base colour), then (value, colour) in increasing order."""
    from grafana_foundation_sdk.builders.dashboard import ThresholdsConfig

    return (
        ThresholdsConfig()
        .mode(model.ThresholdsMode.ABSOLUTE)
        .steps([model.Threshold(value=value, color=color) for value, color in steps])
    )


def value_texts(texts: dict[str, tuple[str, str]]) -> list[model.ValueMapping]:
    """Value mappings: raw value -> (displayed text, colour)."""
    options = {
        value: model.ValueMappingResult(text=text, color=color, index=index)
        for index, (value, (text, color)) in enumerate(texts.items())
    }
    return [model.ValueMap(options=options)]


SUCCESS_TEXTS = value_texts({"1": ("Succès", "green"), "0": ("Échec", "red")})
