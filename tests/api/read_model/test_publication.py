"""The read model is rebuilt atomically with the data it is built from.

A publication replaces the published tables and rebuilds the read model in one transaction. The
tests publish two different networks in turn (the synthetic mirror, then the same without its
historical editions) and look at the warehouse from outside while they do:

* deterministically, in the middle of a rebuild (half the read model rebuilt, uncommitted): a
  reader sees the previous publication whole, through the views and through the running API,
  and never waits for the publisher;
* statistically, a reader looping on one consistency statement during several publications
  never finds the read model disagreeing with the data (counts of services, summaries, details,
  pre-aggregated counts and volumes, and the data version all from one publication).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from tests.api.conftest import api_role_url, api_settings
from tests.api.server import running_api
from tests.conftest import warehouse_settings
from warehouse import read_model
from warehouse.etl import locate_all
from warehouse.invariants import VolumeGuard
from warehouse.load import PublishResult, publish
from warehouse.pipeline import Harmonised, harmonise
from warehouse.runs import start_run
from warehouse.sources import catalogue

#: One statement (one snapshot): the data version and what each part of the read model counts.
CONSISTENCY = """
SELECT (SELECT data_version FROM api.data_version) AS version,
       (SELECT count(*) FROM api.trajets) AS trajets,
       (SELECT count(*) FROM api.service_rows) AS service_rows,
       (SELECT count(*) FROM api.service_summaries) AS summaries,
       (SELECT count(*) FROM api.service_details) AS details,
       (SELECT coalesce(sum(trajets), 0) FROM api.service_counts) AS counted_services,
       (SELECT count(*) FROM api.trajets WHERE counted_in_stats) AS in_stats,
       (SELECT coalesce(sum(trajets), 0) FROM api.volume_cells) AS in_cells"""


def observe(connection: psycopg.Connection[Any]) -> dict[str, Any]:
    cursor = connection.execute(CONSISTENCY)
    row = cursor.fetchone()
    assert row is not None and cursor.description is not None
    return dict(zip([column.name for column in cursor.description], row, strict=True))


def assert_consistent(seen: dict[str, Any]) -> None:
    assert seen["trajets"] == seen["service_rows"] == seen["summaries"] == seen["details"], seen
    assert seen["trajets"] == seen["counted_services"], seen
    assert seen["in_stats"] == seen["in_cells"], seen


def without_historical(full: Harmonised) -> Harmonised:
    """The same network without the past editions: fewer trajets, calls and links."""
    historical = {s.source_id for s in catalogue.ALL_SOURCES if not s.is_current}
    gone = {t.trajet_id for t in full.trajets if t.source_id in historical}
    assert gone, "the mirror must hold past editions"
    return dataclasses.replace(
        full,
        trajets=[
            t if t.duplicate_of not in gone else dataclasses.replace(t, duplicate_of=None)
            for t in full.trajets
            if t.trajet_id not in gone
        ],
        calls=[c for c in full.calls if c.trajet_id not in gone],
        links=[
            link
            for link in full.links
            if link.trajet_id not in gone and link.linked_trajet_id not in gone
        ],
    )


@pytest.fixture(scope="module")
def networks(synthetic_dir) -> tuple[Harmonised, Harmonised]:
    settings = warehouse_settings("postgresql://unused", synthetic_dir)
    full = harmonise(locate_all(settings), catalogue.TIMETABLES)
    return full, without_historical(full)


def publish_network(url: str, network: Harmonised) -> PublishResult:
    return publish(url, start_run(url), network, volume_guard=VolumeGuard(accept_drop=True))


@pytest.fixture
def api_base(clone_synthetic_db) -> Iterator[str]:
    with running_api(api_settings(api_role_url(clone_synthetic_db), cache_max_bytes=0)) as base:
        yield base


def test_a_half_rebuilt_read_model_is_invisible(
    clone_synthetic_db, networks, api_base, monkeypatch
):
    url = clone_synthetic_db
    smaller = networks[1]
    with psycopg.connect(url, autocommit=True) as reader:
        reader.execute("SET lock_timeout = '2s'")  # a reader must never wait for a publisher
        before = observe(reader)
        assert_consistent(before)
        api_before = httpx.get(f"{api_base}/trajets?source=all&page_size=1").json()
        seen_mid_rebuild: list[dict[str, Any]] = []
        api_mid_rebuild: list[dict[str, Any]] = []
        original = read_model.REBUILD

        def rebuild_with_a_look(connection: psycopg.Connection[Any]) -> None:
            half = len(original) // 2
            for statement in original[:half]:
                connection.execute(statement)
            seen_mid_rebuild.append(observe(reader))  # while the swap is not committed
            api_mid_rebuild.append(
                httpx.get(f"{api_base}/trajets?source=all&page_size=1", timeout=10).json()
            )
            for statement in original[half:]:
                connection.execute(statement)

        monkeypatch.setattr(read_model, "rebuild", rebuild_with_a_look)
        result = publish_network(url, smaller)
        after = observe(reader)

    assert seen_mid_rebuild == [before]
    assert api_mid_rebuild[0]["total"] == api_before["total"] == before["trajets"]
    assert api_mid_rebuild[0]["data_version"] == before["version"]
    assert_consistent(after)
    assert after["version"] == result.data_version != before["version"]
    assert after["trajets"] == len(smaller.trajets) < before["trajets"]


def test_a_reader_never_sees_a_read_model_from_another_publication(clone_synthetic_db, networks):
    url = clone_synthetic_db
    full, smaller = networks
    stop = threading.Event()
    observations: list[dict[str, Any]] = []
    failures: list[BaseException] = []

    def read_until_stopped() -> None:
        try:
            with psycopg.connect(url, autocommit=True) as reader:
                reader.execute("SET lock_timeout = '5s'")
                while not stop.is_set():
                    observations.append(observe(reader))
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    reader = threading.Thread(target=read_until_stopped)
    reader.start()
    versions = {}
    try:
        for network in (smaller, full, smaller, full):
            versions[publish_network(url, network).data_version] = len(network.trajets)
    finally:
        stop.set()
        reader.join(timeout=30)
    assert not failures, failures
    assert len(observations) > 20
    for seen in observations:
        assert_consistent(seen)
        if seen["version"] in versions:
            assert seen["trajets"] == versions[seen["version"]], seen
    assert {seen["version"] for seen in observations} & set(versions)
