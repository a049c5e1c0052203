"""Shared geometry helpers: UTM 48N <-> WGS 84 projection, the output grid, polygon parts.

Geometry is built in UTM 48N (EPSG:32648) metres, then converted to WGS 84 lon/lat on a
1e-7 degree grid (7 decimals, about 1 cm).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

GRID = 1e-7  # output precision in degrees (7 decimals, about 1 cm)
METRIC_EPSG = 32648  # WGS 84 / UTM zone 48N

_TO_UTM = Transformer.from_crs(4326, METRIC_EPSG, always_xy=True)
_TO_LL = Transformer.from_crs(METRIC_EPSG, 4326, always_xy=True)


def to_utm(geom: Any) -> Any:
    """Project WGS 84 lon/lat geometries to UTM 48N metres."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_UTM.transform(*xy.T)))


def to_ll(geom: Any) -> Any:
    """Project UTM 48N geometries back to WGS 84 lon/lat."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_LL.transform(*xy.T)))


def parts(geom: BaseGeometry) -> list[Polygon]:
    """Polygon parts of a geometry, dropping anything of lower dimension."""
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]


def width(geom: BaseGeometry) -> float:
    """Mean width of a polygon (2 * area / perimeter), metres in a metric CRS."""
    return 2.0 * geom.area / geom.length if geom.length else 0.0
