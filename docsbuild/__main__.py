"""`python3 -m docsbuild [rapport|soutenance|tout] [--out DIR]`: build the report and/or slides."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from docsbuild import report, slides
from docsbuild.checks import problems
from docsbuild.figures import PlaceholderError
from docsbuild.paths import DEFAULT_OUT, repo_relative
from docsbuild.results import ResultsError
from docsbuild.tools import ToolError


def _shown(path: Path) -> str:
    try:
        return repo_relative(path)
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m docsbuild", description=__doc__)
    parser.add_argument(
        "what", nargs="?", choices=["rapport", "soutenance", "tout"], default="tout"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        found = problems()
        if found:
            sys.stderr.write("The documentation has problems:\n  " + "\n  ".join(found) + "\n")
            return 1
        outputs: list[Path] = []
        if args.what in {"rapport", "tout"}:
            built = report.build(args.out)
            outputs += [built.pdf, built.html]
        if args.what in {"soutenance", "tout"}:
            deck = slides.build(args.out)
            outputs += [deck.pdf, deck.html]
    except (ToolError, PlaceholderError, ResultsError) as error:
        sys.stderr.write(f"docs build failed: {error}\n")
        return 1
    for path in outputs:
        sys.stdout.write(f"{_shown(path)} ({path.stat().st_size // 1024} Kio)\n")
    sys.stdout.write(f"built in {time.perf_counter() - started:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
