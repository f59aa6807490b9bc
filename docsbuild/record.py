"""Record the results of a test run for the report: docs/resultats/tests.json.

    make test && make test-results
    # or: coverage json -o build/test-results/coverage.json && python3 -m docsbuild.record

Reads pytest's JUnit XML (counts, duration) and coverage.py's JSON report (statements covered,
overall and per top-level package, as `coverage report` counts them); the report quotes them
with placeholders. (The Cobertura XML is not used: with several source folders it loses the
top-level package of each file.)
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from docsbuild.results import Figure, Table, write_results

GATED_PACKAGES = ("api", "warehouse", "quality")


@dataclass(frozen=True)
class RunCounts:
    total: int
    failures: int
    errors: int
    skipped: int
    seconds: float

    @property
    def passed(self) -> int:
        return self.total - self.failures - self.errors - self.skipped


def count_tests(junit: Path) -> RunCounts:
    root = ET.parse(junit).getroot()  # noqa: S314 (our own file)
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    if not suites:
        raise ValueError(f"{junit}: no <testsuite>")
    return RunCounts(
        total=sum(int(suite.get("tests", 0)) for suite in suites),
        failures=sum(int(suite.get("failures", 0)) for suite in suites),
        errors=sum(int(suite.get("errors", 0)) for suite in suites),
        skipped=sum(int(suite.get("skipped", 0)) for suite in suites),
        seconds=sum(float(suite.get("time", 0)) for suite in suites),
    )


def line_coverage(coverage_json: Path) -> dict[str, tuple[int, int]]:
    """(covered, total) statements per top-level package of coverage.py's JSON report."""
    report = json.loads(coverage_json.read_text(encoding="utf-8"))
    per_package: dict[str, tuple[int, int]] = {}
    for filename, data in report["files"].items():
        package = Path(filename).parts[0]
        summary = data["summary"]
        before = per_package.get(package, (0, 0))
        per_package[package] = (
            before[0] + int(summary["covered_lines"]),
            before[1] + int(summary["num_statements"]),
        )
    return per_package


def percent(covered: int, total: int) -> float:
    return 100.0 * covered / total if total else 0.0


def record(junit: Path, coverage_json: Path, command: str) -> Path:
    counts = count_tests(junit)
    packages = line_coverage(coverage_json)
    gated = [packages.get(name, (0, 0)) for name in GATED_PACKAGES]
    gated_covered, gated_total = sum(c for c, _ in gated), sum(t for _, t in gated)
    all_covered = sum(c for c, _ in packages.values())
    all_total = sum(t for _, t in packages.values())
    return write_results(
        "tests",
        title="Tests et couverture (make test)",
        command=command,
        producer="docsbuild/record.py",
        details="docs/tests-et-couverture.md",
        figures={
            "total": Figure(counts.total, "tests", "tests exécutés"),
            "passed": Figure(counts.passed, "tests", "tests réussis"),
            "failed": Figure(counts.failures + counts.errors, "", "tests en échec ou en erreur"),
            "skipped": Figure(counts.skipped, "", "tests ignorés"),
            "minutes": Figure(counts.seconds / 60, "min", "durée de pytest", 1),
            "coverage_gated": Figure(
                percent(gated_covered, gated_total), "%", "couverture api/ warehouse/ quality/"
            ),
            "coverage_total": Figure(percent(all_covered, all_total), "%", "couverture totale"),
        },
        tables={
            "couverture": Table(
                "Couverture des lignes par paquet",
                ["paquet", "instructions", "couvertes", "couverture"],
                [
                    [f"`{name}/`", str(total), str(covered), f"{percent(covered, total):.0f} %"]
                    for name, (covered, total) in sorted(packages.items())
                    if total
                ],
            )
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m docsbuild.record", description=__doc__)
    parser.add_argument("--junit", type=Path, default=Path("build/test-results/junit.xml"))
    parser.add_argument("--coverage", type=Path, default=Path("build/test-results/coverage.json"))
    parser.add_argument("--command", default="make test && make test-results")
    args = parser.parse_args(argv)
    for path in (args.junit, args.coverage):
        if not path.exists():
            sys.stderr.write(f"{path} not found: run `make test` first\n")
            return 1
    written = record(args.junit, args.coverage, args.command)
    sys.stdout.write(f"{written}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
