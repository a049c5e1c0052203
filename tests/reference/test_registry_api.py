"""The registry on the reference dataset: its 11 zones, occupancy, province, projects, named
features and every kind of feature. The registry API's behaviour (filters, paging, bbox, caps,
errors) is tested on the small world in ``tests/behaviour/test_registry_api.py``."""

from __future__ import annotations

import httpx
import pytest
from pyproj import Geod
from shapely.geometry import shape

from izagis.vocab import ConstraintKind, InfrastructureKind, values

GEOD = Geod(ellps="WGS84")


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
