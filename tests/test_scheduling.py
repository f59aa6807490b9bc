"""The order in which `make test` hands out its work to the xdist workers."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import xdist_scope
from tests.support.scheduling import (
    DEFAULT_TEST_S,
    TEMPLATE_BUILD_S,
    load_durations,
    ordered_by_scope,
    queue_order,
    scope_durations,
)


def test_longest_first_and_scopes_without_the_template_while_it_is_built():
    durations = {"big-db": 200.0, "db": 90.0, "free-a": 40.0, "free-b": 30.0, "free-c": 20.0}
    scopes = ["free-c", "db", "free-a", "big-db", "free-b", "new"]
    counts = dict.fromkeys(scopes, 1) | {"new": 10}
    order = queue_order(scopes, counts, {"big-db", "db"}, durations)
    # big-db builds the template; free-a and free-b (70 s >= TEMPLATE_BUILD_S) run meanwhile.
    assert 40.0 < TEMPLATE_BUILD_S <= 70.0
    assert order == ["big-db", "free-a", "free-b", "db", "free-c", "new"]
    assert DEFAULT_TEST_S * 10 < 20.0  # a new scope counts per test


def test_without_any_template_scope_it_is_longest_first():
    order = queue_order(["a", "b", "c"], {"a": 1, "b": 1, "c": 1}, set(), {"b": 3.0, "c": 2.0})
    assert order == ["b", "c", "a"]


def test_items_keep_their_order_inside_a_scope():
    items = ["f1::a", "f2::a", "f1::b", "f2::b", "f3::a"]
    ordered = ordered_by_scope(
        items,
        lambda item: item.split("::")[0],
        lambda item: item.startswith("f3"),
        {"f1": 1.0, "f2": 5.0, "f3": 2.0},
    )
    assert ordered == ["f3::a", "f2::a", "f2::b", "f1::a", "f1::b"]


def test_inside_a_scope_the_tests_without_the_template_come_first_in_their_order():
    items = ["g::db1", "g::free1", "f::a", "g::db2", "g::free2"]
    ordered = ordered_by_scope(
        items,
        lambda item: item.split("::")[0],
        lambda item: "db" in item,
        {"g": 10.0, "f": 1.0},
    )
    assert ordered == ["g::free1", "g::free2", "g::db1", "g::db2", "f::a"]


def test_durations_are_summed_per_scope_from_a_junit_report(tmp_path: Path):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.quality.test_gate" name="test_a" time="1.5"/>'
        '<testcase classname="tests.quality.test_suites" name="test_b[x]" time="2.0"/>'
        '<testcase classname="tests.api.test_openapi" name="test_c" time="0.25"/>'
        "</testsuite></testsuites>"
    )
    assert scope_durations(junit, xdist_scope) == {
        "quality": 3.5,
        "tests/api/test_openapi.py": 0.2,
    }


def test_the_committed_durations_name_existing_scopes():
    root = Path(__file__).resolve().parents[1]
    for scope in load_durations():
        assert scope in {"quality", "browser"} or (root / scope).is_file(), scope
