"""The behaviour world: a tiny, made-up dataset of the same shape as ``geodata/``, whose every
number is stated or computed here, so that behaviour tests never depend on the reference data.

Everything is drawn with shapely in UTM 48N metres (EPSG:32648, the metric CRS izagis measures
in), as offsets in metres from ``ORIGIN`` (about 105.96 E, 20.26 N), and written in WGS 84 by
``write`` (GeoJSON through pyogrio, plus the two CSV files). Plot areas in the database are
geodesic, so ``Plot.area_ha`` is computed with pyproj's ``Geod`` from the written geometry (about
0.06 % above the planar figure drawn here). Nothing here stands for a real place or company.

The map (x east, y north, metres; zones ZA and ZB share the edge x = 1000)::

    y 700 +-- ZA-14 green ----------------------+-- ZB-08 green ---------+
          | ZA-08 | ZA-09 | ZA-10 | ZA-11 |ZA-13|ZB-05|   ZB-06    |ZB-07|   NP, the national
          | free  | free  | free  | free  |free |free | free 15 ha |free |   park (x >= 1750,
          |       |       |       | (wh.) |-----|     |            |     |   y >= 500), covers
      360 |       |       |       |       |ZA-12|     |            |     |   a corner of ZB-07
      330 +-- ZA-07 road -----------------------+-- ZB-04 road ----------+
          | ZA-02 | ZA-03 | ZA-04 | ZA-05 |ZA-06|   ZB-02    |   ZB-03   |
          | oper. | oper. |delayed|leased |held | free 12 ha | building  |
       30 +-- ZA-01 road -----------------------+-- ZB-01 road ----------+
        0 x = 0                                1000                    1800

    ZC (proposed, x 5000..5600): four planned 6 ha lots in a 2 x 2 grid, ZC-01 and ZC-04
    (leasable 2028) touching only at a corner, ZC-02 and ZC-03 leasable 2030; a planned road.

Features: an expressway 1.5 km south with one interchange at x = 500; a national road along
x = 2500; a railway station, a river port, a far seaport, a substation, a water plant, a town
and Hanoi (80 km north). Constraint areas: the national park (the one protected area) and a
residential area west of ZA (x <= -500). Projects: one infrastructure developer (ZB) and three
tenants; project events in 2023 and 2024.

Stated facts the tests lean on (``tests/behaviour/test_world.py`` checks them):

- free leasable plots: ZA-08, ZA-09, ZA-10, ZA-11, ZA-13 (all under 10 ha), ZB-02 (12 ha),
  ZB-05, ZB-06 (15 ha), ZB-07 (inside the national park); ZA-06 is free but held (reserved);
- ZA-13 and ZB-05 share 260 m of edge across the zone boundary (never one assembly);
- ZC-01 and ZC-04 touch at a corner only (never one assembly);
- ZB has 1 MVA of power, 400 m³/day of water and 200 m³/day of wastewater free; ZA 15, 1000,
  600; ZC 30, 2000, 1500;
- ZA targets VSIC 29, 30, 52 and refuses 19, 20, 24; ZB targets 26, 27, 29; ZC targets nothing
  (admits anything) and refuses 29.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

METRIC_CRS = 32648  # WGS 84 / UTM 48N, as izagis measures
WGS84 = 4326
ORIGIN = (600_000.0, 2_240_000.0)
GEOD = Geod(ellps="WGS84")
_TO_WGS84 = Transformer.from_crs(METRIC_CRS, WGS84, always_xy=True)

LEASABLE_USES = ("industrial", "warehouse")
OCCUPIED = ("leased", "building", "operating", "delayed")


def at(x: float, y: float) -> tuple[float, float]:
    """Metric coordinates of the point ``x`` m east and ``y`` m north of ``ORIGIN``."""
    return ORIGIN[0] + x, ORIGIN[1] + y


def rect(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    """A rectangle in metres from ``ORIGIN`` (counter-clockwise exterior)."""
    return box(*at(x0, y0), *at(x1, y1))


def line(*points: tuple[float, float]) -> LineString:
    return LineString([at(x, y) for x, y in points])


def point(x: float, y: float) -> Point:
    return Point(at(x, y))


def to_wgs84(shape: BaseGeometry) -> BaseGeometry:
    return shapely.transform(shape, _TO_WGS84.transform, interleaved=False)


def geodesic_ha(shape: BaseGeometry) -> float:
    """The geodesic area, in hectares, of a metric shape (as PostGIS measures it)."""
    return abs(GEOD.geometry_area_perimeter(to_wgs84(shape))[0]) / 1e4


@dataclass(frozen=True)
class Zone:
    code: str
    name_vi: str
    name_en: str
    status: str
    planned_area_ha: float
    developer: str | None
    target_industries: tuple[str, ...]
    excluded_industries: tuple[str, ...]
    lease_price_usd_m2: float
    lease_term_end: str
    power_mva: float
    power_used_mva: float
    water_m3_day: float
    water_used_m3_day: float
    wastewater_m3_day: float
    wastewater_used_m3_day: float

    @property
    def shape(self) -> BaseGeometry:
        """The zone is exactly the union of its plots."""
        return unary_union([p.shape for p in PLOTS if p.zone == self.code])

    @property
    def area_ha(self) -> float:
        return geodesic_ha(self.shape)

    def free(self, utility: str) -> float:
        """Capacity left: ``power``, ``water`` or ``wastewater``."""
        unit = {"power": "mva", "water": "m3_day", "wastewater": "m3_day"}[utility]
        cap: float = getattr(self, f"{utility}_{unit}")
        used: float = getattr(self, f"{utility}_used_{unit}")
        return cap - used

    def admits(self, industry: str) -> bool:
        """As izagis reads industries: VSIC codes match by prefix, either way."""

        def match(t: str) -> bool:
            return industry.startswith(t) or t.startswith(industry)

        targeted = not self.target_industries or any(match(t) for t in self.target_industries)
        return targeted and not any(match(t) for t in self.excluded_industries)


@dataclass(frozen=True)
class Plot:
    code: str
    zone: str
    land_use: str
    status: str  # as the file records it: "reserved" is loaded as free with a hold
    shape: Polygon
    leasable_year: int | None = None
    project: str | None = None

    @cached_property
    def area_ha(self) -> float:
        return geodesic_ha(self.shape)

    @property
    def leasable(self) -> bool:
        return self.land_use in LEASABLE_USES


@dataclass(frozen=True)
class Feature:
    code: str
    kind: str
    name_vi: str
    name_en: str
    shape: BaseGeometry


@dataclass(frozen=True)
class Project:
    code: str
    zone_code: str
    kind: str
    name: str
    investor: str
    country: str
    is_fdi: bool
    capital_vnd_bn: float
    capital_usd_m: float | None
    vsic: str
    status: str
    workers_vn: int
    workers_foreign: int
    certificate_date: str


@dataclass(frozen=True)
class Event:
    project_code: str
    kind: str
    date: str
    amount_vnd_bn: float | None = None
    amount_usd_m: float | None = None
    note: str | None = None

    @property
    def year(self) -> int:
        return dt.date.fromisoformat(self.date).year


ZONES = (
    Zone(
        code="ZA",
        name_vi="KCN Thử nghiệm An",
        name_en="Test Zone An",
        status="operating",
        planned_area_ha=70,
        developer="Ngân sách tỉnh (thử nghiệm)",
        target_industries=("29", "30", "52"),
        excluded_industries=("19", "20", "24"),
        lease_price_usd_m2=60.0,
        lease_term_end="2055-12-31",
        power_mva=60.0,
        power_used_mva=45.0,
        water_m3_day=4000.0,
        water_used_m3_day=3000.0,
        wastewater_m3_day=3000.0,
        wastewater_used_m3_day=2400.0,
    ),
    Zone(
        code="ZB",
        name_vi="KCN Thử nghiệm Bình",
        name_en="Test Zone Binh",
        status="developing",
        planned_area_ha=56,
        developer="Công ty Hạ tầng Thử nghiệm",
        target_industries=("26", "27", "29"),
        excluded_industries=(),
        lease_price_usd_m2=90.0,
        lease_term_end="2068-06-30",
        power_mva=20.0,
        power_used_mva=19.0,
        water_m3_day=1500.0,
        water_used_m3_day=1100.0,
        wastewater_m3_day=1000.0,
        wastewater_used_m3_day=800.0,
    ),
    Zone(
        code="ZC",
        name_vi="KCN Thử nghiệm Cường",
        name_en="Test Zone Cuong",
        status="proposed",
        planned_area_ha=25,
        developer=None,
        target_industries=(),
        excluded_industries=("29",),
        lease_price_usd_m2=45.0,
        lease_term_end="2075-12-31",
        power_mva=30.0,
        power_used_mva=0.0,
        water_m3_day=2000.0,
        water_used_m3_day=0.0,
        wastewater_m3_day=1500.0,
        wastewater_used_m3_day=0.0,
    ),
)

PLOTS = (
    # ZA: x 0..1000, y 0..700, operating.
    Plot("ZA-01", "ZA", "road", "operating", rect(0, 0, 1000, 30)),
    Plot("ZA-02", "ZA", "industrial", "operating", rect(0, 30, 250, 330), project="ZA-P01"),
    Plot("ZA-03", "ZA", "industrial", "operating", rect(250, 30, 450, 330), project="ZA-P01"),
    Plot("ZA-04", "ZA", "industrial", "delayed", rect(450, 30, 650, 330), project="ZA-P02"),
    Plot("ZA-05", "ZA", "warehouse", "leased", rect(650, 30, 800, 330)),
    Plot("ZA-06", "ZA", "industrial", "reserved", rect(800, 30, 1000, 330)),
    Plot("ZA-07", "ZA", "road", "operating", rect(0, 330, 1000, 360)),
    Plot("ZA-08", "ZA", "industrial", "free", rect(0, 360, 180, 660)),
    Plot("ZA-09", "ZA", "industrial", "free", rect(180, 360, 400, 660)),
    Plot("ZA-10", "ZA", "industrial", "free", rect(400, 360, 600, 660)),
    Plot("ZA-11", "ZA", "warehouse", "free", rect(600, 360, 800, 660)),
    Plot("ZA-12", "ZA", "utility", "operating", rect(800, 360, 1000, 400)),
    Plot("ZA-13", "ZA", "industrial", "free", rect(800, 400, 1000, 660)),
    Plot("ZA-14", "ZA", "green", "operating", rect(0, 660, 1000, 700)),
    # ZB: x 1000..1800, y 0..700, developing; shares the edge x = 1000 with ZA.
    Plot("ZB-01", "ZB", "road", "operating", rect(1000, 0, 1800, 30)),
    Plot("ZB-02", "ZB", "industrial", "free", rect(1000, 30, 1400, 330)),
    Plot("ZB-03", "ZB", "industrial", "building", rect(1400, 30, 1800, 330), project="ZB-P01"),
    Plot("ZB-04", "ZB", "road", "operating", rect(1000, 330, 1800, 360)),
    Plot("ZB-05", "ZB", "industrial", "free", rect(1000, 360, 1200, 660)),
    Plot("ZB-06", "ZB", "industrial", "free", rect(1200, 360, 1700, 660)),
    Plot("ZB-07", "ZB", "industrial", "free", rect(1700, 360, 1800, 660)),
    Plot("ZB-08", "ZB", "green", "operating", rect(1000, 660, 1800, 700)),
    # ZC: x 5000..5600, y 0..415, proposed, all planned.
    Plot("ZC-01", "ZC", "industrial", "planned", rect(5000, 0, 5300, 200), leasable_year=2028),
    Plot("ZC-02", "ZC", "industrial", "planned", rect(5300, 0, 5600, 200), leasable_year=2030),
    Plot("ZC-03", "ZC", "industrial", "planned", rect(5000, 200, 5300, 400), leasable_year=2030),
    Plot("ZC-04", "ZC", "industrial", "planned", rect(5300, 200, 5600, 400), leasable_year=2028),
    Plot("ZC-05", "ZC", "road", "planned", rect(5000, 400, 5600, 415), leasable_year=2028),
)

INFRASTRUCTURE = (
    Feature(
        "EXP-01",
        "expressway",
        "Cao tốc Thử nghiệm",
        "Test Expressway",
        line((-3000, -1500), (9000, -1500)),
    ),
    Feature(
        "IC-01",
        "expressway_interchange",
        "Nút giao Thử nghiệm",
        "Test Interchange",
        point(500, -1500),
    ),
    Feature(
        "QL-01",
        "national_road",
        "Quốc lộ Thử nghiệm",
        "Test Road",
        line((2500, -3000), (2500, 4000)),
    ),
    Feature("RS-01", "railway_station", "Ga Thử nghiệm", "Test Station", point(3000, 2000)),
    Feature("RP-01", "river_port", "Cảng sông Thử nghiệm", "Test River Port", point(5500, 1500)),
    Feature("SP-01", "seaport", "Cảng biển Thử nghiệm", "Test Seaport", point(20000, -30000)),
    Feature("SS-01", "substation", "Trạm biến áp Thử nghiệm", "Test Substation", point(1000, 900)),
    Feature("WP-01", "water_plant", "Nhà máy nước ZA", "ZA Water Plant", point(900, 380)),
    Feature("CT-01", "city", "Thị xã Thử nghiệm", "Test Town", point(3000, 3000)),
    Feature("CT-HN", "city", "Hà Nội", "Hanoi", point(-10000, 80000)),
)

CONSTRAINTS = (
    Feature(
        "NP-01",
        "national_park",
        "Vườn quốc gia Thử nghiệm",
        "Test National Park",
        rect(1750, 500, 2400, 1300),
    ),
    Feature(
        "RES-01",
        "residential",
        "Khu dân cư Thử nghiệm",
        "Test Town Housing",
        rect(-1500, 0, -500, 700),
    ),
)
PROTECTED_KINDS = ("heritage_property", "heritage_buffer", "national_park", "ramsar_wetland")

PROVINCE = Feature(
    "PV", "province", "Tỉnh Thử nghiệm", "Test Province", rect(-3000, -3000, 9000, 4000)
)

PROJECTS = (
    Project(
        code="ZB-H01",
        zone_code="ZB",
        kind="infrastructure",
        name="Đầu tư hạ tầng KCN Thử nghiệm Bình",
        investor="Công ty Hạ tầng Thử nghiệm",
        country="VN",
        is_fdi=False,
        capital_vnd_bn=1200.0,
        capital_usd_m=None,
        vsic="6810",
        status="operating",
        workers_vn=20,
        workers_foreign=0,
        certificate_date="2019-05-10",
    ),
    Project(
        code="ZA-P01",
        zone_code="ZA",
        kind="secondary",
        name="Nhà máy phụ tùng ô tô An",
        investor="Công ty TNHH Phụ tùng An",
        country="VN",
        is_fdi=False,
        capital_vnd_bn=2350.5,
        capital_usd_m=None,
        vsic="2930",
        status="operating",
        workers_vn=850,
        workers_foreign=0,
        certificate_date="2018-03-01",
    ),
    Project(
        code="ZA-P02",
        zone_code="ZA",
        kind="secondary",
        name="Kho vận Thử nghiệm",
        investor="Test Logistics Co., Ltd.",
        country="KR",
        is_fdi=True,
        capital_vnd_bn=690.0,
        capital_usd_m=28.5,
        vsic="5210",
        status="delayed",
        workers_vn=40,
        workers_foreign=3,
        certificate_date="2020-09-09",
    ),
    Project(
        code="ZB-P01",
        zone_code="ZB",
        kind="secondary",
        name="Nhà máy linh kiện điện tử Thử nghiệm",
        investor="Test Electronics Pte. Ltd.",
        country="SG",
        is_fdi=True,
        capital_vnd_bn=475.25,
        capital_usd_m=20.1,
        vsic="2610",
        status="building",
        workers_vn=0,
        workers_foreign=0,
        certificate_date="2023-04-12",
    ),
)

EVENTS = (
    Event("ZB-P01", "certificate_issued", "2023-04-12", 475.25, 20.1, "Cấp mới"),
    Event("ZA-P02", "certificate_adjusted", "2023-06-01"),
    Event("ZA-P01", "supervision", "2023-09-15"),
    Event("ZA-P02", "supervision", "2023-10-02"),
    Event("ZA-P01", "capital_increase", "2024-02-20", 150.5, None, "Tăng vốn"),
    Event("ZA-P01", "certificate_adjusted", "2024-02-21"),
    Event("ZB-P01", "building_permit", "2024-03-05"),
    Event("ZB-P01", "construction_start", "2024-05-20"),
    Event("ZA-P01", "supervision", "2024-09-10"),
)


def zone(code: str) -> Zone:
    return next(z for z in ZONES if z.code == code)


def plot(code: str) -> Plot:
    return next(p for p in PLOTS if p.code == code)


def plots_of(zone_code: str) -> list[Plot]:
    return [p for p in PLOTS if p.zone == zone_code]


def distance_m(shape: BaseGeometry, kind: str) -> float | None:
    """Metres from ``shape`` to the nearest feature of ``kind`` (``hanoi``: the capital), as
    izagis measures in UTM 48N; None when the world has no feature of that kind."""
    if kind == "hanoi":
        features = [f for f in INFRASTRUCTURE if f.kind == "city" and f.name_en == "Hanoi"]
    else:
        features = [f for f in (*INFRASTRUCTURE, *CONSTRAINTS) if f.kind == kind]
    if not features:
        return None
    return min(float(shape.distance(f.shape)) for f in features)


def shared_edge_m(a: Plot, b: Plot) -> float:
    """Length of the boundary two plots share (0 for a corner)."""
    return float(a.shape.boundary.intersection(b.shape.boundary).length)


def _frame(rows: list[dict[str, Any]], shapes: list[BaseGeometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(rows, geometry=shapes, crs=METRIC_CRS).to_crs(WGS84)


def layers() -> dict[str, gpd.GeoDataFrame]:
    """The five layers in WGS 84, as ``write`` writes them (list fields as JSON text)."""
    zone_rows = []
    for z in ZONES:
        row = dict(vars(z))
        row["target_industries"] = json.dumps(list(z.target_industries))
        row["excluded_industries"] = json.dumps(list(z.excluded_industries))
        row["legal_basis"] = "Thử nghiệm (không có thật)"
        zone_rows.append(row)
    plot_rows = [
        {
            "code": p.code,
            "zone_code": p.zone,
            "land_use": p.land_use,
            "status": p.status,
            "leasable_year": p.leasable_year,
            "project_code": p.project,
        }
        for p in PLOTS
    ]

    def feature_rows(features: tuple[Feature, ...]) -> list[dict[str, Any]]:
        return [
            {"code": f.code, "kind": f.kind, "name_vi": f.name_vi, "name_en": f.name_en}
            for f in features
        ]

    province = [{"code": PROVINCE.code, "name_vi": PROVINCE.name_vi, "name_en": PROVINCE.name_en}]
    plots = _frame(plot_rows, [p.shape for p in PLOTS])
    plots["leasable_year"] = plots["leasable_year"].astype("Int64")
    return {
        "zones": _frame(zone_rows, [z.shape for z in ZONES]),
        "plots": plots,
        "infrastructure": _frame(feature_rows(INFRASTRUCTURE), [f.shape for f in INFRASTRUCTURE]),
        "constraints": _frame(feature_rows(CONSTRAINTS), [f.shape for f in CONSTRAINTS]),
        "province": _frame(province, [PROVINCE.shape]),
    }


def write(folder: Path) -> Path:
    """Write the world as a dataset folder (GeoJSON layers + the two CSV files)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in layers().items():
        frame.to_file(folder / f"{name}.geojson", driver="GeoJSON", engine="pyogrio")
    pd.DataFrame([vars(p) for p in PROJECTS]).to_csv(folder / "projects.csv", index=False)
    pd.DataFrame([vars(e) for e in EVENTS]).to_csv(folder / "project_events.csv", index=False)
    return folder
