"""The merged province's zones (Ninh Bình with the former Hà Nam and Nam Định, from mid-2025):
``python -m geodata.build.merged`` writes ``geodata/merged-2025/zones.geojson`` and
``geodata/merged-2025/SOURCES.md``.

Ninh Bình's zones are the reference dataset's (``geodata/zones.geojson``, unchanged); the
former Hà Nam's and Nam Định's zones below carry only what a cited page says (name, planned
area, status, developer, decision), each fact with its page. Everything else is illustrative
and said so: every outline here is a square of the planned area (100 ha where none is
published) around the zone's approximate place, not a survey. Import the file into a running
system with ``izagis import zones geodata/merged-2025/zones.geojson``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
OUT = HERE / "merged-2025"
NOMINAL_HA = 100.0  # the illustrative outline's area where no planned area is published

VNNEWS_DV5 = "https://vietnamnews.vn/economy/1660371/dong-van-v-industrial-park-construction-given-greenlight.html"
INSIDER = "https://vietnaminsider.vn/ha-nam-to-have-one-more-industrial-park/"
RSL_DV1 = (
    "https://www.rslgroup.vn/bds-cong-nghiep/expanded-dong-van-i-industrial-park-ha-nam-province/"
)
BLUEOCEAN_TH = "https://blueocean-realty.com/en/property/thai-ha-industrial-park-ha-nam-province"
VCCI_2020 = "https://www.vccinews.com/prode/38001/nam-dinh-industrial-parks-authority-enhances-investment-attraction.html"
VCCI_OPERATING = "https://vccinews.com/news/29258/.html"
LFORUM_BM = (
    "https://lforum.biz/bao-minh-industrial-park-expands-investment-to-catch-new-inflows.html"
)
COSMOS_RD = "https://cosmosint.com.vn/zh-hans/rang-dong-industrial-park-nam-dinh"
NAMDINH_MTH = "https://xuctienvathuhutdautu.namdinh.gov.vn/kcn-detail.aspx?id=5"
VNNEWS_TT = (
    "https://vietnamnews.vn/economy/1666604/nam-dinh-unveils-its-seventh-industrial-park.html"
)
BKTO = "http://baokiemtoan.vn/xay-dung-2-khu-cong-nghiep-ptag.html"


@dataclass(frozen=True)
class Zone:
    code: str
    name_vi: str
    name_en: str
    former: str  # the former province
    status: str
    status_source: str
    name_source: str
    planned_area_ha: float | None = None
    area_source: str = ""
    developer: str | None = None
    developer_source: str = ""
    legal_basis: str | None = None
    legal_source: str = ""
    place: tuple[float, float] = (0.0, 0.0)  # approximate lon/lat: illustrative


ZONES = (
    Zone(
        "HN-DV1M",
        "KCN Đồng Văn I mở rộng",
        "Expanded Dong Van I Industrial Park",
        "Hà Nam",
        "operating",
        RSL_DV1,
        RSL_DV1,
        149.6,
        RSL_DV1,
        "Plaschem Plastic Chemical Group JSC",
        RSL_DV1,
        "817/QĐ-UBND (27/5/2021)",
        RSL_DV1,
        (105.945, 20.655),
    ),
    Zone(
        "HN-DV5",
        "KCN Đồng Văn V (giai đoạn 1)",
        "Dong Van V Industrial Park (phase 1)",
        "Hà Nam",
        "developing",
        VNNEWS_DV5,
        VNNEWS_DV5,
        237.3,
        VNNEWS_DV5,
        "Hà Nam Infrastructure Corporation",
        VNNEWS_DV5,
        place=(105.985, 20.62),
    ),
    Zone(
        "HN-DV6",
        "KCN Đồng Văn VI",
        "Dong Van VI Industrial Park",
        "Hà Nam",
        "planned",
        INSIDER,
        INSIDER,
        place=(106.01, 20.655),
    ),
    Zone(
        "HN-KB1",
        "KCN Kim Bảng I",
        "Kim Bang I Industrial Park",
        "Hà Nam",
        "planned",
        INSIDER,
        INSIDER,
        place=(105.86, 20.58),
    ),
    Zone(
        "HN-CG1",
        "KCN Châu Giang I",
        "Chau Giang I Industrial Park",
        "Hà Nam",
        "planned",
        INSIDER,
        INSIDER,
        place=(105.96, 20.69),
    ),
    Zone(
        "HN-TH1",
        "KCN Thái Hà (giai đoạn 1)",
        "Thai Ha Industrial Park (phase 1)",
        "Hà Nam",
        "developing",
        BLUEOCEAN_TH,
        BLUEOCEAN_TH,
        100.0,
        BLUEOCEAN_TH,
        "Thai Ha Industrial and Urban Investment JSC",
        BLUEOCEAN_TH,
        "1643/QĐ-TTg (15/11/2019)",
        BLUEOCEAN_TH,
        (106.115, 20.615),
    ),
    Zone(
        "HN-TH2",
        "KCN Thái Hà (giai đoạn 2)",
        "Thai Ha Industrial Park (phase 2)",
        "Hà Nam",
        "planned",
        INSIDER,
        INSIDER,
        100.0,
        INSIDER,
        "Hop Tien Company",
        INSIDER,
        place=(106.135, 20.6),
    ),
    Zone(
        "ND-HX",
        "KCN Hòa Xá",
        "Hoa Xa Industrial Park",
        "Nam Định",
        "operating",
        VCCI_2020,
        VCCI_2020,
        285.37,
        VCCI_2020,
        place=(106.145, 20.41),
    ),
    Zone(
        "ND-BM",
        "KCN Bảo Minh",
        "Bao Minh Industrial Park",
        "Nam Định",
        "operating",
        VCCI_2020,
        VCCI_2020,
        154.5,
        VCCI_2020,
        "Bao Minh Industrial Park Infrastructure Investment JSC",
        LFORUM_BM,
        place=(106.075, 20.355),
    ),
    Zone(
        "ND-BM2",
        "KCN Bảo Minh mở rộng",
        "Expanded Bao Minh Industrial Park",
        "Nam Định",
        "developing",
        LFORUM_BM,
        LFORUM_BM,
        50.0,
        LFORUM_BM,
        "Bao Minh Industrial Park Infrastructure Investment JSC",
        LFORUM_BM,
        "2142/QĐ-TTg (20/12/2021)",
        LFORUM_BM,
        (106.09, 20.345),
    ),
    Zone(
        "ND-MTR",
        "KCN Mỹ Trung",
        "My Trung Industrial Park",
        "Nam Định",
        "operating",
        VCCI_OPERATING,
        VCCI_OPERATING,
        place=(106.12, 20.46),
    ),
    Zone(
        "ND-RD",
        "KCN Dệt may Rạng Đông (giai đoạn 1)",
        "Rang Dong Textile Industrial Park (phase 1)",
        "Nam Định",
        "operating",
        COSMOS_RD,
        COSMOS_RD,
        519.6,
        COSMOS_RD,
        place=(106.215, 19.965),
    ),
    Zone(
        "ND-MTH",
        "KCN Mỹ Thuận",
        "My Thuan Industrial Park",
        "Nam Định",
        "planned",
        NAMDINH_MTH,
        NAMDINH_MTH,
        113.72,
        NAMDINH_MTH,
        legal_basis="1910/TTg-KTN (10/11/2008)",
        legal_source=NAMDINH_MTH,
        place=(106.105, 20.44),
    ),
    Zone(
        "ND-TT",
        "KCN Trung Thành",
        "Trung Thanh Industrial Park",
        "Nam Định",
        "developing",
        VNNEWS_TT,
        VNNEWS_TT,
        200.0,
        VNNEWS_TT,
        "Nam Định Infrastructure Development JSC",
        VNNEWS_TT,
        "1245/QĐ-TTg (23/10/2024)",
        VNNEWS_TT,
        (105.99, 20.3),
    ),
    Zone(
        "ND-MC",
        "KCN Minh Châu (giai đoạn 1)",
        "Minh Chau Industrial Park (phase 1)",
        "Nam Định",
        "planned",
        BKTO,
        BKTO,
        legal_basis="881/QĐ-UBND or 882/QĐ-UBND",
        legal_source=BKTO,
        place=(106.02, 20.26),
    ),
    Zone(
        "ND-XK",
        "KCN Xuân Kiên (giai đoạn 1)",
        "Xuan Kien Industrial Park (phase 1)",
        "Nam Định",
        "planned",
        BKTO,
        BKTO,
        legal_basis="881/QĐ-UBND or 882/QĐ-UBND",
        legal_source=BKTO,
        place=(106.33, 20.27),
    ),
)


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


def sources() -> str:
    lines = [
        "# The merged province's zones: sources",
        "",
        "`zones.geojson` holds Ninh Bình's 11 zones of the reference dataset (their sources are in",
        "`geodata/README.md`) and the zones of the former Hà Nam and Nam Định listed here. Each",
        "fact below names the page it comes from; a field left empty in the file was found on no",
        "page. **Every outline of these zones is illustrative**: a square of the planned area (of",
        f"{NOMINAL_HA:g} ha where none is published) near the zone's approximate place, not a",
        "survey. The list is what the sources found cover, not every zone the merged province",
        "plans (Nam Định alone plans 16 under its 2021-30 master plan, per",
        f"[Viet Nam News]({VNNEWS_TT})).",
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
        "Notes: the status is izagis's word for what the page says (established and leasing:",
        "operating; investment approved or under construction: developing; in the plan only:",
        "planned). Minh Châu and Xuân Kiên were approved by decisions 881/QĐ-UBND and",
        "882/QĐ-UBND, which the page does not assign one to each. Some pages are developers' or",
        "agents' (rslgroup.vn, blueocean-realty.com, cosmosint.com.vn, lforum.biz), not the",
        "authority's.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    text = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features())
    (OUT / "zones.geojson").write_text(
        '{"type":"FeatureCollection","features":[\n' + text + "\n]}\n", encoding="utf-8"
    )
    (OUT / "SOURCES.md").write_text(sources(), encoding="utf-8")


if __name__ == "__main__":
    main()
