"""A fake Metabase at the HTTP boundary: the REST endpoints `obrail metabase` calls, with the
behaviour of a real instance that matters to provisioning (setup token, sessions, listings,
objects by id, dashboard cards replaced by PUT). Every request is recorded."""

from __future__ import annotations

import itertools
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Json = dict[str, Any]


@dataclass
class Request:
    method: str
    path: str
    body: Any


@dataclass
class State:
    setup_token: str = field(default_factory=lambda: uuid.uuid4().hex)
    admin: Json | None = None
    prefs: Json | None = None
    sessions: set[str] = field(default_factory=set)
    databases: dict[int, Json] = field(default_factory=dict)
    collections: dict[int, Json] = field(default_factory=dict)
    cards: dict[int, Json] = field(default_factory=dict)
    dashboards: dict[int, Json] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    unhealthy_checks: int = 0
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method in {"POST", "PUT"}]


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class FakeMetabase:
    def __init__(self) -> None:
        self.state = State()
        handler = self._handler()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeMetabase:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- routing ---------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                fake.state.requests.append(Request(method, parts.path, body))
                try:
                    status, payload = (
                        200,
                        fake.dispatch(
                            method,
                            parts.path,
                            parse_qs(parts.query),
                            body,
                            self.headers.get("X-Metabase-Session"),
                        ),
                    )
                except HttpError as error:
                    status, payload = error.status, {"message": str(error)}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_PUT(self) -> None:
                self._serve("PUT")

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def dispatch(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, session: str | None
    ) -> Any:
        state = self.state
        if (method, path) == ("GET", "/api/health"):
            if state.unhealthy_checks > 0:
                state.unhealthy_checks -= 1
                raise HttpError(503, "initializing")
            return {"status": "ok"}
        if (method, path) == ("GET", "/api/session/properties"):
            done = state.admin is not None
            return {
                "has-user-setup": done,
                "setup-token": None if done else state.setup_token,
                "version": {"tag": "v0.50.0"},
            }
        if (method, path) == ("POST", "/api/setup"):
            return self._setup(body)
        if (method, path) == ("POST", "/api/session"):
            admin = state.admin or {}
            if body.get("username") != admin.get("email") or body.get("password") != admin.get(
                "password"
            ):
                raise HttpError(401, "Password did not match stored password.")
            return {"id": self._new_session()}
        if session not in state.sessions:
            raise HttpError(401, "Unauthenticated")
        for pattern, handler in self._routes():
            match = re.fullmatch(pattern, f"{method} {path}")
            if match:
                return handler(*(int(g) for g in match.groups()), query=query, body=body)
        raise HttpError(404, f"no fake for {method} {path}")

    def _routes(self) -> list[tuple[str, Any]]:
        return [
            (r"GET /api/database", self._list_databases),
            (r"POST /api/database", self._create_database),
            (r"PUT /api/database/(\d+)", self._update_database),
            (r"GET /api/collection", self._list_collections),
            (r"POST /api/collection", self._create_collection),
            (r"GET /api/collection/(\d+)/items", self._collection_items),
            (r"POST /api/card", self._create_card),
            (r"GET /api/card/(\d+)", self._get_card),
            (r"PUT /api/card/(\d+)", self._update_card),
            (r"POST /api/dashboard", self._create_dashboard),
            (r"GET /api/dashboard/(\d+)", self._get_dashboard),
            (r"PUT /api/dashboard/(\d+)", self._update_dashboard),
        ]

    # -- behaviour -------------------------------------------------------------------------

    def _new_session(self) -> str:
        session = uuid.uuid4().hex
        self.state.sessions.add(session)
        return session

    def _setup(self, body: Json) -> Json:
        if self.state.admin is not None or body.get("token") != self.state.setup_token:
            raise HttpError(403, "The /api/setup route can only be used to create the first user.")
        user = body["user"]
        if not all(user.get(key) for key in ("email", "password", "first_name", "last_name")):
            raise HttpError(400, "user fields missing")
        self.state.admin, self.state.prefs = dict(user), dict(body.get("prefs") or {})
        return {"id": self._new_session()}

    def _list_databases(self, **_: Any) -> Json:
        public = [
            {**db, "details": {**db["details"], "password": "**MetabasePass**"}}
            for db in self.state.databases.values()
        ]
        return {"data": public, "total": len(public)}

    def _check_database(self, body: Json) -> None:
        details = body.get("details") or {}
        if body.get("engine") != "postgres" or not all(
            details.get(k) for k in ("host", "port", "dbname", "user")
        ):
            raise HttpError(400, "invalid database details")

    def _create_database(self, body: Json, **_: Any) -> Json:
        self._check_database(body)
        database = {"id": next(self.state.ids), **body}
        self.state.databases[database["id"]] = database
        return database

    def _update_database(self, database_id: int, body: Json, **_: Any) -> Json:
        self._check_database(body)
        self.state.databases[database_id].update(body)
        return self.state.databases[database_id]

    def _list_collections(self, **_: Any) -> list[Json]:
        root = {"id": "root", "name": "Our analytics", "personal_owner_id": None}
        personal = {
            "id": 999,
            "name": "Admin's Personal Collection",
            "personal_owner_id": 1,
            "archived": False,
        }
        return [root, personal, *self.state.collections.values()]

    def _create_collection(self, body: Json, **_: Any) -> Json:
        if not body.get("name"):
            raise HttpError(400, "name required")
        collection = {
            "id": next(self.state.ids),
            "name": body["name"],
            "description": body.get("description"),
            "archived": False,
            "personal_owner_id": None,
            "location": "/",
        }
        self.state.collections[collection["id"]] = collection
        return collection

    def _collection_items(self, collection_id: int, query: dict[str, list[str]], **_: Any) -> Json:
        if collection_id not in self.state.collections:
            raise HttpError(404, "no such collection")
        models = set(query.get("models", ["card", "dashboard"]))
        found = [
            {"id": obj["id"], "name": obj["name"], "model": model}
            for model, objects in (("card", self.state.cards), ("dashboard", self.state.dashboards))
            if model in models
            for obj in objects.values()
            if obj["collection_id"] == collection_id and not obj.get("archived")
        ]
        return {"data": found, "total": len(found), "models": sorted(models)}

    def _check_card(self, body: Json) -> None:
        query = body.get("dataset_query") or {}
        if query.get("type") != "native" or query.get("database") not in self.state.databases:
            raise HttpError(400, "dataset_query must be a native query on a known database")
        if body.get("collection_id") not in self.state.collections:
            raise HttpError(400, "unknown collection")

    def _create_card(self, body: Json, **_: Any) -> Json:
        self._check_card(body)
        card = {"id": next(self.state.ids), "archived": False, **body}
        self.state.cards[card["id"]] = card
        return card

    def _get_card(self, card_id: int, **_: Any) -> Json:
        return self.state.cards[card_id]

    def _update_card(self, card_id: int, body: Json, **_: Any) -> Json:
        if set(body) != {"archived"}:
            self._check_card(body)
        self.state.cards[card_id].update(body)
        return self.state.cards[card_id]

    def _create_dashboard(self, body: Json, **_: Any) -> Json:
        if body.get("collection_id") not in self.state.collections:
            raise HttpError(400, "unknown collection")
        dashboard = {"id": next(self.state.ids), "dashcards": [], **body}
        self.state.dashboards[dashboard["id"]] = dashboard
        return dashboard

    def _get_dashboard(self, dashboard_id: int, **_: Any) -> Json:
        return self.state.dashboards[dashboard_id]

    def _update_dashboard(self, dashboard_id: int, body: Json, **_: Any) -> Json:
        dashcards = []
        for dashcard in body["dashcards"]:
            if dashcard["card_id"] not in self.state.cards:
                raise HttpError(400, "unknown card")
            new_id = dashcard["id"] if dashcard["id"] > 0 else next(self.state.ids)
            dashcards.append({**dashcard, "id": new_id, "dashboard_id": dashboard_id})
        self.state.dashboards[dashboard_id]["dashcards"] = dashcards
        return self.state.dashboards[dashboard_id]
