"""The map pages, built by Folium on the vendored Leaflet.

Folium makes the map, its controls and the plot layer (vector tiles); the page script
(``web/static/js``, ES modules) loads the other layers from the API, so the page weighs the
same with ten plots or a million. The page's config, written into its head, carries all the
script knows: the base URL (the app's ``root_path``), the words of the page's language, every
vocabulary with its labels, the styles, and Babel's number and date rules.
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args

import folium
from branca.element import Figure, MacroElement
from folium.plugins import Fullscreen, MousePosition, VectorGridProtobuf
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from izagis.needs import Availability
from izagis.registry import ZonesExtent
from izagis.vocab import LEASABLE_LAND_USES
from web.assets import offline_map
from web.i18n import ENDONYMS, LANGUAGES, number_format, script_messages, translations
from web.styles import FREE_LAND_COLOUR, PLANNING_STYLES, ZONE_LIST_DISTANCE, page_styles
from web.vocab import import_layers, vocabularies

Audience = Literal["investor", "staff", "planning"]
CENTER = (20.22, 105.93)  # Ninh Bình, between Gián Khẩu, Khánh Phú and Tam Điệp
PLOT_TILES = "/api/v1/tiles/plots/{z}/{x}/{y}.pbf"
# The plot tiles are drawn before the page script has run: their style is looked up in the
# config inline (presentation data from web/styles.py): roads, green and utility land by their
# land use, other plots by their status (a neutral style for an unknown one).
PLOT_STYLE = (
    "function (p) { var c = IZAGIS.config.styles, s = c.plot_status;"
    " return Object.assign({}, c.land_use.values[p.land_use] || s.values[p.status]"
    " || s.fallback); }"
)


class _Handover(MacroElement):
    """Hands the map, its layer control and the plot layer over to the page script (Folium
    declares them as script variables, so they are handed over, not looked up)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "IZAGIS.page = {map: {{ this.map }}, layerControl: {{ this.control }},"
        " plotLayer: {{ this.plots }}};"
        "{% endmacro %}"
    )

    def __init__(self, map_name: str, control_name: str, plots_name: str) -> None:
        super().__init__()
        self.map, self.control, self.plots = map_name, control_name, plots_name


def page_config(
    lang: str, audience: Audience, base: str, zones: ZonesExtent | None = None
) -> dict[str, Any]:
    """Everything the page script knows, in the page's language; with ``zones``, where the
    zones on file lie (the investor map opens on them, with no request of its own)."""
    config: dict[str, Any] = {
        "lang": lang,
        "audience": audience,
        "base": base,
        "languages": [{"code": code, "name": ENDONYMS[code]} for code in LANGUAGES],
        "messages": script_messages(lang),
        "vocab": vocabularies(lang),
        "styles": page_styles(),
        "freeLandColour": FREE_LAND_COLOUR,
        "zoneListDistance": ZONE_LIST_DISTANCE,
        # The land a site search may offer, the default (free) first.
        "availability": list(get_args(Availability)),
        # The land a cost estimate is for: these uses, while available.
        "leasableLandUses": list(LEASABLE_LAND_USES),
        "format": number_format(lang),
        # How the planning page draws zone phases and land accounts.
        "planning": PLANNING_STYLES,
    }
    if audience == "staff":
        config["importLayers"] = import_layers(lang)
    if zones is not None:
        west, south, east, north = zones.bbox
        config["zones"] = {
            "bounds": [[south, west], [north, east]],  # Leaflet's [lat, lng] corners
            # zones outside the province outline on file: the transport data do not reach them
            "outsideProvince": zones.outside_province,
        }
    return config


