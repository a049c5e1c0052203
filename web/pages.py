"""The map pages, built by Folium on the vendored Leaflet.

Folium makes the map, its controls and the plot layer (vector tiles); ``izagis.js`` loads
the other layers from the API, so the page weighs the same with ten plots or a million.
"""

from __future__ import annotations

from typing import Any, Literal

import folium
from branca.element import Figure, MacroElement
from folium.plugins import Fullscreen, MousePosition, VectorGridProtobuf
from folium.template import Template

from web.assets import offline_map
from web.i18n import LABELS

Audience = Literal["investor", "staff", "planning"]
CENTER = (20.22, 105.93)  # Ninh Bình, between Gián Khẩu, Khánh Phú and Tam Điệp
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
PLOT_TILES = "/api/v1/tiles/plots/{z}/{x}/{y}.pbf"
TITLE_KEYS = {"investor": "title", "staff": "staff_title", "planning": "planning_title"}


class _Start(MacroElement):
    """Hands the page's configuration to izagis.js and starts it."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "IZAGIS.config = {{ this.config|tojson }};"
        "IZAGIS.start({{ this.config.map }}, {{ this.config.layerControl }},"
        " {{ this.config.plotLayer }});"
        "{% endmacro %}"
    )

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self.config = config


def build_map(lang: str, audience: Audience) -> str:
    """The HTML of one page: the same builder for investors, staff and planners."""
    labels = LABELS[lang]
    m = offline_map(
        location=CENTER,
        zoom_start=11,
        min_zoom=8,
        max_zoom=19,
        control_scale=True,
        prefer_canvas=False,
    )
    folium.TileLayer(
        OSM_URL,
        name=labels["osm"],
        attr="© OpenStreetMap contributors",
        overlay=False,
        control=True,
        show=False,
    ).add_to(m)
    plots = VectorGridProtobuf(
        PLOT_TILES,
        labels["plots"],
        "{vectorTileLayerStyles: {plots: function (p, z) { return IZAGIS.plotStyle(p, z); }},"
        # Above the zones' pane, so that a click on a plot reaches the plot.
        " interactive: true, pane: 'shadowPane', maxNativeZoom: 18,"
        " getFeatureId: function (f) { return f.properties.code; }}",
        show=audience == "investor",
    )
    plots.add_to(m)
    Fullscreen(
        position="topleft", title=labels["fullscreen"], title_cancel=labels["fullscreen_exit"]
    ).add_to(m)
    MousePosition(position="bottomleft", separator=" | ", num_digits=5, empty_string="").add_to(m)
    control = folium.LayerControl(collapsed=False, position="topright")
    control.add_to(m)

    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element('<meta charset="utf-8"><link rel="icon" href="data:,">'))
    root.header.add_child(folium.Element(f"<title>{labels[TITLE_KEYS[audience]]}</title>"))
    root.header.add_child(folium.CssLink("/static/izagis.css"))
    root.header.add_child(folium.JavascriptLink("/static/izagis.js"))
    config = {
        "lang": lang,
        "audience": audience,
        "labels": labels,
        "map": m.get_name(),
        "layerControl": control.get_name(),
        "plotLayer": plots.get_name(),
    }
    _Start(config).add_to(m)  # the last child: runs once the map and its layers exist
    html: str = root.render()
    return html.replace("<html>", f'<html lang="{lang}">', 1)
