"""The zones' texts in English, and their notes in both languages.

English is given only where it is a translation: of the legal bases and of the developer
fields (their company names as the dataset spells them, without diacritics). The notes sum
up what the authority's 2023 review says of each zone (``FACTS.md``: the Khánh Phú
eco-industrial pilot, the Thành Công car plant and the 35 ha extension at Gián Khẩu, the
developers in talks, the zoning work planned for 2024); a zone the review says nothing
particular about has none. Which of these texts are illustrative is in ``geodata/README.md``.
"""

from __future__ import annotations

from geodata.build.facts import BUDGET, LEGAL_1499, LEGAL_NEW

# fmt: off
ENGLISH: dict[str, str] = {
    LEGAL_1499: "Prime Minister's document 1499/TTg-KTN of 18 August 2014",
    LEGAL_NEW: "Ninh Binh provincial plan 2021-2030 (proposed)",
    BUDGET: "Provincial budget (Ninh Binh Industrial Zones Authority)",
    "Công ty CP Hạ tầng KCN Phúc Sơn": "Phuc Son Industrial Zone Infrastructure JSC",
    "Công ty CP Hạ tầng KCN Khánh Cư": "Khanh Cu Industrial Zone Infrastructure JSC",
    "VSIP / Phúc Lộc (đang đàm phán)": "VSIP / Phuc Loc (in talks)",
    "IDICO (đang đàm phán)": "IDICO (in talks)",
}

# zone -> (Vietnamese, English)
NOTES: dict[str, tuple[str, str]] = {
    "KP": ("Thí điểm khu công nghiệp sinh thái: đường ống khí công nghiệp dùng khí thải của "
           "Nhà máy Đạm Ninh Bình.",
           "Eco-industrial park pilot: an industrial-gas pipeline fed by the waste gas of the "
           "Ninh Binh fertiliser (urea) plant."),
    "GK": ("Có nhà máy ô tô Thành Công (Hyundai); kế hoạch năm 2024 mở rộng 35 ha cho lắp ráp "
           "ô tô và logistics.",
           "Home of the Thanh Cong (Hyundai) car plant; a 35 ha extension for car assembly and "
           "logistics is in the 2024 plan."),
    "TD2": ("Đang đàm phán với nhà đầu tư hạ tầng VSIP và Phúc Lộc; điều chỉnh tổng thể quy "
            "hoạch phân khu trong năm 2024.",
            "Infrastructure developers VSIP and Phuc Loc in talks; overall adjustment of the "
            "zoning plan in 2024."),
    "KS": ("Lập quy hoạch phân khu trong năm 2024.", "Zoning plan to be drawn up in 2024."),
    "YB": ("Lập quy hoạch phân khu trong năm 2024.", "Zoning plan to be drawn up in 2024."),
    "PL": ("Đề xuất quy hoạch phân khu loại hình công nghiệp - đô thị - dịch vụ; đang đàm phán "
           "với IDICO.",
           "Zoning proposal as an industrial-urban-service zone; IDICO in talks."),
    "GK2": ("Lập quy hoạch phân khu trong năm 2024, loại hình công nghiệp - đô thị - dịch vụ.",
            "Zoning plan to be drawn up in 2024, as an industrial-urban-service zone."),
}
# fmt: on


def english(text: str | None) -> str | None:
    """The English of a zone's Vietnamese field; None for none."""
    return None if text is None else ENGLISH[text]
