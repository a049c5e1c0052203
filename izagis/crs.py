"""Coordinate reference systems: what imports may claim, and the check that they tell the truth."""

from __future__ import annotations

import geopandas as gpd
from pyproj import CRS, Transformer

from izagis.errors import DatasetError

WGS84 = 4326
# VN-2000 / TM-3 zone 482 (Ninh Bình cadastre), VN-2000 / UTM 48N, geographic VN-2000.
VN2000_CRS = (5897, 3405, 4756)
ACCEPTED_CRS = (WGS84, *VN2000_CRS)
# Vietnam's extent in WGS 84 (mainland and islands), lon/lat.
VIETNAM_BOUNDS = (102.0, 8.0, 117.5, 23.5)


def inside_vietnam(bounds: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    west, south, east, north = VIETNAM_BOUNDS
    return west <= minx and maxx <= east and south <= miny and maxy <= north


def _epsg(crs: CRS) -> int | None:
    return crs.to_epsg(min_confidence=70)


def suggest_crs(bounds: tuple[float, float, float, float]) -> int | None:
    """The accepted CRS under which these raw coordinates would fall in Vietnam, if any."""
    for code in VN2000_CRS + (WGS84,):
        transformer = Transformer.from_crs(code, WGS84, always_xy=True)
        minx, miny, maxx, maxy = bounds
        lon0, lat0 = transformer.transform(minx, miny)
        lon1, lat1 = transformer.transform(maxx, maxy)
        if inside_vietnam((min(lon0, lon1), min(lat0, lat1), max(lon0, lon1), max(lat0, lat1))):
            return code
    return None


def to_wgs84(frame: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    """Reproject to WGS 84, refusing data that do not fall in Vietnam under their claimed CRS."""
    if frame.crs is None:
        raise DatasetError(f"{source}: no coordinate reference system declared")
    code = _epsg(frame.crs)
    if code not in ACCEPTED_CRS:
        raise DatasetError(
            f"{source}: CRS {frame.crs.to_string()} is not accepted; use one of "
            + ", ".join(f"EPSG:{c}" for c in ACCEPTED_CRS)
        )
    if frame.empty:
        return frame.to_crs(WGS84)
    raw = tuple(float(v) for v in frame.total_bounds)
    out = frame.to_crs(WGS84)
    if not inside_vietnam(tuple(float(v) for v in out.total_bounds)):  # type: ignore[arg-type]
        hint = suggest_crs(raw)  # type: ignore[arg-type]
        advice = f"; the numbers fit EPSG:{hint}, declare that" if hint and hint != code else ""
        raise DatasetError(
            f"{source}: coordinates do not fall in Vietnam under the declared EPSG:{code}{advice}"
        )
    return out
