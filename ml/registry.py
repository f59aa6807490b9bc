"""The model registry in the warehouse (core.model_versions, model_events, model_active),
written with the owner role by `obrail model`; the API reads it through api.model_active.

Promote makes a version active and records it; rollback returns to the version that was active
before the current one, walking the promotion history back (promote pushes, rollback pops)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row


class RegistryError(RuntimeError):
    """A registry operation that cannot be done (unknown version, nothing to roll back to)."""


@dataclass(frozen=True)
class VersionRecord:
    model_name: str
    version: int
    artefact_file: str
    artefact_sha256: str
    training_data_hash: str
    training_rows: int
    data_version: str | None
    code_version: str
    metrics: dict[str, Any]
    trained_at: Any
    is_active: bool


def register(
    connection: psycopg.Connection[Any],
    *,
    model_name: str,
    artefact_file: str,
    artefact_sha256: str,
    metadata: dict[str, Any],
) -> tuple[int, bool]:
    """Record an artefact as the next version of its model; an artefact already registered
    (same SHA-256) keeps its version. Returns (version, created)."""
    connection.execute(
        "SELECT pg_advisory_xact_lock(hashtext('obrail.model.' || %s))", (model_name,)
    )
    row = connection.execute(
        "SELECT version FROM core.model_versions WHERE model_name = %s AND artefact_sha256 = %s",
        (model_name, artefact_sha256),
    ).fetchone()
    if row is not None:
        return int(row[0]), False
    (version,) = connection.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM core.model_versions WHERE model_name = %s",
        (model_name,),
    ).fetchone() or (1,)
    connection.execute(
        "INSERT INTO core.model_versions (model_name, version, artefact_file, artefact_sha256,"
        " training_data_hash, training_rows, data_version, code_version, metrics, metadata)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (
            model_name,
            version,
            artefact_file,
            artefact_sha256,
            metadata["training_data_hash"],
            metadata["training_rows"],
            metadata.get("data_version"),
            metadata["code_version"],
            json.dumps(metadata["metrics"]),
            json.dumps(metadata),
        ),
    )
    return int(version), True


def versions(
    connection: psycopg.Connection[Any], model_name: str | None = None
) -> list[VersionRecord]:
    with connection.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(
            "SELECT v.model_name, v.version, v.artefact_file, v.artefact_sha256,"
            " v.training_data_hash, v.training_rows, v.data_version, v.code_version, v.metrics,"
            " v.trained_at, (a.version IS NOT NULL) AS is_active"
            " FROM core.model_versions v LEFT JOIN core.model_active a"
            " ON a.model_name = v.model_name AND a.version = v.version"
            " WHERE %(name)s::text IS NULL OR v.model_name = %(name)s"
            " ORDER BY v.model_name, v.version",
            {"name": model_name},
        ).fetchall()
    return [VersionRecord(**row) for row in rows]


def active_version(connection: psycopg.Connection[Any], model_name: str) -> int | None:
    row = connection.execute(
        "SELECT version FROM core.model_active WHERE model_name = %s", (model_name,)
    ).fetchone()
    return None if row is None else int(row[0])


def promote(connection: psycopg.Connection[Any], model_name: str, version: int) -> int | None:
    """Make `version` the served one; returns the version it replaces."""
    _lock(connection, model_name)
    exists = connection.execute(
        "SELECT 1 FROM core.model_versions WHERE model_name = %s AND version = %s",
        (model_name, version),
    ).fetchone()
    if exists is None:
        raise RegistryError(f"{model_name} has no version {version} (see `obrail model list`)")
    previous = active_version(connection, model_name)
    if previous != version:  # promoting the served version again changes nothing
        _activate(connection, model_name, version, "promote")
    return previous


def rollback(connection: psycopg.Connection[Any], model_name: str) -> tuple[int, int]:
    """Return to the version served before the current one; returns (from, to)."""
    _lock(connection, model_name)
    stack = _history(connection, model_name)
    if len(stack) < 2:
        raise RegistryError(
            f"{model_name} has no earlier promoted version to roll back to "
            f"(promotion history: {stack or 'empty'})"
        )
    current, target = stack[-1], stack[-2]
    _activate(connection, model_name, target, "rollback")
    return current, target


def _history(connection: psycopg.Connection[Any], model_name: str) -> list[int]:
    """The stack of served versions: each promote pushes, each rollback pops."""
    stack: list[int] = []
    for action, version in connection.execute(
        "SELECT action, version FROM core.model_events WHERE model_name = %s ORDER BY event_id",
        (model_name,),
    ).fetchall():
        if action == "promote":
            stack.append(int(version))
        elif stack:
            stack.pop()
    return stack


def _activate(
    connection: psycopg.Connection[Any], model_name: str, version: int, action: str
) -> None:
    connection.execute(
        "INSERT INTO core.model_events (model_name, version, action) VALUES (%s, %s, %s)",
        (model_name, version, action),
    )
    connection.execute(
        "INSERT INTO core.model_active (model_name, version, since) VALUES (%s, %s, now())"
        " ON CONFLICT (model_name) DO UPDATE SET version = excluded.version, since = excluded.since",
        (model_name, version),
    )


def _lock(connection: psycopg.Connection[Any], model_name: str) -> None:
    connection.execute(
        "SELECT pg_advisory_xact_lock(hashtext('obrail.model.' || %s))", (model_name,)
    )
