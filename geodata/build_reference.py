"""Build the izagis reference dataset for the industrial zones (KCN) of Ninh Bình.

Run ``python geodata/build_reference.py``; the files are written next to this script.

The figures (counts, capital, workers, 2023 events, named projects, zone list and legal
areas) reproduce the Ninh Bình Industrial Zones Authority's review of 2023. Everything spatial
(zone outlines, plots, roads, utilities, constraints), the unnamed projects, prices and
capacities is ILLUSTRATIVE: hand-drawn approximate locations plus seeded random layout, not
survey data. See README.md beside this file.

Everything is deterministic: fixed seed, no clock, no network. Geometry is built in
UTM 48N (EPSG:32648) metres, then converted to WGS 84 lon/lat on a 1e-7 degree grid, with the
plots of each zone noded together so that neighbours share exact edges.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

OUT_DIR = Path(__file__).resolve().parent
SEED = 20231227
GRID = 1e-7  # output precision in degrees (7 decimals, about 1 cm)
METRIC_EPSG = 32648  # WGS 84 / UTM zone 48N

# =============================================================================================
# Data tables: figures from the IZA 2023 review (see FACTS.md) and hand-authored geography.
# =============================================================================================

# fmt: off
TOTAL_PROJECTS = 122
TOTAL_CAPITAL_VND_BN = Decimal("65385.7")
FDI_PROJECTS = 33
FDI_CAPITAL_USD_M = Decimal("635.66")
FDI_CAPITAL_VND_BN = Decimal("13755.18")
STATUS_COUNTS = {"operating": 102, "building": 7, "delayed": 13}
WORKERS_TOTAL = 36659  # the review's total; its 36,385 VN + 301 foreign sum to 36,686
WORKERS_FOREIGN = 301
NEW_2023_USD_M = Decimal("20.7")
NEW_2023_VND_BN = Decimal("492.39")
CAPITAL_INCREASE_2023_VND_BN = Decimal("346.013")
CAPITAL_INCREASE_2023_FDI_VND_BN = Decimal("130.413")  # its split in two is illustrative
ADJUSTMENTS_2023 = 9
SUPERVISED_2023 = 42
OPERATING_FREE_SHARE = 0.022  # 2022: 97.8 % of the operating zones' industrial land leased

LEGAL_1499 = "1499/TTg-KTN (18/8/2014)"
LEGAL_NEW = "Quy hoạch tỉnh Ninh Bình 2021-2030 (đề xuất)"
BUDGET = "Ngân sách tỉnh (Ban Quản lý các KCN tỉnh Ninh Bình)"
NEAR_HERITAGE = ("19", "20", "24")  # refining, chemicals, basic metals


class ZoneSpec(NamedTuple):
    """Attributes of one zone; utilities are (capacity, committed load)."""

    code: str
    name_vi: str
    name_en: str
    status: str
    planned_area_ha: int
    legal_basis: str
    developer: str | None
    target: tuple[str, ...]
    excluded: tuple[str, ...]
    lease_price_usd_m2: float
    lease_term_end: str
    power_mva: tuple[float, float]
    water_m3_day: tuple[int, int]
    wastewater_m3_day: tuple[int, int]


ZONES: tuple[ZoneSpec, ...] = (
    ZoneSpec("KP", "KCN Khánh Phú", "Khanh Phu Industrial Zone", "operating", 351, LEGAL_1499,
             BUDGET, ("20", "16", "25", "28", "15", "32"), (), 68.0, "2053-12-31",
             (126.0, 98.0), (8000, 5900), (6000, 4300)),
    ZoneSpec("GK", "KCN Gián Khẩu", "Gian Khau Industrial Zone", "operating", 262, LEGAL_1499,
             BUDGET, ("29", "30", "52", "22", "14", "32"), NEAR_HERITAGE, 75.0, "2054-12-31",
             (80.0, 61.0), (6000, 4400), (4500, 3300)),
    ZoneSpec("PS", "KCN Phúc Sơn", "Phuc Son Industrial Zone", "operating", 142, LEGAL_1499,
             "Công ty CP Hạ tầng KCN Phúc Sơn", ("14", "15", "27", "26", "10", "22"),
             ("19", "24"), 62.0, "2058-12-31", (63.0, 41.0), (4000, 2600), (3000, 2050)),
    ZoneSpec("TD1", "KCN Tam Điệp I", "Tam Diep I Industrial Zone", "operating", 64, LEGAL_1499,
             BUDGET, ("23", "16", "14", "25", "31"), NEAR_HERITAGE, 55.0, "2056-12-31",
             (40.0, 28.0), (2500, 1700), (2000, 1350)),
    ZoneSpec("TD2", "KCN Tam Điệp II", "Tam Diep II Industrial Zone", "developing", 386,
             LEGAL_1499, "VSIP / Phúc Lộc (đang đàm phán)", ("26", "27", "29", "14", "15", "22"),
             ("19", "24"), 80.0, "2069-12-31", (126.0, 22.0), (10000, 1800), (8000, 1300)),
    ZoneSpec("KC", "KCN Khánh Cư", "Khanh Cu Industrial Zone", "operating", 67, LEGAL_1499,
             "Công ty CP Hạ tầng KCN Khánh Cư", ("14", "15", "13", "10", "27"), ("19",), 58.0,
             "2060-12-31", (40.0, 26.0), (2500, 1650), (2000, 1200)),
    ZoneSpec("KS", "KCN Kim Sơn", "Kim Son Industrial Zone", "planned", 200, LEGAL_1499, None,
             ("10", "13", "14", "15", "16", "52"), (), 52.0, "2075-12-31",
             (80.0, 0.0), (6000, 0), (5000, 0)),
    ZoneSpec("PL", "KCN Phú Long", "Phu Long Industrial Zone", "proposed", 420, LEGAL_NEW,
             "IDICO (đang đàm phán)", ("26", "27", "28", "29", "52"), NEAR_HERITAGE, 85.0,
             "2076-12-31", (160.0, 0.0), (12000, 0), (9000, 0)),
    ZoneSpec("YB", "KCN Yên Bình", "Yen Binh Industrial Zone", "proposed", 300, LEGAL_NEW, None,
             ("26", "27", "22", "32", "28"), NEAR_HERITAGE, 78.0, "2076-12-31",
             (100.0, 0.0), (8000, 0), (6500, 0)),
    ZoneSpec("XT", "KCN Xích Thổ", "Xich Tho Industrial Zone", "proposed", 250, LEGAL_NEW, None,
             ("10", "16", "23", "31"), NEAR_HERITAGE, 60.0, "2076-12-31",
             (63.0, 0.0), (5000, 0), (4000, 0)),
    ZoneSpec("GK2", "KCN Gián Khẩu II", "Gian Khau II Industrial Zone", "proposed", 400,
             LEGAL_NEW, None, ("29", "30", "52", "26", "27", "28"), NEAR_HERITAGE, 82.0,
             "2076-12-31", (126.0, 0.0), (10000, 0), (8000, 0)),
)
ZONE_BY_CODE = {z.code: z for z in ZONES}
OPERATING = tuple(z.code for z in ZONES if z.status == "operating")
EXISTING = (*OPERATING, "TD2")
PLANNED_YEARS = {"KS": (2026, 2027), "GK2": (2027, 2028), "PL": (2027, 2029),
                 "YB": (2028, 2029), "XT": (2029, 2030), "TD2": (2026, 2027)}

# Zone outlines: centre (lon, lat), rotation (degrees, counter-clockwise) and an outline in
# local metres (x east, y north before rotation). Outlines are scaled to the planned area.
ZONE_SHAPES: dict[str, tuple[float, float, float, list[tuple[float, float]]]] = {
    "KP": (106.035, 20.215, 10.0, [(-1200, -600), (-1150, 250), (-900, 700), (-200, 760),
                                   (450, 650), (1150, 520), (1250, -100), (1000, -650),
                                   (300, -760), (-500, -700)]),
    "GK": (105.929, 20.313, -15.0, [(-450, -1400), (-500, -500), (-520, 400), (-380, 1350),
                                    (150, 1450), (480, 900), (520, 0), (470, -900),
                                    (250, -1450)]),
    "PS": (106.000, 20.245, -8.0, [(-650, -500), (-700, 200), (-450, 560), (250, 600),
                                   (680, 380), (650, -300), (300, -580)]),
    "TD1": (105.901, 20.173, 5.0, [(-420, -380), (-450, 150), (-250, 420), (300, 430),
                                   (430, 100), (380, -420)]),
    "TD2": (105.935, 20.125, -12.0, [(-1100, -700), (-1150, 300), (-700, 880), (200, 850),
                                     (1000, 700), (1120, -100), (800, -850), (-200, -880)]),
    "KC": (106.060, 20.170, 20.0, [(-450, -350), (-480, 250), (-150, 400), (420, 380),
                                   (460, -150), (200, -400)]),
    "KS": (106.100, 20.000, 30.0, [(-800, -550), (-820, 300), (-400, 640), (500, 600),
                                   (820, 200), (760, -500), (100, -640)]),
    "PL": (105.780, 20.300, -5.0, [(-1150, -800), (-1200, 200), (-800, 900), (300, 920),
                                   (1100, 600), (1180, -300), (700, -900), (-300, -880)]),
    "YB": (105.880, 20.190, 0.0, [(-950, -650), (-980, 350), (-500, 800), (400, 780),
                                  (960, 400), (920, -450), (300, -800), (-400, -780)]),
    "XT": (105.760, 20.360, 12.0, [(-850, -650), (-900, 200), (-500, 720), (400, 700),
                                   (880, 300), (850, -500), (200, -720)]),
    "GK2": (105.905, 20.349, -10.0, [(-1200, -700), (-1150, 400), (-700, 820), (300, 800),
                                     (1180, 550), (1200, -350), (600, -820), (-400, -800)]),
}
# The 35 ha extension of Gián Khẩu (car assembly, logistics): a lobe on the west side of the
# zone's northern half, in GK's local frame; it is scaled about its anchor until the part
# outside the 262 ha zone measures 35 ha.
GK_EXTENSION_HA = 35.0
GK_EXTENSION_LOBE = [(-380, 250), (-1000, 200), (-1060, 820), (-380, 950)]
GK_EXTENSION_ANCHOR = (-450, 575)

# Plot layout per zone: road pitch across x and y (m), road width (m), perimeter green belt
# width (m), target industrial lot size (ha).
LAYOUT: dict[str, tuple[float, float, float, float, float]] = {
    "KP": (330, 270, 24, 12, 4.0),
    "GK": (320, 260, 24, 12, 3.5),
    "PS": (300, 250, 22, 10, 2.8),
    "TD1": (280, 240, 20, 10, 2.4),
    "KC": (280, 240, 20, 10, 2.4),
    "TD2": (380, 320, 26, 12, 6.0),
    "KS": (420, 340, 26, 15, 9.0),
    "PL": (440, 360, 30, 15, 9.0),
    "YB": (420, 350, 28, 15, 9.0),
    "XT": (420, 340, 26, 15, 9.0),
    "GK2": (440, 360, 30, 15, 9.0),
}

# Province outline (pre-2025 Ninh Bình), lon/lat; the east side follows the Đáy river.
PROVINCE_OUTLINE = [
    (105.565, 20.296), (105.578, 20.322), (105.610, 20.338), (105.655, 20.352),
    (105.705, 20.367), (105.745, 20.381), (105.790, 20.388), (105.830, 20.406),
    (105.870, 20.418), (105.905, 20.424), (105.932, 20.423), (105.953, 20.400),
    (105.960, 20.365), (105.965, 20.335), (105.970, 20.305), (105.980, 20.285),
    (105.995, 20.273), (106.010, 20.268), (106.022, 20.253), (106.026, 20.238),
    (106.040, 20.238), (106.062, 20.232), (106.078, 20.216), (106.092, 20.198),
    (106.104, 20.175), (106.112, 20.148), (106.122, 20.118), (106.135, 20.088),
    (106.147, 20.058), (106.158, 20.028), (106.166, 19.998), (106.172, 19.963),
    (106.140, 19.952), (106.100, 19.950), (106.070, 19.962), (106.052, 19.982),
    (106.036, 20.008), (106.012, 20.040), (105.978, 20.064), (105.940, 20.085),
    (105.900, 20.100), (105.862, 20.120), (105.826, 20.145), (105.790, 20.168),
    (105.752, 20.192), (105.712, 20.215), (105.670, 20.236), (105.630, 20.257),
    (105.592, 20.277),
]

# Constraint areas: (code, kind, name_vi, name_en, centre lon/lat, target km², outline).
# Outlines are scaled about their centroid to the target area and moved to the centre.
CONSTRAINT_AREAS = (
    ("TA-CORE", "heritage_property", "Quần thể danh thắng Tràng An (vùng lõi di sản)",
     "Trang An Landscape Complex (property)", (105.893, 20.250), 62.0,
     [(105.842, 20.252), (105.848, 20.266), (105.860, 20.272), (105.868, 20.284),
      (105.882, 20.286), (105.893, 20.280), (105.905, 20.288), (105.918, 20.284),
      (105.926, 20.274), (105.938, 20.270), (105.944, 20.258), (105.941, 20.244),
      (105.946, 20.232), (105.938, 20.220), (105.924, 20.218), (105.915, 20.210),
      (105.900, 20.214), (105.888, 20.222), (105.874, 20.220), (105.862, 20.230),
      (105.850, 20.236), (105.845, 20.244)]),
    ("CUC-PHUONG", "national_park", "Vườn quốc gia Cúc Phương", "Cuc Phuong National Park",
     (105.620, 20.300), 222.0,
     [(105.545, 20.365), (105.575, 20.385), (105.610, 20.372), (105.650, 20.335),
      (105.690, 20.290), (105.705, 20.255), (105.690, 20.235), (105.655, 20.245),
      (105.615, 20.275), (105.575, 20.310), (105.550, 20.335)]),
    ("VAN-LONG", "ramsar_wetland", "Khu đất ngập nước Vân Long (Ramsar)",
     "Van Long Wetland (Ramsar site)", (105.860, 20.381), 27.0,
     [(105.835, 20.372), (105.842, 20.392), (105.860, 20.403), (105.880, 20.398),
      (105.888, 20.380), (105.884, 20.362), (105.866, 20.356), (105.846, 20.360)]),
    ("NB-URBAN", "residential", "Đô thị thành phố Ninh Bình", "Ninh Binh city urban area",
     None, None,
     [(105.952, 20.240), (105.958, 20.262), (105.970, 20.275), (105.985, 20.272),
      (105.992, 20.258), (105.990, 20.238), (105.978, 20.226), (105.962, 20.228)]),
    ("TD-URBAN", "residential", "Đô thị thành phố Tam Điệp", "Tam Diep city urban area",
     None, None,
     [(105.898, 20.150), (105.905, 20.163), (105.920, 20.167), (105.935, 20.158),
      (105.938, 20.145), (105.928, 20.137), (105.910, 20.138)]),
)
HERITAGE_BUFFER_KM2 = 60.0
HERITAGE_ZONE_CLEARANCE_M = 400.0

# Rivers as centrelines (lon/lat) with a water-surface width in metres.
RIVERS = (
    ("SONG-DAY", "Sông Đáy", "Day River", 150.0,
     [(105.918, 20.545), (105.928, 20.490), (105.936, 20.440), (105.945, 20.400),
      (105.952, 20.365), (105.957, 20.335), (105.962, 20.305), (105.972, 20.282),
      (105.988, 20.268), (106.005, 20.262), (106.016, 20.250), (106.018, 20.236),
      (106.024, 20.229), (106.040, 20.2315), (106.058, 20.227), (106.072, 20.212),
      (106.085, 20.195), (106.097, 20.172), (106.105, 20.145), (106.115, 20.115),
      (106.128, 20.085), (106.140, 20.055), (106.152, 20.025), (106.160, 19.995),
      (106.168, 19.960)]),
    ("SONG-HOANG-LONG", "Sông Hoàng Long", "Hoang Long River", 100.0,
     [(105.640, 20.372), (105.670, 20.362), (105.700, 20.352), (105.735, 20.340),
      (105.765, 20.332), (105.800, 20.336), (105.835, 20.345), (105.860, 20.350),
      (105.885, 20.340), (105.905, 20.333), (105.925, 20.334), (105.940, 20.335),
      (105.957, 20.335)]),
)

# Linear infrastructure (code, kind, name_vi, name_en, lon/lat vertices).
LINES = (
    ("CT01-CGNB", "expressway", "Cao tốc Cầu Giẽ – Ninh Bình (CT.01)",
     "Cau Gie – Ninh Binh Expressway (CT.01)",
     [(105.925, 20.545), (105.945, 20.470), (105.962, 20.400), (105.975, 20.345),
      (105.985, 20.318), (106.005, 20.298), (106.040, 20.285)]),
    ("CT01-CBMS", "expressway", "Cao tốc Cao Bồ – Mai Sơn (CT.01)",
     "Cao Bo – Mai Son Expressway (CT.01)",
     [(106.040, 20.285), (106.030, 20.262), (106.014, 20.240), (106.000, 20.226),
      (105.985, 20.200), (105.972, 20.170), (105.965, 20.145), (105.960, 20.125)]),
    ("CT01-MSQL45", "expressway", "Cao tốc Mai Sơn – Quốc lộ 45 (CT.01)",
     "Mai Son – National Road 45 Expressway (CT.01)",
     [(105.960, 20.125), (105.948, 20.106), (105.915, 20.090), (105.885, 20.075),
      (105.860, 20.060)]),
    ("QL1A", "national_road", "Quốc lộ 1A", "National Road 1A",
     [(105.915, 20.545), (105.922, 20.470), (105.930, 20.400), (105.936, 20.360),
      (105.9375, 20.335), (105.938, 20.320), (105.9362, 20.311), (105.9345, 20.300),
      (105.945, 20.285), (105.958, 20.270), (105.972, 20.255),
      (105.968, 20.235), (105.955, 20.210), (105.940, 20.185), (105.925, 20.165),
      (105.915, 20.155), (105.905, 20.135), (105.890, 20.110), (105.875, 20.085),
      (105.860, 20.062)]),
    ("QL10", "national_road", "Quốc lộ 10", "National Road 10",
     [(105.995, 20.276), (105.985, 20.258), (105.987, 20.236), (106.000, 20.225),
      (106.012, 20.210), (106.020, 20.198), (106.040, 20.186), (106.049, 20.172),
      (106.058, 20.150), (106.072, 20.120), (106.086, 20.090), (106.088, 20.050),
      (106.084, 20.020), (106.074, 19.995), (106.050, 19.975)]),
    ("QL45", "national_road", "Quốc lộ 45", "National Road 45",
     [(105.752, 20.325), (105.730, 20.300), (105.700, 20.260), (105.675, 20.220),
      (105.650, 20.180)]),
    ("QL12B", "national_road", "Quốc lộ 12B", "National Road 12B",
     [(105.915, 20.156), (105.893, 20.162), (105.872, 20.172), (105.850, 20.190),
      (105.825, 20.225), (105.800, 20.258), (105.776, 20.282), (105.758, 20.302),
      (105.752, 20.325)]),
    ("QL38B", "national_road", "Quốc lộ 38B", "National Road 38B",
     [(105.9377, 20.330), (105.962, 20.326), (105.985, 20.318), (106.020, 20.322),
      (106.050, 20.330)]),
    ("DSBN", "railway", "Đường sắt Bắc – Nam", "North–South Railway",
     [(105.928, 20.545), (105.936, 20.470), (105.945, 20.400), (105.950, 20.360),
      (105.953, 20.320), (105.958, 20.283), (105.969, 20.254), (105.960, 20.235),
      (105.948, 20.222), (105.930, 20.190), (105.915, 20.172), (105.907, 20.163),
      (105.895, 20.140), (105.880, 20.110), (105.865, 20.080), (105.850, 20.055)]),
)

# Point infrastructure (code, kind, name_vi, name_en, lon, lat). Water and wastewater plants
# and the zones' 110 kV substations are placed on the zones' utility plots by the script.
POINTS = (
    ("IC-CAO-BO", "expressway_interchange", "Nút giao Cao Bồ", "Cao Bo interchange",
     106.040, 20.285),
    ("IC-GIAN-KHAU", "expressway_interchange", "Nút giao Gián Khẩu (QL38B, minh họa)",
     "Gian Khau interchange (NR 38B, illustrative)", 105.985, 20.318),
    ("IC-QL10", "expressway_interchange", "Nút giao Quốc lộ 10 (minh họa)",
     "National Road 10 interchange (illustrative)", 106.000, 20.226),
    ("IC-MAI-SON", "expressway_interchange", "Nút giao Mai Sơn", "Mai Son interchange",
     105.960, 20.125),
    ("GA-NINH-BINH", "railway_station", "Ga Ninh Bình", "Ninh Binh station", 105.969, 20.254),
    ("GA-CAU-YEN", "railway_station", "Ga Cầu Yên", "Cau Yen station", 105.958, 20.283),
    ("GA-GHENH", "railway_station", "Ga Ghềnh", "Ghenh station", 105.948, 20.222),
    ("GA-DONG-GIAO", "railway_station", "Ga Đồng Giao (Tam Điệp)",
     "Dong Giao (Tam Diep) station", 105.907, 20.163),
    ("CANG-HAI-PHONG", "seaport", "Cảng Hải Phòng", "Hai Phong port", 106.680, 20.860),
    ("CANG-NGHI-SON", "seaport", "Cảng Nghi Sơn", "Nghi Son port", 105.800, 19.320),
    ("TBA-220-NB", "substation", "Trạm biến áp 220 kV Ninh Bình", "Ninh Binh 220 kV substation",
     105.988, 20.222),
    ("TBA-220-TD", "substation", "Trạm biến áp 220 kV Tam Điệp", "Tam Diep 220 kV substation",
     105.925, 20.148),
    ("HA-NOI", "city", "Thủ đô Hà Nội", "Hanoi", 105.8342, 21.0278),
    ("TP-NINH-BINH", "city", "Thành phố Ninh Bình", "Ninh Binh city", 105.975, 20.250),
    ("TP-TAM-DIEP", "city", "Thành phố Tam Điệp", "Tam Diep city", 105.918, 20.152),
)
RIVER_PORT = ("CANG-NINH-PHUC", "river_port", "Cảng Ninh Phúc (sông Đáy)",
              "Ninh Phuc river port (Day River)", 106.015, 20.215)

# ---------------------------------------------------------------------------- projects


class ZonePlan(NamedTuple):
    """Secondary projects per zone: count, FDI, delayed, year the zone opened."""

    n: int
    fdi: int
    delayed: int
    opened: int


PROJECT_PLAN: dict[str, ZonePlan] = {
    "KP": ZonePlan(35, 8, 4, 2005),
    "GK": ZonePlan(30, 9, 2, 2006),
    "PS": ZonePlan(24, 7, 4, 2008),
    "TD1": ZonePlan(12, 2, 1, 2006),
    "KC": ZonePlan(13, 4, 1, 2010),
    "TD2": ZonePlan(6, 3, 1, 2016),
}
LEASED_PLOTS = {"KP": 1, "PS": 1, "TD2": 1}
RESERVED_PLOTS = {"GK": 1, "TD2": 2}
TD2_OCCUPIED_SHARE = 0.10  # of TD2's industrial land in use by its projects
TD2_PLANNED_SHARE = 0.22  # phase 2 of TD2, not yet serviced


class Named(NamedTuple):
    """A project named in the source (or a zone's infrastructure developer)."""

    key: str
    zone: str
    kind: str
    name: str
    investor: str
    country: str
    vsic: str
    status: str
    certificate_date: str
    area_ha: float  # land wanted (secondary) ; 0 for infrastructure
    capital_vnd_bn: str | None = None  # fixed figure, else generated
    capital_usd_m: str | None = None


NAMED: tuple[Named, ...] = (
    Named("kc_infra", "KC", "infrastructure",
          "Đầu tư xây dựng và kinh doanh kết cấu hạ tầng KCN Khánh Cư",
          "Công ty CP Hạ tầng KCN Khánh Cư", "VN", "6810", "operating", "2010-06-18", 0.0,
          "1250.5"),
    Named("ps_infra", "PS", "infrastructure",
          "Đầu tư xây dựng và kinh doanh kết cấu hạ tầng KCN Phúc Sơn",
          "Công ty CP Hạ tầng KCN Phúc Sơn", "VN", "6810", "operating", "2008-09-25", 0.0,
          "890.3"),
    Named("thanh_cong", "GK", "secondary", "Nhà máy sản xuất, lắp ráp ô tô Thành Công",
          "Công ty CP Hyundai Thành Công Việt Nam", "VN", "2910", "operating", "2017-03-09",
          34.0, "4850.5"),
    Named("dam_ninh_binh", "KP", "secondary", "Nhà máy đạm Ninh Bình (sản xuất phân urê)",
          "Công ty TNHH MTV Đạm Ninh Bình", "VN", "2012", "operating", "2006-11-28", 42.0,
          "11950.0"),
    Named("khi_cong_nghiep", "KP", "secondary", "Nhà máy khí công nghiệp Ninh Bình",
          "Công ty CP Khí công nghiệp Ninh Bình", "VN", "2011", "operating", "2014-05-20", 3.0,
          "452.8"),
    Named("santa_clara", "GK", "secondary",
          "Thiết kế, sản xuất, xuất khẩu đồ thể thao chuyên dụng cao cấp Santa Clara",
          "Công ty TNHH Santa Clara", "TW", "3230", "building", "2023-04-12", 6.0,
          "297.34", "12.5"),
    Named("cibon", "KP", "secondary", "Nhà máy sản xuất công cụ, dụng cụ cao cấp Cibon Ninh Bình",
          "CIBON Industrial Limited", "HK", "2593", "building", "2023-09-21", 5.0,
          "195.05", "8.2"),
    Named("toan_phat", "PS", "secondary",
          "Nhà máy sản xuất phào khung tranh, phào trang trí nội thất Toàn Phát",
          "Công ty CP Thương mại & Phát triển xây dựng Toàn Phát", "VN", "2220", "building",
          "2022-08-16", 2.5),
    Named("gluck", "KP", "secondary", "Nhà máy chế biến gỗ ván dán Gluck",
          "Công ty CP Quốc tế Gluck", "VN", "1621", "building", "2022-10-04", 6.0),
    Named("sunrise", "KC", "secondary", "Nhà máy sản xuất da thuộc Sunrise Leather",
          "Sunrise Leather International Limited", "HK", "1511", "building", "2022-06-07", 5.0),
    Named("huu_co", "KP", "secondary", "Nhà máy sản xuất phân bón hữu cơ Ninh Bình",
          "Công ty cổ phần hữu cơ Ninh Bình", "VN", "2012", "building", "2022-09-13", 3.0),
)

# Industry catalogue per VSIC division: (class, facility vi, investor trade word vi,
# product en, workers per ha, capital weight per ha).
INDUSTRIES: dict[str, list[tuple[str, str, str, str, float, float]]] = {
    "10": [("1079", "Nhà máy chế biến thực phẩm", "Thực phẩm", "Foods", 45, 12),
           ("1080", "Nhà máy thức ăn chăn nuôi", "Thức ăn chăn nuôi", "Feed", 20, 15)],
    "13": [("1312", "Nhà máy dệt vải", "Dệt", "Textile", 60, 14),
           ("1311", "Nhà máy sợi", "Sợi", "Yarn", 40, 18)],
    "14": [("1410", "Nhà máy may xuất khẩu", "May", "Garment", 160, 9)],
    "15": [("1520", "Nhà máy giày xuất khẩu", "Giày", "Footwear", 190, 10),
           ("1512", "Nhà máy túi xách, vali", "Túi xách", "Bags", 150, 8)],
    "16": [("1621", "Nhà máy ván ép, gỗ dán", "Gỗ", "Wood", 30, 8),
           ("1629", "Nhà máy chế biến lâm sản", "Lâm sản", "Wood Products", 35, 7)],
    "20": [("2011", "Nhà máy hóa chất công nghiệp", "Hóa chất", "Chemical", 12, 40),
           ("2022", "Nhà máy sơn công nghiệp", "Sơn", "Paint", 20, 25)],
    "22": [("2220", "Nhà máy sản phẩm nhựa kỹ thuật", "Nhựa", "Plastics", 45, 14)],
    "23": [("2395", "Nhà máy bê tông đúc sẵn", "Bê tông", "Concrete", 18, 10),
           ("2392", "Nhà máy gạch ốp lát", "Gạch", "Tiles", 25, 16)],
    "25": [("2599", "Nhà máy kết cấu và sản phẩm kim loại", "Cơ khí", "Metal", 40, 12),
           ("2592", "Nhà máy gia công cơ khí chính xác", "Cơ khí chính xác", "Precision", 50,
            15)],
    "26": [("2610", "Nhà máy linh kiện điện tử", "Điện tử", "Electronics", 140, 30)],
    "27": [("2733", "Nhà máy thiết bị dây dẫn điện", "Thiết bị điện", "Electric", 90, 18),
           ("2740", "Nhà máy thiết bị chiếu sáng", "Chiếu sáng", "Lighting", 80, 15)],
    "28": [("2819", "Nhà máy chế tạo máy", "Máy công nghiệp", "Machinery", 45, 18)],
    "29": [("2930", "Nhà máy phụ tùng ô tô", "Phụ tùng ô tô", "Auto Parts", 70, 22)],
    "30": [("3091", "Nhà máy linh kiện xe máy", "Xe máy", "Motorcycle Parts", 60, 15)],
    "31": [("3100", "Nhà máy đồ nội thất", "Nội thất", "Furniture", 70, 8)],
    "32": [("3230", "Nhà máy dụng cụ thể thao", "Thể thao", "Sports Goods", 120, 10),
           ("3290", "Nhà máy hàng tiêu dùng", "Hàng tiêu dùng", "Consumer Goods", 60, 8)],
    "52": [("5210", "Trung tâm kho vận, logistics", "Logistics", "Logistics", 8, 12)],
}
# Labour and capital weights of the named projects' classes not in the catalogue above.
CLASS_WEIGHTS = {"2910": (75.0, 22.0), "2012": (14.0, 45.0), "1511": (40.0, 14.0),
                 "2593": (60.0, 18.0), "6810": (0.0, 0.0)}
VN_NAME_A = ("Hòa", "Minh", "Thịnh", "Tân", "Đại", "Phú", "Hưng", "An", "Trường", "Bảo",
             "Việt", "Hoàng", "Nam", "Quang", "Thành", "Đông", "Hải", "Kim", "Phúc", "Tiến")
VN_NAME_B = ("Phát", "Long", "Thịnh", "Hưng", "Anh", "Sơn", "Gia", "Lộc", "Tín", "Khang")
FDI_STEMS: dict[str, tuple[str, ...]] = {
    "KR": ("Daewon", "Sejong", "Hanbit", "Mirae", "Jinyang", "Dongbang", "Samil", "Yeonhwa",
           "Sunwoo", "Gwangmyeong"),
    "JP": ("Yamakawa", "Kitano", "Morinaga Seiki", "Takeshima", "Oyama"),
    "CN": ("Huaxing", "Jinlong", "Tianyi", "Hongda", "Xinhe", "Ruifeng"),
    "TW": ("Chang Hong", "Kuo Feng", "Ming Tai", "Yuan Sheng"),
    "HK": ("Pacific Crown", "Harbour Gate", "Golden Bay"),
    "SG": ("Lion Peak", "Straits Bridge"),
}
FDI_COUNTRY_WEIGHTS = {"KR": 0.38, "CN": 0.22, "JP": 0.14, "TW": 0.12, "HK": 0.08, "SG": 0.06}
# VND billions per USD million by certificate year (approximate yearly averages).
VND_PER_USD = {2005: 15.9, 2006: 16.0, 2007: 16.1, 2008: 16.5, 2009: 17.9, 2010: 18.9,
               2011: 20.8, 2012: 20.9, 2013: 21.0, 2014: 21.2, 2015: 21.9, 2016: 22.3,
               2017: 22.7, 2018: 23.0, 2019: 23.2, 2020: 23.2, 2021: 23.0, 2022: 23.6,
               2023: 23.8}

LAND_USES = ("industrial", "warehouse", "utility", "green", "road")
PLOT_STATUSES = ("free", "reserved", "leased", "building", "operating", "delayed", "planned")
INFRA_KINDS = ("expressway", "expressway_interchange", "national_road", "railway",
               "railway_station", "seaport", "river_port", "substation", "water_plant",
               "wastewater_plant", "city")
PROJECT_COLUMNS = ("code", "zone_code", "kind", "name", "investor", "country", "is_fdi",
                   "capital_vnd_bn", "capital_usd_m", "vsic", "status", "workers_vn",
                   "workers_foreign", "certificate_date")
EVENT_COLUMNS = ("project_code", "kind", "date", "amount_vnd_bn", "amount_usd_m", "note")
# fmt: on

# =============================================================================================
# Geometry helpers
# =============================================================================================

_TO_UTM = Transformer.from_crs(4326, METRIC_EPSG, always_xy=True)
_TO_LL = Transformer.from_crs(METRIC_EPSG, 4326, always_xy=True)


def to_utm(geom: Any) -> Any:
    """Project WGS 84 lon/lat geometries to UTM 48N metres."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_UTM.transform(*xy.T)))


def to_ll(geom: Any) -> Any:
    """Project UTM 48N geometries back to WGS 84 lon/lat."""
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_LL.transform(*xy.T)))


def parts(geom: BaseGeometry) -> list[Polygon]:
    """Polygon parts of a geometry, dropping anything of lower dimension."""
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]


def width(geom: BaseGeometry) -> float:
    """Mean width of a polygon (2 * area / perimeter), metres in a metric CRS."""
    return 2.0 * geom.area / geom.length if geom.length else 0.0


def place(
    outline_ll: list[tuple[float, float]],
    centre: tuple[float, float] | None,
    area_km2: float | None,
) -> Polygon:
    """Polygon (UTM) from lon/lat vertices, scaled to an area and moved to a centre."""
    poly = to_utm(Polygon(outline_ll))
    c = poly.centroid
    if area_km2 is not None:
        s = math.sqrt(area_km2 * 1e6 / poly.area)
        poly = affinity.scale(poly, s, s, origin=c)
    if centre is not None:
        target = to_utm(Point(centre))
        poly = affinity.translate(poly, target.x - c.x, target.y - c.y)
    return poly


def local_polygon(
    code: str,
    outline: list[tuple[float, float]],
    area_ha: float | None,
    anchor: tuple[float, float] = (0.0, 0.0),
    scale: float | None = None,
) -> Polygon:
    """Zone outline in UTM from local metres, scaled to an area (or by a factor)."""
    lon, lat, angle, _ = ZONE_SHAPES[code]
    poly = Polygon(outline)
    if scale is None:
        scale = math.sqrt((area_ha or 0.0) * 1e4 / poly.area)
    poly = affinity.scale(poly, scale, scale, origin=anchor)
    centre = to_utm(Point(lon, lat))
    poly = affinity.rotate(poly, angle, origin=(0.0, 0.0))
    return affinity.translate(poly, centre.x, centre.y)


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


def write_geojson(path: Path, features: list[tuple[dict[str, Any], BaseGeometry]]) -> None:
    """Write a FeatureCollection, one feature a line, UTF-8, WGS 84 lon/lat."""
    lines = []
    for props, geom in features:
        feat = {"type": "Feature", "properties": props, "geometry": geojson_geometry(geom)}
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Write a UTF-8 CSV with a header row."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def fmt_units(units: int, scale: int) -> str:
    """Format an integer count of 10**-scale units as a short decimal string."""
    text = str(Decimal(units).scaleb(-scale))
    return text.rstrip("0").rstrip(".") if "." in text else text


def apportion(weights: np.ndarray, total: int, minimum: int = 0) -> np.ndarray:
    """Integer split of a total proportional to weights (largest remainder), each >= minimum."""
    w = np.asarray(weights, dtype=float)
    base = np.full(len(w), minimum, dtype=np.int64)
    rest = total - int(base.sum())
    if rest < 0:
        raise ValueError("total below the minimums")
    if w.sum() == 0:
        w = np.ones_like(w)
    raw = w / w.sum() * rest
    out = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - out), kind="stable")
    out[order[: rest - int(out.sum())]] += 1
    return base + out


# =============================================================================================
# Plot layout
# =============================================================================================


@dataclass
class Piece:
    """One plot under construction."""

    geom: Polygon
    use: str
    key: tuple[int, float, float]  # ordering: (group, row, x)
    part: str = "main"  # "ext": the Gián Khẩu 35 ha extension
    area_ha: float = 0.0


def road_positions(lo: float, hi: float, pitch: float, rng: np.random.Generator) -> list[float]:
    """Centre lines of parallel roads across an extent, slightly irregular spacing."""
    out = []
    x = lo + pitch * rng.uniform(0.55, 0.8)
    while x < hi - pitch * 0.45:
        out.append(x)
        x += pitch * rng.uniform(0.85, 1.15)
    return out


def split_block(block: Polygon, weights: np.ndarray) -> list[Polygon]:
    """Cut a block across its longer side into lots with the given relative widths."""
    minx, miny, maxx, maxy = block.bounds
    cuts = np.concatenate([[0.0], np.cumsum(weights) / np.sum(weights)])
    along_x = (maxx - minx) >= (maxy - miny)
    lots: list[Polygon] = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        if along_x:
            x0 = minx - 1 if a == 0 else minx + a * (maxx - minx)
            x1 = maxx + 1 if b == 1 else minx + b * (maxx - minx)
            cutter = box(x0, miny - 1, x1, maxy + 1)
        else:
            y0 = miny - 1 if a == 0 else miny + a * (maxy - miny)
            y1 = maxy + 1 if b == 1 else miny + b * (maxy - miny)
            cutter = box(minx - 1, y0, maxx + 1, y1)
        lots.extend(parts(block.intersection(cutter)))
    return lots


def layout_area(
    outline: Polygon,
    angle: float,
    params: tuple[float, ...],
    rng: np.random.Generator,
    part: str = "main",
) -> list[Piece]:
    """Lay out a zone: green perimeter belt, a road grid, blocks cut into lots."""
    pitch_x, pitch_y, road_w, belt_w, lot_ha = params
    origin = outline.centroid
    frame = affinity.rotate(outline, -angle, origin=origin)
    inner = frame.buffer(-belt_w, join_style="mitre")
    pieces = [Piece(g, "green", (2, 0, 0.0)) for g in parts(frame.difference(inner))]
    minx, miny, maxx, maxy = inner.bounds
    strips = [
        box(x - road_w / 2, miny - 10, x + road_w / 2, maxy + 10)
        for x in road_positions(minx, maxx, pitch_x, rng)
    ]
    strips += [
        box(minx - 10, y - road_w / 2, maxx + 10, y + road_w / 2)
        for y in road_positions(miny, maxy, pitch_y, rng)
    ]
    grid = shapely.union_all(strips)
    pieces += [Piece(g, "road", (3, 0, 0.0)) for g in parts(inner.intersection(grid))]
    for block in parts(inner.difference(grid)):
        n = round(block.area / (lot_ha * 1e4)) if block.area > 1.6 * lot_ha * 1e4 else 1
        for lot in split_block(block, rng.uniform(0.75, 1.25, max(n, 1))):
            c = lot.centroid
            pieces.append(Piece(lot, "industrial", (0, round((c.y - miny) / pitch_y), c.x)))
    for p in pieces:
        p.geom = affinity.rotate(p.geom, angle, origin=origin)
        p.part = part
    return pieces


def layout_extension(ext: Polygon, angle: float) -> list[Piece]:
    """The Gián Khẩu extension: belt, an access road along its south edge, three large lots.

    ``angle`` is the direction of the extension's south edge (degrees counter-clockwise).
    """
    origin = ext.centroid
    frame = affinity.rotate(ext, -angle, origin=origin)
    inner = frame.buffer(-10.0, join_style="mitre")
    pieces = [Piece(g, "green", (2, 0, 0.0)) for g in parts(frame.difference(inner))]
    minx, miny, maxx, maxy = inner.bounds
    road = box(minx - 10, miny - 10, maxx + 10, miny + 22)
    pieces += [Piece(g, "road", (3, 0, 0.0)) for g in parts(inner.intersection(road))]
    rest = max(parts(inner.difference(road)), key=lambda g: g.area)
    for i, lot in enumerate(split_block(rest, np.array([1.15, 1.0, 0.95]))):
        pieces.append(Piece(lot, "industrial", (1, i, 0.0)))
    for p in pieces:
        p.geom = affinity.rotate(p.geom, angle, origin=origin)
        p.part = "ext"
    return pieces


def tidy(pieces: list[Piece]) -> list[Piece]:
    """Turn odd industrial scraps green and merge slivers into their longest neighbour."""
    for p in pieces:
        if p.use == "industrial" and (p.geom.area < 4000 or width(p.geom) < 25):
            p.use = "green"
    while True:
        slivers = [i for i, p in enumerate(pieces) if p.geom.area < 600 or width(p.geom) < 5]
        if not slivers:
            return pieces
        i = slivers[0]
        geoms = [p.geom for p in pieces]
        cand = [j for j in STRtree(geoms).query(geoms[i], predicate="intersects") if j != i]
        shared = [shapely.intersection(geoms[i].boundary, geoms[j].boundary).length for j in cand]
        if not cand or max(shared) <= 0:
            pieces.pop(i)  # isolated scrap: drop it (it leaves the zone outline)
            continue
        j = cand[int(np.argmax(shared))]
        merged = shapely.union(geoms[j], geoms[i])
        pieces[j].geom = max(parts(merged), key=lambda g: g.area)
        pieces.pop(i)


def node_zone(pieces: list[Piece]) -> tuple[list[Piece], Polygon]:
    """Convert a zone's plots to lon/lat on the 1e-7 grid, noded so neighbours share edges.

    Returns the plots (geometries replaced) and the zone outline as their exact union.
    """
    geoms_ll = to_ll(np.array([p.geom for p in pieces], dtype=object))
    lines = shapely.union_all(shapely.boundary(geoms_ll), grid_size=GRID)
    faces = np.array(parts(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
    tree = STRtree(geoms_ll)
    owner = np.full(len(faces), -1)
    fi, pi = tree.query(shapely.point_on_surface(faces), predicate="intersects")
    for f, p in zip(fi, pi, strict=True):
        if owner[f] < 0:
            owner[f] = p
    by_piece: dict[int, list[Polygon]] = defaultdict(list)
    orphans: list[Polygon] = []
    for f, face in enumerate(faces):
        (by_piece[int(owner[f])] if owner[f] >= 0 else orphans).append(face)
    for face in orphans:  # fill gaps left by rounding: give them to the longest neighbour
        best = max(
            by_piece,
            key=lambda k: (
                shapely.union_all(by_piece[k]).boundary.intersection(face.boundary).length
            ),
        )
        by_piece[best].append(face)
    kept = []
    for k, piece in enumerate(pieces):
        if k not in by_piece:
            continue
        faces_k = by_piece[k]
        geom = faces_k[0] if len(faces_k) == 1 else shapely.coverage_union_all(faces_k)
        piece.geom = max(parts(geom), key=lambda g: g.area)
        kept.append(piece)
    zone = shapely.coverage_union_all([p.geom for p in kept])
    areas = shapely.area(to_utm(np.array([p.geom for p in kept], dtype=object))) / 1e4
    for piece, a in zip(kept, areas, strict=True):
        piece.area_ha = float(a)
    return kept, zone


# =============================================================================================
# Builders
# =============================================================================================


def build_zone_outlines() -> tuple[dict[str, Polygon], Polygon]:
    """Zone outlines in UTM (GK without its extension) and the GK extension polygon."""
    outlines = {}
    for z in ZONES:
        outlines[z.code] = local_polygon(z.code, ZONE_SHAPES[z.code][3], z.planned_area_ha)
    main = outlines["GK"]
    k = math.sqrt(ZONE_BY_CODE["GK"].planned_area_ha * 1e4 / Polygon(ZONE_SHAPES["GK"][3]).area)
    anchor = (GK_EXTENSION_ANCHOR[0] * k, GK_EXTENSION_ANCHOR[1] * k)
    lobe_local = [(x * k, y * k) for x, y in GK_EXTENSION_LOBE]  # in the scaled GK frame
    lo, hi = 0.3, 3.0
    ext = Polygon()
    for _ in range(60):  # bisection on the lobe's scale about its anchor
        mid = (lo + hi) / 2
        lobe = local_polygon("GK", lobe_local, None, anchor=anchor, scale=mid)
        ext = max(parts(lobe.difference(main)), key=lambda g: g.area)
        lo, hi = (mid, hi) if ext.area < GK_EXTENSION_HA * 1e4 else (lo, mid)
    return outlines, ext


def build_plots(rng: np.random.Generator) -> tuple[dict[str, list[Piece]], dict[str, Polygon]]:
    """All zones' plots (lon/lat, noded) and the zone outlines they tile."""
    outlines, ext = build_zone_outlines()
    plots: dict[str, list[Piece]] = {}
    zones: dict[str, Polygon] = {}
    for z in ZONES:
        angle = ZONE_SHAPES[z.code][2]
        pieces = tidy(layout_area(outlines[z.code], angle, LAYOUT[z.code], rng))
        if z.code == "GK":
            (x0, y0), (x1, y1) = GK_EXTENSION_LOBE[1], GK_EXTENSION_LOBE[0]
            south = angle + math.degrees(math.atan2(y1 - y0, x1 - x0))
            pieces += tidy(layout_extension(ext, south))
        plots[z.code], zones[z.code] = node_zone(pieces)
    return plots, zones


def pick_utilities(plots: dict[str, list[Piece]]) -> dict[str, list[Piece]]:
    """Turn a few small lots of each zone into utility land (water, wastewater, power)."""
    wanted = {"KP": 3, "GK": 3, "KC": 3, "PS": 2, "TD1": 2, "TD2": 2}
    utilities: dict[str, list[Piece]] = {}
    for code, pieces in plots.items():
        lots = [
            p for p in pieces if p.use == "industrial" and p.part == "main" and p.area_ha >= 0.8
        ]
        lots.sort(key=lambda p: p.area_ha)
        chosen = lots[: wanted.get(code, 1)]
        for p in chosen:
            p.use = "utility"
        utilities[code] = chosen
    return utilities


@dataclass
class Project:
    """One project row plus the land it was asked to take."""

    code: str
    zone: str
    kind: str
    name: str
    investor: str
    country: str
    is_fdi: bool
    vsic: str
    status: str
    certificate_date: str
    want_ha: float
    key: str = ""
    vnd_units: int = 0  # capital in 0.001 billion VND
    usd_units: int = 0  # capital in 0.01 million USD
    workers_vn: int = 0
    workers_foreign: int = 0
    area_ha: float = 0.0

    def row(self) -> dict[str, Any]:
        """The projects.csv row."""
        return {
            "code": self.code,
            "zone_code": self.zone,
            "kind": self.kind,
            "name": self.name,
            "investor": self.investor,
            "country": self.country,
            "is_fdi": "true" if self.is_fdi else "false",
            "capital_vnd_bn": fmt_units(self.vnd_units, 3),
            "capital_usd_m": fmt_units(self.usd_units, 2) if self.is_fdi else "",
            "vsic": self.vsic,
            "status": self.status,
            "workers_vn": self.workers_vn,
            "workers_foreign": self.workers_foreign,
            "certificate_date": self.certificate_date,
        }


def random_date(rng: np.random.Generator, year_lo: int, year_hi: int) -> str:
    """A random ISO date between 1 Jan year_lo and 28 Dec year_hi."""
    start = date(year_lo, 1, 1).toordinal()
    end = date(year_hi, 12, 28).toordinal()
    return date.fromordinal(int(rng.integers(start, end + 1))).isoformat()


def named_project(n: Named, code: str = "") -> Project:
    """A project of the NAMED table (FDI when its investor is foreign)."""
    return Project(
        code=code,
        zone=n.zone,
        kind=n.kind,
        name=n.name,
        investor=n.investor,
        country=n.country,
        is_fdi=n.country != "VN",
        vsic=n.vsic,
        status=n.status,
        certificate_date=n.certificate_date,
        want_ha=n.area_ha,
        key=n.key,
    )


def build_projects(rng: np.random.Generator) -> list[Project]:
    """The 122 projects: named ones from the source and illustrative tenants."""
    projects: list[Project] = []
    vn_names = [a + " " + b for a in VN_NAME_A for b in VN_NAME_B if a != b]
    vn_names = [vn_names[i] for i in rng.permutation(len(vn_names))]
    fdi_used: Counter[str] = Counter()
    for z in ZONE_BY_CODE.values():
        if z.code not in PROJECT_PLAN:
            continue
        plan = PROJECT_PLAN[z.code]
        named = [n for n in NAMED if n.zone == z.code]
        for n in (n for n in named if n.kind == "infrastructure"):
            projects.append(named_project(n, f"{z.code}-H01"))
        secondary = [n for n in named if n.kind == "secondary"]
        zone_projects = [named_project(n) for n in secondary]
        n_gen = plan.n - len(secondary)
        fdi_left = plan.fdi - sum(p.is_fdi for p in zone_projects)
        statuses = ["delayed"] * plan.delayed
        if z.code == "TD2":
            statuses.append("building")
        statuses += ["operating"] * (n_gen - len(statuses))
        fdi_flags = np.zeros(n_gen, dtype=bool)
        if z.code == "TD2":  # the TD2 building project is an FDI electronics plant
            fdi_flags[plan.delayed] = True
            others = [i for i in range(n_gen) if i != plan.delayed]
            fdi_flags[rng.choice(others, fdi_left - 1, replace=False)] = True
        else:
            fdi_flags[rng.choice(n_gen, fdi_left, replace=False)] = True
        for status, fdi in zip(statuses, fdi_flags, strict=True):
            division = str(rng.choice(z.target))
            if z.code == "TD2" and status == "building":
                division = "26"
            vsic, facility, word_vi, prod_en, _, _ = INDUSTRIES[division][
                int(rng.integers(len(INDUSTRIES[division])))
            ]
            if fdi:
                country = str(
                    rng.choice(list(FDI_COUNTRY_WEIGHTS), p=list(FDI_COUNTRY_WEIGHTS.values()))
                )
                stems = FDI_STEMS[country]
                stem = stems[fdi_used[country] % len(stems)]
                fdi_used[country] += 1
                name = f"{facility} {stem} Ninh Bình"
                investor = f"{stem} {prod_en} Vina Co., Ltd."
            else:
                country = "VN"
                stem = vn_names.pop()
                form = "TNHH" if rng.random() < 0.55 else "CP"
                name = f"{facility} {stem}"
                investor = f"Công ty {form} {word_vi} {stem}"
            if status == "operating":
                cert = random_date(rng, plan.opened + 1, 2021)
                want = float(np.exp(rng.normal(math.log(4.5), 0.55)))
            elif status == "delayed":
                cert = random_date(rng, max(plan.opened + 1, 2016), 2021)
                want = float(np.exp(rng.normal(math.log(4.0), 0.4)))
            else:
                cert = random_date(rng, 2022, 2022)
                want = 6.0
            zone_projects.append(
                Project(
                    code="",
                    zone=z.code,
                    kind="secondary",
                    name=name,
                    investor=investor,
                    country=country,
                    is_fdi=bool(fdi),
                    vsic=vsic,
                    status=status,
                    certificate_date=cert,
                    want_ha=want,
                )
            )
        order = rng.permutation(len(zone_projects))
        zone_projects = [zone_projects[i] for i in order]
        zone_projects.sort(key=lambda p: p.key == "")  # named ones first, stable otherwise
        for i, p in enumerate(zone_projects, start=1):
            p.code = f"{z.code}-P{i:02d}"
        projects.extend(zone_projects)
    return projects


def partition(areas: list[float], weights: list[float]) -> list[int]:
    """Split an ordered run of lots among projects: contiguous, >= 1 lot each, by weight."""
    n, m = len(areas), len(weights)
    if n < m:
        raise ValueError(f"{n} lots for {m} projects")
    target = np.cumsum(weights) / np.sum(weights) * np.sum(areas)
    owner: list[int] = []
    j, taken, cum = 0, 0, 0.0
    for i, a in enumerate(areas):
        if taken and j < m - 1 and (n - i == m - j - 1 or cum + a / 2 > target[j]):
            j, taken = j + 1, 0
        owner.append(j)
        cum += a
        taken += 1
    return owner


def assign_land(
    plots: dict[str, list[Piece]], projects: list[Project], rng: np.random.Generator
) -> dict[int, tuple[str, int | None, str | None]]:
    """Give every plot a status (and a project); returns id(piece) -> (status, year, project)."""
    result: dict[int, tuple[str, int | None, str | None]] = {}
    lots = {
        code: sorted(
            (p for p in pieces if p.use == "industrial" and p.part == "main"), key=lambda p: p.key
        )
        for code, pieces in plots.items()
    }
    # free land in the operating zones: about 2.2 % of their industrial land
    total = sum(p.area_ha for c in OPERATING for p in lots[c])
    target = OPERATING_FREE_SHARE * total
    free: list[Piece] = []
    for c in OPERATING:
        cand = [p for p in lots[c] if 1.5 <= p.area_ha <= 3.5]
        free.append(cand[int(rng.integers(len(cand)))])
    taken = {id(p) for p in free}
    pool = [p for c in OPERATING for p in lots[c] if 1.0 <= p.area_ha <= 3.0 and id(p) not in taken]
    for k in rng.permutation(len(pool)):
        have = sum(p.area_ha for p in free)
        if have >= target - 0.6:
            break
        if have + pool[k].area_ha <= target + 0.6:
            free.append(pool[k])
    for p in free:
        result[id(p)] = ("free", None, None)
    for code, pieces in plots.items():
        zone = ZONE_BY_CODE[code]
        if zone.status in ("planned", "proposed"):
            years = PLANNED_YEARS[code]
            ordered = sorted(pieces, key=lambda p: p.key)
            for i, p in enumerate(ordered):
                year = years[0] + (i * (years[1] - years[0] + 1)) // len(ordered)
                result[id(p)] = ("planned", year, None)
            continue
        for p in pieces:
            if p.part == "ext":
                result[id(p)] = (
                    ("free", None, None) if p.use == "industrial" else ("planned", 2025, None)
                )
            elif p.use != "industrial":
                result[id(p)] = ("operating", None, None)
        zone_projects = [p for p in projects if p.zone == code and p.kind == "secondary"]
        avail = [p for p in lots[code] if id(p) not in result]
        if code == "TD2":
            n_planned = round(TD2_PLANNED_SHARE * len(avail))
            for i, p in enumerate(avail[len(avail) - n_planned :]):
                result[id(p)] = ("planned", PLANNED_YEARS["TD2"][i % 2], None)
            avail = avail[: len(avail) - n_planned]
            occupied = TD2_OCCUPIED_SHARE * sum(p.area_ha for p in lots[code])
            cum, k = 0.0, 0
            while k < len(avail) and (cum < occupied or k < len(zone_projects)):
                cum += avail[k].area_ha
                k += 1
            rest, avail = avail[k:], avail[:k]
            idx = rng.permutation(len(rest))
            marks = ["reserved"] * RESERVED_PLOTS["TD2"] + ["leased"] * LEASED_PLOTS["TD2"]
            for i, p in enumerate(rest[j] for j in idx):
                result[id(p)] = (marks[i] if i < len(marks) else "free", None, None)
        else:
            marks = ["leased"] * LEASED_PLOTS.get(code, 0)
            marks += ["reserved"] * RESERVED_PLOTS.get(code, 0)
            cand = [p for p in avail if 1.5 <= p.area_ha <= 6.0]
            for mark, k in zip(
                marks, rng.choice(len(cand), len(marks), replace=False), strict=True
            ):
                result[id(cand[k])] = (mark, None, None)
            avail = [p for p in avail if id(p) not in result]
        owner = partition([p.area_ha for p in avail], [p.want_ha for p in zone_projects])
        for p, j in zip(avail, owner, strict=True):
            proj = zone_projects[j]
            result[id(p)] = (proj.status, None, proj.code)
            proj.area_ha += p.area_ha
            if proj.vsic.startswith("52"):
                p.use = "warehouse"
    return result


def build_finance(projects: list[Project], rng: np.random.Generator) -> None:
    """Capital and workers: exact totals, spread by land, industry and chance."""
    named = {n.key: n for n in NAMED}
    intensity = {cls: (w, c) for rows in INDUSTRIES.values() for cls, _, _, _, w, c in rows}
    intensity.update(CLASS_WEIGHTS)

    def weights(p: Project) -> tuple[float, float]:
        return intensity[p.vsic]

    total_units = int(TOTAL_CAPITAL_VND_BN * 1000)
    fdi_vnd_units = int(FDI_CAPITAL_VND_BN * 1000)
    fdi_usd_units = int(FDI_CAPITAL_USD_M * 100)
    fixed_vnd = fixed_usd = 0
    for p in projects:
        n = named.get(p.key)
        if n and n.capital_vnd_bn:
            p.vnd_units = int(Decimal(n.capital_vnd_bn) * 1000)
            fixed_vnd += p.vnd_units if p.is_fdi else 0
        if n and n.capital_usd_m:
            p.usd_units = int(Decimal(n.capital_usd_m) * 100)
            fixed_usd += p.usd_units
    fdi_free = [p for p in projects if p.is_fdi and not p.usd_units]
    usd_w = np.array(
        [max(p.area_ha, 1.0) * weights(p)[1] * rng.lognormal(0, 0.45) for p in fdi_free]
    )
    usd = apportion(usd_w, fdi_usd_units - fixed_usd, minimum=50)
    rates = np.array([VND_PER_USD[int(p.certificate_date[:4])] for p in fdi_free])
    vnd = apportion(usd * rates, fdi_vnd_units - fixed_vnd, minimum=1000)
    for p, u, v in zip(fdi_free, usd, vnd, strict=True):
        p.usd_units, p.vnd_units = int(u), int(v)
    dom_free = [p for p in projects if not p.is_fdi and not p.vnd_units]
    dom_fixed = sum(p.vnd_units for p in projects if not p.is_fdi)
    dom_w = np.array(
        [
            max(p.area_ha, 1.0)
            * weights(p)[1]
            * rng.lognormal(0, 0.5)
            * (0.6 if p.status == "delayed" else 1.0)
            for p in dom_free
        ]
    )
    dom = apportion(dom_w, total_units - fdi_vnd_units - dom_fixed, minimum=5000)
    for p, v in zip(dom_free, dom, strict=True):
        p.vnd_units = int(v)
    # workers: only operating and delayed plants employ; foreign staff at FDI plants
    staff = [p for p in projects if p.status != "building"]
    factor = {"operating": 1.0, "delayed": 0.08}

    def staff_weight(p: Project) -> float:
        if p.kind == "infrastructure":
            return 25.0
        return max(p.area_ha, 0.5) * weights(p)[0] * factor[p.status]

    w = np.array([staff_weight(p) * rng.lognormal(0, 0.35) for p in staff])
    vn = apportion(w, WORKERS_TOTAL - WORKERS_FOREIGN, minimum=8)
    for p, v in zip(staff, vn, strict=True):
        p.workers_vn = int(v)
    fdi_staff = [p for p in staff if p.is_fdi and p.status == "operating"]
    fw = np.array([math.sqrt(p.usd_units) * rng.lognormal(0, 0.3) for p in fdi_staff])
    for p, f in zip(fdi_staff, apportion(fw, WORKERS_FOREIGN, minimum=1), strict=True):
        p.workers_foreign = int(f)


def build_events(projects: list[Project], rng: np.random.Generator) -> list[dict[str, Any]]:
    """2023 events: new certificates, adjustments, permits, starts, supervision."""
    by_key = {p.key: p for p in projects if p.key}
    rows: list[dict[str, Any]] = []

    def add(p: Project, kind: str, day: str, vnd: str = "", usd: str = "", note: str = "") -> None:
        rows.append(
            {
                "project_code": p.code,
                "kind": kind,
                "date": day,
                "amount_vnd_bn": vnd,
                "amount_usd_m": usd,
                "note": note,
            }
        )

    for key in ("santa_clara", "cibon"):
        p = by_key[key]
        add(
            p,
            "certificate_issued",
            p.certificate_date,
            fmt_units(p.vnd_units, 3),
            fmt_units(p.usd_units, 2),
            "Cấp mới Giấy chứng nhận đăng ký đầu tư",
        )
    old = [
        p
        for p in projects
        if p.kind == "secondary" and p.status == "operating" and p.certificate_date < "2022-01-01"
    ]
    big_dom = [p for p in old if not p.is_fdi and p.vnd_units > 600_000 and not p.key]
    big_fdi = [p for p in old if p.is_fdi and p.vnd_units > 400_000]
    inc_dom = big_dom[int(rng.integers(len(big_dom)))]
    inc_fdi = big_fdi[int(rng.integers(len(big_fdi)))]
    total_inc = int(CAPITAL_INCREASE_2023_VND_BN * 1000)
    fdi_inc = int(CAPITAL_INCREASE_2023_FDI_VND_BN * 1000)
    add(
        inc_fdi,
        "capital_increase",
        random_date(rng, 2023, 2023),
        fmt_units(fdi_inc, 3),
        fmt_units(round(fdi_inc / 23.8 / 10), 2),
        "Điều chỉnh GCNĐKĐT: tăng vốn đầu tư",
    )
    add(
        inc_dom,
        "capital_increase",
        random_date(rng, 2023, 2023),
        fmt_units(total_inc - fdi_inc, 3),
        "",
        "Điều chỉnh GCNĐKĐT: tăng vốn đầu tư",
    )
    rest = [p for p in old if p is not inc_dom and p is not inc_fdi]
    notes = (
        "Điều chỉnh tiến độ thực hiện dự án",
        "Điều chỉnh mục tiêu, quy mô dự án",
        "Thay đổi thông tin nhà đầu tư",
        "Điều chỉnh địa điểm, diện tích sử dụng đất",
    )
    for k in rng.choice(len(rest), ADJUSTMENTS_2023 - 2, replace=False):
        add(
            rest[k],
            "certificate_adjusted",
            random_date(rng, 2023, 2023),
            note=notes[int(rng.integers(len(notes)))],
        )
    add(by_key["toan_phat"], "building_permit", "2023-03-14", note="Cấp giấy phép xây dựng")
    add(by_key["gluck"], "building_permit", "2023-05-23", note="Cấp giấy phép xây dựng")
    add(by_key["sunrise"], "construction_start", "2023-02-20", note="Thông báo khởi công")
    add(by_key["huu_co"], "construction_start", "2023-04-11", note="Thông báo khởi công")
    add(by_key["toan_phat"], "construction_start", "2023-06-05", note="Thông báo khởi công")
    watched = [p for p in projects if p.kind == "secondary" and p.status != "operating"]
    others = [p for p in projects if p.kind == "secondary" and p.status == "operating"]
    watched += [
        others[k] for k in rng.choice(len(others), SUPERVISED_2023 - len(watched), replace=False)
    ]
    for p in watched:
        lo = max(date(2023, 2, 1), date.fromisoformat(p.certificate_date) + timedelta(days=20))
        day = date.fromordinal(int(rng.integers(lo.toordinal(), date(2023, 12, 15).toordinal())))
        add(p, "supervision", day.isoformat(), note="Giám sát, đánh giá đầu tư năm 2023")
    rows.sort(key=lambda r: (r["date"], r["project_code"], r["kind"]))
    return rows


def build_constraints(zones_ll: dict[str, Polygon]) -> list[tuple[dict[str, Any], Any]]:
    """Protected areas, rivers and urban areas, kept clear of the zones (UTM math)."""
    zones_utm = shapely.union_all(to_utm(np.array(list(zones_ll.values()), dtype=object)))
    out: list[tuple[dict[str, Any], Any]] = []
    core = None
    for code, kind, name_vi, name_en, centre, km2, outline in CONSTRAINT_AREAS:
        poly = place(outline, centre, km2)
        if kind == "residential":
            poly = max(parts(poly.difference(zones_utm.buffer(200))), key=lambda g: g.area)
        elif kind == "ramsar_wetland":
            poly = max(parts(poly.difference(zones_utm.buffer(300))), key=lambda g: g.area)
        if kind == "heritage_property":
            core = poly
        out.append(({"code": code, "kind": kind, "name_vi": name_vi, "name_en": name_en}, poly))
    assert core is not None
    keep_out = zones_utm.buffer(HERITAGE_ZONE_CLEARANCE_M)
    lo, hi = 200.0, 8000.0
    ring = Polygon()
    for _ in range(40):
        mid = (lo + hi) / 2
        outer = core.buffer(mid).difference(keep_out)
        ring = shapely.union_all([g for g in parts(outer.difference(core)) if g.area > 2e5])
        lo, hi = (mid, hi) if ring.area < HERITAGE_BUFFER_KM2 * 1e6 else (lo, mid)
    ring = shapely.make_valid(ring)
    out.insert(
        1,
        (
            {
                "code": "TA-BUFFER",
                "kind": "heritage_buffer",
                "name_vi": "Vùng đệm Quần thể danh thắng Tràng An",
                "name_en": "Trang An Landscape Complex (buffer zone)",
            },
            ring,
        ),
    )
    for code, name_vi, name_en, width_m, coords in RIVERS:
        water = to_utm(LineString(coords)).buffer(width_m / 2, cap_style="flat")
        out.append(({"code": code, "kind": "river", "name_vi": name_vi, "name_en": name_en}, water))
    result = []
    for props, geom in out:
        geom_ll = shapely.set_precision(to_ll(geom), GRID)
        result.append((props, geom_ll))
    return result


def build_infrastructure(utilities: dict[str, list[Piece]]) -> list[tuple[dict[str, Any], Any]]:
    """Roads, railway, ports, stations, substations, plants and cities."""
    feats: list[tuple[dict[str, Any], Any]] = []

    def props(code: str, kind: str, name_vi: str, name_en: str) -> dict[str, Any]:
        return {"code": code, "kind": kind, "name_vi": name_vi, "name_en": name_en}

    for code, kind, name_vi, name_en, coords in LINES:
        feats.append((props(code, kind, name_vi, name_en), LineString(coords)))
    for code, kind, name_vi, name_en, lon, lat in POINTS:
        feats.append((props(code, kind, name_vi, name_en), Point(lon, lat)))
    # the river port sits on the Đáy bank nearest its nominal location
    day = to_utm(LineString(RIVERS[0][4]))
    code, kind, name_vi, name_en, lon, lat = RIVER_PORT
    nominal = to_utm(Point(lon, lat))
    on_river = day.interpolate(day.project(nominal))
    dx, dy = nominal.x - on_river.x, nominal.y - on_river.y
    d = math.hypot(dx, dy) or 1.0
    bank = Point(on_river.x + dx / d * 110, on_river.y + dy / d * 110)
    feats.append((props(code, kind, name_vi, name_en), to_ll(bank)))
    plants = (  # (kind, code prefix, name vi, name en) for utilities[zone][0], [1], [2]
        ("wastewater_plant", "XLNT", "Nhà máy xử lý nước thải KCN {}", "{} IZ wastewater plant"),
        ("water_plant", "CNN", "Trạm cấp nước KCN {}", "{} IZ water supply plant"),
        ("substation", "TBA-110", "Trạm biến áp 110 kV KCN {}", "{} IZ 110 kV substation"),
    )
    for zcode in OPERATING:
        zone = ZONE_BY_CODE[zcode]
        short_vi = zone.name_vi.removeprefix("KCN ")
        short_en = zone.name_en.removesuffix(" Industrial Zone")
        for (kind, prefix, name_vi, name_en), plot in zip(plants, utilities[zcode], strict=False):
            feats.append(
                (
                    props(
                        f"{prefix}-{zcode}",
                        kind,
                        name_vi.format(short_vi),
                        name_en.format(short_en),
                    ),
                    shapely.point_on_surface(plot.geom),
                )
            )
    return [(p, shapely.set_precision(g, GRID)) for p, g in feats]


def province_geometry() -> Polygon:
    """The province outline (lon/lat)."""
    return shapely.set_precision(Polygon(PROVINCE_OUTLINE), GRID)


# =============================================================================================
# Main
# =============================================================================================


def main() -> None:
    """Build everything, write the files, then check them."""
    rng = np.random.default_rng(SEED)
    plots, zones = build_plots(rng)
    utilities = pick_utilities(plots)
    projects = build_projects(rng)
    status = assign_land(plots, projects, rng)
    build_finance(projects, rng)
    events = build_events(projects, rng)

    zone_feats = []
    for z in ZONES:
        props = {
            "code": z.code,
            "name_vi": z.name_vi,
            "name_en": z.name_en,
            "status": z.status,
            "legal_basis": z.legal_basis,
            "planned_area_ha": z.planned_area_ha,
            "developer": z.developer,
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
        zone_feats.append((props, MultiPolygon(parts(zones[z.code]))))
    write_geojson(OUT_DIR / "zones.geojson", zone_feats)

    plot_feats = []
    for z in ZONES:
        ordered = sorted(plots[z.code], key=lambda p: (p.part == "ext", p.key))
        for i, p in enumerate(ordered, start=1):
            st, year, proj = status[id(p)]
            plot_feats.append(
                (
                    {
                        "code": f"{z.code}-{i:03d}",
                        "zone_code": z.code,
                        "land_use": p.use,
                        "status": st,
                        "leasable_year": year,
                        "project_code": proj,
                    },
                    p.geom,
                )
            )
    write_geojson(OUT_DIR / "plots.geojson", plot_feats)

    write_csv(OUT_DIR / "projects.csv", PROJECT_COLUMNS, [p.row() for p in projects])
    write_csv(OUT_DIR / "project_events.csv", EVENT_COLUMNS, events)
    write_geojson(OUT_DIR / "infrastructure.geojson", build_infrastructure(utilities))
    write_geojson(OUT_DIR / "constraints.geojson", build_constraints(zones))
    write_geojson(
        OUT_DIR / "province.geojson",
        [
            (
                {"code": "NB", "name_vi": "Tỉnh Ninh Bình", "name_en": "Ninh Binh Province"},
                province_geometry(),
            )
        ],
    )
    summary = self_check(OUT_DIR)
    print(summary)


# =============================================================================================
# Self-check (reads the written files back)
# =============================================================================================


def read_features(path: Path) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Properties and shapely geometries of a GeoJSON file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    props = [f["properties"] for f in data["features"]]
    geoms = np.array([shape(f["geometry"]) for f in data["features"]], dtype=object)
    return props, geoms


def metric_areas_ha(geoms: np.ndarray) -> np.ndarray:
    """Areas in hectares, measured in UTM 48N via geopandas."""
    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(METRIC_EPSG).area.to_numpy() / 1e4


def check(cond: bool, message: str) -> None:
    """Raise AssertionError with a message when a condition fails."""
    if not cond:
        raise AssertionError(message)


def self_check(folder: Path) -> str:
    """Verify the written dataset; returns a short summary, raises AssertionError."""
    zprops, zgeoms = read_features(folder / "zones.geojson")
    pprops, pgeoms = read_features(folder / "plots.geojson")
    iprops, igeoms = read_features(folder / "infrastructure.geojson")
    cprops, cgeoms = read_features(folder / "constraints.geojson")
    vprops, vgeoms = read_features(folder / "province.geojson")
    with (folder / "projects.csv").open(encoding="utf-8") as fh:
        projects = list(csv.DictReader(fh))
    with (folder / "project_events.csv").open(encoding="utf-8") as fh:
        events = list(csv.DictReader(fh))

    # --- geometry basics
    for name, geoms in (
        ("zones", zgeoms),
        ("plots", pgeoms),
        ("infrastructure", igeoms),
        ("constraints", cgeoms),
        ("province", vgeoms),
    ):
        bad = np.flatnonzero(~shapely.is_valid(geoms))
        check(bad.size == 0, f"{name}: invalid geometries at {bad[:5].tolist()}")
        polys = [g for g in geoms if isinstance(g, (Polygon, MultiPolygon))]
        rings = [p.exterior for g in polys for p in parts(g)]
        check(all(shapely.is_ccw(r) for r in rings), f"{name}: exterior ring not CCW")
        coords = shapely.get_coordinates(geoms)
        check(
            bool(np.all(np.abs(np.round(coords, 7) - coords) < 1e-12)),
            f"{name}: coordinates not rounded to 7 decimals",
        )
        check(
            bool(
                np.all(
                    (coords[:, 0] > 100)
                    & (coords[:, 0] < 110)
                    & (coords[:, 1] > 8)
                    & (coords[:, 1] < 24)
                )
            ),
            f"{name}: not lon/lat",
        )

    # --- zones
    check(len(zprops) == 11, "zones: expected 11")
    zcode = [p["code"] for p in zprops]
    check(set(zcode) == set(ZONE_BY_CODE), "zones: codes")
    check(all(isinstance(g, MultiPolygon) for g in zgeoms), "zones: MultiPolygon expected")
    zone_geom = dict(zip(zcode, zgeoms, strict=True))
    zp = {p["code"]: p for p in zprops}
    seven = sum(zp[c]["planned_area_ha"] for c in zcode if zp[c]["legal_basis"] == LEGAL_1499)
    check(seven == 1472, f"zones: the seven 1499 zones sum to {seven}, not 1472")
    check(sum(p["planned_area_ha"] for p in zprops) > 2800, "zones: total not above 2,800 ha")
    areas = dict(zip(zcode, metric_areas_ha(zgeoms), strict=True))
    for c in zcode:
        want = zp[c]["planned_area_ha"] + (GK_EXTENSION_HA if c == "GK" else 0)
        check(abs(areas[c] - want) <= 0.1 * want, f"zones: {c} area {areas[c]:.1f} vs {want}")
        p = zp[c]
        for cap, used in (
            ("power_mva", "power_used_mva"),
            ("water_m3_day", "water_used_m3_day"),
            ("wastewater_m3_day", "wastewater_used_m3_day"),
        ):
            check(p[used] < p[cap], f"zones: {c} {used} not below capacity")
            if p["status"] in ("planned", "proposed"):
                check(p[used] == 0, f"zones: {c} {used} should be 0")
        check(40 <= p["lease_price_usd_m2"] <= 110, f"zones: {c} lease price")
        check(
            not set(p["target_industries"]) & set(p["excluded_industries"]),
            f"zones: {c} targets excluded industries",
        )
    tree = STRtree(zgeoms)
    a, b = tree.query(zgeoms, predicate="intersects")
    check(bool(np.all(a == b)), "zones: two zones intersect")
    province = vgeoms[0]
    check(len(vprops) == 1 and vprops[0]["code"] == "NB", "province: one feature NB")
    km2 = metric_areas_ha(vgeoms)[0] / 100
    check(1300 <= km2 <= 1480, f"province: area {km2:.0f} km²")
    check(bool(np.all(shapely.covered_by(zgeoms, province))), "zones: not inside province")

    # --- constraints
    ckind = np.array([p["kind"] for p in cprops])
    cutm = gpd.GeoSeries(list(cgeoms), crs=4326).to_crs(METRIC_EPSG)
    zutm = gpd.GeoSeries(list(zgeoms), crs=4326).to_crs(METRIC_EPSG)
    for kind in (
        "heritage_property",
        "heritage_buffer",
        "ramsar_wetland",
        "national_park",
        "residential",
        "river",
    ):
        sel = cgeoms[ckind == kind]
        check(sel.size > 0, f"constraints: no {kind}")
        hit = shapely.intersects(zgeoms[:, None], sel[None, :])
        check(not hit.any(), f"constraints: a zone intersects {kind}")
    for kind, km2_want, tol in (
        ("heritage_property", 62, 0.1),
        ("heritage_buffer", 60, 0.15),
        ("national_park", 222, 0.1),
        ("ramsar_wetland", 27, 0.15),
    ):
        got = cutm[ckind == kind].area.sum() / 1e6
        check(abs(got - km2_want) <= tol * km2_want, f"constraints: {kind} {got:.1f} km²")
    gk_utm = zutm.iloc[zcode.index("GK")]
    buffer_utm = cutm[ckind == "heritage_buffer"].union_all()
    check(gk_utm.distance(buffer_utm) >= 300, "constraints: heritage buffer within 300 m of GK")

    # --- plots
    n_plots = len(pprops)
    check(300 <= n_plots <= 700, f"plots: {n_plots} plots")
    codes = [p["code"] for p in pprops]
    check(len(set(codes)) == n_plots, "plots: duplicate codes")
    check(all(isinstance(g, Polygon) for g in pgeoms), "plots: Polygon expected")
    for p in pprops:
        check(p["land_use"] in LAND_USES, f"plots: {p['code']} land_use")
        check(p["status"] in PLOT_STATUSES, f"plots: {p['code']} status")
        check(
            (p["leasable_year"] is not None) == (p["status"] == "planned"),
            f"plots: {p['code']} leasable_year only for planned",
        )
    pzone = np.array([p["zone_code"] for p in pprops])
    owners = np.array([zone_geom[c] for c in pzone], dtype=object)
    outside = np.flatnonzero(~shapely.covered_by(pgeoms, owners))
    check(outside.size == 0, f"plots: not covered by zone: {[codes[i] for i in outside[:5]]}")
    a, b = STRtree(pgeoms).query(pgeoms, predicate="intersects")
    keep = a < b
    inner = shapely.relate_pattern(pgeoms[a[keep]], pgeoms[b[keep]], "T********")
    check(not inner.any(), f"plots: {int(inner.sum())} overlapping pairs")
    parea = metric_areas_ha(pgeoms)
    check(parea.min() >= 0.05, f"plots: sliver of {parea.min():.3f} ha")
    for c in zcode:  # plots tile their zone
        covered = parea[pzone == c].sum()
        check(abs(covered - areas[c]) < 0.01 * areas[c], f"plots: {c} not tiled")
    river = cgeoms[ckind == "river"]
    check(not shapely.intersects(pgeoms[:, None], river[None, :]).any(), "plots: in a river")
    status = np.array([p["status"] for p in pprops])
    use = np.array([p["land_use"] for p in pprops])
    lease = np.isin(use, ("industrial", "warehouse"))
    for c in zcode:
        if zp[c]["status"] in ("planned", "proposed"):
            sel = pzone == c
            check(bool(np.all(status[sel] == "planned")), f"plots: {c} not all planned")
            years = [p["leasable_year"] for p, s in zip(pprops, sel, strict=True) if s]
            check(min(years) >= 2026 and max(years) <= 2030, f"plots: {c} leasable years")
    # the GK extension: free lots, one >= 10 ha, edge-adjacent free lots above 20 ha
    gk_free = np.flatnonzero((pzone == "GK") & (status == "free") & lease)
    check(parea[gk_free].max() >= 10, "plots: GK has no free lot of 10 ha")
    best = 0.0
    for i in gk_free:
        group, todo = {int(i)}, [int(i)]
        while todo:
            k = todo.pop()
            for j in gk_free:
                if int(j) not in group and shapely.relate_pattern(
                    pgeoms[k], pgeoms[j], "F***1****"
                ):
                    group.add(int(j))
                    todo.append(int(j))
        best = max(best, float(parea[list(group)].sum()))
    check(best > 20, f"plots: largest edge-adjacent free GK group {best:.1f} ha")
    gk_ext_free = parea[gk_free].sum()
    # the operating zones' free share, without the GK extension (plots outside GK's 262 ha)
    gk_main = to_ll(build_zone_outlines()[0]["GK"])
    in_ext = (pzone == "GK") & ~shapely.within(shapely.point_on_surface(pgeoms), gk_main)
    op = np.isin(pzone, OPERATING) & lease & ~in_ext
    share = parea[op & (status == "free")].sum() / parea[op].sum()
    check(0.015 <= share <= 0.03, f"plots: operating zones free share {share:.3%}")
    check(parea[in_ext & lease].sum() >= 25, "plots: GK extension has too little free land")
    td2 = (pzone == "TD2") & lease
    check(parea[td2 & (status == "free")].sum() > 0.25 * parea[td2].sum(), "plots: TD2 free")
    check(
        parea[td2 & np.isin(status, ("operating", "building", "delayed"))].sum()
        > 0.05 * parea[td2].sum(),
        "plots: TD2 occupied",
    )

    # --- projects
    check(len(projects) == TOTAL_PROJECTS, f"projects: {len(projects)} rows")
    check(list(projects[0]) == list(PROJECT_COLUMNS), "projects: columns")
    kinds = Counter(p["kind"] for p in projects)
    check(kinds == {"infrastructure": 2, "secondary": 120}, f"projects: kinds {kinds}")
    check(Counter(p["status"] for p in projects) == STATUS_COUNTS, "projects: statuses")
    fdi = [p for p in projects if p["is_fdi"] == "true"]
    check(len(fdi) == FDI_PROJECTS, f"projects: {len(fdi)} FDI")
    check(all(p["is_fdi"] in ("true", "false") for p in projects), "projects: is_fdi")
    dec = [Decimal(p["capital_vnd_bn"]) for p in projects]
    check(all(d == d.quantize(Decimal("0.001")) for d in dec), "projects: > 3 decimals")
    check(sum(dec) == TOTAL_CAPITAL_VND_BN, f"projects: capital {sum(dec)}")
    check(
        sum(Decimal(p["capital_vnd_bn"]) for p in fdi) == FDI_CAPITAL_VND_BN,
        "projects: FDI VND capital",
    )
    check(
        sum(Decimal(p["capital_usd_m"]) for p in fdi) == FDI_CAPITAL_USD_M,
        "projects: FDI USD capital",
    )
    check(
        all(p["capital_usd_m"] == "" for p in projects if p["is_fdi"] == "false"),
        "projects: USD capital on a domestic project",
    )
    check(
        all((p["country"] == "VN") == (p["is_fdi"] == "false") for p in projects),
        "projects: country vs is_fdi",
    )
    vn = sum(int(p["workers_vn"]) for p in projects)
    fw = sum(int(p["workers_foreign"]) for p in projects)
    check(vn + fw == WORKERS_TOTAL and fw == WORKERS_FOREIGN, f"projects: workers {vn}+{fw}")
    check(
        all(int(p["workers_foreign"]) == 0 for p in projects if p["is_fdi"] == "false"),
        "projects: foreign workers at a domestic project",
    )
    check(len({p["code"] for p in projects}) == TOTAL_PROJECTS, "projects: duplicate codes")
    for p in projects:
        z = zp[p["zone_code"]]
        div = p["vsic"][:2]
        if p["kind"] == "secondary":
            check(div in z["target_industries"], f"projects: {p['code']} outside targets")
        check(div not in z["excluded_industries"], f"projects: {p['code']} excluded industry")
        if p["status"] in ("operating", "delayed"):
            check(z["status"] in ("operating", "developing"), f"projects: {p['code']} zone")
    new23 = [p for p in projects if p["certificate_date"].startswith("2023")]
    check(
        len(new23) == 2
        and sum(Decimal(p["capital_usd_m"]) for p in new23) == NEW_2023_USD_M
        and sum(Decimal(p["capital_vnd_bn"]) for p in new23) == NEW_2023_VND_BN,
        "projects: the 2023 certificates",
    )
    # plots follow their projects
    proj_by_code = {p["code"]: p for p in projects}
    held: Counter[str] = Counter()
    for pp in pprops:
        code = pp["project_code"]
        if code is None:
            check(pp["status"] not in ("building", "delayed"), f"plots: {pp['code']} orphan")
            check(
                pp["status"] != "operating" or pp["land_use"] not in ("industrial", "warehouse"),
                f"plots: {pp['code']} operating without a project",
            )
            continue
        proj = proj_by_code.get(code)
        check(proj is not None, f"plots: {pp['code']} unknown project {code}")
        assert proj is not None
        check(proj["kind"] == "secondary", f"plots: {pp['code']} held by infrastructure")
        check(proj["zone_code"] == pp["zone_code"], f"plots: {pp['code']} zone of project")
        check(pp["status"] == proj["status"], f"plots: {pp['code']} status vs project")
        check(pp["land_use"] in ("industrial", "warehouse"), f"plots: {pp['code']} land use")
        held[code] += 1
    missing = [p["code"] for p in projects if p["kind"] == "secondary" and not held[p["code"]]]
    check(not missing, f"projects without a plot: {missing[:5]}")

    # --- events
    check(list(events[0]) == list(EVENT_COLUMNS), "events: columns")
    ek = Counter(e["kind"] for e in events)
    want = {
        "certificate_issued": 2,
        "certificate_adjusted": 7,
        "capital_increase": 2,
        "building_permit": 2,
        "construction_start": 3,
        "supervision": SUPERVISED_2023,
    }
    check(ek == want, f"events: kinds {dict(ek)}")
    check(all(e["date"].startswith("2023") for e in events), "events: not all in 2023")
    check(all(e["project_code"] in proj_by_code for e in events), "events: unknown project")
    issued = [e for e in events if e["kind"] == "certificate_issued"]
    check(
        sum(Decimal(e["amount_usd_m"]) for e in issued) == NEW_2023_USD_M
        and sum(Decimal(e["amount_vnd_bn"]) for e in issued) == NEW_2023_VND_BN,
        "events: new certificate amounts",
    )
    inc = sum(Decimal(e["amount_vnd_bn"]) for e in events if e["kind"] == "capital_increase")
    check(inc == CAPITAL_INCREASE_2023_VND_BN, f"events: capital increases {inc}")
    check(inc + NEW_2023_VND_BN == Decimal("838.403"), "events: new + increased capital")
    sup = {e["project_code"] for e in events if e["kind"] == "supervision"}
    check(len(sup) == SUPERVISED_2023, "events: supervised projects not distinct")
    by_investor = {p["investor"]: p for p in projects}
    for nm in NAMED:  # the projects the source names, in their zones and states
        row = by_investor.get(nm.investor)
        check(
            row is not None
            and (row["zone_code"], row["status"], row["kind"]) == (nm.zone, nm.status, nm.kind),
            f"projects: named project {nm.investor!r} missing or misplaced",
        )
    investors: dict[str, set[str]] = defaultdict(set)
    for e in events:
        investors[e["kind"]].add(proj_by_code[e["project_code"]]["investor"])
    source_events = {
        "certificate_issued": {"santa_clara", "cibon"},
        "building_permit": {"toan_phat", "gluck"},
        "construction_start": {"sunrise", "huu_co", "toan_phat"},
    }
    by_key = {nm.key: nm.investor for nm in NAMED}
    for kind, keys in source_events.items():
        check(investors[kind] == {by_key[k] for k in keys}, f"events: {kind} projects")
    for e in events:
        check(
            e["date"] >= proj_by_code[e["project_code"]]["certificate_date"],
            f"events: {e['project_code']} {e['kind']} before its certificate",
        )

    # --- infrastructure
    ikind = Counter(p["kind"] for p in iprops)
    check(set(ikind) == set(INFRA_KINDS), f"infrastructure: kinds {sorted(ikind)}")
    for p, g in zip(iprops, igeoms, strict=True):
        linear = p["kind"] in ("expressway", "national_road", "railway")
        check(
            isinstance(g, LineString) if linear else isinstance(g, Point),
            f"infrastructure: {p['code']} geometry type",
        )
    check(ikind["wastewater_plant"] == len(OPERATING), "infrastructure: one WWTP per zone")
    check(ikind["water_plant"] == len(OPERATING), "infrastructure: one water plant per zone")

    # --- summary
    lines = [
        f"{len(zprops)} zones, {n_plots} plots, {len(projects)} projects, {len(events)} events,"
        f" {len(iprops)} infrastructure, {len(cprops)} constraints"
    ]
    for c in zcode:
        sel = pzone == c
        st = Counter(status[sel])
        free_ha = parea[sel & lease & (status == "free")].sum()
        lines.append(
            f"  {c:4s} {areas[c]:6.1f} ha  plots {int(sel.sum()):3d}  free "
            f"{free_ha:5.1f} ha  " + " ".join(f"{k}={v}" for k, v in sorted(st.items()))
        )
    lines.append(
        f"  operating zones free share (without GK extension): {share:.2%};"
        f" GK free incl. extension {gk_ext_free:.1f} ha"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
