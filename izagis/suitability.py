"""A suitability surface for new industrial land: a grid over the province (100 m cells in UTM
48N by default) scoring each cell with the site search's criteria, value functions and
weights, with the land no new zone can take masked out.

A cell is a candidate site of its own: the criteria a bare cell has are the distances the
site search measures (to each access kind, Hà Nội, the nearest urban area for labour, and the
nearest protected area as a margin), each turned into 0-1 by the search's default value
function; the criteria a cell lacks (lease price, area, utility headroom, readiness) are left
out and the weights of the rest are scaled to sum to one. A cell whose centre lies in a
constraint area (heritage property or buffer, national park, wetland, river, urban area) or
an existing zone is masked (no data), as is one outside the province. Surfaces are cached per
data version and weights.
"""

from __future__ import annotations

import io
import json
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Final

import numpy as np
import numpy.typing as npt
import shapely
from affine import Affine
from sqlalchemy import Connection, text

from izagis.criteria import ACCESS_KINDS, CRITERION_NAMES, default_weights
from izagis.errors import InvalidInputError
from izagis.needs import PROTECTED_KINDS
from izagis.registry import IS_HANOI
from izagis.value_functions import default_function
from izagis.vocab import ConstraintKind, values

UTM48N: Final = 32648
CELL_M: Final = 100.0
NODATA: Final = -1.0
# The criteria a bare cell has, and the distances (metres) each reads.
CELL_CRITERIA: Final = (*ACCESS_KINDS, "hanoi", "labour_pool", "constraint_margin")
MASKED_KINDS: Final = values(ConstraintKind)
CACHE_SIZE: Final = 8

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Surface:
    """Scores (rows north to south, NODATA where masked or outside), the grid's origin (the
    north-west corner, UTM 48N metres), the cell size, and the weights used."""

    scores: npt.NDArray[np.float32]
    west: float
    north: float
    cell_m: float
    weights: dict[str, float]

    def centre(self, row: int, col: int) -> tuple[float, float]:
        return (
            self.west + (col + 0.5) * self.cell_m,
            self.north - (row + 0.5) * self.cell_m,
        )


def parse_weights(raw: str | None) -> dict[str, float]:
    """The cell criteria's weights, scaled to sum to one: the site search's weights as JSON
    (criterion -> weight >= 0), default the general profile's; weights of criteria a cell
    lacks are ignored."""
    given: dict[str, float] = default_weights(None)
    if raw:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InvalidInputError("weights must be a JSON object", field="weights") from exc
        if not isinstance(data, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in data.values()
        ):
            raise InvalidInputError(
                "weights must be a JSON object of criterion -> number", field="weights"
            )
        unknown = sorted(set(data) - set(CRITERION_NAMES))
        if unknown:
            raise InvalidInputError(f"unknown criteria: {', '.join(unknown)}", field="weights")
        if any(not np.isfinite(v) or v < 0 for v in data.values()):
            raise InvalidInputError("weights must be finite and >= 0", field="weights")
        given = {k: float(v) for k, v in data.items()}
    cell = {k: float(given.get(k, 0.0)) for k in CELL_CRITERIA}
    total = sum(cell.values())
    if total <= 0:
        raise InvalidInputError(
            f"at least one weight of {', '.join(CELL_CRITERIA)} must be above 0",
            field="weights",
        )
    return {k: v / total for k, v in cell.items()}


def _shapes(conn: Connection, sql: str, **params: object) -> list[shapely.Geometry]:
    rows = conn.execute(text(sql), params).scalars().all()
    return [shapely.from_wkb(bytes(r)) for r in rows]


def _nearest(points: npt.NDArray[np.object_], shapes: list[shapely.Geometry]) -> FloatArray:
    """Per point, metres to the nearest of ``shapes`` (NaN if there are none)."""
    out = np.full(len(points), np.nan)
    for geom in shapes:
        out = np.fmin(out, shapely.distance(points, geom))
    return out


