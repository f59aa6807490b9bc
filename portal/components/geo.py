"""Maps drawn by Vega-Lite in the browser on a Mercator plane: the basemap (coastlines and
borders shipped with the portal, see portal/basemap.py) and layers on top, with zoom and pan
(mouse wheel and drag) and a keyboard-reachable choice of region.

Longitude and latitude are turned into Mercator coordinates here, and drawn on ordinary x/y
scales: Vega-Lite can then zoom and pan them (its projections cannot be zoomed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import altair as alt
import pandas as pd

from portal import basemap

LAND_LINE: Final = "#8A94A6"
WATER: Final = "#EEF3F8"


@dataclass(frozen=True)
class Region:
    key: str
    west: float
    south: float
    east: float
    north: float


REGIONS: Final = (
    Region("europe", -11.0, 35.0, 32.0, 66.0),
    Region("west", -10.0, 36.0, 10.0, 55.0),
    Region("central", 4.0, 44.0, 24.0, 56.0),
    Region("north", 4.0, 53.0, 32.0, 70.0),
    Region("south_east", 12.0, 36.0, 32.0, 50.0),
)
MAP_WIDTH: Final = 640


def mercator_y(latitude: float) -> float:
    """Mercator ordinate in degree-like units (equal to longitude units at the equator)."""
    clipped = max(min(latitude, 85.0), -85.0)
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(clipped) / 2)))


def region(key: str) -> Region:
    return next((r for r in REGIONS if r.key == key), REGIONS[0])


def scales(area: Region) -> tuple[alt.Scale, alt.Scale, int]:
    """x and y scales framing `area`, and the height that keeps the map's proportions."""
    bottom, top = mercator_y(area.south), mercator_y(area.north)
    height = round(MAP_WIDTH * (top - bottom) / (area.east - area.west))
    return (
        alt.Scale(domain=[area.west, area.east], zero=False, nice=False),
        alt.Scale(domain=[bottom, top], zero=False, nice=False),
        height,
    )


def basemap_frame() -> pd.DataFrame:
    rows = [
        {"line": index, "order": order, "x": lon, "y": mercator_y(lat)}
        for index, line in enumerate(basemap.lines())
        for order, (lon, lat) in enumerate(line)
    ]
    return pd.DataFrame(rows, columns=["line", "order", "x", "y"])


def basemap_layer(x_scale: alt.Scale, y_scale: alt.Scale) -> alt.Chart:
    """Coastlines and borders, quiet grey lines, without accessible marks (decoration)."""
    layer: alt.Chart = (
        alt.Chart(basemap_frame())
        .mark_line(stroke=LAND_LINE, strokeWidth=0.7, clip=True, aria=False, interpolate="linear")
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=None),
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            detail=alt.Detail("line:N"),
            order=alt.Order("order:Q"),
        )
    )
    return layer


#: Vega's embed options for a map of many marks: drawn on a canvas, not as one SVG element per
#: mark (the Carte map draws about 1,500 routes: its SVG tripled the page's DOM and most of the
#: browser's work). Tooltips, zoom and pan work the same; the accessible name is the chart's
#: container's, and the summary and the data table are the text alternative.
CANVAS: Final = {"embedOptions": {"renderer": "canvas"}}


def on_canvas(chart: alt.LayerChart | alt.FacetChart) -> alt.LayerChart | alt.FacetChart:
    """The map drawn on a canvas (see CANVAS)."""
    return chart.properties(usermeta=CANVAS)


def zoomable(
    chart: alt.LayerChart | alt.FacetChart, height: int
) -> alt.LayerChart | alt.FacetChart:
    """Mouse-wheel zoom and drag to pan over every layer (they share the x/y scales)."""
    zoom = alt.selection_interval(bind="scales", name="zoom")
    return chart.add_params(zoom).properties(width=MAP_WIDTH, height=height)


def route_lines(
    data: pd.DataFrame, x_scale: alt.Scale, y_scale: alt.Scale, opacity: float
) -> alt.Chart:
    """A clipped rule per row from (lon, lat) to (lon2, lat2), projected like the basemap; callers
    add their own colour, width and tooltip encodings."""
    projected = data.assign(y=data["lat"].map(mercator_y), y2=data["lat2"].map(mercator_y)).drop(
        columns=["lat", "lat2"]
    )  # only the projected ordinates are drawn
    lines: alt.Chart = (
        alt.Chart(projected)
        .mark_rule(opacity=opacity, clip=True)
        .encode(
            x=alt.X("lon:Q", scale=x_scale, axis=None),
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            x2=alt.X2("lon2:Q"),
            y2=alt.Y2("y2:Q"),
        )
    )
    return lines
