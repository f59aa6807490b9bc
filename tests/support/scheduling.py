"""The order in which `make test` (`pytest -n 2 --dist loadgroup`) hands out its work.

A unit of work (a *scope*) is a test file, or a whole folder group (tests/conftest.py,
XDIST_GROUPS). Each worker takes the next scope of the queue when it runs dry, so the queue is
ordered for two workers that finish together:

- longest scopes first (their seconds in a recent `make test`, tests/durations.json), so that
  the last scopes handed out are short;
- right after the first scope that needs the real mirror's template (it builds it, about a
  minute, while any other worker needing it would wait on its lock), scopes that need no template
  for about as long: the other worker runs them meanwhile;
- inside a scope, the tests that need no template first (in their order): a scope that starts
  while the template is being built runs them before it waits on its lock.

`python -m tests.support.scheduling build/test-results/junit.xml` (`make test-durations`)
rewrites tests/durations.json from the JUnit report of a whole run.
"""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

TESTS_ROOT = Path(__file__).resolve().parents[1]
DURATIONS_FILE = TESTS_ROOT / "durations.json"
#: Seconds counted per test of a scope missing from the durations file (a new test file).
DEFAULT_TEST_S = 0.5
#: About what building the real mirror's template takes here (tests/support/database.py).
TEMPLATE_BUILD_S = 60.0


def load_durations(path: Path = DURATIONS_FILE) -> dict[str, float]:
    if not path.is_file():
        return {}
    return {str(scope): float(seconds) for scope, seconds in json.loads(path.read_text()).items()}


def queue_order(
    scopes: Sequence[str],
    counts: dict[str, int],
    needs_template: set[str],
    durations: dict[str, float],
) -> list[str]:
    """`scopes` in the order they should be handed out (see the module's docstring)."""

    def weight(scope: str) -> float:
        return durations.get(scope, DEFAULT_TEST_S * counts.get(scope, 1))

    longest_first = sorted(scopes, key=lambda scope: (-weight(scope), scopes.index(scope)))
    builder = next((s for s in longest_first if s in needs_template), None)
    if builder is None:
        return longest_first
    meanwhile: list[str] = []
    covered = 0.0
    for scope in longest_first:
        if covered >= TEMPLATE_BUILD_S:
            break
        if scope not in needs_template:
            meanwhile.append(scope)
            covered += weight(scope)
    rest = [s for s in longest_first if s != builder and s not in meanwhile]
    return [builder, *meanwhile, *rest]


def ordered_by_scope[T](
    items: Sequence[T],
    scope_of: Callable[[T], str],
    needs_template: Callable[[T], bool],
    durations: dict[str, float],
) -> list[T]:
    """`items` regrouped by scope in `queue_order`; inside each scope, those that need no
    template first, each half in its order."""
    scopes: list[str] = []
    counts: dict[str, int] = {}
    template: set[str] = set()
    placed = []
    for item in items:
        scope, needs = scope_of(item), needs_template(item)
        if scope not in counts:
            scopes.append(scope)
        counts[scope] = counts.get(scope, 0) + 1
        if needs:
            template.add(scope)
        placed.append((scope, needs, item))
    rank = {scope: i for i, scope in enumerate(queue_order(scopes, counts, template, durations))}
    # sorted() is stable: the order is kept inside each half of each scope.
    return [item for _, _, item in sorted(placed, key=lambda p: (rank[p[0]], p[1]))]


def scope_durations(junit: Path, scope_of: Callable[[str], str]) -> dict[str, float]:
    """Seconds per scope (setup, call and teardown of its tests) in a JUnit report."""
    totals: dict[str, float] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        scope = scope_of(f"{_test_file(case.get('classname', ''))}::{case.get('name', '')}")
        totals[scope] = totals.get(scope, 0.0) + float(case.get("time") or 0)
    return {scope: round(seconds, 1) for scope, seconds in sorted(totals.items())}


def _test_file(classname: str) -> str:
    """'tests.api.test_x' or 'tests.api.test_x.TestClass' -> 'tests/api/test_x.py'."""
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        path = "/".join(parts[:end]) + ".py"
        if (TESTS_ROOT.parent / path).is_file():
            return path
    return "/".join(parts) + ".py"


def main(argv: Iterable[str] | None = None) -> None:
    from tests.conftest import xdist_scope

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit", type=Path, help="JUnit report of a whole `make test` run")
    args = parser.parse_args(list(argv) if argv is not None else None)
    durations = scope_durations(args.junit, xdist_scope)
    DURATIONS_FILE.write_text(json.dumps(durations, indent=1) + "\n")
    print(f"{DURATIONS_FILE}: {len(durations)} scopes, {sum(durations.values()):.0f} s")


if __name__ == "__main__":
    main()
