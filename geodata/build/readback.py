"""Reading a written dataset back, for the checks: the files, a few measures, the failure.

``read_dataset`` returns the seven files as a ``Dataset`` (GeoJSON layers as properties plus a
shapely object array, CSV files as rows of strings); ``check`` raises ``CheckFailure`` (an
``AssertionError``) with its message when a condition fails.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from geodata.build.facts import OPERATING
from geodata.build.geography import build_zone_outlines
from geodata.build.geometry import METRIC_EPSG, to_ll
from izagis.vocab import LEASABLE_LAND_USES, PlotStatus


class CheckFailure(AssertionError):
    """The written dataset breaks one of its checks."""


def check(cond: bool, message: str) -> None:
    """Raise ``CheckFailure`` with ``message`` when ``cond`` is false."""
    if not cond:
        raise CheckFailure(message)


@dataclass(frozen=True)
class Layer:
    """One GeoJSON file: its features' properties and shapely geometries (object array)."""

    props: list[dict[str, Any]]
    geoms: np.ndarray


@dataclass(frozen=True)
class Dataset:
    """The seven files as read back."""

    zones: Layer
    plots: Layer
    infrastructure: Layer
    constraints: Layer
    province: Layer
    projects: list[dict[str, str]]
    events: list[dict[str, str]]

    def layers(self) -> dict[str, Layer]:
        """The GeoJSON layers by name."""
        return {
            "zones": self.zones,
            "plots": self.plots,
            "infrastructure": self.infrastructure,
            "constraints": self.constraints,
            "province": self.province,
        }


def read_features(path: Path) -> Layer:
    """Properties and shapely geometries of a GeoJSON file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    props = [f["properties"] for f in data["features"]]
    geoms = np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)
    return Layer(props, geoms)


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV with a header row."""
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_dataset(folder: Path) -> Dataset:
    """Read the seven files of a written dataset."""
    return Dataset(
        zones=read_features(folder / "zones.geojson"),
        plots=read_features(folder / "plots.geojson"),
        infrastructure=read_features(folder / "infrastructure.geojson"),
        constraints=read_features(folder / "constraints.geojson"),
        province=read_features(folder / "province.geojson"),
        projects=read_csv(folder / "projects.csv"),
        events=read_csv(folder / "project_events.csv"),
    )


def metric_areas_ha(geoms: np.ndarray) -> np.ndarray:
    """Areas in hectares, measured in UTM 48N via geopandas."""
    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(METRIC_EPSG).area.to_numpy() / 1e4


def zone_areas(data: Dataset) -> dict[str, float]:
    """Measured area of each zone by code, ha."""
    codes = [p["code"] for p in data.zones.props]
    return dict(zip(codes, metric_areas_ha(data.zones.geoms).tolist(), strict=True))


def plot_columns(data: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per plot: zone code, status, whether its land use is leasable, and area (ha)."""
    props = data.plots.props
    pzone = np.array([p["zone_code"] for p in props])
    status = np.array([p["status"] for p in props])
    uses = np.array([p["land_use"] for p in props])
    lease = np.isin(uses, [str(u) for u in LEASABLE_LAND_USES])
    return pzone, status, lease, metric_areas_ha(data.plots.geoms)


def in_gk_extension(data: Dataset) -> np.ndarray:
    """Per plot: whether it lies in the Gián Khẩu extension (outside GK's legal 262 ha)."""
    gk_main = to_ll(build_zone_outlines()[0]["GK"])
    pzone = np.array([p["zone_code"] for p in data.plots.props])
    inside = shapely.within(shapely.point_on_surface(data.plots.geoms), gk_main)
    return np.asarray((pzone == "GK") & ~inside)


def free_share(data: Dataset) -> float:
    """Free share of the operating zones' leasable land, without the GK extension."""
    pzone, status, lease, parea = plot_columns(data)
    op = np.isin(pzone, OPERATING) & lease & ~in_gk_extension(data)
    return float(parea[op & (status == PlotStatus.FREE)].sum() / parea[op].sum())
