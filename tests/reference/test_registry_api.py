"""The registry on the reference dataset: its 11 zones, occupancy, province, projects, named
features and every kind of feature. The registry API's behaviour (filters, paging, bbox, caps,
errors) is tested on the small world in ``tests/behaviour/test_registry_api.py``."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader
from pyproj import Geod
from shapely.geometry import shape
from sqlalchemy import Engine

from izagis.settings import Settings
from izagis.vocab import ConstraintKind, InfrastructureKind, values
from tests.conftest import LiveServer
from tests.test_import import errors, run

GEOD = Geod(ellps="WGS84")
MERGED = Path(__file__).resolve().parents[2] / "geodata" / "merged-2025" / "zones.geojson"
LAND = ("leased_area_ha", "free_area_ha", "reserved_area_ha", "planned_land_ha")


def test_zones_collection(api: httpx.Client) -> None:
    res = api.get("/api/v1/zones")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/geo+json")
    fc = res.json()
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == 11
    for feature in fc["features"]:
        props = feature["properties"]
        for key in (
            "code",
            "name_vi",
            "name_en",
            "status",
            "planned_area_ha",
            "area_ha",
            "leased_area_ha",
            "free_area_ha",
            "occupancy_rate",
        ):
            assert key in props, key
        assert feature["geometry"]["type"] == "MultiPolygon"
        lon, lat = feature["geometry"]["coordinates"][0][0][0]
        assert 105.4 < lon < 106.3 and 19.8 < lat < 20.6, "lon/lat order, in Ninh Bình"
        if props["occupancy_rate"] is not None:
            assert 0 <= props["occupancy_rate"] <= 1
        assert props["leased_area_ha"] + props["free_area_ha"] <= props["area_ha"]
        assert props["plots_on_file"] is True and props["plot_count"] > 0
    statuses = {f["properties"]["status"] for f in fc["features"]}
    assert statuses == {"operating", "developing", "planned", "proposed"}


# The 35 ha Gián Khẩu extension (2024 plan) is new land beyond the 2022 picture; see
# geodata/README.md.
GK_EXTENSION = {"GK-065", "GK-066", "GK-067"}


def test_operating_zones_are_almost_full(api: httpx.Client) -> None:
    zones = [f["properties"] for f in api.get("/api/v1/zones").json()["features"]]
    operating = [z for z in zones if z["status"] == "operating"]
    assert len(operating) == 5
    extension = [
        f["properties"]["area_ha"]
        for f in api.get("/api/v1/plots", params={"zone": "GK", "status": "free"}).json()[
            "features"
        ]
        if f["properties"]["code"] in GK_EXTENSION
    ]
    assert 30 <= sum(extension) <= 36
    leased = sum(z["leased_area_ha"] for z in operating)
    free = sum(z["free_area_ha"] for z in operating) - sum(extension)
    assert 0.975 <= leased / (leased + free) <= 0.981, "97.8 % leased in 2022"
    assert 12 <= free <= 18, "about 15 ha free in the operating zones"


def test_one_zone_and_unknown_zone(api: httpx.Client) -> None:
    gk = api.get("/api/v1/zones/GK").json()
    assert gk["type"] == "Feature"
    assert gk["properties"]["name_vi"] == "KCN Gián Khẩu"
    missing = api.get("/api/v1/zones/NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert "NOPE" in missing.json()["message"]


def test_province_boundary(api: httpx.Client) -> None:
    fc = api.get("/api/v1/boundaries").json()
    assert [f["properties"]["kind"] for f in fc["features"]] == ["province"]
    province = shape(fc["features"][0]["geometry"])
    area_km2 = abs(GEOD.geometry_area_perimeter(province)[0]) / 1e6
    assert 1300 < area_km2 < 1500, "Ninh Bình before 2025: about 1,390 km²"


def test_projects_filters(api: httpx.Client) -> None:
    everything = api.get("/api/v1/projects", params={"limit": 500}).json()
    assert everything["numberMatched"] == 122
    fdi = api.get("/api/v1/projects", params={"fdi": "true", "limit": 500}).json()
    assert fdi["numberMatched"] == 33 and all(p["is_fdi"] for p in fdi["items"])
    delayed = api.get("/api/v1/projects", params={"status": "delayed", "limit": 500}).json()
    assert delayed["numberMatched"] == 13
    gk = api.get("/api/v1/projects", params={"zone": "GK", "limit": 500}).json()
    assert gk["items"] and {p["zone_code"] for p in gk["items"]} == {"GK"}
    names = " ".join(p["name"] + " " + p["investor"] for p in gk["items"])
    assert "Thành Công" in names and "Santa Clara" in names
    unknown = api.get("/api/v1/projects", params={"zone": "XX"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "zone"


@pytest.mark.parametrize(
    ("path", "kinds"),
    [
        ("/api/v1/infrastructure", values(InfrastructureKind)),
        ("/api/v1/constraints", values(ConstraintKind)),
    ],
)
def test_feature_layers_by_kind(api: httpx.Client, path: str, kinds: tuple[str, ...]) -> None:
    fc = api.get(path).json()
    assert {f["properties"]["kind"] for f in fc["features"]} == set(kinds)
    assert all(f["properties"]["name"] for f in fc["features"])
    for kind in kinds:
        only = api.get(path, params={"kind": kind}).json()
        assert only["features"] and {f["properties"]["kind"] for f in only["features"]} == {kind}
    bad = api.get(path, params={"kind": "volcano"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"


def test_named_features_are_present(api: httpx.Client) -> None:
    infra = " ".join(
        f["properties"]["name"] for f in api.get("/api/v1/infrastructure").json()["features"]
    )
    for name in ("1A", "10", "Ninh Phúc", "Hà Nội"):
        assert name in infra, name
    constraints = " ".join(
        f["properties"]["name"] for f in api.get("/api/v1/constraints").json()["features"]
    )
    for name in ("Tràng An", "Cúc Phương", "Vân Long"):
        assert name in constraints, name


@pytest.fixture()
def merged_api(writable: Engine) -> Iterator[httpx.Client]:
    """The app on a database of the test's own after ``izagis import zones`` of the merged
    province's 51 zones: 40 of them known by their outline and public facts only, no plots."""
    report = run(writable, "zones", MERGED)
    assert report.applied, errors(report)
    url = writable.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, rate_limits=False)
    with LiveServer(settings) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


