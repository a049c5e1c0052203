"""QGIS layer styles (QML) for exported layers, coloured like the web map.

The colours are ``izagis.palette``'s, the web map's too. Each style is a categorized renderer
(zones and their phases by status, phases dotted; plots by status, except roads, green and
utility land, drawn neutral by their land use as on the map; infrastructure and constraints by
kind), one symbol of the table's geometry type per value, plus one for values the palette does
not know.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Final, Literal

from izagis.palette import FALLBACK, PALETTE, PHASE_FALLBACK, PHASE_LOOKS, Look
from izagis.vocab import LABELS, sql_list

GeometryKind = Literal["points", "lines", "polygons"]

# Leaflet's defaults for what a style leaves out.
_DEFAULTS: Final[Look] = {"color": "#3388ff", "weight": 3, "fillOpacity": 0.2, "radius": 10}
# Per layer: what QGIS colours features by (a column, or an expression of columns) and the
# vocabularies whose values that gives, the first one's fallback drawing the rest. Plots as on
# the web map: roads, green and utility land in neutral styles, leasable land by its status.
NEUTRAL_LAND: Final = tuple(PALETTE["land_use"])
BY_LAYER: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "zones": ('"status"', ("zone_status",)),
    "phases": ('"status"', ("zone_status",)),
    "plots": (
        f'CASE WHEN "land_use" IN {sql_list(NEUTRAL_LAND)} THEN "land_use" ELSE "status" END',
        ("plot_status", "land_use"),
    ),
    "infrastructure": ('"kind"', ("infrastructure_kind",)),
    "constraints": ('"kind"', ("constraint_kind",)),
}
GEOMETRY_TYPE: Final[dict[GeometryKind, int]] = {"points": 0, "lines": 1, "polygons": 2}
QGIS_VERSION: Final = "3.34.0-Prizren"


def _rgba(colour: str, opacity: float = 1.0) -> str:
    """``#rgb`` or ``#rrggbb`` as QGIS's ``r,g,b,a``."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(opacity * 255)}"


def _options(layer: ET.Element, options: dict[str, str]) -> None:
    """QGIS 3's option map, and the older ``prop`` list that QGIS before 3.26 reads."""
    mapping = ET.SubElement(layer, "Option", type="Map")
    for name, value in options.items():
        ET.SubElement(mapping, "Option", type="QString", name=name, value=value)
    for name, value in options.items():
        ET.SubElement(layer, "prop", k=name, v=value)


def _layer(symbol: ET.Element, symbol_class: str) -> ET.Element:
    attributes = {"class": symbol_class, "enabled": "1", "locked": "0", "pass": "0"}
    return ET.SubElement(symbol, "layer", attributes)


def _symbol(parent: ET.Element, name: str, look: Look, kind: GeometryKind) -> None:
    style = {**_DEFAULTS, **look}
    dash = "dash" if "dashArray" in style else "solid"
    fill = style.get("fillColor", style["color"])
    symbol_type = {"points": "marker", "lines": "line", "polygons": "fill"}[kind]
    symbol = ET.SubElement(
        parent, "symbol", type=symbol_type, name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    if kind == "polygons":
        layer = _layer(symbol, "SimpleFill")
        options = {
            "color": _rgba(fill, style["fillOpacity"]),
            "style": "solid",
            "outline_color": _rgba(style["color"]),
            "outline_style": dash,
            "outline_width": str(style["weight"]),
            "outline_width_unit": "Pixel",
            "joinstyle": "round",
        }
    elif kind == "lines":
        layer = _layer(symbol, "SimpleLine")
        line = style["color"] if "fillColor" not in look else fill  # point kinds: their colour
        options = {
            "line_color": _rgba(line),
            "line_style": dash,
            "line_width": str(style["weight"] if "fillColor" not in look else 2),
            "line_width_unit": "Pixel",
            "capstyle": "round",
            "joinstyle": "round",
        }
    else:
        layer = _layer(symbol, "SimpleMarker")
        options = {
            "name": "circle",
            "color": _rgba(fill, style["fillOpacity"] if "fillColor" in look else 1.0),
            "outline_color": _rgba(style["color"]),
            "outline_style": "solid",
            "outline_width": str(style["weight"] if "fillColor" in look else 1),
            "outline_width_unit": "Pixel",
            "size": str(2 * style["radius"] if "fillColor" in look else 8),
            "size_unit": "Pixel",
        }
    _options(layer, options)


def qml(layer: str, kind: GeometryKind) -> str:
    """The QGIS style of ``layer``'s features of geometry ``kind``, coloured as on the map."""
    expression, vocabularies = BY_LAYER[layer]
    root = ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology")
    renderer = ET.SubElement(
        root,
        "renderer-v2",
        type="categorizedSymbol",
        attr=expression,
        symbollevels="0",
        enableorderby="0",
        forceraster="0",
    )
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    palette, fallback = (
        ({"zone_status": PHASE_LOOKS}, PHASE_FALLBACK)  # phases: dotted, unlike any zone
        if layer == "phases"
        else (PALETTE, FALLBACK[vocabularies[0]])
    )
    looks = [
        (value, look, LABELS.get(vocabulary, {}).get(value, value))
        for vocabulary in vocabularies
        for value, look in palette[vocabulary].items()
    ]
    for i, (value, look, label) in enumerate(looks):
        attributes = {"symbol": str(i), "value": value, "label": label, "render": "true"}
        ET.SubElement(categories, "category", attributes, type="string")
        _symbol(symbols, str(i), look, kind)
    other = str(len(looks))
    ET.SubElement(categories, "category", symbol=other, value="", label="other", render="true")
    _symbol(symbols, other, fallback, kind)
    ET.SubElement(root, "layerGeometryType").text = str(GEOMETRY_TYPE[kind])
    body = ET.tostring(root, encoding="unicode")
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"
