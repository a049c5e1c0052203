"""Loading a dataset folder (the shipped reference data or a survey of the same shape).

The whole folder goes in one transaction: upserts keyed on ``code`` make a second load leave
the same rows, and the topology checks run inside the transaction, so a bad file changes
nothing. Rows are written through the tables declared in ``izagis.tables``: a layer's columns
are written as they are named, and a column the layer leaves out keeps the database's default.
Plot statuses go through the plot-state rules: a status that staff set in the app is never
overwritten, "reserved" becomes an open-ended hold, and every status change is an event.
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
from sqlalchemy import Boolean, Connection, Engine, Table, case, literal_column, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from izagis import derived, plot_state, tables
from izagis.crs import WGS84, to_wgs84
from izagis.errors import DatasetError
from izagis.vocab import EVENT_STATUS, EventSource, PlotStatus, sql_list

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

Progress = Callable[[str, int], None]


def _find_layer(folder: Path, stem: str) -> Path:
    for suffix in LAYER_SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.exists():
            return path
    raise DatasetError(f"{folder}: no {stem} layer ({', '.join(LAYER_SUFFIXES)})")


def _read_layer(folder: Path, stem: str) -> gpd.GeoDataFrame:
    path = _find_layer(folder, stem)
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise DatasetError(f"{path}: cannot be read ({exc})") from exc
    frame = to_wgs84(frame, str(path))
    bad = frame.index[~shapely.is_valid(frame.geometry.values)]
    if len(bad):
        codes = ", ".join(str(frame.loc[i, "code"]) for i in bad[:10])
        reason = shapely.is_valid_reason(frame.geometry.values[bad[0]])
        raise DatasetError(f"{path}: {len(bad)} invalid geometries ({codes}): {reason}")
    return frame


def _optional_layer(folder: Path, stem: str) -> list[dict[str, Any]]:
    """A polygon layer a dataset may leave out (zone phases): its rows, or none."""
    if not any((folder / f"{stem}{suffix}").exists() for suffix in LAYER_SUFFIXES):
        return []
    return _rows(_read_layer(folder, stem), multi=True)


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
    if name == "plots" and "status" in updates:
        updates["status"] = _status_unless_set_in_app(stmt.excluded.status)
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


def _status_unless_set_in_app(imported: Any) -> Any:
    """The imported status, unless people set this plot's status in the app (``plots`` is
    the existing row in ``ON CONFLICT DO UPDATE``)."""

    set_in_app = literal_column(
        "EXISTS (SELECT 1 FROM plot_events e WHERE e.plot_id = plots.id "
        f"AND e.source = '{EventSource.APP}' AND e.kind IN {sql_list(tuple(EVENT_STATUS))})",
        Boolean,
    )
    return case((set_in_app, tables.plots.c.status), else_=imported)


def _reserved_to_holds(plots: list[dict[str, Any]]) -> list[str]:
    """Plots a file records as reserved are stored free; their codes get an open hold."""
    reserved = [row["code"] for row in plots if row.get("status") == PlotStatus.RESERVED]
    for row in plots:
        if row.get("status") == PlotStatus.RESERVED:
            row["status"] = PlotStatus.FREE.value
    return reserved


def _hold_reserved(conn: Connection, codes: list[str]) -> None:
    """An open-ended hold for each code that has no active or future hold yet."""
    if not codes:
        return
    conn.execute(
        text(
            "WITH new AS (INSERT INTO holds (plot_id, during, holder) "
            " SELECT p.id, tstzrange(now(), NULL), 'recorded as reserved in the imported data'"
            " FROM plots p WHERE p.code = ANY(:codes) AND NOT EXISTS (SELECT 1 FROM holds h"
            "  WHERE h.plot_id = p.id AND h.released_at IS NULL"
            "  AND (upper(h.during) IS NULL OR upper(h.during) > now()))"
            " RETURNING id, plot_id) "
            "INSERT INTO plot_events (plot_id, kind, happened_on, source, hold_id) "
            "SELECT plot_id, 'held', current_date, 'import', id FROM new"
        ),
        {"codes": codes},
    )


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT NOT EXISTS (SELECT 1 FROM zones)")).scalar_one())


def load_dataset(
    engine: Engine, folder: Path = REFERENCE_DIR, progress: Progress | None = None
) -> dict[str, int]:
    """Load every layer of ``folder`` in one transaction; returns row counts per table."""
    step = progress or (lambda _name, _n: None)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such folder")
    zones = _rows(_read_layer(folder, "zones"), multi=True)
    phases = _optional_layer(folder, "zone_phases")
    plots = _rows(_read_layer(folder, "plots"), multi=True)
    reserved = _reserved_to_holds(plots)
    infrastructure = _rows(_read_layer(folder, "infrastructure"))
    constraints = _rows(_read_layer(folder, "constraints"))
    province = [{**r, "kind": "province"} for r in _rows(_read_layer(folder, "province"), True)]
    projects = _rows(_read_table(folder, "projects.csv"))
    events = _rows(_read_table(folder, "project_events.csv"))
    counts: dict[str, int] = {}

    def load(table: str, rows: list[dict[str, Any]], source: str, **kw: Any) -> None:
        counts[table] = _upsert(conn, table, rows, source, **kw)
        step(table, counts[table])

    with engine.begin() as conn:
        load("zones", zones, "zones")
        _codes_to_ids(conn, phases, "zone_code", "zones", "zone_phases")
        load("zone_phases", phases, "zone_phases")
        _codes_to_ids(conn, projects, "zone_code", "zones", "projects.csv")
        load("projects", projects, "projects.csv")
        _codes_to_ids(conn, events, "project_code", "projects", "project_events.csv")
        load("project_events", events, "project_events.csv", key=("project_id", "kind", "date"))
        _codes_to_ids(conn, plots, "zone_code", "zones", "plots")
        _codes_to_ids(conn, plots, "project_code", "projects", "plots")
        _codes_to_ids(conn, plots, "phase_code", "zone_phases", "plots")
        load("plots", plots, "plots")
        load("infrastructure", infrastructure, "infrastructure")
        load("constraint_areas", constraints, "constraints")
        load("boundaries", province, "province")
        check_topology(conn)
        _hold_reserved(conn, reserved)
        plot_state.record_imported_statuses(conn)
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