def test_a_zone_with_no_plots_on_file_has_unknown_land_not_0_ha(
    api: httpx.Client, merged_api: httpx.Client
) -> None:
    zones = {
        f["properties"]["code"]: f["properties"]
        for f in merged_api.get("/api/v1/zones").json()["features"]
    }
    assert len(zones) == 51
    bare = {code: p for code, p in zones.items() if p["plot_count"] == 0}
    assert len(bare) == 40
    for p in bare.values():
        assert p["plots_on_file"] is False
        assert all(p[key] is None for key in LAND), p  # unknown, never 0 ha
        assert p["occupancy_rate"] is None
    operating = sorted(code for code, p in bare.items() if p["status"] == "operating")
    assert "HN-CS" in operating, "operating parks among them: 0 ha free would read as full"
    # the 11 reference zones: plots on file and the same land accounts as before the import
    reference = {
        f["properties"]["code"]: f["properties"]
        for f in api.get("/api/v1/zones").json()["features"]
    }
    for code, before in reference.items():
        after = zones[code]
        assert after["plots_on_file"] is True
        assert {k: after[k] for k in (*LAND, "occupancy_rate")} == {
            k: before[k] for k in (*LAND, "occupancy_rate")
        }
    # one zone's answer, the OGC API (a filter on free land leaves unknown land out), the PDF
    one = merged_api.get("/api/v1/zones/HN-CS").json()["properties"]
    assert one["plots_on_file"] is False and one["free_area_ha"] is None
    ogc = "/ogc/collections/zones/items"
    unsurveyed = merged_api.get(ogc, params={"filter": "plots_on_file = false", "limit": 100})
    assert sorted(f["id"] for f in unsurveyed.json()["features"]) == sorted(bare)
    little = merged_api.get(ogc, params={"filter": "free_area_ha < 1", "limit": 100}).json()
    assert little["features"] and not {f["id"] for f in little["features"]} & set(bare)
    pdf = merged_api.get("/api/v1/sheets/zones/HN-CS.pdf")
    assert pdf.status_code == 200, pdf.text
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Free land chưa có dữ liệu lô đất · no plots on file" in text, text
    assert not re.search(r"(?<![\d.,])0\.00 ha", text), text


def test_site_search_in_zones_with_no_plots_finds_nothing_and_says_so(
    merged_api: httpx.Client,
) -> None:
    res = merged_api.post(
        "/api/v1/site-search",
        json={
            "area_ha": {"min": 1},
            "zones": ["HN-CS", "ND-BM"],
            "robustness": {"samples": 100, "weight_spread": 0.2, "seed": 1},
        },
    )
    assert res.status_code == 200, res.text
    answer = res.json()
    assert answer["candidates"] == [] and answer["passed"] == 0
    # the available plots all lie in other zones: left out by the zones asked for
    assert answer["excluded"]["zones"] > 0
    assert sum(answer["excluded"].values()) == answer["considered"]


def test_a_zone_outside_the_mapped_transport_network_has_no_distances(
    api: httpx.Client, merged_api: httpx.Client
) -> None:
    """The transport data cover the province outline on file (Ninh Bình before 2025): a zone
    of the former Hà Nam beside the Cầu Giẽ-Ninh Bình expressway gets no distances and a flag
    saying so, never the 36 km to the nearest interchange on file; the 11 reference zones keep
    exactly their distances."""
    zones = {
        f["properties"]["code"]: f["properties"]
        for f in merged_api.get("/api/v1/zones").json()["features"]
    }
    outside = sorted(code for code, p in zones.items() if p["distances_mapped"] is False)
    assert len(outside) == 40 and all(c.startswith(("HN-", "ND-")) for c in outside), outside
    dv1 = merged_api.get("/api/v1/zones/HN-DV1").json()["properties"]
    assert dv1["distances_mapped"] is False and dv1["distances_km"] is None
    # by view (the investor map's request) the same flag
    west, south, east, north = shape(
        merged_api.get("/api/v1/zones/HN-DV1").json()["geometry"]
    ).bounds
    near = merged_api.get("/api/v1/zones", params={"bbox": f"{west},{south},{east},{north}"})
    flags = {
        f["properties"]["code"]: f["properties"]["distances_mapped"]
        for f in near.json()["features"]
    }
    assert flags["HN-DV1"] is False
    for code in sorted(set(zones) - set(outside)):
        before = api.get(f"/api/v1/zones/{code}").json()["properties"]
        after = merged_api.get(f"/api/v1/zones/{code}").json()["properties"]
        assert before["distances_mapped"] is True and zones[code]["distances_mapped"] is True
        assert after["distances_km"] == before["distances_km"] and before["distances_km"], code
    pdf = merged_api.get("/api/v1/sheets/zones/HN-DV1.pdf")
    assert pdf.status_code == 200, pdf.text
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "transport network not mapped here" in text, text
    assert "chưa có bản đồ mạng lưới giao thông tại khu vực này" in text, text
    assert " km" not in text, text
