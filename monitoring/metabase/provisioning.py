"""Idempotent provisioning of Metabase: admin, warehouse connection, collection, questions, dashboard.

Running it twice creates nothing the second time: every object is found by its name first, and
only what differs from the SQL files and settings is updated.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_fixed

from monitoring.metabase.client import MetabaseClient, MetabaseError, items
from monitoring.metabase.questions import Question
from monitoring.metabase.settings import MetabaseSettings

log = logging.getLogger(__name__)

#: Metabase's dashboard grid is 24 columns wide.
GRID_WIDTH = 24
#: Details compared to decide whether the warehouse connection must be updated.
COMPARED_DETAILS = (
    "host",
    "port",
    "dbname",
    "user",
    "ssl",
    "schema-filters-type",
    "schema-filters-patterns",
)


@dataclass
class Report:
    """What a provisioning run did, object by object ("database Entrepôt ObRail", ...)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"{verb}: {name}"
            for verb, names in (
                ("created", self.created),
                ("updated", self.updated),
                ("unchanged", self.unchanged),
                ("archived", self.archived),
            )
            for name in names
        ]


def provision(
    settings: MetabaseSettings,
    client: MetabaseClient,
    questions: list[Question],
    sleep: Callable[[float], None] = time.sleep,
) -> Report:
    report = Report()
    wait_until_healthy(client, settings.metabase_wait_s, sleep)
    sign_in(client, settings, report)
    database_id = ensure_database(client, settings, report)
    collection_id = ensure_collection(client, settings, report)
    card_ids = ensure_cards(client, questions, collection_id, database_id, report)
    ensure_dashboard(
        client, settings, collection_id, list(zip(questions, card_ids, strict=True)), report
    )
    return report


def wait_until_healthy(
    client: MetabaseClient, wait_s: float, sleep: Callable[[float], None], poll_s: float = 2.0
) -> None:
    retrying = Retrying(
        stop=stop_after_delay(wait_s),
        wait=wait_fixed(poll_s),
        retry=retry_if_result(lambda healthy: not healthy),
        sleep=sleep,
    )
    try:
        retrying(client.is_healthy)
    except RetryError:
        raise MetabaseError(
            f"Metabase is not healthy after {wait_s:.0f} s (GET /api/health)"
        ) from None


def sign_in(client: MetabaseClient, settings: MetabaseSettings, report: Report) -> None:
    """First start: create the admin with the setup token. Later: log in as that admin."""
    properties = client.get("/api/session/properties")
    password = settings.metabase_admin_password.get_secret_value()
    if not properties.get("has-user-setup"):
        session = client.post(
            "/api/setup",
            {
                "token": properties.get("setup-token"),
                "user": {
                    "email": settings.metabase_admin_email,
                    "password": password,
                    "first_name": settings.metabase_admin_first_name,
                    "last_name": settings.metabase_admin_last_name,
                    "site_name": settings.metabase_site_name,
                },
                "prefs": {
                    "site_name": settings.metabase_site_name,
                    "site_locale": "fr",
                    "allow_tracking": False,
                },
            },
        )
        report.created.append(f"admin {settings.metabase_admin_email}")
    else:
        try:
            session = client.post(
                "/api/session", {"username": settings.metabase_admin_email, "password": password}
            )
        except MetabaseError as error:
            raise MetabaseError(
                "the Metabase admin login was refused: check OBRAIL_METABASE_ADMIN_EMAIL and "
                f"OBRAIL_METABASE_ADMIN_PASSWORD ({error})"
            ) from error
        report.unchanged.append(f"admin {settings.metabase_admin_email}")
    client.use_session(session["id"])


def ensure_database(client: MetabaseClient, settings: MetabaseSettings, report: Report) -> int:
    name = settings.metabase_database_name
    wanted = settings.warehouse_details()
    body = {"name": name, "engine": "postgres", "details": wanted}
    label = f"database {name}"
    for database in items(client.get("/api/database")):
        if database.get("name") == name and database.get("engine") == "postgres":
            current = database.get("details") or {}
            differs = any(current.get(key) != wanted.get(key) for key in COMPARED_DETAILS)
            # Metabase never shows the stored password: re-apply it whenever one is configured.
            if differs or "password" in wanted:
                client.put(f"/api/database/{database['id']}", body)
                report.updated.append(label)
            else:
                report.unchanged.append(label)
            return int(database["id"])
    created = client.post("/api/database", {**body, "is_full_sync": True, "auto_run_queries": True})
    report.created.append(label)
    return int(created["id"])


