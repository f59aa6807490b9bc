"""`obrail metabase` against a fake Metabase at the HTTP boundary (Metabase cannot run here):
the calls it makes, what it creates, and that a second run creates nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from typer.testing import CliRunner

from monitoring.metabase.client import MetabaseClient, MetabaseError
from monitoring.metabase.provisioning import GRID_WIDTH, provision
from monitoring.metabase.questions import load_questions
from monitoring.metabase.settings import MetabaseSettings
from obrail.cli import app
from tests.monitoring.metabase.fake_metabase import FakeMetabase
from tests.support.network import free_port

QUESTIONS = load_questions()
ENV = {
    "OBRAIL_METABASE_ADMIN_EMAIL": "ops@obrail.test",
    "OBRAIL_METABASE_ADMIN_PASSWORD": "a-long-admin-secret",
    "OBRAIL_BI_ROLE_PASSWORD": "bi-secret",
    "OBRAIL_METABASE_WAREHOUSE_URL": "postgresql://obrail_bi@postgres:5432/obrail",
    "OBRAIL_METABASE_WAIT_S": "5",
}


@pytest.fixture
def metabase() -> Iterator[FakeMetabase]:
    with FakeMetabase() as fake:
        yield fake


def run_cli(metabase_url: str, **overrides: str):
    return CliRunner().invoke(
        app, ["metabase"], env={**ENV, "OBRAIL_METABASE_URL": metabase_url, **overrides}
    )


def settings_for(metabase: FakeMetabase, **overrides) -> MetabaseSettings:
    values = {
        "metabase_url": metabase.url,
        "metabase_admin_email": "ops@obrail.test",
        "metabase_admin_password": "a-long-admin-secret",
        "bi_role_password": "bi-secret",
        **overrides,
    }
    return MetabaseSettings(**values)


def provision_with(metabase: FakeMetabase, questions=QUESTIONS, sleep=lambda s: None, **overrides):
    settings = settings_for(metabase, **overrides)
    with httpx.Client(base_url=settings.metabase_url) as http:
        return provision(settings, MetabaseClient(http), questions, sleep=sleep)


def test_first_run_sets_up_admin_warehouse_collection_questions_and_dashboard(metabase):
    result = run_cli(metabase.url)
    assert result.exit_code == 0, result.output
    state = metabase.state

    assert state.admin == {
        "email": "ops@obrail.test",
        "password": "a-long-admin-secret",
        "first_name": "ObRail",
        "last_name": "Administration",
        "site_name": "ObRail Observatory",
    }
    assert state.prefs == {
        "site_name": "ObRail Observatory",
        "site_locale": "fr",
        "allow_tracking": False,
    }

    (database,) = state.databases.values()
    assert database["engine"] == "postgres"
    assert database["name"] == "Entrepôt ObRail"
    assert database["details"] == {
        "host": "postgres",
        "port": 5432,
        "dbname": "obrail",
        "user": "obrail_bi",
        "password": "bi-secret",
        "ssl": False,
        "schema-filters-type": "inclusion",
        "schema-filters-patterns": "api",
        "tunnel-enabled": False,
        "advanced-options": False,
    }

    (collection,) = state.collections.values()
    assert collection["name"] == "ObRail Observatory"
    cards = sorted(state.cards.values(), key=lambda card: card["id"])
    assert [card["name"] for card in cards] == [q.title for q in QUESTIONS]
    for card, question in zip(cards, QUESTIONS, strict=True):
        assert card["collection_id"] == collection["id"]
        assert card["display"] == question.display
        assert card["description"] == question.description
        assert card["dataset_query"] == {
            "type": "native",
            "database": database["id"],
            "native": {"query": question.sql, "template-tags": {}},
        }

    (dashboard,) = state.dashboards.values()
    assert dashboard["collection_id"] == collection["id"]
    assert sorted(d["card_id"] for d in dashboard["dashcards"]) == [card["id"] for card in cards]
    assert f"created: dashboard {dashboard['name']}" in result.output


def test_the_dashboard_layout_fits_the_grid_without_overlap(metabase):
    provision_with(metabase)
    (dashboard,) = metabase.state.dashboards.values()
    cells: set[tuple[int, int]] = set()
    for dashcard in dashboard["dashcards"]:
        assert dashcard["col"] >= 0 and dashcard["col"] + dashcard["size_x"] <= GRID_WIDTH
        covered = {
            (dashcard["row"] + r, dashcard["col"] + c)
            for r in range(dashcard["size_y"])
            for c in range(dashcard["size_x"])
        }
        assert not covered & cells
        cells |= covered


def test_a_second_run_creates_nothing_and_changes_nothing_but_the_password(metabase):
    assert run_cli(metabase.url).exit_code == 0
    before = {
        "databases": len(metabase.state.databases),
        "collections": len(metabase.state.collections),
        "cards": dict(metabase.state.cards),
        "dashcards": [dict(d) for d in next(iter(metabase.state.dashboards.values()))["dashcards"]],
    }
    metabase.state.requests.clear()

    result = run_cli(metabase.url)

    assert result.exit_code == 0, result.output
    writes = [(r.method, r.path) for r in metabase.state.writes()]
    database_id = next(iter(metabase.state.databases))
    # A login instead of the setup; the stored password cannot be read back, so it is re-applied.
    assert writes == [("POST", "/api/session"), ("PUT", f"/api/database/{database_id}")]
    assert len(metabase.state.databases) == before["databases"]
    assert len(metabase.state.collections) == before["collections"]
    assert metabase.state.cards == before["cards"]
    assert next(iter(metabase.state.dashboards.values()))["dashcards"] == before["dashcards"]
    for question in QUESTIONS:
        assert f"unchanged: question {question.title}" in result.output


def test_without_bi_password_a_second_run_writes_nothing_at_all(metabase):
    provision_with(metabase, bi_role_password=None)
    metabase.state.requests.clear()
    report = provision_with(metabase, bi_role_password=None)
    assert [(r.method, r.path) for r in metabase.state.writes()] == [("POST", "/api/session")]
    assert not report.created and not report.updated


def test_a_changed_question_is_updated_in_place_and_a_removed_one_archived(metabase):
    provision_with(metabase)
    cards_before = dict(metabase.state.cards)
    changed = [replace(QUESTIONS[0], sql=QUESTIONS[0].sql + "\nLIMIT 1"), *QUESTIONS[1:-1]]

    report = provision_with(metabase, questions=changed)

    assert report.updated.count(f"question {QUESTIONS[0].title}") == 1
    assert report.archived == [f"question {QUESTIONS[-1].title}"]
    assert not [name for name in report.created if name.startswith("question")]
    assert set(metabase.state.cards) == set(cards_before)
    card = next(c for c in metabase.state.cards.values() if c["name"] == QUESTIONS[0].title)
    assert card["dataset_query"]["native"]["query"].endswith("LIMIT 1")
    archived = next(c for c in metabase.state.cards.values() if c["name"] == QUESTIONS[-1].title)
    assert archived["archived"] is True
    (dashboard,) = metabase.state.dashboards.values()
    assert archived["id"] not in {d["card_id"] for d in dashboard["dashcards"]}
    assert len(dashboard["dashcards"]) == len(changed)


def test_it_waits_for_metabase_to_finish_starting(metabase):
    metabase.state.unhealthy_checks = 3
    naps: list[float] = []
    provision_with(metabase, sleep=naps.append)
    assert len(naps) == 3
    assert metabase.state.admin is not None


def test_it_gives_up_when_metabase_never_becomes_healthy():
    settings = MetabaseSettings(
        metabase_url=f"http://127.0.0.1:{free_port()}",
        metabase_admin_email="ops@obrail.test",
        metabase_admin_password="a-long-admin-secret",
        metabase_wait_s=0,
    )
    with (
        httpx.Client(base_url=settings.metabase_url) as http,
        pytest.raises(MetabaseError, match="not healthy"),
    ):
        provision(settings, MetabaseClient(http), QUESTIONS, sleep=lambda s: None)


def test_a_wrong_admin_password_fails_with_a_clear_message(metabase):
    assert run_cli(metabase.url).exit_code == 0
    result = run_cli(metabase.url, OBRAIL_METABASE_ADMIN_PASSWORD="not-the-password")
    assert result.exit_code == 1
    assert "OBRAIL_METABASE_ADMIN_PASSWORD" in result.output
    assert "401" in result.output


def test_missing_admin_secret_is_a_settings_error(metabase):
    env = {key: value for key, value in ENV.items() if key != "OBRAIL_METABASE_ADMIN_PASSWORD"}
    result = CliRunner().invoke(
        app,
        ["metabase"],
        env={**env, "OBRAIL_METABASE_URL": metabase.url, "OBRAIL_METABASE_ADMIN_PASSWORD": None},
    )
    assert result.exit_code == 2
    assert "metabase_admin_password" in result.output
    assert not metabase.state.requests


def test_production_refuses_a_placeholder_admin_password():
    with pytest.raises(ValueError, match="OBRAIL_METABASE_ADMIN_PASSWORD"):
        MetabaseSettings(
            environment="production",
            metabase_admin_email="ops@obrail.test",
            metabase_admin_password="changeme",
        )


@pytest.mark.parametrize(
    "url",
    [
        "mysql://obrail_bi@db/obrail",
        "postgresql://postgres:5432/obrail",
        "postgresql://obrail_bi@postgres:5432/",
    ],
)
def test_the_warehouse_url_must_name_host_role_and_database(url):
    with pytest.raises(ValueError, match="metabase_warehouse_url"):
        MetabaseSettings(
            metabase_admin_email="a@b.c",
            metabase_admin_password="x" * 12,
            metabase_warehouse_url=url,
        )