def cell_values(conn: Connection, points: npt.NDArray[np.object_]) -> dict[str, FloatArray]:
    """Per cell criterion, the value (km) at each point (UTM 48N): what the site search
    measures for a plot."""
    infra = "SELECT ST_AsBinary(geom_m) FROM infrastructure f WHERE f.kind = :kind"
    cons = "SELECT ST_AsBinary(geom_m) FROM constraint_areas f WHERE f.kind = ANY(:kinds)"
    out = {kind: _nearest(points, _shapes(conn, infra, kind=kind)) / 1000 for kind in ACCESS_KINDS}
    hanoi = f"SELECT ST_AsBinary(geom_m) FROM infrastructure f WHERE {IS_HANOI}"
    out["hanoi"] = _nearest(points, _shapes(conn, hanoi)) / 1000
    out["labour_pool"] = _nearest(points, _shapes(conn, cons, kinds=["residential"])) / 1000
    protected = _shapes(conn, cons, kinds=list(PROTECTED_KINDS))
    out["constraint_margin"] = _nearest(points, protected) / 1000
    return out


def compute(conn: Connection, weights: dict[str, float], cell_m: float = CELL_M) -> Surface:
    """The surface over the province at ``cell_m`` metres."""
    province = shapely.union_all(
        _shapes(conn, "SELECT ST_AsBinary(geom_m) FROM boundaries WHERE kind = 'province'")
    )
    if province.is_empty:
        raise InvalidInputError("no province outline on file", field="weights")
    minx, miny, maxx, maxy = province.bounds
    west, north = np.floor(minx / cell_m) * cell_m, np.ceil(maxy / cell_m) * cell_m
    cols = int(np.ceil((maxx - west) / cell_m))
    rows = int(np.ceil((north - miny) / cell_m))
    xs = west + (np.arange(cols) + 0.5) * cell_m
    ys = north - (np.arange(rows) + 0.5) * cell_m
    gx, gy = np.meshgrid(xs, ys)
    shapely.prepare(province)
    inside = shapely.contains_xy(province, gx, gy)
    masked = np.zeros_like(inside)
    blocked = _shapes(
        conn,
        "SELECT ST_AsBinary(geom_m) FROM constraint_areas WHERE kind = ANY(:kinds) "
        "UNION ALL SELECT ST_AsBinary(geom_m) FROM zones",
        kinds=list(MASKED_KINDS),
    )
    for geom in blocked:
        shapely.prepare(geom)
        masked |= shapely.contains_xy(geom, gx, gy)
    live = inside & ~masked
    points = shapely.points(gx[live], gy[live])
    values_km = cell_values(conn, points)
    score = np.zeros(len(points))
    for name, weight in weights.items():
        if weight > 0:
            score += weight * default_function(name, 1.0)(values_km[name])
    scores = np.full(gx.shape, NODATA, dtype=np.float32)
    scores[live] = score.astype(np.float32)
    return Surface(scores, float(west), float(north), cell_m, weights)


_cache: OrderedDict[tuple[object, ...], Surface] = OrderedDict()
_lock = Lock()
# One computation at a time: the map asks for a dozen tiles at once, and each would otherwise
# compute the same surface (seconds of the database's time) on a connection of its own.
_computing = Lock()


def _cached(key: tuple[object, ...]) -> Surface | None:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    return None


def surface(conn: Connection, weights: dict[str, float], cell_m: float = CELL_M) -> Surface:
    """``compute``'s surface, cached until the data (``data_version``) or weights change."""
    version = conn.execute(text("SELECT version FROM data_version")).scalar_one()
    key = (version, cell_m, tuple(sorted(weights.items())))
    if (found := _cached(key)) is not None:
        return found
    with _computing:
        if (found := _cached(key)) is not None:  # computed while this request waited
            return found
        result = compute(conn, weights, cell_m)
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _transform(result: Surface) -> Affine:
    """The grid's affine transform: north-west origin, square cells, rows southwards."""
    return Affine(result.cell_m, 0.0, result.west, 0.0, -result.cell_m, result.north)


def geotiff(result: Surface) -> bytes:
    """The surface as a Cloud-Optimized GeoTIFF (float32, UTM 48N, NODATA where masked),
    with the weights in its metadata."""
    import rasterio  # heavy: loaded with the first surface, not at start-up
    from rasterio.io import MemoryFile

    rows, cols = result.scores.shape
    profile = {
        "driver": "COG",
        "width": cols,
        "height": rows,
        "count": 1,
        "dtype": "float32",
        "crs": f"EPSG:{UTM48N}",
        "transform": _transform(result),
        "nodata": NODATA,
        "compress": "deflate",
    }
    with rasterio.Env(), MemoryFile() as memory:
        with memory.open(**profile) as dst:
            dst.write(result.scores, 1)
            dst.update_tags(
                description="izagis suitability for new industrial land, 0-1",
                weights=json.dumps(result.weights),
            )
        return bytes(memory.read())


