"""The map's background: Natural Earth lines shipped with the portal, framed on Europe."""

from __future__ import annotations

from portal import basemap
from portal.components import geo


def test_the_shipped_basemap_draws_europe_without_any_server() -> None:
    lines = basemap.lines()
    assert len(lines) > 100
    west, south, east, north = basemap.FRAME
    margin = basemap.MARGIN_DEG
    points = [p for line in lines for p in line]
    assert all(west - margin <= lon <= east + margin for lon, _ in points)
    assert all(south - margin <= lat <= north + margin for _, lat in points)
    # the coast near Brest and the Bosporus are there
    assert any(abs(lon + 4.5) < 0.6 and abs(lat - 48.4) < 0.6 for lon, lat in points)
    assert any(abs(lon - 29.0) < 0.8 and abs(lat - 41.1) < 0.8 for lon, lat in points)


def test_decoding_topojson_arcs() -> None:
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [-10.0, 40.0]},
        "arcs": [[[0, 0], [2, 4], [2, 0]], [[200, 0], [1, 1]]],
    }
    assert basemap.decode_arcs(topology) == [
        [(-10.0, 40.0), (-9.0, 41.0), (-8.0, 41.0)],
        [(90.0, 40.0), (90.5, 40.25)],
    ]
    assert basemap.europe_lines(topology) == [[[-10.0, 40.0], [-9.0, 41.0], [-8.0, 41.0]]]


def test_regions_keep_the_maps_proportions() -> None:
    for area in geo.REGIONS:
        _, _, height = geo.scales(area)
        assert 200 < height < 1200, area
    assert abs(geo.mercator_y(0)) < 1e-9
    assert geo.mercator_y(60) > 60
