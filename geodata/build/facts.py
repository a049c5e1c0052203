"""The authority's figures that the reference dataset must reproduce, and the zones and
projects they name.

Source: the Ninh Bình Industrial Zones Authority's (IZA) review of 2023,
``shared/reference/iza-ninh-binh-2023-review.vi.txt``, summarised in ``FACTS.md`` beside it;
the seven zones of document 1499/TTg-KTN and their planned areas are public record. The zone
and named-project rows below also carry ILLUSTRATIVE columns (prices, capacities, industries,
dates, land, capital not given by the source): see ``geodata/README.md``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from izagis.vocab import ProjectEventKind, ProjectKind, ProjectStatus, ZoneStatus

# fmt: off
# --- projects in the zones at the end of 2023
TOTAL_PROJECTS = 122
INFRASTRUCTURE_PROJECTS = 2  # infrastructure-developer projects; the other 120 are tenants
TOTAL_CAPITAL_VND_BN = Decimal("65385.7")
FDI_PROJECTS = 33
FDI_CAPITAL_USD_M = Decimal("635.66")
FDI_CAPITAL_VND_BN = Decimal("13755.18")
STATUS_COUNTS = {ProjectStatus.OPERATING: 102, ProjectStatus.BUILDING: 7,
                 ProjectStatus.DELAYED: 13}
WORKERS_TOTAL = 36659  # the review's total; its 36,385 VN + 301 foreign sum to 36,686
WORKERS_FOREIGN = 301
# --- 2023
NEW_2023_USD_M = Decimal("20.7")
NEW_2023_VND_BN = Decimal("492.39")
CAPITAL_INCREASE_2023_VND_BN = Decimal("346.013")
CAPITAL_INCREASE_2023_FDI_VND_BN = Decimal("130.413")  # its split in two is illustrative
NEW_AND_INCREASED_2023_VND_BN = Decimal("838.403")
ADJUSTMENTS_2023 = 9
SUPERVISED_2023 = 42
OPERATING_FREE_SHARE = 0.022  # 2022: 97.8 % of the operating zones' industrial land leased
# --- zones
ZONE_COUNT = 11  # the provincial plan 2021-2030
PLAN_AREA_ABOVE_HA = 2800  # "more than 2,800 ha" in all
LEGAL_1499_AREA_HA = 1472  # the seven 1499/TTg-KTN zones (public record)
GK_EXTENSION_HA = 35.0  # the Gián Khẩu extension for car assembly and logistics

LEGAL_1499 = "1499/TTg-KTN (18/8/2014)"
LEGAL_NEW = "Quy hoạch tỉnh Ninh Bình 2021-2030 (đề xuất)"
BUDGET = "Ngân sách tỉnh (Ban Quản lý các KCN tỉnh Ninh Bình)"
NEAR_HERITAGE = ("19", "20", "24")  # refining, chemicals, basic metals


class ZoneSpec(NamedTuple):
    """Attributes of one zone; utilities are (capacity, committed load)."""

    code: str
    name_vi: str
    name_en: str
    status: ZoneStatus
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
    ZoneSpec("KP", "KCN Khánh Phú", "Khanh Phu Industrial Zone", ZoneStatus.OPERATING, 351,
             LEGAL_1499, BUDGET, ("20", "16", "25", "28", "15", "32"), (), 68.0, "2053-12-31",
             (126.0, 98.0), (8000, 5900), (6000, 4300)),
    ZoneSpec("GK", "KCN Gián Khẩu", "Gian Khau Industrial Zone", ZoneStatus.OPERATING, 262,
             LEGAL_1499, BUDGET, ("29", "30", "52", "22", "14", "32"), NEAR_HERITAGE, 75.0,
             "2054-12-31", (80.0, 61.0), (6000, 4400), (4500, 3300)),
    ZoneSpec("PS", "KCN Phúc Sơn", "Phuc Son Industrial Zone", ZoneStatus.OPERATING, 142,
             LEGAL_1499, "Công ty CP Hạ tầng KCN Phúc Sơn", ("14", "15", "27", "26", "10", "22"),
             ("19", "24"), 62.0, "2058-12-31", (63.0, 41.0), (4000, 2600), (3000, 2050)),
    ZoneSpec("TD1", "KCN Tam Điệp I", "Tam Diep I Industrial Zone", ZoneStatus.OPERATING, 64,
             LEGAL_1499, BUDGET, ("23", "16", "14", "25", "31"), NEAR_HERITAGE, 55.0,
             "2056-12-31", (40.0, 28.0), (2500, 1700), (2000, 1350)),
    ZoneSpec("TD2", "KCN Tam Điệp II", "Tam Diep II Industrial Zone", ZoneStatus.DEVELOPING, 386,
             LEGAL_1499, "VSIP / Phúc Lộc (đang đàm phán)", ("26", "27", "29", "14", "15", "22"),
             ("19", "24"), 80.0, "2069-12-31", (126.0, 22.0), (10000, 1800), (8000, 1300)),
    ZoneSpec("KC", "KCN Khánh Cư", "Khanh Cu Industrial Zone", ZoneStatus.OPERATING, 67,
             LEGAL_1499, "Công ty CP Hạ tầng KCN Khánh Cư", ("14", "15", "13", "10", "27"),
             ("19",), 58.0, "2060-12-31", (40.0, 26.0), (2500, 1650), (2000, 1200)),
    ZoneSpec("KS", "KCN Kim Sơn", "Kim Son Industrial Zone", ZoneStatus.PLANNED, 200, LEGAL_1499,
             None, ("10", "13", "14", "15", "16", "52"), (), 52.0, "2075-12-31",
             (80.0, 0.0), (6000, 0), (5000, 0)),
    ZoneSpec("PL", "KCN Phú Long", "Phu Long Industrial Zone", ZoneStatus.PROPOSED, 420,
             LEGAL_NEW, "IDICO (đang đàm phán)", ("26", "27", "28", "29", "52"), NEAR_HERITAGE,
             85.0, "2076-12-31", (160.0, 0.0), (12000, 0), (9000, 0)),
    ZoneSpec("YB", "KCN Yên Bình", "Yen Binh Industrial Zone", ZoneStatus.PROPOSED, 300,
             LEGAL_NEW, None, ("26", "27", "22", "32", "28"), NEAR_HERITAGE, 78.0, "2076-12-31",
             (100.0, 0.0), (8000, 0), (6500, 0)),
    ZoneSpec("XT", "KCN Xích Thổ", "Xich Tho Industrial Zone", ZoneStatus.PROPOSED, 250,
             LEGAL_NEW, None, ("10", "16", "23", "31"), NEAR_HERITAGE, 60.0, "2076-12-31",
             (63.0, 0.0), (5000, 0), (4000, 0)),
    ZoneSpec("GK2", "KCN Gián Khẩu II", "Gian Khau II Industrial Zone", ZoneStatus.PROPOSED,
             400, LEGAL_NEW, None, ("29", "30", "52", "26", "27", "28"), NEAR_HERITAGE, 82.0,
             "2076-12-31", (126.0, 0.0), (10000, 0), (8000, 0)),
)
ZONE_BY_CODE = {z.code: z for z in ZONES}
OPERATING = tuple(z.code for z in ZONES if z.status == ZoneStatus.OPERATING)
NOT_BUILT = (ZoneStatus.PLANNED, ZoneStatus.PROPOSED)  # zones with no tenants yet


class Named(NamedTuple):
    """A project named in the source (or a zone's infrastructure developer)."""

    key: str
    zone: str
    kind: ProjectKind
    name: str
    investor: str
    country: str
    vsic: str
    status: ProjectStatus
    certificate_date: str
    area_ha: float  # land wanted (secondary) ; 0 for infrastructure
    capital_vnd_bn: str | None = None  # fixed figure, else generated
    capital_usd_m: str | None = None


_INFRA, _TENANT = ProjectKind.INFRASTRUCTURE, ProjectKind.SECONDARY
_OPERATING, _BUILDING = ProjectStatus.OPERATING, ProjectStatus.BUILDING

NAMED: tuple[Named, ...] = (
    Named("kc_infra", "KC", _INFRA,
          "Đầu tư xây dựng và kinh doanh kết cấu hạ tầng KCN Khánh Cư",
          "Công ty CP Hạ tầng KCN Khánh Cư", "VN", "6810", _OPERATING, "2010-06-18", 0.0,
          "1250.5"),
    Named("ps_infra", "PS", _INFRA,
          "Đầu tư xây dựng và kinh doanh kết cấu hạ tầng KCN Phúc Sơn",
          "Công ty CP Hạ tầng KCN Phúc Sơn", "VN", "6810", _OPERATING, "2008-09-25", 0.0,
          "890.3"),
    Named("thanh_cong", "GK", _TENANT, "Nhà máy sản xuất, lắp ráp ô tô Thành Công",
          "Công ty CP Hyundai Thành Công Việt Nam", "VN", "2910", _OPERATING, "2017-03-09",
          34.0, "4850.5"),
    Named("dam_ninh_binh", "KP", _TENANT, "Nhà máy đạm Ninh Bình (sản xuất phân urê)",
          "Công ty TNHH MTV Đạm Ninh Bình", "VN", "2012", _OPERATING, "2006-11-28", 42.0,
          "11950.0"),
    Named("khi_cong_nghiep", "KP", _TENANT, "Nhà máy khí công nghiệp Ninh Bình",
          "Công ty CP Khí công nghiệp Ninh Bình", "VN", "2011", _OPERATING, "2014-05-20", 3.0,
          "452.8"),
    Named("santa_clara", "GK", _TENANT,
          "Thiết kế, sản xuất, xuất khẩu đồ thể thao chuyên dụng cao cấp Santa Clara",
          "Công ty TNHH Santa Clara", "TW", "3230", _BUILDING, "2023-04-12", 6.0,
          "297.34", "12.5"),
    Named("cibon", "KP", _TENANT, "Nhà máy sản xuất công cụ, dụng cụ cao cấp Cibon Ninh Bình",
          "CIBON Industrial Limited", "HK", "2593", _BUILDING, "2023-09-21", 5.0,
          "195.05", "8.2"),
    Named("toan_phat", "PS", _TENANT,
          "Nhà máy sản xuất phào khung tranh, phào trang trí nội thất Toàn Phát",
          "Công ty CP Thương mại & Phát triển xây dựng Toàn Phát", "VN", "2220", _BUILDING,
          "2022-08-16", 2.5),
    Named("gluck", "KP", _TENANT, "Nhà máy chế biến gỗ ván dán Gluck",
          "Công ty CP Quốc tế Gluck", "VN", "1621", _BUILDING, "2022-10-04", 6.0),
    Named("sunrise", "KC", _TENANT, "Nhà máy sản xuất da thuộc Sunrise Leather",
          "Sunrise Leather International Limited", "HK", "1511", _BUILDING, "2022-06-07", 5.0),
    Named("huu_co", "KP", _TENANT, "Nhà máy sản xuất phân bón hữu cơ Ninh Bình",
          "Công ty cổ phần hữu cơ Ninh Bình", "VN", "2012", _BUILDING, "2022-09-13", 3.0),
)
# fmt: on

# The 2023 events the source names, by the NAMED projects they concern.
SOURCE_EVENTS_2023: dict[ProjectEventKind, set[str]] = {
    ProjectEventKind.CERTIFICATE_ISSUED: {"santa_clara", "cibon"},
    ProjectEventKind.BUILDING_PERMIT: {"toan_phat", "gluck"},
    ProjectEventKind.CONSTRUCTION_START: {"sunrise", "huu_co", "toan_phat"},
}
