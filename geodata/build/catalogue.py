"""The ILLUSTRATIVE tables the unnamed tenant projects are drawn from.

Per-zone project plans, plots held back (leased without a project, reserved), the phases of
Tam Điệp II, the years planned land becomes leasable, an industry catalogue per VSIC division,
name parts for investors, FDI source countries and yearly exchange rates. None of it is from the
authority's review (that is ``facts``); it only has to add up to the review's totals.
"""

from __future__ import annotations

from typing import NamedTuple


class ZonePlan(NamedTuple):
    """Secondary projects per zone: count, FDI, delayed, year the zone opened."""

    n: int
    fdi: int
    delayed: int
    opened: int


# fmt: off
PROJECT_PLAN: dict[str, ZonePlan] = {
    "KP": ZonePlan(35, 8, 4, 2005),
    "GK": ZonePlan(30, 9, 2, 2006),
    "PS": ZonePlan(24, 7, 4, 2008),
    "TD1": ZonePlan(12, 2, 1, 2006),
    "KC": ZonePlan(13, 4, 1, 2010),
    "TD2": ZonePlan(6, 3, 1, 2016),
}
# Lots leased without a registered project yet, and lots reserved, per zone.
LEASED_PLOTS = {"KP": 1, "PS": 1, "TD2": 1}
RESERVED_PLOTS = {"GK": 1, "TD2": 2}
TD2_OCCUPIED_SHARE = 0.10  # of TD2's industrial land in use by its projects
TD2_PLANNED_SHARE = 0.22  # phase 2 of TD2, not yet serviced
# First and last year planned land becomes leasable, per zone.
PLANNED_YEARS = {"KS": (2026, 2027), "GK2": (2027, 2028), "PL": (2027, 2029),
                 "YB": (2028, 2029), "XT": (2029, 2030), "TD2": (2026, 2027)}

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
# fmt: on
