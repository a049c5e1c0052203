"""Everything spatial outside the plots: zone outlines, infrastructure, constraints, province.

All of it is ILLUSTRATIVE (hand-drawn approximate locations, not survey data). Zone outlines
are drawn in local metres and scaled to the zone's planned area; constraint areas are scaled to
their target area and kept clear of the zones; the zones' water, wastewater and 110 kV plants
sit on the utility plots that ``layout.pick_utilities`` chose.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon

from geodata.build.facts import GK_EXTENSION_HA, OPERATING, ZONE_BY_CODE, ZONES
from geodata.build.geometry import GRID, parts, to_ll, to_utm
from izagis.vocab import ConstraintKind, InfrastructureKind

Feature = tuple[dict[str, Any], Any]  # (properties, shapely geometry)

_IK, _CK = InfrastructureKind, ConstraintKind

# fmt: off
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
GK_EXTENSION_LOBE = [(-380, 250), (-1000, 200), (-1060, 820), (-380, 950)]
GK_EXTENSION_ANCHOR = (-450, 575)

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
    ("TA-CORE", _CK.HERITAGE_PROPERTY, "Quần thể danh thắng Tràng An (vùng lõi di sản)",
     "Trang An Landscape Complex (property)", (105.893, 20.250), 62.0,
     [(105.842, 20.252), (105.848, 20.266), (105.860, 20.272), (105.868, 20.284),
      (105.882, 20.286), (105.893, 20.280), (105.905, 20.288), (105.918, 20.284),
      (105.926, 20.274), (105.938, 20.270), (105.944, 20.258), (105.941, 20.244),
      (105.946, 20.232), (105.938, 20.220), (105.924, 20.218), (105.915, 20.210),
      (105.900, 20.214), (105.888, 20.222), (105.874, 20.220), (105.862, 20.230),
      (105.850, 20.236), (105.845, 20.244)]),
    ("CUC-PHUONG", _CK.NATIONAL_PARK, "Vườn quốc gia Cúc Phương", "Cuc Phuong National Park",
     (105.620, 20.300), 222.0,
     [(105.545, 20.365), (105.575, 20.385), (105.610, 20.372), (105.650, 20.335),
      (105.690, 20.290), (105.705, 20.255), (105.690, 20.235), (105.655, 20.245),
      (105.615, 20.275), (105.575, 20.310), (105.550, 20.335)]),
    ("VAN-LONG", _CK.RAMSAR_WETLAND, "Khu đất ngập nước Vân Long (Ramsar)",
     "Van Long Wetland (Ramsar site)", (105.860, 20.381), 27.0,
     [(105.835, 20.372), (105.842, 20.392), (105.860, 20.403), (105.880, 20.398),
      (105.888, 20.380), (105.884, 20.362), (105.866, 20.356), (105.846, 20.360)]),
    ("NB-URBAN", _CK.RESIDENTIAL, "Đô thị thành phố Ninh Bình",
     "Ninh Binh city urban area", None, None,
     [(105.952, 20.240), (105.958, 20.262), (105.970, 20.275), (105.985, 20.272),
      (105.992, 20.258), (105.990, 20.238), (105.978, 20.226), (105.962, 20.228)]),
    ("TD-URBAN", _CK.RESIDENTIAL, "Đô thị thành phố Tam Điệp", "Tam Diep city urban area",
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
    ("CT01-CGNB", _IK.EXPRESSWAY, "Cao tốc Cầu Giẽ – Ninh Bình (CT.01)",
     "Cau Gie – Ninh Binh Expressway (CT.01)",
     [(105.925, 20.545), (105.945, 20.470), (105.962, 20.400), (105.975, 20.345),
      (105.985, 20.318), (106.005, 20.298), (106.040, 20.285)]),
    ("CT01-CBMS", _IK.EXPRESSWAY, "Cao tốc Cao Bồ – Mai Sơn (CT.01)",
     "Cao Bo – Mai Son Expressway (CT.01)",
     [(106.040, 20.285), (106.030, 20.262), (106.014, 20.240), (106.000, 20.226),
      (105.985, 20.200), (105.972, 20.170), (105.965, 20.145), (105.960, 20.125)]),
    ("CT01-MSQL45", _IK.EXPRESSWAY, "Cao tốc Mai Sơn – Quốc lộ 45 (CT.01)",
     "Mai Son – National Road 45 Expressway (CT.01)",
     [(105.960, 20.125), (105.948, 20.106), (105.915, 20.090), (105.885, 20.075),
      (105.860, 20.060)]),
    ("QL1A", _IK.NATIONAL_ROAD, "Quốc lộ 1A", "National Road 1A",
     [(105.915, 20.545), (105.922, 20.470), (105.930, 20.400), (105.936, 20.360),
      (105.9375, 20.335), (105.938, 20.320), (105.9362, 20.311), (105.9345, 20.300),
      (105.945, 20.285), (105.958, 20.270), (105.972, 20.255),
      (105.968, 20.235), (105.955, 20.210), (105.940, 20.185), (105.925, 20.165),
      (105.915, 20.155), (105.905, 20.135), (105.890, 20.110), (105.875, 20.085),
      (105.860, 20.062)]),
    ("QL10", _IK.NATIONAL_ROAD, "Quốc lộ 10", "National Road 10",
     [(105.995, 20.276), (105.985, 20.258), (105.987, 20.236), (106.000, 20.225),
      (106.012, 20.210), (106.020, 20.198), (106.040, 20.186), (106.049, 20.172),
      (106.058, 20.150), (106.072, 20.120), (106.086, 20.090), (106.088, 20.050),
      (106.084, 20.020), (106.074, 19.995), (106.050, 19.975)]),
    ("QL45", _IK.NATIONAL_ROAD, "Quốc lộ 45", "National Road 45",
     [(105.752, 20.325), (105.730, 20.300), (105.700, 20.260), (105.675, 20.220),
      (105.650, 20.180)]),
    ("QL12B", _IK.NATIONAL_ROAD, "Quốc lộ 12B", "National Road 12B",
     [(105.915, 20.156), (105.893, 20.162), (105.872, 20.172), (105.850, 20.190),
      (105.825, 20.225), (105.800, 20.258), (105.776, 20.282), (105.758, 20.302),
      (105.752, 20.325)]),
    ("QL38B", _IK.NATIONAL_ROAD, "Quốc lộ 38B", "National Road 38B",
     [(105.9377, 20.330), (105.962, 20.326), (105.985, 20.318), (106.020, 20.322),
      (106.050, 20.330)]),
    ("DSBN", _IK.RAILWAY, "Đường sắt Bắc – Nam", "North–South Railway",
     [(105.928, 20.545), (105.936, 20.470), (105.945, 20.400), (105.950, 20.360),
      (105.953, 20.320), (105.958, 20.283), (105.969, 20.254), (105.960, 20.235),
      (105.948, 20.222), (105.930, 20.190), (105.915, 20.172), (105.907, 20.163),
      (105.895, 20.140), (105.880, 20.110), (105.865, 20.080), (105.850, 20.055)]),
)

# Point infrastructure (code, kind, name_vi, name_en, lon, lat). Water and wastewater plants
# and the zones' 110 kV substations are placed on the zones' utility plots (build_infrastructure).
POINTS = (
    ("IC-CAO-BO", _IK.EXPRESSWAY_INTERCHANGE, "Nút giao Cao Bồ", "Cao Bo interchange",
     106.040, 20.285),
    ("IC-GIAN-KHAU", _IK.EXPRESSWAY_INTERCHANGE, "Nút giao Gián Khẩu (QL38B, minh họa)",
     "Gian Khau interchange (NR 38B, illustrative)", 105.985, 20.318),
    ("IC-QL10", _IK.EXPRESSWAY_INTERCHANGE, "Nút giao Quốc lộ 10 (minh họa)",
     "National Road 10 interchange (illustrative)", 106.000, 20.226),
    ("IC-MAI-SON", _IK.EXPRESSWAY_INTERCHANGE, "Nút giao Mai Sơn", "Mai Son interchange",
     105.960, 20.125),
    ("GA-NINH-BINH", _IK.RAILWAY_STATION, "Ga Ninh Bình", "Ninh Binh station", 105.969, 20.254),
    ("GA-CAU-YEN", _IK.RAILWAY_STATION, "Ga Cầu Yên", "Cau Yen station", 105.958, 20.283),
    ("GA-GHENH", _IK.RAILWAY_STATION, "Ga Ghềnh", "Ghenh station", 105.948, 20.222),
    ("GA-DONG-GIAO", _IK.RAILWAY_STATION, "Ga Đồng Giao (Tam Điệp)",
     "Dong Giao (Tam Diep) station", 105.907, 20.163),
    ("CANG-HAI-PHONG", _IK.SEAPORT, "Cảng Hải Phòng", "Hai Phong port", 106.680, 20.860),
    ("CANG-NGHI-SON", _IK.SEAPORT, "Cảng Nghi Sơn", "Nghi Son port", 105.800, 19.320),
    ("TBA-220-NB", _IK.SUBSTATION, "Trạm biến áp 220 kV Ninh Bình",
     "Ninh Binh 220 kV substation", 105.988, 20.222),
    ("TBA-220-TD", _IK.SUBSTATION, "Trạm biến áp 220 kV Tam Điệp",
     "Tam Diep 220 kV substation", 105.925, 20.148),
    ("HA-NOI", _IK.CITY, "Thủ đô Hà Nội", "Hanoi", 105.8342, 21.0278),
    ("TP-NINH-BINH", _IK.CITY, "Thành phố Ninh Bình", "Ninh Binh city", 105.975, 20.250),
    ("TP-TAM-DIEP", _IK.CITY, "Thành phố Tam Điệp", "Tam Diep city", 105.918, 20.152),
)
RIVER_PORT = ("CANG-NINH-PHUC", _IK.RIVER_PORT, "Cảng Ninh Phúc (sông Đáy)",
              "Ninh Phuc river port (Day River)", 106.015, 20.215)
# fmt: on


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


def build_constraints(zones_ll: dict[str, Polygon]) -> list[Feature]:
    """Protected areas, rivers and urban areas, kept clear of the zones (UTM math)."""
    zones_utm = shapely.union_all(to_utm(np.array(list(zones_ll.values()), dtype=object)))
    out: list[Feature] = []
    core = None
    for code, kind, name_vi, name_en, centre, km2, outline in CONSTRAINT_AREAS:
        poly = place(outline, centre, km2)
        if kind == ConstraintKind.RESIDENTIAL:
            poly = max(parts(poly.difference(zones_utm.buffer(200))), key=lambda g: g.area)
        elif kind == ConstraintKind.RAMSAR_WETLAND:
            poly = max(parts(poly.difference(zones_utm.buffer(300))), key=lambda g: g.area)
        if kind == ConstraintKind.HERITAGE_PROPERTY:
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
                "kind": ConstraintKind.HERITAGE_BUFFER,
                "name_vi": "Vùng đệm Quần thể danh thắng Tràng An",
                "name_en": "Trang An Landscape Complex (buffer zone)",
            },
            ring,
        ),
    )
    for code, name_vi, name_en, width_m, coords in RIVERS:
        water = to_utm(LineString(coords)).buffer(width_m / 2, cap_style="flat")
        props = {"code": code, "kind": ConstraintKind.RIVER, "name_vi": name_vi, "name_en": name_en}
        out.append((props, water))
    result = []
    for props, geom in out:
        geom_ll = shapely.set_precision(to_ll(geom), GRID)
        result.append((props, geom_ll))
    return result


def build_infrastructure(utilities: dict[str, list[Polygon]]) -> list[Feature]:
    """Roads, railway, ports, stations, substations, plants and cities.

    ``utilities`` holds each zone's utility plots (lon/lat): the first gets the zone's
    wastewater plant, the second its water plant, the third its 110 kV substation.
    """
    feats: list[Feature] = []

    def props(code: str, kind: InfrastructureKind, name_vi: str, name_en: str) -> dict[str, Any]:
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
        (_IK.WASTEWATER_PLANT, "XLNT", "Nhà máy xử lý nước thải KCN {}", "{} IZ wastewater plant"),
        (_IK.WATER_PLANT, "CNN", "Trạm cấp nước KCN {}", "{} IZ water supply plant"),
        (_IK.SUBSTATION, "TBA-110", "Trạm biến áp 110 kV KCN {}", "{} IZ 110 kV substation"),
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
                    shapely.point_on_surface(plot),
                )
            )
    return [(p, shapely.set_precision(g, GRID)) for p, g in feats]


def province_geometry() -> Polygon:
    """The province outline (lon/lat)."""
    return shapely.set_precision(Polygon(PROVINCE_OUTLINE), GRID)
