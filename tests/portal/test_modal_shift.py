"""The modal-shift potential on « Train ou avion ? » and as a map layer: shown with its interval,
model version and caveat; a missing model or pair is said in its block only."""

from __future__ import annotations

from typing import Any

from tests.portal import payloads
from tests.portal.conftest import PortalFactory, charts, tables
from tests.portal.fake_api import Answer, FakeApi, problem

CAVEAT = "Ce n'est pas une prévision de demande"
MODEL = {
    "name": "report_modal",
    "version": 3,
    "artefact_sha256": "a" * 64,
    "trained_on_data_version": "d1",
    "data_version": "d1",
    "interval_level": 0.8,
    "cv_mae": 0.126,
    "training_range_min": [90.0, 360.0],
}


def _pair(a: str, b: str, minutes: int, lon: float = 2.35, lat: float = 48.85) -> dict[str, Any]:
    return {
        "pair_id": f"{a}-{b}".lower(),
        "place_a": a,
        "country_a": "FR",
        "latitude_a": lat,
        "longitude_a": lon,
        "place_b": b,
        "country_b": "FR",
        "latitude_b": 45.76,
        "longitude_b": 4.86,
        "distance_km": 393.2,
        "rail_time_min": minutes,
        "fastest_trajet_id": "t1",
        "fastest_day_night": "day",
        "weekly_departures": 467.6,
        "trajets": 566,
        "day_trajets": 566,
        "night_trajets": 0,
    }


def _prediction(share: float, extrapolation: str | None = None) -> dict[str, Any]:
    return {
        "rail_share": share,
        "low": share - 0.2,
        "high": share + 0.1,
        "extrapolation": extrapolation,
    }


def _comparison() -> dict[str, Any]:
    train = {
        "trajet_id": "t1",
        "trajet_ids": ["t1"],
        "train": "TGV 6601",
        "operator": "SNCF Voyageurs",
        "day_night": "day",
        "departure": {"time": "07:00", "time_zone": "Europe/Paris", "days": 0},
        "arrival": {"time": "08:53", "time_zone": "Europe/Paris", "days": 0},
        "from_station": "Paris Gare de Lyon",
        "to_station": "Lyon Part-Dieu",
        "rail_min": 113,
        "door_to_door_min": 145,
        "weekly_departures": 120,
        "rail_km": 427.0,
        "co2_train_kg": 1.1,
        "figures_basis": "trajet",
        "verdict": "train_faster_and_lower_carbon",
        "minutes_saved": 40,
    }
    return {
        "origin": {
            "query": "Paris",
            "city": "Paris",
            "country": "FR",
            "latitude": 48.84,
            "longitude": 2.37,
        },
        "destination": {
            "query": "Lyon",
            "city": "Lyon",
            "country": "FR",
            "latitude": 45.76,
            "longitude": 4.86,
        },
        "trains": [train],
        "fastest": train,
        "plane": None,
        "method": payloads.METHOD,
    }


def _api(api: FakeApi, prediction: Any) -> FakeApi:
    return api.reset(
        {
            **payloads.normal(),
            "/comparison": _comparison(),
            "/comparison/pairs": {"pairs": [], "total": 0, "method": payloads.METHOD},
            "/predictions/report-modal": prediction,
        }
    )


def _text(at: Any) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(e.value) for kind in ("info", "warning", "error") for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def test_the_potential_of_a_pair_is_shown_with_interval_version_and_caveat(
    api: FakeApi, portal: PortalFactory
) -> None:
    _api(
        api,
        {
            "model": MODEL,
            "caveat": "…",
            "pair": _pair("Lyon", "Paris", 113),
            "prediction": _prediction(0.78),
        },
    )
    at = portal(api.url, "train_ou_avion", {"de": "Paris", "a": "Lyon"})
    assert not at.exception
    assert api.last("/predictions/report-modal") == {"origin": "Paris", "destination": "Lyon"}
    text = _text(at)
    assert "Part du train attendue (train + avion) 78" in text
    assert "58\u00a0% – 88\u00a0%" in text or "58 % – 88 %" in text
    assert "version 3" in text and "12,6 points" in text
    assert CAVEAT in text
    assert not at.error  # no "API down" banner


