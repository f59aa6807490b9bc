"""`python -m monitoring.rules [--check]`: write (or check) the Prometheus rule files."""

from __future__ import annotations

import argparse
import sys

from monitoring.rules import RULES_DIR, stale, write_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when a committed file is stale")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale()
        for name in outdated:
            sys.stderr.write(f"{RULES_DIR / name} differs from its generator\n")
        return 1 if outdated else 0
    for path in write_all():
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
