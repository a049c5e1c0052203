"""Loading a dataset folder (the shipped reference data or a survey of the same shape).

The whole folder goes in one transaction, built on the import of one layer
(``izagis.imports``): zones, projects, plots, infrastructure and constraints are imported
as ``izagis import`` would (the same checks, the same change set keyed on ``code``, so a
second load changes nothing), with the file's plot statuses taken unless staff set them in the
app (an event dated by the project's investment certificate, else the day of the load, for
history before izagis), "reserved" as an open-ended hold, and invalid geometries refused
(``strict``). The layers no import takes (zone phases, the province outline, project events)
are upserted through the tables of ``izagis.tables``. Nothing is deleted, and the derived data
are rebuilt once at the end. A problem anywhere changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from geoalchemy2 import WKBElement
from sqlalchemy import Connection, Engine, Table, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from izagis import clock, derived, tables
from izagis.crs import WGS84
from izagis.errors import DatasetError
from izagis.import_read import read_source
from izagis.import_report import ImportReport
from izagis.imports import Options, import_frame

# The shipped reference dataset: the data files of the ``geodata`` package, found the same
# way from a checkout and from an installed wheel.
REFERENCE_DIR = Path(str(resources.files("geodata")))
# Tolerance of the topology checks, in metres: absorbs the 7-decimal rounding of GeoJSON.
TOPOLOGY_TOLERANCE_M = 0.05
# Formats a layer may come in, by preference; pyogrio (GDAL) reads them all.
LAYER_SUFFIXES = (".geojson", ".gpkg", ".shp", ".kml")
# Columns the database derives or keeps itself; a file never writes them.
DERIVED = {"id", "geom_m", "geom_wm", "area_m2", "created_at", "updated_at"}
LIST_COLUMNS = ("target_industries", "excluded_industries")
# Errors of a layer named in the message, at most.
SHOWN_ERRORS = 10

Progress = Callable[[str, int], None]


def _find_layer(folder: Path, stem: str) -> Path:
    for suffix in LAYER_SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.exists():
            return path
    raise DatasetError(f"{folder}: no {stem} layer ({', '.join(LAYER_SUFFIXES)})")


def _optional_layer(folder: Path, stem: str) -> list[dict[str, Any]]:
    """A polygon layer a dataset may leave out (zone phases): its rows, or none."""
    if not any((folder / f"{stem}{suffix}").exists() for suffix in LAYER_SUFFIXES):
        return []
    return _rows(read_source(_find_layer(folder, stem)).frame, multi=True)


def _read_table(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    if not path.exists():
        raise DatasetError(f"{path}: file missing")
    return pd.read_csv(path, dtype={"vsic": str, "country": str}, keep_default_na=True)


def _to_list(value: Any) -> list[str]:
    """A list field: a real list (GeoJSON) or its JSON/comma text (GeoPackage, Shapefile)."""
    if value is None:
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            return [str(v) for v in json.loads(stripped)]
        return [v.strip() for v in stripped.split(",") if v.strip()]
    return [str(v) for v in value]


def _rows(frame: pd.DataFrame, multi: bool = False) -> list[dict[str, Any]]:
    """The frame's rows as dicts: NaN as None, lists as lists, geometry as a WKB element."""
    attributes = frame.drop(columns="geometry", errors="ignore").astype(object)
    rows: list[dict[str, Any]] = attributes.where(attributes.notna(), None).to_dict("records")
    for row in rows:
        for column in LIST_COLUMNS:
            if column in row:
                row[column] = _to_list(row[column])
    if isinstance(frame, gpd.GeoDataFrame):
        shapes = np.asarray(frame.geometry.values, dtype=object)
        if multi:  # polygon layers are stored as MultiPolygon
            single = shapely.get_type_id(shapes) == shapely.GeometryType.POLYGON
            shapes[single] = shapely.multipolygons(shapes[single].reshape(-1, 1))
        for row, wkb in zip(rows, shapely.to_wkb(shapes), strict=True):
            row["geom"] = WKBElement(wkb, srid=WGS84)
    return rows


def _codes_to_ids(
    conn: Connection, rows: list[dict[str, Any]], column: str, table: str, source: str
) -> None:
    """Replace ``<thing>_code`` by ``<thing>_id`` looked up by code in ``table``."""
    ids = {r[0]: r[1] for r in conn.execute(text(f"SELECT code, id FROM {table}"))}
    target = column.removesuffix("_code") + "_id"
    for row in rows:
        code = row.pop(column, None)
        if code is not None and code not in ids:
            raise DatasetError(f"{source}: {row.get('code', '')} refers to unknown {column} {code}")
        row[target] = ids.get(code) if code is not None else None