def test_the_model_s_rail_time_is_said_to_be_the_fastest_in_either_direction(
    api: FakeApi, portal: PortalFactory
) -> None:
    """Found on Paris -> Berlin: the slot said 7 h 42 (the fastest train Berlin -> Paris) under
    a table whose fastest train takes 7 h 51. The page says which time the model uses."""
    answer = {"model": MODEL, "caveat": "…", "prediction": _prediction(0.78)}
    _api(api, {**answer, "pair": _pair("Lyon", "Paris", 105)})
    text = _text(portal(api.url, "train_ou_avion", {"de": "Paris", "a": "Lyon"}))
    assert "dans un sens ou dans l'autre" in text
    note = [line for line in text.splitlines() if "les deux sens confondus" in line]
    assert len(note) == 1, text
    assert "1\u00a0h\u00a045" in note[0] and "1\u00a0h\u00a053" in note[0]  # model, this way
    assert "Paris → Lyon" in note[0]

    _api(api, {**answer, "pair": _pair("Lyon", "Paris", 113)})  # the same time: no note
    text = _text(portal(api.url, "train_ou_avion", {"de": "Paris", "a": "Lyon"}))
    assert "dans un sens ou dans l'autre" in text
    assert "les deux sens confondus" not in text


def test_an_extrapolated_potential_says_so(api: FakeApi, portal: PortalFactory) -> None:
    prediction = _prediction(0.05, "above_training_range")
    _api(
        api,
        {
            "model": MODEL,
            "caveat": "…",
            "pair": _pair("Lyon", "Paris", 500),
            "prediction": prediction,
        },
    )
    at = portal(api.url, "train_ou_avion", {"de": "Paris", "a": "Lyon"})
    assert any("extrapolée" in str(w.value) for w in at.warning)
    assert CAVEAT in _text(at)


def test_a_model_that_cannot_answer_only_empties_its_block(
    api: FakeApi, portal: PortalFactory
) -> None:
    unavailable = problem(
        503,
        "model_unavailable",
        "Model unavailable",
        "Model 'report_modal' cannot answer: no version is promoted.",
        "/predictions/report-modal",
    )
    _api(api, Answer(503, unavailable))
    at = portal(api.url, "train_ou_avion", {"de": "Paris", "a": "Lyon"})
    assert not at.exception
    text = _text(at)
    assert "n'est pas disponible pour le moment" in text
    assert CAVEAT in text
    assert not at.error, [e.value for e in at.error]  # the API is not reported down
    assert any("TGV 6601" in str(table.value.to_csv()) for table in tables(at))  # the rest is shown


def test_a_pair_without_direct_train_is_said_plainly(api: FakeApi, portal: PortalFactory) -> None:
    not_found = problem(
        404,
        "prediction_input_not_found",
        "No such input for this model",
        "No direct train between Paris and Lyon.",
        "/predictions/report-modal",
    )
    _api(api, Answer(404, not_found))
    at = portal(api.url, "train_ou_avion", {"de": "Paris", "a": "Lyon"})
    assert any("aucun train direct" in str(i.value) for i in at.info)


def test_the_map_layer_draws_the_pairs_with_their_share_when_asked(
    api: FakeApi, portal: PortalFactory
) -> None:
    items = [
        {"pair": _pair("Lyon", "Paris", 113), "prediction": _prediction(0.78)},
        {
            "pair": _pair("Bordeaux", "Paris", 124, lon=-0.57, lat=44.84),
            "prediction": _prediction(0.76),
        },
    ]
    api.reset(
        {
            **payloads.normal(),
            "/predictions/report-modal/pairs": {
                "model": MODEL,
                "caveat": "…",
                "total": 2,
                "limit": 300,
                "offset": 0,
                "items": items,
            },
        }
    )
    at = portal(api.url, "carte")
    assert CAVEAT in _text(at)
    assert not any(path == "/predictions/report-modal/pairs" for path, _ in api.requests)
    before = len(charts(at))
    at.toggle(key="map_shift").set_value(True).run()
    sent = api.last("/predictions/report-modal/pairs")
    assert sent["sort"] == "-weekly_departures" and sent["limit"] == "300"
    drawn = charts(at)
    assert len(drawn) == before + 1
    name, spec = drawn[-1]
    assert name == "Carte du potentiel de report modal de l'avion vers le train"
    assert "Bordeaux – Paris" in spec and "0.78" in spec
    assert "http" not in spec.replace("https://vega.github.io/schema", "")
