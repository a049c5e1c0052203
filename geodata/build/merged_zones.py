"""The merged province's zones as the public record gives them: the former Hà Nam's and Nam
Định's industrial zones, each fact (name, planned area, status, developer, decision) with the
page it comes from, and each zone's approximate place (illustrative). ``geodata.build.merged``
writes them out with their outlines and ``SOURCES.md``."""

from __future__ import annotations

from dataclasses import dataclass

# The merged province's own count (Ninh Bình's industrial parks authority, October 2025).
VNECONOMY_53 = (
    "https://vneconomy.vn/ninh-binh-360000-ty-dong-doanh-thu-tu-khu-cong-nghiep-trong-9-thang.htm"
)

# Former Hà Nam.
IZHANAM = "http://izhanam.gov.vn/gioi-thieu-chung-3-11253"
HANAM_EN = "https://hanam.gov.vn/en-us/Pages/Economic---social-infrastructure1619167487.aspx"
BQL_HANAM_7 = "https://bqlckcn.hanam.gov.vn/Pages/de-an-dieu-chinh-bo-sung-quy-hoach-phat-trien-cac-kcn-tren-dia-ban-tinh-ha-nam-da-duoc-bo-ke-hoach-va-dau-tu-tham-dinh.aspx"
QDND_4 = "https://www.qdnd.vn/kinh-te/tin-tuc/chinh-phu-dong-y-bo-sung-4-khu-cong-nghiep-tinh-ha-nam-vao-quy-hoach-718165"
NGUOIHANOI_4 = (
    "https://nguoihanoi.vn/bo-sung-4-khu-cong-nghiep-tinh-ha-nam-vao-quy-hoach-67404.html"
)
CLVCS_DRAFT = "https://chatluongvacuocsong.vn/tinh-nho-thu-2-viet-nam-se-len-tp-truc-thuoc-trung-uong-se-co-them-10-khu-cong-nghiep-hon-2000ha-d124630.html"
VNINDUSTRY_HN = (
    "https://vnindustry.net/cac-khu-cong-nghiep-moi-diem-hap-dan-nha-dau-tu-thu-cap-cua-ha-nam.html"
)
VIETNAMNET_DV3 = "https://m.vietnamnet.vn/vn/hop-tac/cong-nghiep-ho-tro/chinh-sach-va-thi-truong/gan-1-300-ti-dong-dau-tu-xay-dung-ha-tang-kcn-dong-van-iii-591386.html"
VOV_DV4 = "https://vov.vn/kinh-te/quy-hoach-khu-cong-nghiep-dong-van-iv-dien-tich-300-ha-538409.vov"
DDDN_KB4 = "https://diendandoanhnghiep.vn/ninh-binh-tam-giac-vang-cong-nghiep-moi-10158013.html"
VIETNAMMOI_16 = "https://vietnammoi.vn/infographic-16-du-an-moi-gia-nhap-ban-do-cong-nghiep-sau-chua-day-2-thang-2025213101846195.htm"
VNNEWS_DV5 = "https://vietnamnews.vn/economy/1660371/dong-van-v-industrial-park-construction-given-greenlight.html"
INSIDER = "https://vietnaminsider.vn/ha-nam-to-have-one-more-industrial-park/"
RSL_DV1 = (
    "https://www.rslgroup.vn/bds-cong-nghiep/expanded-dong-van-i-industrial-park-ha-nam-province/"
)
BLUEOCEAN_TH = "https://blueocean-realty.com/en/property/thai-ha-industrial-park-ha-nam-province"

