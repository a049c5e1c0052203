"""Reading one layer of a file for import: the format from its extension, every format through
pyogrio (GDAL), the coordinates moved to WGS 84 with ``izagis.crs.pinned_transformer`` (VN-2000
through EPSG:6960 only), and the checks that the CRS tells the truth.

A file's declared CRS wins; ``--crs`` serves files that declare none (CSV, a Shapefile without
its ``.prj``) and must agree with a declared one. A file with no CRS, or whose coordinates do
not fall in Vietnam under the CRS it claims, is refused with a message that says which CRS the
numbers fit, or that x and y look swapped.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from izagis.crs import (
    OUTPUT_CRS,
    VIETNAM_BOUNDS,
    WGS84,
    inside_vietnam,
    pinned_transformer,
    transform_geometries,
)
from izagis.errors import DatasetError, InvalidInputError

# The formats an import reads, by extension (the export's, plus ``.json`` and ``.zip``).
SUFFIXES: Final = (".geojson", ".json", ".gpkg", ".shp.zip", ".zip", ".shp", ".kml", ".csv")
ACCEPTED_CRS: Final = OUTPUT_CRS
# CSV: where GDAL looks for the geometry (WKT) or for longitude/x and latitude/y.
CSV_OPTIONS: Final = {
    "GEOM_POSSIBLE_NAMES": "WKT,wkt,geometry,geom,the_geom",
    "X_POSSIBLE_NAMES": "lon,lng,long,longitude,x,kinh_do,kinhdo,easting",
    "Y_POSSIBLE_NAMES": "lat,latitude,y,vi_do,vido,northing",
    "KEEP_GEOM_COLUMNS": "NO",
}
# Where a hint looks first: the merged Ninh Bình province (lon/lat, generous).
PROVINCE_BOUNDS: Final = (105.3, 19.7, 106.8, 20.9)
# Which CRS a hint names first: the province's cadastre (old Ninh Bình, Nam Định), national.
HINT_ORDER: Final = (5897, 9209, 3405, 3406, 4756, WGS84)
# Tables of a file that are never data (QGIS styles in a GeoPackage).
NOT_DATA: Final = {"layer_styles"}


@dataclass
class SourceFrame:
    """One layer read from a file, in WGS 84."""

    frame: pd.DataFrame  # a GeoDataFrame unless the layer is a table (projects)
    crs: int | None
    checksum: str  # SHA-256 of the file's bytes


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _kind(path: Path) -> str:
    name = path.name.lower()
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return {".json": ".geojson", ".zip": ".shp.zip", ".shp.zip": ".shp.zip"}.get(
                suffix, suffix
            )
    raise DatasetError(f"{path.name}: the extension must be one of {', '.join(SUFFIXES)}")


def _plain(exc: Exception, source: str, shown: str) -> str:
    """GDAL's message without the folder the file sits in (nor its neighbours' folder)."""
    folder = str(Path(source.removeprefix("/vsizip/")).parent) + "/"
    return str(exc).replace(f"'{source}'", shown).replace(source, shown).replace(folder, "")


def _tables(source: str, layer: str | None, shown: str) -> list[str]:
    try:
        listed = pyogrio.list_layers(source)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise DatasetError(f"{shown}: cannot be read ({_plain(exc, source, shown)})") from exc
    names = [str(n) for n, kind in listed if str(n) not in NOT_DATA and kind is not None]
    names = names or [str(n) for n, _ in listed if str(n) not in NOT_DATA]
    if layer is None:
        if not names:
            raise DatasetError(f"{shown}: holds no layer")
        return names  # an export splits a layer by geometry type: read them together
    if layer not in names:
        raise DatasetError(f"{shown}: no layer {layer!r}; it holds {', '.join(names)}")
    return [layer]


def _read(path: Path, layer: str | None) -> pd.DataFrame:
    kind = _kind(path)
    missing = [
        s
        for s in (".shx", ".dbf")
        if kind == ".shp" and not any(path.with_suffix(x).exists() for x in (s, s.upper()))
    ]
    if missing:
        raise DatasetError(
            f"{path.name}: a Shapefile needs its {' and '.join(missing)} beside it: send the "
            ".shp, .shx, .dbf and .prj zipped together (.shp.zip)"
        )
    source = f"/vsizip/{path}" if kind == ".shp.zip" else str(path)
    options = CSV_OPTIONS if kind == ".csv" else {}
    frames = []
    for table in _tables(source, layer, path.name):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's notes on odd files
                frames.append(pyogrio.read_dataframe(source, layer=table, **options))
        except Exception as exc:  # as above
            raise DatasetError(
                f"{path.name}: cannot be read ({_plain(exc, source, path.name)})"
            ) from exc
    if "geometry" not in frames[0]:
        return frames[0]
    crs = frames[0].crs
    if any(f.crs != crs for f in frames[1:]):
        raise DatasetError(f"{path.name}: its layers declare different CRSs; import one --layer")
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=crs)
    if kind == ".kml":  # KML's own columns; the data live in its extended data
        frame = frame.drop(columns=[c for c in ("Name", "Description") if c in frame])
        if "description" in frame and frame["description"].isna().all():
            frame = frame.drop(columns="description")
    if kind == ".csv":
        frame = frame.drop(columns=[c for c in ("WKT",) if c in frame])
    return frame


def _declared(frame: gpd.GeoDataFrame, given: int | None, shown: str) -> int:
    if frame.crs is None:
        if given is None:
            raise DatasetError(
                f"{shown}: declares no coordinate reference system; give its CRS "
                f"(one of {_listed()}){_fit_hint(frame)}"
            )
        return given
    try:
        code = CRS(frame.crs).to_epsg(min_confidence=70)
    except CRSError:
        code = None
    if code is None:
        raise DatasetError(f"{shown}: its CRS ({frame.crs.name}) is not one izagis knows")
    if given is not None and given != code:
        raise DatasetError(f"{shown}: the file declares EPSG:{code}, not EPSG:{given} as given")
    if code not in ACCEPTED_CRS:
        raise DatasetError(f"{shown}: CRS EPSG:{code} is not accepted; use one of {_listed()}")
    return code


def _listed() -> str:
    return "EPSG:4326, 4756, 3405, 3406, 5897 or 9205-9218"


def _lands(bounds: tuple[float, float, float, float], code: int, area: tuple[float, ...]) -> bool:
    """Whether raw ``bounds`` in EPSG:``code`` fall inside ``area`` (lon/lat)."""
    try:
        transformer = pinned_transformer(code, WGS84)
        xs, ys = transformer.transform(
            [bounds[0], bounds[2], bounds[0], bounds[2]],
            [bounds[1], bounds[1], bounds[3], bounds[3]],
            errcheck=True,
        )
    except Exception:  # PROJ refuses points far outside the projection's use
        return False
    if not np.all(np.isfinite(xs)) or not np.all(np.isfinite(ys)):
        return False
    west, south, east, north = area
    return bool(west <= min(xs) and max(xs) <= east and south <= min(ys) and max(ys) <= north)


def fitting_crs(bounds: tuple[float, float, float, float]) -> list[int]:
    """The accepted CRSs under which raw ``bounds`` land in the province, else in Vietnam."""
    order = [*HINT_ORDER, *(c for c in ACCEPTED_CRS if c not in HINT_ORDER)]
    for area in (PROVINCE_BOUNDS, VIETNAM_BOUNDS):
        codes = [c for c in order if _lands(bounds, c, area)]
        if codes:
            return codes
    return []


def _raw_bounds(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
    present = frame.geometry.values[~shapely.is_empty(frame.geometry.values)]
    present = present[~pd.isna(present)]
    if len(present) == 0:
        return None
    minx, miny, maxx, maxy = shapely.total_bounds(present)
    return float(minx), float(miny), float(maxx), float(maxy)


def _fit_hint(frame: gpd.GeoDataFrame) -> str:
    bounds = _raw_bounds(frame)
    codes = fitting_crs(bounds) if bounds else []
    return _codes_hint(codes)


def _codes_hint(codes: list[int]) -> str:
    if not codes:
        return ""
    names = [f"EPSG:{c} ({CRS.from_epsg(c).name})" for c in codes[:3]]
    more = f" and {len(codes) - 3} more" if len(codes) > 3 else ""
    return f"; the numbers fit {' or '.join(names)}{more}"


def check_in_vietnam(bounds: tuple[float, float, float, float], code: int, shown: str) -> None:
    """Refuse coordinates that do not land in Vietnam under EPSG:``code``, saying why."""
    if _lands(bounds, code, VIETNAM_BOUNDS):
        return
    swapped = (bounds[1], bounds[0], bounds[3], bounds[2])
    if _lands(swapped, code, VIETNAM_BOUNDS):
        raise DatasetError(
            f"{shown}: coordinates do not fall in Vietnam under EPSG:{code}, but do with x and "
            "y swapped: the axes look exchanged (longitude/easting must come first)"
        )
    others = [c for c in fitting_crs(bounds) if c != code]
    raise DatasetError(
        f"{shown}: coordinates do not fall in Vietnam under the declared EPSG:{code}"
        + (_codes_hint(others) + ", declare that" if others else "")
    )


def _check_mostly_in_vietnam(frame: gpd.GeoDataFrame, code: int, shown: str) -> None:
    """Refuse a file whose features mostly do not land in Vietnam under EPSG:``code`` (a wrong
    CRS, swapped axes), saying why; a few stray features are refused one by one when checked."""
    geoms = frame.geometry.values
    geoms = geoms[~pd.isna(geoms)]
    bounds = shapely.bounds(geoms[~shapely.is_empty(geoms)])
    if len(bounds) == 0:
        return
    lon, lat = pinned_transformer(code, WGS84).transform(
        (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2
    )
    inside = inside_vietnam((lon, lat, lon, lat))
    if 2 * inside.sum() >= len(inside):
        return
    away = bounds[~inside]
    check_in_vietnam(
        (away[:, 0].min(), away[:, 1].min(), away[:, 2].max(), away[:, 3].max()), code, shown
    )
    raise DatasetError(f"{shown}: most features do not fall in Vietnam under EPSG:{code}")


def read_source(
    path: Path, *, crs: int | None = None, layer: str | None = None, tabular: bool = False
) -> SourceFrame:
    """The layer of ``path`` in WGS 84 (2-D), its source CRS and the file's checksum; a
    ``tabular`` layer (projects) is read without geometry."""
    if not path.is_file():
        raise DatasetError(f"{path}: no such file")
    if crs is not None and crs not in ACCEPTED_CRS:
        raise DatasetError(f"the CRS given, EPSG:{crs}, is not accepted; use one of {_listed()}")
    frame = _read(path, layer)
    if tabular:
        return SourceFrame(
            pd.DataFrame(frame.drop(columns="geometry", errors="ignore")), None, checksum(path)
        )
    if not isinstance(frame, gpd.GeoDataFrame):
        raise DatasetError(
            f"{path.name}: no geometry found (a WKT column, or lon/lat or x/y columns)"
        )
    code = _declared(frame, crs, path.name)
    _check_mostly_in_vietnam(frame, code, path.name)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    present = ~pd.isna(geoms)
    geoms[present] = shapely.force_2d(geoms[present].astype(object))
    geoms[present] = transform_geometries(geoms[present], code, WGS84)
    out = gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=list(geoms), crs=WGS84)
    return SourceFrame(out, code, checksum(path))


def read_sent(
    path: Path, *, crs: int | None = None, layer: str | None = None, tabular: bool = False
) -> SourceFrame:
    """``read_source`` for a file someone sent: a refusal is an input error on ``crs`` (the
    CRS given does not fit) or on ``file``."""
    try:
        return read_source(path, crs=crs, layer=layer, tabular=tabular)
    except DatasetError as exc:
        field = "crs" if exc.message.startswith("the CRS given") else "file"
        raise InvalidInputError(exc.message, field=field) from exc
