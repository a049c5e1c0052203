"""The merged province's zones (Ninh Bình with the former Hà Nam and Nam Định, from mid-2025):
``python -m geodata.build.merged`` writes ``geodata/merged-2025/zones.geojson`` and
``geodata/merged-2025/SOURCES.md``.

Ninh Bình's zones are the reference dataset's (``geodata/zones.geojson``, unchanged); the
former Hà Nam's and Nam Định's zones below carry only what a cited page says (name, planned
area, status, developer, decision), each fact with its page. Everything else is illustrative
and said so: every outline here is a square of the planned area (100 ha where none is
published) around the zone's approximate place, not a survey. ``check`` refuses a file whose
codes repeat, whose statuses are not the core's, or whose outlines are invalid or overlap one
another (the reference zones' included). Import the file into a running system with
``izagis import zones geodata/merged-2025/zones.geojson``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import shapely

from geodata.build.merged_zones import BQL_HANAM_7, HANAM_EN, IZHANAM, VNECONOMY_53, ZONES
from geodata.build.writing import write_collection
from izagis.vocab import ZoneStatus

HERE = Path(__file__).resolve().parent.parent
OUT = HERE / "merged-2025"
NOMINAL_HA = 100.0  # the illustrative outline's area where no planned area is published


def _square(place: tuple[float, float], hectares: float) -> list[list[list[float]]]:
    """A square of ``hectares`` around ``place`` (lon/lat, metres at its latitude)."""
    half = math.sqrt(hectares * 1e4) / 2
    lon, lat = place
    dlat = half / 110_700
    dlon = half / (111_320 * math.cos(math.radians(lat)))
    ring = [
        [round(lon - dlon, 7), round(lat - dlat, 7)],
        [round(lon + dlon, 7), round(lat - dlat, 7)],
        [round(lon + dlon, 7), round(lat + dlat, 7)],
        [round(lon - dlon, 7), round(lat + dlat, 7)],
    ]
    return [[*ring, ring[0]]]


def features() -> list[dict[str, object]]:
    """Ninh Bình's reference zones, then the former provinces' zones."""
    reference = json.loads((HERE / "zones.geojson").read_text(encoding="utf-8"))
    out: list[dict[str, object]] = list(reference["features"])
    for z in ZONES:
        properties = {
            "code": z.code,
            "name_vi": z.name_vi,
            "name_en": z.name_en,
            "status": z.status,
            "legal_basis": z.legal_basis,
            "planned_area_ha": z.planned_area_ha,
            "developer": z.developer,
        }
        geometry = {
            "type": "Polygon",
            "coordinates": _square(z.place, z.planned_area_ha or NOMINAL_HA),
        }
        out.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return out


def check(collection: list[dict[str, Any]]) -> None:
    """Codes unique, statuses the core's, outlines valid and clear of one another."""
    codes = [f["properties"]["code"] for f in collection]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    assert not repeated, f"codes used twice: {repeated}"
    statuses = {str(s) for s in ZoneStatus}
    odd = [
        code
        for code, f in zip(codes, collection, strict=True)
        if f["properties"]["status"] not in statuses
    ]
    assert not odd, f"statuses outside the vocabulary: {odd}"
    geoms = [shapely.geometry.shape(f["geometry"]) for f in collection]
    invalid = [c for c, g in zip(codes, geoms, strict=True) if not g.is_valid]
    assert not invalid, f"invalid outlines: {invalid}"
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    touching = sorted({(codes[i], codes[j]) for i, j in zip(left, right, strict=True) if i < j})
    assert not touching, f"outlines that meet: {touching}"


