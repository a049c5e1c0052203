"""Measuring answers from the outside, with shapely and pyproj rather than the engine's own code:
shared by the behaviour tests (on the small world) and the reference tests (on ``geodata/``)."""

from __future__ import annotations

from functools import cache
from typing import Any

import httpx
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
TO_METRIC = Transformer.from_crs(4326, 32648, always_xy=True).transform


def search(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    """POST a site search that must succeed; the answer as JSON."""
    res = api.post("/api/v1/site-search", json=body)
    assert res.status_code == 200, res.text
    answer: dict[str, Any] = res.json()
    return answer


@cache
def _layer(base_url: str, path: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = httpx.get(base_url + path, timeout=30).json()["features"]
    return features


def layer(api: httpx.Client, path: str) -> list[dict[str, Any]]:
    """The features of a GeoJSON endpoint (fetched once per server and path)."""
    return _layer(str(api.base_url), path)


def metric(geojson: dict[str, Any]) -> BaseGeometry:
    """A GeoJSON geometry in UTM 48N metres."""
    return shapely.transform(shape(geojson), TO_METRIC, interleaved=False)


def geodesic_ha(geojson: dict[str, Any]) -> float:
    return abs(GEOD.geometry_area_perimeter(shape(geojson))[0]) / 1e4


def nearest_m(api: httpx.Client, geojson: dict[str, Any], path: str) -> float:
    """Metres from a GeoJSON geometry to the nearest feature of a layer endpoint."""
    site = metric(geojson)
    return min(site.distance(metric(f["geometry"])) for f in layer(api, path))
