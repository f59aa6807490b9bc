"""A small client of Metabase's REST API (the calls provisioning needs, nothing more)."""

from __future__ import annotations

from typing import Any

import httpx

SESSION_HEADER = "X-Metabase-Session"


class MetabaseError(RuntimeError):
    """Metabase refused a call or is not reachable."""


class MetabaseClient:
    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def is_healthy(self) -> bool:
        """True when Metabase answers its health check (it answers 503 while it starts)."""
        try:
            response = self._http.get("/api/health")
        except httpx.TransportError:
            return False
        return response.status_code == 200 and response.json().get("status") == "ok"

    def use_session(self, session_id: str) -> None:
        self._http.headers[SESSION_HEADER] = session_id

    def get(self, path: str, **params: str) -> Any:
        return self._call("GET", path, params=params or None)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("POST", path, json=body)

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("PUT", path, json=body)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            raise MetabaseError(f"{method} {path}: Metabase is unreachable ({error})") from error
        if response.status_code >= 400:
            raise MetabaseError(
                f"{method} {path}: Metabase answered {response.status_code}: {response.text[:300]}"
            )
        if not response.content:
            return None
        return response.json()


def items(payload: Any) -> list[dict[str, Any]]:
    """The list in a Metabase listing, whether it is bare or wrapped as {"data": [...]}."""
    if isinstance(payload, dict):
        payload = payload.get("data", [])
    return [item for item in payload if isinstance(item, dict)]
