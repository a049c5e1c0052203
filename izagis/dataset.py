"""Loading a dataset folder (the shipped reference data or a survey of the same shape).

The whole folder goes in one transaction: upserts keyed on ``code`` make a second load leave
the same rows, and the topology checks run inside the transaction, so a bad file changes
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, Engine, text

from izagis.crs import to_wgs84
from izagis.errors import DatasetError

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "geodata"
# Tolerance of the topology checks, in metres: absorbs the 7-decimal rounding of GeoJSON.
TOPOLOGY_TOLERANCE_M = 0.05

# Formats a layer may come in, by preference; pyogrio (GDAL) reads them all.
LAYER_SUFFIXES = (".geojson", ".gpkg", ".shp", ".kml")

# Columns a layer may leave out, with the value they then take.
OPTIONAL_COLUMNS: dict[str, Any] = {
    **dict.fromkeys(
        (
            "legal_basis",
            "planned_area_ha",
            "developer",
            "target_industries",
            "excluded_industries",
            "lease_price_usd_m2",
            "lease_term_end",
            "power_mva",
            "water_m3_day",
            "wastewater_m3_day",
            "leasable_year",
            "project_code",
            "capital_usd_m",
            "vsic",
            "certificate_date",
            "amount_vnd_bn",
            "amount_usd_m",
            "note",
        )
    ),
    **dict.fromkeys(
        (
            "power_used_mva",
            "water_used_m3_day",
            "wastewater_used_m3_day",
            "workers_vn",
            "workers_foreign",
        ),
        0,
    ),
}

Progress = Callable[[str, int], None]

_GEOM = "ST_Multi(ST_GeomFromWKB(:wkb, 4326))"
_GEOM_ANY = "ST_GeomFromWKB(:wkb, 4326)"


def _upsert(table: str, columns: list[str], values: dict[str, str]) -> str:
    """``INSERT .. ON CONFLICT (code) DO UPDATE`` for a fixed table and column list."""
    exprs = [values.get(c, f":{c}") for c in columns]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "code")
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(exprs)}) "
        f"ON CONFLICT (code) DO UPDATE SET {updates}"
    )


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


def _read_table(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    if not path.exists():
        raise DatasetError(f"{path}: file missing")
    return pd.read_csv(path, dtype={"vsic": str, "country": str}, keep_default_na=True)


def _records(frame: pd.DataFrame, columns: Iterable[str], source: str) -> list[dict[str, Any]]:
    """Rows as parameter dicts, NaN as None, geometry as WKB; optional columns may be absent."""
    cols = list(columns)
    missing = [c for c in cols if c not in frame.columns and c not in OPTIONAL_COLUMNS]
    if missing:
        raise DatasetError(f"{source}: missing columns {', '.join(missing)}")
    frame = frame.assign(**{c: OPTIONAL_COLUMNS[c] for c in cols if c not in frame.columns})
    values = frame[cols].astype(object)
    out = values.where(values.notna(), None).to_dict("records")
    for column, default in OPTIONAL_COLUMNS.items():
        if default is not None and column in cols:
            for row in out:
                if row[column] is None:
                    row[column] = default
    if isinstance(frame, gpd.GeoDataFrame):
        for row, wkb in zip(out, shapely.to_wkb(frame.geometry.values), strict=True):
            row["wkb"] = wkb
    return out


def _to_list(value: Any) -> list[str]:
    """A list field: a real list (GeoJSON) or its JSON/comma text (GeoPackage, Shapefile)."""
    if value is None:
        return []
    if isinstance(value, str):
        text_value = value.strip()
        if text_value.startswith("["):
            return [str(v) for v in json.loads(text_value)]
        return [v.strip() for v in text_value.split(",") if v.strip()]
    return [str(v) for v in value]


def _id_map(conn: Connection, table: str) -> dict[str, int]:
    return {row[0]: row[1] for row in conn.execute(text(f"SELECT code, id FROM {table}"))}


def _map_codes(
    rows: list[dict[str, Any]], key: str, target: str, ids: dict[str, int], source: str
) -> None:
    for row in rows:
        code = row.pop(key)
        if code is None:
            row[target] = None
        elif code in ids:
            row[target] = ids[code]
        else:
            raise DatasetError(f"{source}: {row.get('code', '')} refers to unknown {key} {code}")


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT NOT EXISTS (SELECT 1 FROM zones)")).scalar_one()


def load_dataset(
    engine: Engine, folder: Path = REFERENCE_DIR, progress: Progress | None = None
) -> dict[str, int]:
    """Load every layer of ``folder`` in one transaction; returns row counts per table."""
    step = progress or (lambda _name, _n: None)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: no such folder")
    zones = _read_layer(folder, "zones")
    plots = _read_layer(folder, "plots")
    infrastructure = _read_layer(folder, "infrastructure")
    constraints = _read_layer(folder, "constraints")
    province = _read_layer(folder, "province")
    projects = _read_table(folder, "projects.csv")
    events = _read_table(folder, "project_events.csv")
    counts: dict[str, int] = {}

    with engine.begin() as conn:
        zone_cols = [
            "code",
            "name_vi",
            "name_en",
            "status",
            "legal_basis",
            "planned_area_ha",
            "developer",
            "target_industries",
            "excluded_industries",
            "lease_price_usd_m2",
            "lease_term_end",
            "power_mva",
            "water_m3_day",
            "wastewater_m3_day",
            "power_used_mva",
            "water_used_m3_day",
            "wastewater_used_m3_day",
        ]
        rows = _records(zones, zone_cols, "zones")
        for row in rows:
            row["target_industries"] = _to_list(row["target_industries"])
            row["excluded_industries"] = _to_list(row["excluded_industries"])
        conn.execute(text(_upsert("zones", [*zone_cols, "geom"], {"geom": _GEOM})), rows)
        counts["zones"] = len(rows)
        step("zones", len(rows))
        zone_ids = _id_map(conn, "zones")

        project_cols = [
            "code",
            "zone_code",
            "kind",
            "name",
            "investor",
            "country",
            "is_fdi",
            "capital_vnd_bn",
            "capital_usd_m",
            "vsic",
            "status",
            "workers_vn",
            "workers_foreign",
            "certificate_date",
        ]
        rows = _records(projects, project_cols, "projects.csv")
        _map_codes(rows, "zone_code", "zone_id", zone_ids, "projects.csv")
        cols = [c for c in project_cols if c != "zone_code"] + ["zone_id"]
        conn.execute(text(_upsert("projects", cols, {})), rows)
        counts["projects"] = len(rows)
        step("projects", len(rows))
        project_ids = _id_map(conn, "projects")

        event_cols = ["project_code", "kind", "date", "amount_vnd_bn", "amount_usd_m", "note"]
        rows = _records(events, event_cols, "project_events.csv")
        _map_codes(rows, "project_code", "project_id", project_ids, "project_events.csv")
        conn.execute(
            text(
                "INSERT INTO project_events (project_id, kind, date, amount_vnd_bn, "
                "amount_usd_m, note) VALUES (:project_id, :kind, :date, :amount_vnd_bn, "
                ":amount_usd_m, :note) ON CONFLICT (project_id, kind, date) DO UPDATE SET "
                "amount_vnd_bn = EXCLUDED.amount_vnd_bn, amount_usd_m = EXCLUDED.amount_usd_m, "
                "note = EXCLUDED.note"
            ),
            rows,
        )
        counts["project_events"] = len(rows)
        step("project_events", len(rows))

        plot_cols = ["code", "zone_code", "land_use", "status", "leasable_year", "project_code"]
        rows = _records(plots, plot_cols, "plots")
        _map_codes(rows, "zone_code", "zone_id", zone_ids, "plots.geojson")
        _map_codes(rows, "project_code", "project_id", project_ids, "plots.geojson")
        for row in rows:
            if row["leasable_year"] is not None:
                row["leasable_year"] = int(row["leasable_year"])
        cols = ["code", "land_use", "status", "leasable_year", "zone_id", "project_id", "geom"]
        conn.execute(text(_upsert("plots", cols, {"geom": _GEOM})), rows)
        counts["plots"] = len(rows)
        step("plots", len(rows))

        feature_cols = ["code", "kind", "name_vi", "name_en"]
        for table, frame, geom in (
            ("infrastructure", infrastructure, _GEOM_ANY),
            ("constraint_areas", constraints, _GEOM_ANY),
        ):
            rows = _records(frame, feature_cols, table)
            conn.execute(text(_upsert(table, [*feature_cols, "geom"], {"geom": geom})), rows)
            counts[table] = len(rows)
            step(table, len(rows))
        rows = _records(province, ["code", "name_vi", "name_en"], "province")
        for row in rows:
            row["kind"] = "province"
        conn.execute(text(_upsert("boundaries", [*feature_cols, "geom"], {"geom": _GEOM})), rows)
        counts["boundaries"] = len(rows)
        step("boundaries", len(rows))

        check_topology(conn)
        refresh_derived(conn)
        step("plot_access", counts["plots"])
    return counts


def refresh_derived(conn: Connection) -> None:
    """Recompute what site search precomputes from the geometries."""
    conn.execute(text("REFRESH MATERIALIZED VIEW plot_access"))
    conn.execute(text("REFRESH MATERIALIZED VIEW plot_adjacency"))


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