def png(result: Surface) -> tuple[bytes, list[list[float]]]:
    """A heat image of the surface for the map, reprojected to WGS 84 (transparent where
    masked), and its bounds [[south, west], [north, east]]."""
    import rasterio  # heavy: loaded with the first surface, not at start-up
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    rows, cols = result.scores.shape
    src_transform = _transform(result)
    east, south = result.west + cols * result.cell_m, result.north - rows * result.cell_m
    transform, width, height = calculate_default_transform(
        f"EPSG:{UTM48N}", "EPSG:4326", cols, rows, result.west, south, east, result.north
    )
    out = np.full((height, width), NODATA, dtype=np.float32)
    with rasterio.Env():
        reproject(
            result.scores,
            out,
            src_transform=src_transform,
            src_crs=f"EPSG:{UTM48N}",
            src_nodata=NODATA,
            dst_transform=transform,
            dst_crs="EPSG:4326",
            dst_nodata=NODATA,
            resampling=Resampling.nearest,
        )
    buffer = _heat_png(out)
    west, north = transform.c, transform.f
    east, south = west + width * transform.a, north + height * transform.e
    return buffer, [[south, west], [north, east]]


# Low scores pale yellow, high scores dark red (a sequential ramp), 70 % opaque.
RAMP: Final = np.array(
    [[255, 255, 178], [254, 204, 92], [253, 141, 60], [240, 59, 32], [189, 0, 38]]
)
HEAT_ALPHA: Final = 180
TILE_PX: Final = 256
WEB_MERCATOR_HALF: Final = 20037508.342789244  # metres from the origin to the edge


def heat_colours(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.uint8]:
    """RGBA per cell of ``scores``: the ramp's colour, transparent where NODATA."""
    rgba = np.zeros((*scores.shape, 4), dtype=np.uint8)
    valid = scores != NODATA
    t = np.clip(scores[valid], 0, 1) * (len(RAMP) - 1)
    lo = np.floor(t).astype(int).clip(0, len(RAMP) - 2)
    frac = (t - lo)[:, None]
    rgba[valid, :3] = (RAMP[lo] * (1 - frac) + RAMP[lo + 1] * frac).astype(np.uint8)
    rgba[valid, 3] = HEAT_ALPHA
    return rgba


def _heat_png(scores: npt.NDArray[np.float32]) -> bytes:
    from matplotlib.image import imsave  # heavy: only for the map's images

    buffer = io.BytesIO()
    imsave(buffer, heat_colours(scores), format="png")
    return buffer.getvalue()


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's (west, south, east, north) in Web Mercator metres (XYZ scheme)."""
    size = 2 * WEB_MERCATOR_HALF / 2**z
    west, north = -WEB_MERCATOR_HALF + x * size, WEB_MERCATOR_HALF - y * size
    return west, north - size, west + size, north


def tile(result: Surface, z: int, x: int, y: int) -> bytes:
    """One 256 px map tile of the heat layer (Web Mercator), read from the cached surface:
    each pixel the colour of the cell it falls in, transparent outside and where masked."""
    import rasterio  # heavy: loaded with the first surface, not at start-up
    from rasterio.warp import Resampling, reproject

    west, south, east, north = tile_bounds(z, x, y)
    out = np.full((TILE_PX, TILE_PX), NODATA, dtype=np.float32)
    with rasterio.Env():
        reproject(
            result.scores,
            out,
            src_transform=_transform(result),
            src_crs=f"EPSG:{UTM48N}",
            src_nodata=NODATA,
            dst_transform=Affine(
                (east - west) / TILE_PX, 0.0, west, 0.0, -(north - south) / TILE_PX, north
            ),
            dst_crs="EPSG:3857",
            dst_nodata=NODATA,
            resampling=Resampling.nearest,
        )
    return _heat_png(out)
