"""`python -m monitoring.rules [--check]`: write (or check) the Prometheus rule files."""

from __future__ import annotations

from monitoring.rules import GENERATED

if __name__ == "__main__":
    raise SystemExit(GENERATED.main(__doc__ or ""))