# Former Nam Định.
VCCI_2020 = "https://www.vccinews.com/prode/38001/nam-dinh-industrial-parks-authority-enhances-investment-attraction.html"
VCCI_OPERATING = "https://vccinews.com/news/29258/.html"
LFORUM_BM = (
    "https://lforum.biz/bao-minh-industrial-park-expands-investment-to-catch-new-inflows.html"
)
COSMOS_RD = "https://cosmosint.com.vn/zh-hans/rang-dong-industrial-park-nam-dinh"
NAMDINH_MTH = "https://xuctienvathuhutdautu.namdinh.gov.vn/kcn-detail.aspx?id=5"
VNPLUS_MTH = "https://en.vietnamplus.vn/government-gives-in-principle-approval-to-industrial-park-projects/196920.vnp"
CAFELAND_ND = "https://cafeland.vn/tin-tuc/nam-dinh-khoi-cong-cum-cong-nghiep-lon-nhat-huyen-giao-thuy-127538.html"
VNNEWS_TT = (
    "https://vietnamnews.vn/economy/1666604/nam-dinh-unveils-its-seventh-industrial-park.html"
)
BKTO = "http://baokiemtoan.vn/xay-dung-2-khu-cong-nghiep-ptag.html"
KTMT_HT = "https://kinhtemoitruong.vn/chap-thuan-chu-truong-dau-tu-xay-dung-kcn-hon-1400-ti-o-nam-dinh-99640.html"
INVESTVN_HL = "https://investvietnam.gov.vn/vi/-80.nd/nam-dinh-khoi-cong-khu-cong-nghiep-hai-long-%E2%80%93-buoc-tien-moi-trong-hanh-trinh-cong-nghiep-hoa.html"
IIP_ND6 = "https://iipvietnam.com/nam-dinh-lap-quy-hoach-xay-dung-them-6-khu-cong-nghiep.html"


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
    # ---- former Hà Nam: the four zones operating by 2017 (the authority's own page) ----
    Zone(
        "HN-DV1",
        "KCN Đồng Văn I",
        "Dong Van I Industrial Park",
        "Hà Nam",
        "operating",
        IZHANAM,
        IZHANAM,
        138.0,
        IZHANAM,
        place=(105.925, 20.645),
    ),
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
        "HN-DV2",
        "KCN Đồng Văn II",
        "Dong Van II Industrial Park",
        "Hà Nam",
        "operating",
        IZHANAM,
        IZHANAM,
        320.0,
        IZHANAM,
        place=(105.905, 20.665),
    ),
    Zone(
        "HN-CS",
        "KCN Châu Sơn",
        "Chau Son Industrial Park",
        "Hà Nam",
        "operating",
        IZHANAM,
        IZHANAM,
        170.0,
        IZHANAM,
        place=(105.89, 20.53),
    ),
    Zone(
        "HN-HM",
        "KCN Hòa Mạc",
        "Hoa Mac Industrial Park",
        "Hà Nam",
        "operating",
        IZHANAM,
        IZHANAM,
        131.0,
        IZHANAM,
        place=(105.99, 20.675),
    ),
    # ---- former Hà Nam: approved, under construction ----
    Zone(
        "HN-DV3",
        "KCN hỗ trợ Đồng Văn III (giai đoạn II)",
        "Dong Van III Supporting Industrial Park (phase II)",
        "Hà Nam",
        "developing",
        VIETNAMNET_DV3,
        VIETNAMNET_DV3,
        168.41,
        VIETNAMNET_DV3,
        "Dong Van III Industrial Park Infrastructure Development Investment JSC",
        VIETNAMNET_DV3,
        place=(105.955, 20.625),
    ),
    Zone(
        "HN-DV3E",
        "KCN hỗ trợ Đồng Văn III phía Đông cao tốc Cầu Giẽ - Ninh Bình",
        "Dong Van III Supporting Industrial Park, east of the Cau Gie - Ninh Binh expressway",
        "Hà Nam",
        "developing",
        VNINDUSTRY_HN,
        VNINDUSTRY_HN,
        223.0,
        VNINDUSTRY_HN,
        "Taseco Land (Taseco Real Estate Investment JSC)",
        VNINDUSTRY_HN,
        place=(105.97, 20.645),
    ),
    Zone(
        "HN-DV4",
        "KCN Đồng Văn IV",
        "Dong Van IV Industrial Park",
        "Hà Nam",
        "developing",
        VOV_DV4,
        VOV_DV4,
        300.0,
        VOV_DV4,
        "Viglacera Corporation",
        VOV_DV4,
        place=(105.88, 20.60),
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
        "HN-KB1",
        "KCN Kim Bảng I",
        "Kim Bang I Industrial Park",
        "Hà Nam",
        "developing",
        VNINDUSTRY_HN,
        QDND_4,
        230.0,
        QDND_4,
        legal_basis="16/TTg-CN (3/2/2023)",
        legal_source=NGUOIHANOI_4,
        place=(105.86, 20.58),
    ),
    Zone(
        "HN-KB4",
        "KCN Kim Bảng IV",
        "Kim Bang IV Industrial Park",
        "Hà Nam",
        "developing",
        VIETNAMMOI_16,
        DDDN_KB4,
        184.0,
        DDDN_KB4,
        "Hai Pha Việt Nam",
        VIETNAMMOI_16,
        place=(105.84, 20.60),
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
        "developing",
        INSIDER,
        INSIDER,
        100.0,
        INSIDER,
        "Hop Tien Company",
        INSIDER,
        place=(106.135, 20.6),
    ),
    # ---- former Hà Nam: in the plan ----
    Zone(
        "HN-DV6",
        "KCN Đồng Văn VI",
        "Dong Van VI Industrial Park",
        "Hà Nam",
        "planned",
        INSIDER,
        INSIDER,
        250.0,
        QDND_4,
        legal_basis="16/TTg-CN (3/2/2023)",
        legal_source=NGUOIHANOI_4,
        place=(106.01, 20.655),
    ),
    Zone(
        "HN-CG1",
        "KCN Châu Giang I",
        "Chau Giang I Industrial Park",
        "Hà Nam",
        "planned",
        INSIDER,
        INSIDER,
        210.0,
        QDND_4,
        legal_basis="16/TTg-CN (3/2/2023)",
        legal_source=NGUOIHANOI_4,
        place=(105.96, 20.69),
    ),
    Zone(
        "HN-LP",
        "KCN Liêm Phong",
        "Liem Phong Industrial Park",
        "Hà Nam",
        "planned",
        IZHANAM,
        IZHANAM,
        200.0,
        IZHANAM,
        place=(105.93, 20.47),
    ),
    Zone(
        "HN-LCTB",
        "KCN Liêm Cần - Thanh Bình",
        "Liem Can - Thanh Binh Industrial Park",
        "Hà Nam",
        "planned",
        IZHANAM,
        IZHANAM,
        200.0,
        IZHANAM,
        place=(105.96, 20.45),
    ),
    # ---- former Hà Nam: proposed in the draft provincial plan (2024) ----
    Zone(
        "HN-KB2",
        "KCN Kim Bảng II",
        "Kim Bang II Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        270.0,
        BQL_HANAM_7,
        place=(105.83, 20.56),
    ),
    Zone(
        "HN-KB3",
        "KCN Kim Bảng III",
        "Kim Bang III Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        place=(105.87, 20.625),
    ),
    Zone(
        "HN-BL",
        "KCN Bình Lục",
        "Binh Luc Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        300.0,
        BQL_HANAM_7,
        place=(106.02, 20.50),
    ),
    Zone(
        "HN-CG2",
        "KCN Châu Giang II",
        "Chau Giang II Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        place=(105.99, 20.70),
    ),
    Zone(
        "HN-TB1",
        "KCN Thanh Bình I",
        "Thanh Binh I Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        place=(105.99, 20.46),
    ),
    Zone(
        "HN-TB2",
        "KCN Thanh Bình II",
        "Thanh Binh II Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        place=(106.01, 20.44),
    ),
    Zone(
        "HN-TH3",
        "KCN Thái Hà III",
        "Thai Ha III Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        place=(106.155, 20.62),
    ),
    Zone(
        "HN-DL",
        "KCN Đạo Lý",
        "Dao Ly Industrial Park",
        "Hà Nam",
        "proposed",
        CLVCS_DRAFT,
        CLVCS_DRAFT,
        place=(106.06, 20.57),
    ),
    # ---- former Nam Định: operating ----
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
    # ---- former Nam Định: approved, under construction ----
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
        "ND-MTH",
        "KCN Mỹ Thuận",
        "My Thuan Industrial Park",
        "Nam Định",
        "developing",
        CAFELAND_ND,
        NAMDINH_MTH,
        158.48,
        VNPLUS_MTH,
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
        "ND-HT",
        "KCN Hồng Tiến",
        "Hong Tien Industrial Park",
        "Nam Định",
        "developing",
        KTMT_HT,
        KTMT_HT,
        113.89,
        KTMT_HT,
        "Hong Tien Industrial Park Infrastructure Investment JSC",
        KTMT_HT,
        place=(106.02, 20.33),
    ),
    Zone(
        "ND-MC",
        "KCN Minh Châu (giai đoạn 1)",
        "Minh Chau Industrial Park (phase 1)",
        "Nam Định",
        "developing",
        BKTO,
        BKTO,
        place=(106.11, 20.22),
    ),
    Zone(
        "ND-XK",
        "KCN Xuân Kiên (giai đoạn 1)",
        "Xuan Kien Industrial Park (phase 1)",
        "Nam Định",
        "developing",
        BKTO,
        BKTO,
        place=(106.33, 20.27),
    ),
    Zone(
        "ND-HL",
        "KCN Hải Long (giai đoạn 1)",
        "Hai Long Industrial Park (phase 1)",
        "Nam Định",
        "developing",
        INVESTVN_HL,
        INVESTVN_HL,
        180.0,
        INVESTVN_HL,
        "VSIP (Vietnam Singapore Industrial Park and Township Development JSC)",
        INVESTVN_HL,
        "577/QĐ-UBND (6/3/2025)",
        INVESTVN_HL,
        (106.47, 20.22),
    ),
    # ---- former Nam Định: in the plan, their zoning plans ordered in 2024 ----
    Zone(
        "ND-NH",
        "KCN Nam Hồng",
        "Nam Hong Industrial Park",
        "Nam Định",
        "planned",
        IIP_ND6,
        IIP_ND6,
        200.0,
        IIP_ND6,
        place=(106.22, 20.33),
    ),
    Zone(
        "ND-TTN",
        "KCN Thịnh Tân",
        "Thinh Tan Industrial Park",
        "Nam Định",
        "planned",
        IIP_ND6,
        IIP_ND6,
        400.0,
        IIP_ND6,
        place=(106.42, 20.25),
    ),
    Zone(
        "ND-TTH",
        "KCN Thượng Thành",
        "Thuong Thanh Industrial Park",
        "Nam Định",
        "planned",
        IIP_ND6,
        IIP_ND6,
        395.0,
        IIP_ND6,
        place=(106.36, 20.31),
    ),
    Zone(
        "ND-LX",
        "KCN Lạc Xuân",
        "Lac Xuan Industrial Park",
        "Nam Định",
        "planned",
        IIP_ND6,
        IIP_ND6,
        210.0,
        IIP_ND6,
        place=(106.45, 20.29),
    ),
)
