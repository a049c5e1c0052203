"""How each vocabulary value is drawn on the page: the core's palette (``izagis.palette``, which
the exports' QGIS styles and the PDF sheets' maps use too) with the page's own additions, sent
to the page in its config.

Presentation only: which values exist, and in what order the legend lists them, comes from
the vocabularies (``web.vocab``). A value with no style here is drawn with its vocabulary's
``fallback``. ``swatch`` tells the legend how to draw a sample (``line``, ``dot``, ``area``,
``outline``); ``legend_as`` folds a value into another's legend entry (same colour, and a
label that names both).
"""

from __future__ import annotations

from typing import Any, Final

from izagis.palette import FALLBACK as CORE_FALLBACK
from izagis.palette import PALETTE, PHASE_FALLBACK, PHASE_LOOKS

Style = dict[str, Any]

# What only the page needs beside the core's colours: the legend's sample per vocabulary
# (infrastructure: a line for the linear kinds, a dot for the rest), filled plot polygons,
# zones with no leasable land yet ("future": labelled by their status, not "0 ha free"), and
# operating plots folded into the "leased" legend entry.
_SWATCH: Final = {
    "zone_status": "outline",
    "plot_status": "area",
    "land_use": "area",
    "constraint_kind": "area",
}
_LINES: Final = frozenset({"expressway", "national_road", "railway"})
_FILLED: Final = frozenset({"plot_status", "land_use"})
_EXTRAS: Final[dict[str, dict[str, Style]]] = {
    "zone_status": {"planned": {"future": True}, "proposed": {"future": True}},
    "plot_status": {"operating": {"legend_as": "leased"}},
}


def _for_page(vocabulary: str, value: str | None, look: Style) -> Style:
    style: Style = {**look, "swatch": _SWATCH.get(vocabulary)}
    if style["swatch"] is None:
        style["swatch"] = "line" if value in _LINES else "dot"
    if vocabulary in _FILLED:
        style["fill"] = True
    if value is not None:
        style.update(_EXTRAS.get(vocabulary, {}).get(value, {}))
    return style


STYLES: Final[dict[str, dict[str, Style]]] = {
    name: {value: _for_page(name, value, look) for value, look in looks.items()}
    for name, looks in PALETTE.items()
}
# A value the styles do not know (say, a kind added to the core since): neutral, never missing.
FALLBACK: Final[dict[str, Style]] = {
    name: _for_page(name, None, look) if look else {} for name, look in CORE_FALLBACK.items()
}


# The zones' fill: the colour of free land, stronger the more free land a zone has.
FREE_LAND_COLOUR: Final = STYLES["plot_status"]["free"]["fillColor"]
# The distance the zone list shows beside free land and price (a fact sheet distance).
ZONE_LIST_DISTANCE: Final = "expressway_interchange"


# The planning page: zone phases by status (the core's looks, an outline swatch for the
# legend), and the parts of a land account in the order its bars stack them, each in the
# colour of the plot status it counts.
_PLOT_FILL: Final = {v: look["fillColor"] for v, look in PALETTE["plot_status"].items()}
PLANNING_STYLES: Final[dict[str, Any]] = {
    "phases": {
        "values": {s: {**look, "swatch": "outline"} for s, look in PHASE_LOOKS.items()},
        "fallback": {**PHASE_FALLBACK, "swatch": "outline"},
    },
    "land": {
        "leased": _PLOT_FILL["leased"],
        "delayed": _PLOT_FILL["delayed"],
        "held": _PLOT_FILL["reserved"],
        "free": _PLOT_FILL["free"],
        "not_yet_leasable": _PLOT_FILL["planned"],
    },
}


def page_styles() -> dict[str, dict[str, Style]]:
    """Per vocabulary: ``values`` (value -> style) and its ``fallback``."""
    return {name: {"values": STYLES[name], "fallback": FALLBACK[name]} for name in STYLES}