def _upsert(
    conn: Connection,
    name: str,
    rows: list[dict[str, Any]],
    source: str,
    key: tuple[str, ...] = ("code",),
) -> int:
    """Insert or update ``rows`` in table ``name``, keyed on ``key``."""
    if not rows:
        return 0
    table: Table = tables.metadata.tables[name]
    unknown = set(rows[0]) - {c.name for c in table.columns} - DERIVED
    for row in rows:  # columns the table does not have are the file's own business
        for column in unknown:
            row.pop(column, None)
    stmt = insert(table)
    updates = {c: stmt.excluded[c] for c in rows[0] if c not in key and c not in DERIVED}
    # Rows that would not change are left alone: no new row version, no updated_at change.
    changed = tuple_(*(table.c[c] for c in updates)).is_distinct_from(tuple_(*updates.values()))
    stmt = stmt.on_conflict_do_update(index_elements=list(key), set_=updates, where=changed)
    try:
        conn.execute(stmt, rows)
    except IntegrityError as exc:
        detail = getattr(exc.orig, "diag", None)
        reason = getattr(detail, "message_primary", None) or str(exc.orig).splitlines()[0]
        raise DatasetError(f"{source}: {reason}") from exc
    return len(rows)


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT NOT EXISTS (SELECT 1 FROM zones)")).scalar_one())


def _import(conn: Connection, layer: str, path: Path, options: Options, step: Progress) -> int:
    """One layer through the import; DatasetError naming its first problems."""
    source = read_source(path, tabular=layer == "projects")
    report = ImportReport(layer, path.name, source.checksum, source.crs, len(source.frame))
    import_frame(conn, layer, source.frame, report, options=options)
    errors = [i for i in report.issues if i.severity == "error"]
    if errors:
        listed = "; ".join(
            f"feature {i.feature} ({i.source_id}): {i.problem}" if i.feature else i.problem
            for i in errors[:SHOWN_ERRORS]
        )
        more = f" and {len(errors) - SHOWN_ERRORS} more" if len(errors) > SHOWN_ERRORS else ""
        raise DatasetError(f"{layer}: {listed}{more}")
    step(layer, report.features)
    return report.features


def load_dataset(
    engine: Engine, folder: Path = REFERENCE_DIR, progress: Progress | None = None
) -> dict[str, int]:
    """Load every layer of ``folder`` in one transaction; returns row counts per table."""
    step = progress or (lambda _name, _n: None)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such folder")
    phases = _optional_layer(folder, "zone_phases")
    province = [
        {**r, "kind": "province"}
        for r in _rows(read_source(_find_layer(folder, "province")).frame, True)
    ]
    events = _rows(_read_table(folder, "project_events.csv"))
    options = Options(
        strict=True,
        take_statuses=True,
        undated_on=clock.today(),
        actor="izagis load",
        refresh_derived=False,
    )
    counts: dict[str, int] = {}

    def load(table: str, rows: list[dict[str, Any]], source: str, **kw: Any) -> None:
        counts[table] = _upsert(conn, table, rows, source, **kw)
        step(table, counts[table])

    with engine.begin() as conn:
        counts["zones"] = _import(conn, "zones", _find_layer(folder, "zones"), options, step)
        _codes_to_ids(conn, phases, "zone_code", "zones", "zone_phases")
        if phases:  # a dataset may have none
            load("zone_phases", phases, "zone_phases")
        counts["projects"] = _import(conn, "projects", folder / "projects.csv", options, step)
        _codes_to_ids(conn, events, "project_code", "projects", "project_events.csv")
        load("project_events", events, "project_events.csv", key=("project_id", "kind", "date"))
        counts["plots"] = _import(conn, "plots", _find_layer(folder, "plots"), options, step)
        for layer, table in (
            ("infrastructure", "infrastructure"),
            ("constraints", "constraint_areas"),
        ):
            counts[table] = _import(conn, layer, _find_layer(folder, layer), options, step)
        load("boundaries", province, "province")
        # Feature layers were loaded too, so every plot's distances may have changed.
        derived.rebuild(conn)
        step("plot_access", counts["plots"])
    return counts


def check_topology(conn: Connection) -> None:
    """Plots lie inside their zone and no two plots overlap (set-based, index-assisted)."""
    outside = (
        conn.execute(
            text(
                "SELECT p.code FROM plots p JOIN zones z ON z.id = p.zone_id "
                "WHERE NOT ST_CoveredBy(p.geom_m, ST_Buffer(z.geom_m, :tol)) LIMIT 10"
            ),
            {"tol": TOPOLOGY_TOLERANCE_M},
        )
        .scalars()
        .all()
    )
    if outside:
        raise DatasetError(f"plots outside their zone: {', '.join(outside)}")
    overlapping = (
        conn.execute(
            text(
                "SELECT a.code || ' / ' || b.code FROM plots a JOIN plots b "
                "ON a.id < b.id AND ST_Intersects(a.geom_m, b.geom_m) "
                "WHERE ST_Area(ST_Intersection(a.geom_m, b.geom_m)) > :min_area LIMIT 10"
            ),
            {"min_area": TOPOLOGY_TOLERANCE_M * 20},
        )
        .scalars()
        .all()
    )
    if overlapping:
        raise DatasetError(f"overlapping plots: {', '.join(overlapping)}")
