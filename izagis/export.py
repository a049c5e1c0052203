"""Exporting a public layer (``izagis.layers``) to a file: GeoJSON, GeoPackage, zipped
Shapefile, CSV with a WKT geometry column, or KML, in WGS 84 or a VN-2000 CRS.

Features are read in batches from a server-side cursor, moved to the CRS asked for with
``izagis.crs.pinned_transformer`` (VN-2000 through EPSG:6960 only) and written through pyogrio
(GDAL) into a temporary folder beside the target, which replaces the target only when the file
is complete. The GeoPackage carries a QGIS style per table (``layer_styles``), coloured like
the web map. GeoPackage and Shapefile hold one geometry type per table: a layer with several
(infrastructure: points and lines) becomes ``<layer>_points``, ``<layer>_lines``, ...

Values: lists (a zone's target industries) as comma-separated text, dates as ``YYYY-MM-DD``
text, ``updated_at`` as a UTC date-time (ISO 8601 text where the format has no such type:
Shapefile, CSV, KML). Shapefile field names have ten characters at most: ``SHAPEFILE_NAMES``
says which names are shortened, and how. A CSV file records no CRS: its WKT is in the CRS asked
for. KML is WGS 84 longitude/latitude by its specification (OGC KML 2.2), so any other CRS is
refused.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from sqlalchemy import Connection, func, select

from izagis.crs import OUTPUT_CRS, WGS84, transform_geometries
from izagis.errors import InvalidInputError
from izagis.layers import LAYERS, Layer, PublicLayer
from izagis.qml import GeometryKind, qml

BATCH: Final = 20_000


@dataclass(frozen=True)
class Format:
    name: str  # as the API's ``format`` names it
    suffix: str
    driver: str
    media_type: str
    appends: bool  # GDAL appends a batch cheaply (GeoJSON and KML rewrite the file)
    one_geometry_type: bool  # a table holds one geometry type
    text_times: bool  # no date-time type: ISO 8601 text


FORMATS: Final[dict[str, Format]] = {
    "geojson": Format(
        "geojson", ".geojson", "GeoJSON", "application/geo+json", False, False, False
    ),
    "gpkg": Format("gpkg", ".gpkg", "GPKG", "application/geopackage+sqlite3", True, True, False),
    "shp": Format("shp", ".shp.zip", "ESRI Shapefile", "application/zip", True, True, True),
    "csv": Format("csv", ".csv", "CSV", "text/csv", True, False, True),
    "kml": Format("kml", ".kml", "KML", "application/vnd.google-earth.kml+xml", False, False, True),
}
# Shapefile (dBase) field names have at most ten characters; these are the shortened ones.
SHAPEFILE_NAMES: Final[dict[str, str]] = {
    "legal_basis": "legal_bas",
    "legal_basis_en": "legal_en",
    "developer_en": "develop_en",
    "planned_area_ha": "plan_ha",
    "leased_area_ha": "leased_ha",
    "free_area_ha": "free_ha",
    "plots_on_file": "plots_file",
    "reserved_area_ha": "reserv_ha",
    "planned_land_ha": "planlnd_ha",
    "occupancy_rate": "occupancy",
    "project_count": "proj_count",
    "target_industries": "target_ind",
    "excluded_industries": "excl_ind",
    "lease_price_usd_m2": "price_usd",
    "lease_term_end": "lease_end",
    "water_m3_day": "water_m3d",
    "wastewater_m3_day": "wastew_m3d",
    "power_used_mva": "power_used",
    "water_used_m3_day": "water_used",
    "wastewater_used_m3_day": "wastew_use",
    "leasable_year": "leas_year",
    "leasable_from": "leas_from",
    "project_code": "proj_code",
    "project_name": "proj_name",
}
# Geometry types by the group that a one-type table takes them in.
GROUPS: Final[dict[GeometryKind, tuple[str, str]]] = {
    "points": ("POINT", "MULTIPOINT"),
    "lines": ("LINESTRING", "MULTILINESTRING"),
    "polygons": ("POLYGON", "MULTIPOLYGON"),
}
SINGLE_TYPE: Final[dict[GeometryKind, str]] = {
    "points": "Point",
    "lines": "LineString",
    "polygons": "Polygon",
}
STYLE_NAME: Final = "izagis"
GPKG_GEOMETRY_COLUMN: Final = "geom"

Progress = Callable[[int, int], None]  # features written, features in all


@dataclass
class ExportResult:
    path: Path
    format: str
    crs: int
    features: int
    tables: list[str] = field(default_factory=list)  # GeoPackage tables / files in the zip


def format_of(path: Path) -> Format:
    """The format a file name asks for, by its extension."""
    name = path.name.lower()
    for fmt in sorted(FORMATS.values(), key=lambda f: -len(f.suffix)):
        if name.endswith(fmt.suffix):
            return fmt
    suffixes = ", ".join(f.suffix for f in FORMATS.values())
    raise InvalidInputError(f"{path.name}: the extension must be one of {suffixes}", field="file")


def check_crs(fmt: Format, crs: int) -> None:
    if crs not in OUTPUT_CRS:
        listed = ", ".join(f"EPSG:{c}" for c in OUTPUT_CRS)
        raise InvalidInputError(f"EPSG:{crs} is not offered; use one of {listed}", field="crs")
    if fmt.name == "kml" and crs != WGS84:
        raise InvalidInputError(
            f"KML holds WGS 84 longitude/latitude only (OGC KML 2.2), not EPSG:{crs}; export "
            "KML in EPSG:4326, or GeoPackage, Shapefile, GeoJSON or CSV in VN-2000",
            field="crs",
        )


def _geometry_groups(conn: Connection, layer: Layer) -> dict[GeometryKind, str]:
    """The one-type tables a layer needs: group -> the geometry type to declare."""
    found = set(
        conn.execute(select(func.GeometryType(layer.geom)).select_from(layer.source).distinct())
        .scalars()
        .all()
    )
    groups: dict[GeometryKind, str] = {}
    for group, (single, multi) in GROUPS.items():
        if multi in found:
            groups[group] = "Multi" + SINGLE_TYPE[group]
        elif single in found:
            groups[group] = SINGLE_TYPE[group]
    unknown = found - {t for types in GROUPS.values() for t in types}
    if unknown:
        raise InvalidInputError(
            f"{layer.id} holds {', '.join(sorted(unknown))} geometries, which a table of one "
            "geometry type cannot; export GeoJSON, CSV or KML",
            field="format",
        )
    if groups:
        return groups
    return (
        {"points": "Point"} if layer.id == PublicLayer.INFRASTRUCTURE else {"polygons": "Polygon"}
    )


def _batches(conn: Connection, layer: Layer, size: int) -> Iterator[Sequence[Any]]:
    stmt = (
        select(
            *(p.sql.label(p.name) for p in layer.props),
            func.ST_AsBinary(layer.geom).label("wkb"),
        )
        .select_from(layer.source)
        .order_by(layer.code)
    )
    result = conn.execute(stmt, execution_options={"stream_results": True, "yield_per": size})
    yield from result.partitions()


def _frame(layer: Layer, rows: Sequence[Any], fmt: Format, crs: int) -> gpd.GeoDataFrame:
    columns: dict[str, Any] = {}
    for i, prop in enumerate(layer.props):
        cells = [row[i] for row in rows]
        if prop.kind == "array":
            columns[prop.name] = [None if v is None else ",".join(v) for v in cells]
        elif prop.kind == "date":
            columns[prop.name] = [None if v is None else v.isoformat() for v in cells]
        elif prop.kind == "date-time" and fmt.text_times:
            columns[prop.name] = [None if v is None else _iso(v) for v in cells]
        elif prop.kind == "date-time":
            columns[prop.name] = pd.to_datetime(cells, utc=True)
        elif prop.kind == "integer":
            columns[prop.name] = pd.array(cells, dtype="Int64")
        elif prop.kind == "boolean":  # never null (zones' plots_on_file)
            columns[prop.name] = np.array(cells, bool)
        elif prop.kind == "number":
            columns[prop.name] = np.array([np.nan if v is None else v for v in cells], float)
        else:
            columns[prop.name] = pd.array(cells, dtype=object)
    geoms = shapely.from_wkb([bytes(row[-1]) for row in rows])
    geoms = transform_geometries(geoms, WGS84, crs)
    frame = gpd.GeoDataFrame(columns, geometry=geoms, crs=f"EPSG:{crs}")
    if fmt.name == "shp":
        frame = frame.rename(columns=SHAPEFILE_NAMES)
    if fmt.name == "kml":  # a placemark's <name>; the code stays among the data too
        frame.insert(0, "Name", frame["code"])
    return frame


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _write(
    frame: gpd.GeoDataFrame, path: Path, table: str, fmt: Format, geometry_type: str, append: bool
) -> None:
    options: dict[str, Any] = {}
    layer_options: dict[str, str] = {}
    if fmt.name == "gpkg":
        layer_options["GEOMETRY_NAME"] = GPKG_GEOMETRY_COLUMN
    elif fmt.name == "csv":
        layer_options.update(GEOMETRY="AS_WKT", WRITE_BOM="YES")
    elif fmt.name == "shp":
        layer_options["ENCODING"] = "UTF-8"
    if geometry_type:
        options["geometry_type"] = geometry_type
        options["promote_to_multi"] = geometry_type.startswith("Multi")
    elif frame.empty:
        options["geometry_type"] = "Unknown"
    pyogrio.write_dataframe(
        frame,
        path,
        layer=None if fmt.name == "csv" else table,  # a CSV file's one layer is its name
        driver=fmt.driver,
        append=append,
        layer_options=layer_options or None,
        **options,
    )


def _style_table(path: Path, layer: Layer, tables: dict[str, GeometryKind]) -> None:
    """QGIS's ``layer_styles`` table: the default style of every table, as QGIS stores it."""
    now = pd.Timestamp.now(tz="UTC")
    rows = [
        {
            "f_table_catalog": "",
            "f_table_schema": "",
            "f_table_name": table,
            "f_geometry_column": GPKG_GEOMETRY_COLUMN,
            "styleName": STYLE_NAME,
            "styleQML": qml(layer.id.value, kind),
            "styleSLD": "",
            "useAsDefault": True,
            "description": f"{layer.title}, coloured as on the izagis map",
            "owner": "",
            "ui": "",
            "update_time": now,
        }
        for table, kind in tables.items()
    ]
    pyogrio.write_dataframe(
        pd.DataFrame(rows), path, layer="layer_styles", driver="GPKG", layer_options={"FID": "id"}
    )