def ensure_collection(client: MetabaseClient, settings: MetabaseSettings, report: Report) -> int:
    name = settings.metabase_collection_name
    label = f"collection {name}"
    for collection in items(client.get("/api/collection")):
        if (
            collection.get("name") == name
            and not collection.get("archived")
            and collection.get("personal_owner_id") is None
            and isinstance(collection.get("id"), int)
        ):
            report.unchanged.append(label)
            return int(collection["id"])
    created = client.post(
        "/api/collection",
        {
            "name": name,
            "description": "Questions et tableau de bord provisionnés par `obrail metabase`.",
            "parent_id": None,
        },
    )
    report.created.append(label)
    return int(created["id"])


def _card_body(question: Question, collection_id: int, database_id: int) -> dict[str, Any]:
    return {
        "name": question.title,
        "description": question.description,
        "display": question.display,
        "collection_id": collection_id,
        "visualization_settings": {},
        "dataset_query": {
            "type": "native",
            "database": database_id,
            "native": {"query": question.sql, "template-tags": {}},
        },
    }


def _card_differs(card: dict[str, Any], body: dict[str, Any]) -> bool:
    query = card.get("dataset_query") or {}
    return bool(
        card.get("description") != body["description"]
        or card.get("display") != body["display"]
        or query.get("database") != body["dataset_query"]["database"]
        or (query.get("native") or {}).get("query") != body["dataset_query"]["native"]["query"]
    )


def ensure_cards(
    client: MetabaseClient,
    questions: list[Question],
    collection_id: int,
    database_id: int,
    report: Report,
) -> list[int]:
    """One saved question per SQL file; cards of the collection no file defines are archived."""
    existing = {
        card["name"]: int(card["id"])
        for card in items(client.get(f"/api/collection/{collection_id}/items", models="card"))
    }
    ids = []
    for question in questions:
        body = _card_body(question, collection_id, database_id)
        label = f"question {question.title}"
        card_id = existing.pop(question.title, None)
        if card_id is None:
            card_id = int(client.post("/api/card", body)["id"])
            report.created.append(label)
        elif _card_differs(client.get(f"/api/card/{card_id}"), body):
            client.put(f"/api/card/{card_id}", body)
            report.updated.append(label)
        else:
            report.unchanged.append(label)
        ids.append(card_id)
    for name, card_id in existing.items():
        client.put(f"/api/card/{card_id}", {"archived": True})
        report.archived.append(f"question {name}")
    return ids


def dashboard_layout(questions_and_cards: list[tuple[Question, int]]) -> list[dict[str, int]]:
    """Tables take the full width, charts half of it, in file order, row after row."""
    layout: list[dict[str, int]] = []
    row = col = 0
    for question, card_id in questions_and_cards:
        width, height = (GRID_WIDTH, 8) if question.display == "table" else (GRID_WIDTH // 2, 6)
        if col + width > GRID_WIDTH:
            row, col = row + 6, 0
        layout.append(
            {"card_id": card_id, "row": row, "col": col, "size_x": width, "size_y": height}
        )
        col += width
        if col >= GRID_WIDTH:
            row, col = row + height, 0
    return layout


def _placement(dashcard: dict[str, Any]) -> tuple[int, int, int, int, int]:
    return (
        int(dashcard["card_id"]),
        int(dashcard["row"]),
        int(dashcard["col"]),
        int(dashcard["size_x"]),
        int(dashcard["size_y"]),
    )


def ensure_dashboard(
    client: MetabaseClient,
    settings: MetabaseSettings,
    collection_id: int,
    questions_and_cards: list[tuple[Question, int]],
    report: Report,
) -> int:
    name = settings.metabase_dashboard_name
    label = f"dashboard {name}"
    found = [
        int(board["id"])
        for board in items(client.get(f"/api/collection/{collection_id}/items", models="dashboard"))
        if board.get("name") == name
    ]
    if found:
        dashboard_id = found[0]
        current = client.get(f"/api/dashboard/{dashboard_id}").get("dashcards") or []
    else:
        created = client.post(
            "/api/dashboard",
            {
                "name": name,
                "description": "Trains de jour et de nuit en Europe : volumes, pays, CO₂, sources.",
                "collection_id": collection_id,
            },
        )
        dashboard_id, current = int(created["id"]), []
        report.created.append(label)
    wanted = dashboard_layout(questions_and_cards)
    if sorted(map(_placement, current)) == sorted(map(_placement, wanted)):
        if found:
            report.unchanged.append(label)
        return dashboard_id
    existing_ids = {int(card["card_id"]): int(card["id"]) for card in current}
    dashcards = [
        {
            "id": existing_ids.get(place["card_id"], -(index + 1)),
            **place,
            "parameter_mappings": [],
            "visualization_settings": {},
        }
        for index, place in enumerate(wanted)
    ]
    client.put(f"/api/dashboard/{dashboard_id}", {"dashcards": dashcards})
    if found:
        report.updated.append(label)
    return dashboard_id
