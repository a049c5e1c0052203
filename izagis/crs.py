"""Coordinate reference systems: what izagis reads and writes, Vietnam's extent, and the one pinned
VN-2000 <-> WGS 84 transformation (the import's checks are in ``izagis.import_read``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from pyproj.transformer import TransformerGroup

WGS84 = 4326
# Vietnam's extent in WGS 84 (mainland and islands), lon/lat.
VIETNAM_BOUNDS = (102.0, 8.0, 117.5, 23.5)


def inside_vietnam(bounds: tuple[Any, Any, Any, Any]) -> Any:
    """Whether lon/lat ``bounds`` lie in Vietnam: numbers, or numpy arrays element by element
    (a NaN or infinite coordinate is outside)."""
    minx, miny, maxx, maxy = bounds
    west, south, east, north = VIETNAM_BOUNDS
    return (west <= minx) & (maxx <= east) & (south <= miny) & (maxy <= north)


# What izagis writes and serves: WGS 84 and every VN-2000 CRS in use (geographic, UTM 48N/49N,
# TM-3 zone 482 of the old Ninh Bình and the national TM-3 zones, 9209 being Nam Định's).
VN2000_GEOGRAPHIC = 4756
VN2000_OUTPUT_CRS = (VN2000_GEOGRAPHIC, 3405, 3406, 5897, *range(9205, 9219))
OUTPUT_CRS = (WGS84, *VN2000_OUTPUT_CRS)
# The one VN-2000 <-> WGS 84 transformation izagis uses, never left to PROJ's choice: EPSG:6960
# ("VN-2000 to WGS 84 (2)", Vietnam onshore); EPSG:5194 differs from it by about 0.7 m.
VN2000_TO_WGS84 = 6960
OTHER_VN2000_TO_WGS84 = (5194,)


def is_vn2000(code: int) -> bool:
    """Whether EPSG:``code`` is VN-2000 or a projection of it."""
    return CRS.from_epsg(code).geodetic_crs.to_epsg() == VN2000_GEOGRAPHIC  # type: ignore[union-attr]


def operation_codes(transformer: Transformer) -> set[int]:
    """The EPSG codes of the operations a (concatenated) transformation is made of."""
    description = transformer.to_json_dict()
    steps = description.get("steps", [description])
    return {int(s["id"]["code"]) for s in steps if "id" in s}


@lru_cache(maxsize=128)
def pinned_transformer(source: int, target: int) -> Transformer:
    """EPSG:``source`` to EPSG:``target`` in x = east/longitude, y = north/latitude order;
    between VN-2000 and WGS 84 always through EPSG:6960, and a plain conversion within one
    datum. Refuses a pair it cannot pin."""
    if is_vn2000(source) == is_vn2000(target):
        transformer = Transformer.from_crs(source, target, always_xy=True)
        if operation_codes(transformer) & {VN2000_TO_WGS84, *OTHER_VN2000_TO_WGS84}:
            raise CRSError(f"EPSG:{source} -> EPSG:{target} should need no datum shift")
        return transformer
    group = TransformerGroup(source, target, always_xy=True, allow_ballpark=False)
    for transformer in group.transformers:
        if VN2000_TO_WGS84 in operation_codes(transformer):
            return transformer
    raise CRSError(f"no EPSG:{VN2000_TO_WGS84} transformation from EPSG:{source} to {target}")


def transform_geometries(geoms: NDArray[np.object_], source: int, target: int) -> NDArray[Any]:
    """Shapely geometries from EPSG:``source`` to EPSG:``target`` (``pinned_transformer``)."""
    if source == target:
        return geoms
    transformer = pinned_transformer(source, target)

    def move(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(xy[:, 0], xy[:, 1], errcheck=True)
        return np.column_stack([x, y])

    return shapely.transform(geoms, move)


def lat_first(code: int) -> bool:
    """Whether EPSG:``code`` lists latitude (northing) before longitude (easting), as EPSG:4326
    and EPSG:4756 do."""
    return CRS.from_epsg(code).axis_info[0].direction == "north"
