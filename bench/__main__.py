"""Run every benchmark in turn (`make bench`); each writes its results into docs/.

.venv/bin/python -m bench            # all
.venv/bin/python -m bench etl api    # some
"""

from __future__ import annotations

import runpy
import sys

BENCHMARKS = ("etl", "quality", "api", "portal", "model", "answers")


def main(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            raise SystemExit(f"unknown benchmark {name!r}; choose among {', '.join(BENCHMARKS)}")
        print(f"== bench.{name}", flush=True)
        saved, sys.argv = sys.argv, [f"bench.{name}"]
        try:
            runpy.run_module(f"bench.{name}", run_name="__main__")
        finally:
            sys.argv = saved


if __name__ == "__main__":
    main(sys.argv[1:])