def sources() -> str:
    former = (
        sum(1 for z in ZONES if z.former == "Hà Nam"),
        sum(1 for z in ZONES if z.former == "Nam Định"),
    )
    lines = [
        "# The merged province's zones: sources",
        "",
        f"`zones.geojson` holds {11 + len(ZONES)} zones: Ninh Bình's 11 of the reference dataset",
        "(their sources are in `geodata/README.md`) and the zones of the former Hà Nam",
        f"({former[0]}) and Nam Định ({former[1]}) listed here. Each fact below names the page it",
        "comes from; a field left empty in the file was found on no page. **Every outline of",
        f"these zones is illustrative**: a square of the planned area (of {NOMINAL_HA:g} ha where",
        "none is published) near the zone's approximate place (its district or commune as the",
        "page names it), not a survey; the squares are valid and meet neither one another nor",
        "Ninh Bình's zones. The merged province's industrial parks authority counts 53 industrial",
        "parks approved by the Prime Minister (12,144 ha), 42 of them with land allotted to 2030",
        f"and 32 established, per [VnEconomy]({VNECONOMY_53}); it has published no list, so",
        "this one is what the pages found cover, and its names need not match the authority's",
        "53 one for one.",
        "",
        "| code | zone | former province | fact | value | source |",
        "|---|---|---|---|---|---|",
    ]
    for z in ZONES:
        facts = [
            ("name", z.name_vi, z.name_source),
            ("status", z.status, z.status_source),
            ("planned area (ha)", z.planned_area_ha, z.area_source),
            ("developer", z.developer, z.developer_source),
            ("legal basis", z.legal_basis, z.legal_source),
        ]
        for fact, value, url in facts:
            if value is not None:
                lines.append(f"| {z.code} | {z.name_en} | {z.former} | {fact} | {value} | {url} |")
        lines.append(f"| {z.code} | {z.name_en} | {z.former} | outline | illustrative | none |")
    lines += [
        "",
        "Notes:",
        "",
        "- The status is izagis's word for what the page says: established and leasing,",
        "  `operating`; investment approved or under construction, `developing`; in an approved",
        "  plan only, `planned`; in a draft or submitted plan not yet approved, `proposed`.",
        "- A status is as of its page's date. The Hà Nam industrial zones authority's page",
        f"  ({IZHANAM}) is of 2017: it lists the eight zones then approved",
        "  (Đồng Văn I 138 ha, Đồng Văn II 320 ha, Đồng Văn III 300 ha, Châu Sơn 170 ha, Hòa Mạc",
        "  131 ha, Kim Bảng 300 ha, Liêm Cần - Thanh Bình 200 ha, Liêm Phong 200 ha), the first",
        "  four operating. Its Kim Bảng zone is Đồng Văn IV (renamed, per VOV); its Đồng Văn III",
        "  is listed here by the later pages' parts, phase II and the part east of the",
        "  expressway. Liêm Phong and Liêm Cần - Thanh Bình were then still looking for investors;",
        "  no later page was found on either, nor one saying whether the 2024 draft plan's Thanh",
        "  Bình I and II (which its page places in Bình Lục) take the latter's land.",
        "- Hà Nam province's English page gives other areas for two of them (Đồng Văn II 269 ha,",
        f"  Châu Sơn 169 ha): {HANAM_EN}",
        "- Kim Bảng II (270 ha) and Bình Lục (300 ha) were in the Hà Nam board's 2022 proposal",
        f"  ({BQL_HANAM_7}); the Prime Minister",
        "  added only Đồng Văn V, Đồng Văn VI, Kim Bảng I and Châu Giang I in 2023, and the 2024",
        "  draft provincial plan proposes them again, with Kim Bảng III and Châu Giang II for",
        "  2021-30 and Thanh Bình I, Thanh Bình II, Thái Hà III and Đạo Lý after 2030 (about",
        "  890 ha together).",
        "- Kim Bảng IV: 184 ha per Diễn đàn Doanh nghiệp, 300 ha in the 2022 proposal.",
        "- Minh Châu and Xuân Kiên (phase 1 each) were approved by decisions 881/QĐ-UBND and",
        "  882/QĐ-UBND, which the page does not assign one to each; Minh Châu's whole zone is",
        "  about 300 ha (iipvietnam.com), Hải Long's about 1,100 ha, of which phase 1 is the",
        "  180 ha listed.",
        "- Mỹ Thuận: 113.72 ha in its 2011 detailed plan (the Nam Định investment promotion",
        "  page), 158.48 ha in the 2021 investment approval (VietnamPlus), whose figure is used.",
        "- Some pages are developers' or agents' (rslgroup.vn, blueocean-realty.com,",
        "  cosmosint.com.vn, lforum.biz, iipvietnam.com), not the authority's.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    collection = features()
    check(collection)
    OUT.mkdir(exist_ok=True)
    write_collection(OUT / "zones.geojson", collection)
    (OUT / "SOURCES.md").write_text(sources(), encoding="utf-8")


if __name__ == "__main__":
    main()