def build_map(
    lang: str,
    audience: Audience,
    base: str = "",
    base_map_url: str = "",
    zones: ZonesExtent | None = None,
) -> str:
    """The HTML of one page: the same builder for investors, staff and planners.

    ``base`` is the path the app is served under (ASGI ``root_path``, "" at the root): every
    URL the page loads starts with it. ``zones``: where the zones on file lie, if known."""
    _ = translations(lang).gettext
    titles = {
        "investor": _("Industrial zones of Ninh Binh province"),
        "staff": _("Investment promotion: pipeline and shortlists"),
        "planning": _("Planning: occupancy and expansion"),
    }
    m = offline_map(
        base_url=base,
        lean=True,  # no Bootstrap, jQuery or Font Awesome: nothing on the page uses them
        location=CENTER,
        zoom_start=11,
        min_zoom=8,
        max_zoom=19,
        control_scale=True,
        prefer_canvas=False,
    )
    # With an online base map configured, two base maps, so that it can be switched off again:
    # none (the default) and OpenStreetMap.
    if base_map_url:
        folium.FeatureGroup(name=_("No base map"), overlay=False, control=True, show=True).add_to(m)
        folium.TileLayer(
            base_map_url,
            name=_("OpenStreetMap base map (needs internet)"),
            attr="© OpenStreetMap contributors",
            overlay=False,
            control=True,
            show=False,
        ).add_to(m)
    plots = VectorGridProtobuf(
        base + PLOT_TILES,
        _("Plots"),
        "{vectorTileLayerStyles: {plots: " + PLOT_STYLE + "},"
        # Above the zones' pane, so that a click on a plot reaches the plot.
        " interactive: true, pane: 'shadowPane', maxNativeZoom: 18,"
        " getFeatureId: function (f) { return f.properties.code; }}",
        show=audience == "investor",
    )
    plots.add_to(m)
    Fullscreen(
        position="topleft", title=_("Full screen"), title_cancel=_("Exit full screen")
    ).add_to(m)
    MousePosition(position="bottomleft", separator=" | ", num_digits=5, empty_string="").add_to(m)
    control = folium.LayerControl(collapsed=False, position="topright")
    control.add_to(m)

    root = m.get_root()
    assert isinstance(root, Figure)
    config = htmlsafe_json_dumps(page_config(lang, audience, base, zones), ensure_ascii=False)
    static = escape(base + "/static")
    root.header.add_child(folium.Element('<meta charset="utf-8"><link rel="icon" href="data:,">'))
    root.header.add_child(folium.Element(f"<title>{escape(titles[audience])}</title>"))
    root.header.add_child(folium.Element(f"<script>window.IZAGIS = {{config: {config}}};</script>"))
    root.header.add_child(folium.CssLink(f"{static}/izagis.css"))
    root.header.add_child(
        folium.Element(f'<script type="module" src="{static}/js/main.js"></script>')
    )
    if audience in ("planning", "staff"):  # the signed-in pages' panel
        root.header.add_child(folium.CssLink(f"{static}/workspace.css"))
    if audience == "planning":  # runs after main.js: the planners' panels and layers
        root.header.add_child(folium.CssLink(f"{static}/planning.css"))
        root.header.add_child(
            folium.Element(f'<script type="module" src="{static}/js/planning.js"></script>')
        )
    if audience == "staff":  # runs after main.js: the staff's pipeline, shortlists and holds
        root.header.add_child(folium.CssLink(f"{static}/staff.css"))
        root.header.add_child(
            folium.Element(f'<script type="module" src="{static}/js/staff.js"></script>')
        )
    # The last child: runs once the map and its layers exist, before the (deferred) modules.
    _Handover(m.get_name(), control.get_name(), plots.get_name()).add_to(m)
    html: str = root.render()
    # Folium forbids zooming the page (maximum-scale=1, user-scalable=no); a phone's user who
    # needs larger text may zoom (WCAG 1.4.4; axe's meta-viewport rule).
    html = re.sub(
        r'<meta name="viewport"[^>]*>',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        html,
        count=1,
    )
    return html.replace("<html>", f'<html lang="{lang}">', 1)
