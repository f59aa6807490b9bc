"""The profiling tool attributes a CPU profile's samples to the functions and scripts that ran."""

from __future__ import annotations

from bench.portal_profile import top_functions


def _node(node_id: int, name: str, url: str) -> dict[str, object]:
    return {"id": node_id, "callFrame": {"functionName": name, "url": url, "lineNumber": 3}}


PROFILE = {
    "nodes": [
        _node(1, "(root)", ""),
        _node(2, "parse", "http://x/static/js/embed.CX5AQgxi.js"),
        _node(3, "render", "http://x/static/js/react-dom.Dzbslgj4.js"),
        _node(4, "encode", "http://x/static/js/embed.CX5AQgxi.js"),
    ],
    # each sample lasts until the next one: 2 ms, 1 ms, 3 ms, then the last one (none)
    "samples": [2, 3, 4, 2],
    "timeDeltas": [0, 2000, 1000, 3000],
}


def test_self_time_goes_to_each_function() -> None:
    ranked = {name: seconds for seconds, name in top_functions(PROFILE)}
    assert ranked["encode embed.CX5AQgxi.js:3"] == 0.003
    assert ranked["parse embed.CX5AQgxi.js:3"] == 0.002
    assert ranked["render react-dom.Dzbslgj4.js:3"] == 0.001


def test_by_script_adds_up_a_bundles_functions() -> None:
    ranked = top_functions(PROFILE, by_script=True)
    assert ranked[0] == (0.005, "embed")
    assert (0.001, "react-dom") in ranked
