"""What a model is, for the slot: a `ModelPlugin` registered under the `obrail.models` entry
point group (pyproject.toml). Training reads the warehouse's `api` views; serving runs each
endpoint's handler on the API's read-only snapshot with the active version loaded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from pydantic import BaseModel

ENTRY_POINT_GROUP = "obrail.models"

Row = dict[str, Any]


class Rows(Protocol):
    """Read access to the warehouse views in one snapshot, and the data version it sees (the
    API's snapshot satisfies it)."""

    @property
    def data_version(self) -> str | None: ...

    async def one(self, query: str, params: Mapping[str, Any] | None = None) -> Row | None: ...

    async def all(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...


@dataclass(frozen=True)
class TrainingSet:
    """The rows a model is trained on, as read from the warehouse, and their SHA-256."""

    rows: tuple[Row, ...]
    data_hash: str
    data_version: str | None


@dataclass(frozen=True)
class TrainedModel:
    """What a plugin's training returns: a scikit-learn estimator (saved with skops), its
    metrics, and model-specific details kept in the artefact's metadata (must be JSON)."""

    estimator: Any
    metrics: dict[str, Any]
    details: dict[str, Any]


@dataclass(frozen=True)
class LoadedModel:
    """An artefact loaded for serving, with its registry identity."""

    name: str
    version: int
    sha256: str
    estimator: Any
    metadata: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


class InputNotFound(LookupError):
    """The input a prediction was asked for does not exist (the API answers 404)."""


@dataclass(frozen=True)
class Served:
    """A handler's answer: the JSON body and the model inputs it predicted on, by feature
    (for the drift and range metrics)."""

    body: dict[str, Any]
    inputs: Mapping[str, Sequence[float]] = field(default_factory=dict)


Handler = Callable[[Rows, LoadedModel, Any], Awaitable[Served]]


@dataclass(frozen=True)
class Endpoint:
    """One GET route under /predictions/<slug><path>; `parameters` is a pydantic model of the
    query parameters (unknown parameters forbidden)."""

    path: str
    name: str
    summary: str
    description: str
    parameters: type[BaseModel]
    response_model: type[BaseModel]
    handler: Handler


@dataclass(frozen=True)
class ModelPlugin:
    """A model the slot trains, registers, serves and monitors."""

    name: str
    slug: str
    title: str
    description: str
    caveat: str
    training_query: str
    train: Callable[[TrainingSet], TrainedModel]
    endpoints: tuple[Endpoint, ...]
    drift_features: tuple[str, ...] = ()
    trusted_types: tuple[str, ...] = ()


def discover() -> dict[str, ModelPlugin]:
    """Every model registered under the entry point group, by name."""
    plugins: dict[str, ModelPlugin] = {}
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        plugin = entry.load()
        if not isinstance(plugin, ModelPlugin):
            raise TypeError(f"entry point {entry.name!r} is not a ModelPlugin")
        if plugin.name in plugins:
            raise ValueError(f"two models are named {plugin.name!r}")
        plugins[plugin.name] = plugin
    return plugins
