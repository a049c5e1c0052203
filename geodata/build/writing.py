"""Writing the dataset: runs the builders in their fixed order and writes the eight files.

GeoJSON is RFC 7946 (WGS 84 lon/lat, 7 decimals, counter-clockwise exterior rings), one feature
a line; CSV is UTF-8 with a header row. Same code, same bytes: fixed seed, no clock, no network.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from geodata.build.facts import ZONES
from geodata.build.geography import (
    Feature,
    build_constraints,
    build_infrastructure,
    province_geometry,
)
from geodata.build.geometry import parts
from geodata.build.layout import Piece, build_plots, pick_utilities
from geodata.build.occupancy import Occupancy, assign_land
from geodata.build.phases import phase_features, phase_of
from geodata.build.registry import build_events, build_finance, build_projects
from geodata.build.texts import NOTES, english

SEED = 20231227
FILES = (
    "zones.geojson",
    "plots.geojson",
    "projects.csv",
    "project_events.csv",
    "infrastructure.geojson",
    "constraints.geojson",
    "province.geojson",
    "zone_phases.geojson",
)
PROJECT_COLUMNS = (
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
)
EVENT_COLUMNS = ("project_code", "kind", "date", "amount_vnd_bn", "amount_usd_m", "note")


def round_coords(obj: Any) -> Any:
    """Round nested coordinate tuples to 7 decimals (RFC 7946 output)."""
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(v, 7) for v in obj]
        return [round_coords(o) for o in obj]
    return obj


def geojson_geometry(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry dict: right-hand rule rings, 7-decimal coordinates."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    g = mapping(geom)
    return {"type": g["type"], "coordinates": round_coords(g["coordinates"])}


def write_geojson(path: Path, features: list[Feature]) -> None:
    """Write a FeatureCollection of (properties, geometry), WGS 84 lon/lat."""
    write_collection(
        path,
        [
            {"type": "Feature", "properties": props, "geometry": geojson_geometry(geom)}
            for props, geom in features
        ],
    )


def write_collection(path: Path, features: list[dict[str, Any]]) -> None:
    """Write GeoJSON features as a FeatureCollection, one feature a line, UTF-8."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Write a UTF-8 CSV with a header row."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def zone_features(zones: dict[str, Polygon]) -> list[Feature]:
    """The zones, in ``ZONES`` order, with their attributes and the union of their plots."""
    features: list[Feature] = []
    for z in ZONES:
        props = {
            "code": z.code,
            "name_vi": z.name_vi,
            "name_en": z.name_en,
            "status": z.status,
            "legal_basis": z.legal_basis,
            "legal_basis_en": english(z.legal_basis),
            "planned_area_ha": z.planned_area_ha,
            "developer": z.developer,
            "developer_en": english(z.developer),
            "notes_vi": NOTES[z.code][0] if z.code in NOTES else None,
            "notes_en": NOTES[z.code][1] if z.code in NOTES else None,
            "target_industries": list(z.target),
            "excluded_industries": list(z.excluded),
            "lease_price_usd_m2": z.lease_price_usd_m2,
            "lease_term_end": z.lease_term_end,
            "power_mva": z.power_mva[0],
            "water_m3_day": z.water_m3_day[0],
            "wastewater_m3_day": z.wastewater_m3_day[0],
            "power_used_mva": z.power_mva[1],
            "water_used_m3_day": z.water_m3_day[1],
            "wastewater_used_m3_day": z.wastewater_m3_day[1],
        }
        features.append((props, MultiPolygon(parts(zones[z.code]))))
    return features


def plot_features(plots: dict[str, list[Piece]], status: dict[int, Occupancy]) -> list[Feature]:
    """The plots, numbered per zone in layout order (the Gián Khẩu extension last)."""
    features: list[Feature] = []
    for z in ZONES:
        ordered = sorted(plots[z.code], key=lambda p: (p.part == "ext", p.key))
        for i, p in enumerate(ordered, start=1):
            st, year, proj = status[id(p)]
            props = {
                "code": f"{z.code}-{i:03d}",
                "zone_code": z.code,
                "land_use": p.use,
                "status": st,
                "leasable_year": year,
                "project_code": proj,
                "phase_code": phase_of(z.code, p.part, st),
            }
            features.append((props, p.geom))
    return features


def write_dataset(folder: Path) -> None:
    """Build everything from ``SEED`` and write the eight files (``FILES``) into ``folder``."""
    rng = np.random.default_rng(SEED)
    plots, zones = build_plots(rng)
    utilities = pick_utilities(plots)
    projects = build_projects(rng)
    status = assign_land(plots, projects, rng)
    build_finance(projects, rng)
    events = build_events(projects, rng)

    write_geojson(folder / "zones.geojson", zone_features(zones))
    plot_layer = plot_features(plots, status)
    write_geojson(folder / "plots.geojson", plot_layer)
    first: dict[str, str] = {}
    for project in projects:
        if project.certificate_date:
            first[project.zone] = min(first.get(project.zone, "9999"), project.certificate_date)
    write_geojson(folder / "zone_phases.geojson", phase_features(plot_layer, first))
    write_csv(folder / "projects.csv", PROJECT_COLUMNS, [p.row() for p in projects])
    write_csv(folder / "project_events.csv", EVENT_COLUMNS, events)
    utility_plots = {code: [p.geom for p in pieces] for code, pieces in utilities.items()}
    write_geojson(folder / "infrastructure.geojson", build_infrastructure(utility_plots))
    write_geojson(folder / "constraints.geojson", build_constraints(zones))
    province = {"code": "NB", "name_vi": "Tỉnh Ninh Bình", "name_en": "Ninh Binh Province"}
    write_geojson(folder / "province.geojson", [(province, province_geometry())])