def export_layer(
    conn: Connection,
    layer: PublicLayer | str,
    path: Path,
    *,
    crs: int = WGS84,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> ExportResult:
    """Write ``layer`` to ``path`` (format by extension) in EPSG:``crs``; the file appears
    complete or not at all."""
    public = LAYERS[PublicLayer(layer)]
    fmt = format_of(path)
    check_crs(fmt, crs)
    if not path.parent.is_dir():
        raise InvalidInputError(f"{path.parent}: no such folder", field="file")
    if path.is_dir():
        raise InvalidInputError(f"{path}: a folder, not a file", field="file")
    step = progress or (lambda _done, _total: None)
    total = int(conn.execute(select(func.count()).select_from(public.source)).scalar_one())
    groups: dict[GeometryKind, str] = {"polygons": ""}
    if fmt.one_geometry_type:
        groups = _geometry_groups(conn, public)
    split = len(groups) > 1
    tables: dict[str, GeometryKind] = {
        (f"{public.id}_{group}" if split else public.id.value): group for group in groups
    }
    work = Path(tempfile.mkdtemp(prefix=".izagis-export-", dir=path.parent))
    try:
        target = work / ("layers" if fmt.name == "shp" else path.name)
        if fmt.name == "shp":
            target.mkdir()
        done, held = 0, []
        step(0, total)
        for rows in _batches(conn, public, batch):
            frame = _frame(public, rows, fmt, crs)
            if not fmt.appends:
                held.append(frame)
            else:
                _write_batch(frame, target, fmt, tables, groups, append=done > 0)
            done += len(frame)
            step(done, total)
        if not fmt.appends or done == 0:
            frame = pd.concat(held) if held else _frame(public, [], fmt, crs)
            _write_batch(frame, target, fmt, tables, groups, append=False)
        if fmt.name == "gpkg":
            _style_table(target, public, tables)
        if fmt.name == "shp":
            _zip(target, work / path.name)
            target = work / path.name
        os.replace(target, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    names = list(tables) if fmt.one_geometry_type else [public.id.value]
    return ExportResult(path, fmt.name, crs, done, names)


def _write_batch(
    frame: gpd.GeoDataFrame,
    target: Path,
    fmt: Format,
    tables: dict[str, GeometryKind],
    groups: dict[GeometryKind, str],
    *,
    append: bool,
) -> None:
    if not fmt.one_geometry_type:
        _write(frame, target, next(iter(tables)), fmt, "", append)
        return
    type_names = frame.geometry.geom_type.str.upper()
    for table, group in tables.items():
        part = frame[type_names.isin(GROUPS[group])] if len(tables) > 1 else frame
        if len(part) == 0 and append:
            continue
        destination = target / f"{table}.shp" if fmt.name == "shp" else target
        _write(part, destination, table, fmt, groups[group], append)


def _zip(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for file in sorted(folder.iterdir()):
            out.write(file, file.name)
