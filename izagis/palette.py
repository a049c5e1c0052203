"""How each vocabulary value is drawn, as Leaflet path options: ``color`` (stroke),
``fillColor``, ``fillOpacity``, ``weight`` (pixels), ``dashArray``, ``radius`` (pixels).

One palette for every picture izagis makes: the web map (``web/styles.py`` adds what only the
page needs), the QGIS styles of exports (``izagis.qml``) and the maps of the PDF sheets. Which
values exist comes from the vocabularies; a value the palette does not know is drawn with its
vocabulary's ``FALLBACK``.
"""

from __future__ import annotations

from typing import Any, Final

Look = dict[str, Any]

_ZONE: Final[Look] = {"weight": 2.5, "fillOpacity": 0.15}
_FUTURE_ZONE: Final[Look] = {**_ZONE, "fillOpacity": 0.08, "dashArray": "8 6"}
_PLOT: Final[Look] = {"fillOpacity": 0.65, "color": "#444", "weight": 0.6}
_POINT: Final[Look] = {"radius": 5, "color": "#fff", "weight": 1, "fillOpacity": 0.95}
_AREA: Final[Look] = {"fillOpacity": 0.3, "weight": 1}

PALETTE: Final[dict[str, dict[str, Look]]] = {
    "zone_status": {
        "operating": {**_ZONE, "color": "#1f78b4"},
        "developing": {**_ZONE, "color": "#33a02c"},
        "planned": {**_FUTURE_ZONE, "color": "#ff7f00"},
        "proposed": {**_FUTURE_ZONE, "color": "#984ea3"},
    },
    "plot_status": {
        "free": {**_PLOT, "fillColor": "#4daf4a"},
        "reserved": {**_PLOT, "fillColor": "#ffd92f"},
        "leased": {**_PLOT, "fillColor": "#377eb8"},
        "operating": {**_PLOT, "fillColor": "#377eb8"},
        "building": {**_PLOT, "fillColor": "#984ea3"},
        "delayed": {**_PLOT, "fillColor": "#e41a1c"},
        "planned": {**_PLOT, "fillColor": "#bdbdbd"},
    },
    # Land that is never leased, drawn in neutral styles whatever its status.
    "land_use": {
        "road": {**_PLOT, "fillColor": "#f2f2f2", "color": "#bdbdbd", "fillOpacity": 0.9},
        "green": {**_PLOT, "fillColor": "#d9ead3", "color": "#b6cfae", "fillOpacity": 0.8},
        "utility": {**_PLOT, "fillColor": "#d9d9d9", "color": "#969696", "fillOpacity": 0.8},
    },
    "infrastructure_kind": {
        "expressway": {"color": "#d7301f", "weight": 4},
        "national_road": {"color": "#fc8d59", "weight": 3},
        "railway": {"color": "#252525", "weight": 2, "dashArray": "6 4"},
        "expressway_interchange": {**_POINT, "fillColor": "#d7301f"},
        "railway_station": {**_POINT, "fillColor": "#252525"},
        "seaport": {**_POINT, "fillColor": "#08519c"},
        "river_port": {**_POINT, "fillColor": "#3182bd"},
        "substation": {**_POINT, "fillColor": "#fdae6b"},
        "water_plant": {**_POINT, "fillColor": "#6baed6"},
        "wastewater_plant": {**_POINT, "fillColor": "#74c476"},
        "city": {**_POINT, "fillColor": "#000000", "radius": 7},
    },
    "constraint_kind": {
        "heritage_property": {
            **_AREA,
            "color": "#8c510a",
            "fillColor": "#bf812d",
            "fillOpacity": 0.35,
        },
        "heritage_buffer": {
            **_AREA,
            "color": "#bf812d",
            "fillColor": "#dfc27d",
            "fillOpacity": 0.2,
            "dashArray": "4 4",
        },
        "national_park": {**_AREA, "color": "#1b7837", "fillColor": "#5aae61"},
        "ramsar_wetland": {**_AREA, "color": "#2166ac", "fillColor": "#67a9cf"},
        "river": {
            **_AREA,
            "color": "#4393c3",
            "fillColor": "#92c5de",
            "fillOpacity": 0.6,
            "weight": 0.5,
        },
        "residential": {**_AREA, "color": "#737373", "fillColor": "#bdbdbd", "weight": 0.5},
    },
}
# Zone phases, by their status (a zone status): a dotted outline, unlike any zone's, and for
# land not yet leasable a light fill of its own, so that an extension or a later phase never
# looks like operating land.
_PHASE: Final[Look] = {"weight": 2, "dashArray": "2 5", "fillOpacity": 0.18}
PHASE_LOOKS: Final[dict[str, Look]] = {
    "operating": {**_PHASE, "color": "#6a6a6a", "fillOpacity": 0.0},
    "developing": {**_PHASE, "color": "#c51b7d", "fillColor": "#f1b6da"},
    "planned": {**_PHASE, "color": "#b35806", "fillColor": "#fdb863"},
    "proposed": {**_PHASE, "color": "#542788", "fillColor": "#b2abd2"},
}
PHASE_FALLBACK: Final[Look] = {**_PHASE, "color": "#555", "fillColor": "#bbb"}

# A value the palette does not know: neutral, never missing.
FALLBACK: Final[dict[str, Look]] = {
    "zone_status": {**_ZONE, "color": "#555"},
    "plot_status": {**_PLOT, "fillColor": "#999"},
    "land_use": {},  # industrial and warehouse plots: drawn by their status
    "infrastructure_kind": {**_POINT, "fillColor": "#555", "color": "#555", "weight": 2},
    "constraint_kind": {**_AREA, "color": "#777", "fillColor": "#bbb"},
}
