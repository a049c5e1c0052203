"""Zone phases: the parts of a zone that open for lease at different times, each with its own
legal basis, status and first leasable year.

Every zone has one phase holding all its land, except two: Gián Khẩu (its legal 262 ha, and
the 35 ha extension for car assembly and logistics that the authority's 2023 review names for
2024) and Tam Điệp II (phase 1, and the northern phase 2 whose plots are ``planned`` for
2026-2027). A phase's outline is the union of its plots, as a zone's is the union of all.

From the source: the GK extension, its 35 ha and its purpose; the TD2 zoning-plan adjustment
named for 2024. ILLUSTRATIVE: the split of TD2, every phase's first leasable year (an operating
phase's is the year of its zone's first tenant's certificate, itself illustrative), and the
wording of the legal bases beyond the documents named.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import shapely
from shapely.geometry import MultiPolygon

from geodata.build.catalogue import PLANNED_YEARS
from geodata.build.facts import GK_EXTENSION_HA, LEGAL_1499, NOT_BUILT, ZONE_BY_CODE, ZONES
from geodata.build.geography import Feature
from geodata.build.geometry import parts, to_utm
from geodata.build.readback import CheckFailure, check, read_features
from izagis.vocab import PlotStatus, ZoneStatus

GK_EXTENSION_BASIS = (
    "Báo cáo năm 2023 của Ban Quản lý các KCN tỉnh Ninh Bình: nhiệm vụ 2024, "
    "mở rộng KCN Gián Khẩu 35 ha (lắp ráp ô tô, logistics)"
)
TD2_PHASE_2_BASIS = f"{LEGAL_1499}; điều chỉnh tổng thể quy hoạch phân khu (nhiệm vụ 2024)"


class PhaseSpec(NamedTuple):
    code: str
    zone: str
    name_vi: str
    name_en: str
    legal_basis: str
    status: ZoneStatus
    leasable_from: int | None  # None: the year of the zone's first certificate


SPLIT: tuple[PhaseSpec, ...] = (
    PhaseSpec("GK-1", "GK", "Khu hiện hữu 262 ha", "Original 262 ha", LEGAL_1499,
              ZoneStatus.OPERATING, None),
    PhaseSpec("GK-2", "GK", "Mở rộng 35 ha (lắp ráp ô tô, logistics)",
              "35 ha extension (car assembly, logistics)", GK_EXTENSION_BASIS,
              ZoneStatus.DEVELOPING, 2024),
    PhaseSpec("TD2-1", "TD2", "Giai đoạn 1", "Phase 1", LEGAL_1499, ZoneStatus.DEVELOPING, None),
    PhaseSpec("TD2-2", "TD2", "Giai đoạn 2 (phía bắc)", "Phase 2 (north)", TD2_PHASE_2_BASIS,
              ZoneStatus.PLANNED, PLANNED_YEARS["TD2"][0]),
)  # fmt: skip


def phase_specs() -> list[PhaseSpec]:
    """Every phase, zone by zone in ``ZONES`` order."""
    out: list[PhaseSpec] = []
    for z in ZONES:
        split = [p for p in SPLIT if p.zone == z.code]
        first = PLANNED_YEARS[z.code][0] if z.status in NOT_BUILT else None
        whole = PhaseSpec(
            f"{z.code}-1", z.code, "Toàn khu", "Whole zone", z.legal_basis, z.status, first
        )
        out += split or [whole]
    return out


def phase_of(zone: str, part: str, status: PlotStatus) -> str:
    """The phase a plot belongs to: GK's extension lobe, TD2's planned lots, else phase 1."""
    if zone == "GK" and part == "ext":
        return "GK-2"
    if zone == "TD2" and status == PlotStatus.PLANNED:
        return "TD2-2"
    return f"{zone}-1"


def phase_features(plots: list[Feature], first_certificates: dict[str, str]) -> list[Feature]:
    """The phases with their attributes; outline = union of their plots, area measured in
    UTM 48N (ha, 2 decimals)."""
    features: list[Feature] = []
    for spec in phase_specs():
        shapes = [g for props, g in plots if props["phase_code"] == spec.code]
        outline = shapely.union_all(shapes)
        year = spec.leasable_from or int(first_certificates[spec.zone][:4])
        props: dict[str, Any] = {
            "code": spec.code,
            "zone_code": spec.zone,
            "name_vi": spec.name_vi,
            "name_en": spec.name_en,
            "legal_basis": spec.legal_basis,
            "status": spec.status.value,
            "area_ha": round(float(to_utm(outline).area) / 1e4, 2),
            "leasable_from": year,
        }
        features.append((props, MultiPolygon(parts(outline))))
    return features


def check_phases(folder: Any) -> None:
    """Every plot names a phase of its own zone; every zone's phases cover it; the GK
    extension is 35 ha (within 1 %); the planned phases open no earlier than their plots."""
    phases = read_features(folder / "zone_phases.geojson")
    plots = read_features(folder / "plots.geojson")
    zone_of = {p["code"]: p["zone_code"] for p in phases.props}
    check(set(zone_of.values()) == set(ZONE_BY_CODE), "phases: a zone without phases")
    for p in plots.props:
        if zone_of.get(p["phase_code"]) != p["zone_code"]:
            raise CheckFailure(f"plots: {p['code']} in phase {p['phase_code']} of another zone")
    by_code = {p["code"]: p for p in phases.props}
    ext = by_code["GK-2"]["area_ha"]
    check(abs(ext - GK_EXTENSION_HA) <= GK_EXTENSION_HA / 100, f"phases: GK-2 is {ext} ha")
    for p in plots.props:
        opens = by_code[p["phase_code"]]["leasable_from"]
        if p["leasable_year"] is not None and p["leasable_year"] < opens:
            raise CheckFailure(f"plots: {p['code']} leasable before its phase opens")
