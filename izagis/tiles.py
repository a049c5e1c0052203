"""Mapbox Vector Tiles built by PostGIS (``ST_AsMVT``), so a map with a million plots only
ever receives the plots in view."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from sqlalchemy import Connection, text

from izagis.errors import InvalidInputError
from izagis.plot_state import STATUS_SQL

MAX_ZOOM = 22
# Below these zooms a layer's tiles are empty: plots are too small to see and too many to send.
MIN_ZOOM = {"plots": 12, "zones": 0}
# Layer name -> SQL of its features in the tile ``t`` (the envelope in EPSG:3857, ``:env``).
# Fixed statements only: the layer name picks one, it never enters SQL itself.
LAYERS: dict[str, str] = {
    "plots": f"""
        SELECT p.code, z.code AS zone_code, p.land_use, {STATUS_SQL} AS status, p.leasable_year,
               round((p.area_m2 / 1e4)::numeric, 2)::float8 AS area_ha,
               ST_AsMVTGeom(p.geom_wm, t.env, 4096, 64, true) AS geom
        FROM plots p JOIN zones z ON z.id = p.zone_id, t
        WHERE p.geom_wm && t.env
    """,
    "zones": """
        SELECT z.code, z.name_vi, z.name_en, z.status,
               ST_AsMVTGeom(z.geom_wm, t.env, 4096, 64, true) AS geom
        FROM zones z, t
        WHERE z.geom_wm && t.env
    """,
}


class Layer(StrEnum):
    PLOTS = "plots"
    ZONES = "zones"


def tile(conn: Connection, layer: str, z: int, x: int, y: int) -> bytes:
    """One tile of ``layer``; empty bytes where the tile holds nothing."""
    if layer not in LAYERS:
        raise InvalidInputError(f"layer must be one of {', '.join(LAYERS)}", field="layer")
    if not 0 <= z <= MAX_ZOOM:
        raise InvalidInputError(f"z must be between 0 and {MAX_ZOOM}", field="z")
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        raise InvalidInputError(f"x and y must be between 0 and {2**z - 1} at zoom {z}", field="x")
    if z < MIN_ZOOM[layer]:
        return b""
    sql = (
        "WITH t AS (SELECT ST_TileEnvelope(:z, :x, :y) AS env), "
        f"f AS ({LAYERS[layer]}) "
        "SELECT ST_AsMVT(f.*, :layer, 4096, 'geom') FROM f WHERE f.geom IS NOT NULL"
    )
    data = conn.execute(text(sql), {"z": z, "x": x, "y": y, "layer": layer}).scalar()
    return bytes(data) if data else b""


def etag(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'
