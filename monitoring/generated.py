"""Files generated from code and committed (dashboards, rule files): write them, find the stale
ones, and the `python -m monitoring.<kind> [--check]` command both kinds share."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GeneratedFiles:
    """`rendered()`: every file's name and text as the code generates them now, for `directory`."""

    directory: Path
    rendered: Callable[[], dict[str, str]]

    def write_all(self, directory: Path | None = None) -> list[Path]:
        target = directory or self.directory
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self.rendered().items():
            path = target / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
        return written

    def stale(self, directory: Path | None = None) -> list[str]:
        """Names of the files that are missing or differ from the generator's output."""
        target = directory or self.directory
        return [
            name
            for name, text in self.rendered().items()
            if not (target / name).is_file() or (target / name).read_text(encoding="utf-8") != text
        ]

    def main(self, description: str, argv: list[str] | None = None) -> int:
        """Write the files, or with `--check` name the stale ones and exit 1."""
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument(
            "--check", action="store_true", help="fail when a committed file is stale"
        )
        args = parser.parse_args(argv)
        if args.check:
            outdated = self.stale()
            for name in outdated:
                sys.stderr.write(f"{self.directory / name} differs from its generator\n")
            return 1 if outdated else 0
        for path in self.write_all():
            sys.stdout.write(f"wrote {path}\n")
        return 0
