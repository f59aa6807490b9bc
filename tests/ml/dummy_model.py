"""A second model, registered by a test through an entry point only (ml.plugin): it proves a
model is added without touching the API's routing code. It multiplies its input by the number
of published trajets it was trained on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sklearn.dummy import DummyRegressor

from ml.plugin import Endpoint, LoadedModel, ModelPlugin, Rows, Served, TrainedModel, TrainingSet


class DummyQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: int = Field(ge=0, le=10, description="A small number.")


class DummyAnswer(BaseModel):
    value: float
    version: int


def train(training: TrainingSet) -> TrainedModel:
    trajets = float(training.rows[0]["trajets"])
    estimator = DummyRegressor(strategy="constant", constant=trajets).fit([[0.0]], [trajets])
    return TrainedModel(estimator, {"trajets": trajets}, {"drift_reference": {}})


async def answer(rows: Rows, model: LoadedModel, params: DummyQuery) -> Served:
    factor = float(model.estimator.predict([[0.0]])[0])
    return Served({"value": params.x * factor, "version": model.version}, {"x": [params.x]})


PLUGIN = ModelPlugin(
    name="dummy",
    slug="dummy",
    title="Modèle factice (test)",
    description="Multiplie x par le nombre de trajets publiés.",
    caveat="Un modèle de test.",
    training_query="SELECT count(*)::float8 AS trajets FROM api.trajets",
    train=train,
    endpoints=(
        Endpoint(
            path="",
            name="value",
            summary="Valeur factice",
            description="x fois le nombre de trajets.",
            parameters=DummyQuery,
            response_model=DummyAnswer,
            handler=answer,
        ),
    ),
    trusted_types=("sklearn.dummy.DummyRegressor", "numpy.ndarray", "numpy.dtype"),
)
