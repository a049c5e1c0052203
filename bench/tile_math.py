"""Web Mercator tile arithmetic for the benchmarks."""

from __future__ import annotations

import math


def tile_xy(x_m: float, y_m: float, z: int) -> tuple[int, int]:
    """The tile at zoom ``z`` holding the UTM 48N point (``x_m``, ``y_m``)."""
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(32648, 4326, always_xy=True).transform(x_m, y_m)
    n = 2**z
    return int((lon + 180) / 360 * n), int(
        (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    )


def tile_bbox(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 2**z

    def lat(yy: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * yy / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)
