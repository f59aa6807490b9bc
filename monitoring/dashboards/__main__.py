"""`python -m monitoring.dashboards [--check]`: write (or check) the Grafana dashboard JSON files."""

from __future__ import annotations

from monitoring.dashboards import GENERATED

if __name__ == "__main__":
    raise SystemExit(GENERATED.main(__doc__ or ""))
