"""Mapbox Vector Tiles built by PostGIS (``ST_AsMVT``), so a map with a million plots only
ever receives the plots in view.

One statement per tile returns the tile and the data stamp it was cut from (the data version
and the next hold boundary), so a cache can key on both without asking again. Below
``PLOT_DETAIL_ZOOM`` plot tiles carry only what the map draws (land use and status) on a
coarser grid (``LOW_EXTENT``); a click there looks the plot up by its location.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, text

from izagis.errors import InvalidInputError
from izagis.plot_state import NEXT_HOLD_BOUNDARY_SQL, STATUS_SQL
from izagis.registry import LEASABLE

MAX_ZOOM = 22
# Below these zooms a layer's tiles are empty: plots are too small to see and too many to send.
MIN_ZOOM = {"plots": 12, "zones": 0}
# From this zoom plot tiles carry every attribute the plot popup shows.
PLOT_DETAIL_ZOOM = 14
EXTENT = 4096
# Below PLOT_DETAIL_ZOOM: a coarser grid keeps coordinates to a byte or two; at two units a
# pixel of a 256 px tile (four on a high-density screen's 512 px) nothing visible moves.
LOW_EXTENT = {12: 512, 13: 1024}
# Layer name -> SQL of its features in the tile ``t`` (the envelope in EPSG:3857, ``t.env``).
# Fixed statements only: the layer name picks one, it never enters SQL itself.
LAYERS: dict[str, str] = {
    "plots": f"""
        SELECT p.code, z.code AS zone_code, p.land_use, {STATUS_SQL} AS status, p.leasable_year,
               round((p.area_m2 / 1e4)::numeric, 2)::float8 AS area_ha,
               ST_AsMVTGeom(p.geom_wm, t.env, {EXTENT}, 64, true) AS geom
        FROM plots p JOIN zones z ON z.id = p.zone_id, t
        WHERE p.geom_wm && t.env
    """,
    "zones": f"""
        SELECT z.code, z.name_vi, z.name_en, z.status,
               ST_AsMVTGeom(z.geom_wm, t.env, {EXTENT}, 64, true) AS geom
        FROM zones z, t
        WHERE z.geom_wm && t.env
    """,
}
# Plots below PLOT_DETAIL_ZOOM: what the map's style reads, on the coarser grid: leasable
# plots are drawn by their status, the others by their land use (one attribute each), and the
# plots that look alike travel as one multipolygon feature (every plot keeps its own polygon,
# so the map draws exactly the same; a click looks the plot up by its location).
LOW_PLOTS = f"""
    SELECT g.land_use, g.status, ST_Collect(d.geom) AS geom
    FROM (
        SELECT CASE WHEN p.land_use NOT IN {LEASABLE} THEN p.land_use END AS land_use,
               CASE WHEN p.land_use IN {LEASABLE} THEN {STATUS_SQL} END AS status,
               ST_AsMVTGeom(p.geom_wm, t.env, {{extent}}, 16, true) AS geom
        FROM plots p, t
        WHERE p.geom_wm && t.env
    ) g, LATERAL ST_Dump(g.geom) d
    GROUP BY g.land_use, g.status
"""


class Layer(StrEnum):
    PLOTS = "plots"
    ZONES = "zones"


@dataclass(frozen=True)
class Tile:
    """A tile, its entity tag, and the stamp of the data it was cut from."""

    data: bytes
    etag: str
    version: int
    valid_until: dt.datetime | None  # the next hold boundary (what is shown changes then)


def check(layer: str, z: int, x: int, y: int) -> None:
    if layer not in LAYERS:
        raise InvalidInputError(f"layer must be one of {', '.join(LAYERS)}", field="layer")
    if not 0 <= z <= MAX_ZOOM:
        raise InvalidInputError(f"z must be between 0 and {MAX_ZOOM}", field="z")
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        raise InvalidInputError(f"x and y must be between 0 and {2**z - 1} at zoom {z}", field="x")


def statement(layer: str, z: int, x: int, y: int) -> tuple[str, dict[str, object]]:
    """The SQL of one tile (one row: ``mvt``, ``version``, ``valid_until``) and its parameters."""
    check(layer, z, x, y)
    if z < MIN_ZOOM[layer]:
        features, extent = "SELECT NULL::geometry AS geom WHERE false", EXTENT
    elif layer == "plots" and z < PLOT_DETAIL_ZOOM:
        extent = LOW_EXTENT.get(z, max(LOW_EXTENT.values()))
        features = LOW_PLOTS.format(extent=extent)
    else:
        features, extent = LAYERS[layer], EXTENT
    sql = (
        "WITH t AS (SELECT ST_TileEnvelope(:z, :x, :y) AS env), "
        f"f AS ({features}) "
        f"SELECT (SELECT ST_AsMVT(f.*, :layer, {extent}, 'geom') FROM f "
        "WHERE f.geom IS NOT NULL) AS mvt, v.version, "
        f"({NEXT_HOLD_BOUNDARY_SQL}) AS valid_until FROM data_version v"
    )
    return sql, {"z": z, "x": x, "y": y, "layer": layer}


def render(conn: Connection, layer: str, z: int, x: int, y: int) -> Tile:
    """One tile of ``layer`` with its stamp, in one statement; empty data where the tile holds
    nothing."""
    sql, params = statement(layer, z, x, y)
    mvt, version, valid_until = conn.execute(text(sql), params).one()
    data = bytes(mvt) if mvt else b""
    return Tile(data, etag(data), int(version), valid_until)


def tile(conn: Connection, layer: str, z: int, x: int, y: int) -> bytes:
    """One tile of ``layer``; empty bytes where the tile holds nothing."""
    return render(conn, layer, z, x, y).data


def etag(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag``: ``*``, or any of its tags compared
    weakly (``W/"x"`` matches ``"x"``), as RFC 9110 asks of GET."""
    if not if_none_match:
        return False
    wanted = tag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False
