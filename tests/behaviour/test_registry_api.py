"""Every registry endpoint against the real app serving the small world: each count, area and
filter result is worked out from ``world.py``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from shapely.geometry import box, shape

from izagis.settings import Settings
from izagis.vocab import ConstraintKind, InfrastructureKind, values
from tests.behaviour import world
from tests.behaviour.measure import geodesic_ha
from tests.conftest import LiveServer

Params = dict[str, str | int | float]


def _codes(fc: dict[str, Any]) -> list[str]:
    return [f["properties"]["code"] for f in fc["features"]]


def _plots(api: httpx.Client, **params: str | int | float) -> dict[str, Any]:
    res = api.get("/api/v1/plots", params=params)
    assert res.status_code == 200, res.text
    body: dict[str, Any] = res.json()
    return body


def _wgs84_bounds(*codes: str) -> tuple[float, float, float, float]:
    shapes = [world.to_wgs84(world.zone(c).shape) for c in codes]
    minx, miny, maxx, maxy = zip(*(s.bounds for s in shapes), strict=True)
    return min(minx), min(miny), max(maxx), max(maxy)


def _bbox_param(bounds: tuple[float, float, float, float]) -> str:
    return ",".join(str(v) for v in bounds)


def _area_where(zone: str, *statuses: str) -> float:
    return sum(p.area_ha for p in world.plots_of(zone) if p.leasable and p.status in statuses)


def test_healthz_reports_versions(world_api: httpx.Client) -> None:
    body = world_api.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["postgresql"].startswith("15") and body["postgis"].startswith("3")


def test_zones_collection(world_api: httpx.Client) -> None:
    res = world_api.get("/api/v1/zones")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/geo+json")
    fc = res.json()
    assert fc["type"] == "FeatureCollection"
    assert _codes(fc) == [z.code for z in world.ZONES]
    west, south, east, north = _wgs84_bounds(*(z.code for z in world.ZONES))
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
        assert west - 1e-6 <= lon <= east + 1e-6 and south - 1e-6 <= lat <= north + 1e-6
        if props["occupancy_rate"] is not None:
            assert 0 <= props["occupancy_rate"] <= 1
        assert props["leased_area_ha"] + props["free_area_ha"] <= props["area_ha"]
    statuses = {f["properties"]["status"] for f in fc["features"]}
    assert statuses == {z.status for z in world.ZONES}


@pytest.mark.parametrize("code", [z.code for z in world.ZONES])
def test_zone_land_accounts(world_api: httpx.Client, code: str) -> None:
    """Leased, free, reserved and planned land and the occupancy rate, from the plots."""
    props = world_api.get(f"/api/v1/zones/{code}").json()["properties"]
    zone = world.zone(code)
    leased = _area_where(code, *world.OCCUPIED)
    leasable = _area_where(code, *world.OCCUPIED, "free", "reserved")
    expected = {
        "name_vi": zone.name_vi,
        "status": zone.status,
        "planned_area_ha": zone.planned_area_ha,
        "lease_price_usd_m2": zone.lease_price_usd_m2,
        "target_industries": list(zone.target_industries),
        "excluded_industries": list(zone.excluded_industries),
        "plot_count": len(world.plots_of(code)),
        "plots_on_file": bool(world.plots_of(code)),
        "project_count": sum(p.zone_code == code for p in world.PROJECTS),
    }
    assert {k: props[k] for k in expected} == expected
    assert props["area_ha"] == pytest.approx(zone.area_ha, abs=0.011)
    assert props["leased_area_ha"] == pytest.approx(leased, abs=0.011)
    assert props["free_area_ha"] == pytest.approx(_area_where(code, "free"), abs=0.011)
    assert props["reserved_area_ha"] == pytest.approx(_area_where(code, "reserved"), abs=0.011)
    assert props["planned_land_ha"] == pytest.approx(_area_where(code, "planned"), abs=0.011)
    if leasable:
        assert props["occupancy_rate"] == pytest.approx(leased / leasable, abs=1e-4)
    else:
        assert props["occupancy_rate"] is None


def test_one_zone_and_unknown_zone(world_api: httpx.Client) -> None:
    za = world_api.get("/api/v1/zones/ZA").json()
    assert za["type"] == "Feature"
    assert za["properties"]["name_vi"] == world.zone("ZA").name_vi
    missing = world_api.get("/api/v1/zones/NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert "NOPE" in missing.json()["message"]


@pytest.mark.parametrize("code", [z.code for z in world.ZONES])
def test_zone_fact_sheet_distances(world_api: httpx.Client, code: str) -> None:
    distances = world_api.get(f"/api/v1/zones/{code}").json()["properties"]["distances_km"]
    zone = world.zone(code).shape
    expected: dict[str, float] = {}
    for kind in (
        "expressway_interchange",
        "national_road",
        "railway_station",
        "river_port",
        "seaport",
        "substation",
        "hanoi",
    ):
        metres = world.distance_m(zone, kind)
        assert metres is not None
        expected[kind] = metres / 1000
    towns = [f for f in world.INFRASTRUCTURE if f.kind == "city" and f.name_en != "Hanoi"]
    expected["city"] = min(zone.distance(f.shape) for f in towns) / 1000
    assert set(distances) == set(expected)
    for kind, km in expected.items():
        assert distances[kind] == pytest.approx(km, abs=0.051), kind


def test_plots_filters_and_paging(world_api: httpx.Client) -> None:
    za = sorted(p.code for p in world.plots_of("ZA"))
    first = _plots(world_api, zone="ZA", limit=5)
    assert first["numberReturned"] == 5 and first["numberMatched"] == len(za)
    assert {f["properties"]["zone_code"] for f in first["features"]} == {"ZA"}
    pages = [first] + [_plots(world_api, zone="ZA", limit=5, offset=o) for o in (5, 10, 15)]
    assert [p["numberReturned"] for p in pages] == [5, 5, len(za) - 10, 0]
    assert [code for page in pages for code in _codes(page)] == za, "disjoint pages, code order"

    free = _plots(world_api, status="free", min_area_ha=2)
    expected = {p.code for p in world.PLOTS if p.status == "free" and p.area_ha >= 2}
    assert set(_codes(free)) == expected and free["numberMatched"] == len(expected)
    for f in free["features"]:
        assert f["properties"]["status"] == "free" and f["properties"]["area_ha"] >= 2

    small = _plots(world_api, max_area_ha=1)
    assert _codes(small) == sorted(p.code for p in world.PLOTS if p.area_ha <= 1)
    assert all(f["properties"]["area_ha"] <= 1 for f in small["features"])
    between = _plots(world_api, min_area_ha=5.5, max_area_ha=6.5)
    assert _codes(between) == sorted(p.code for p in world.PLOTS if 5.5 <= p.area_ha <= 6.5)

    planned = _plots(world_api, zone="ZC", status="planned")
    assert planned["numberMatched"] == len(world.plots_of("ZC"))
    reserved = _plots(world_api, status="reserved")
    assert _codes(reserved) == [p.code for p in world.PLOTS if p.status == "reserved"]


def test_plots_bbox(world_api: httpx.Client) -> None:
    bounds = _wgs84_bounds("ZC")
    only_zc = _plots(world_api, bbox=_bbox_param(bounds))
    assert _codes(only_zc) == sorted(p.code for p in world.plots_of("ZC"))
    bounds = _wgs84_bounds("ZA")
    res = _plots(world_api, bbox=_bbox_param(bounds))
    window = box(*bounds)
    assert all(shape(f["geometry"]).intersects(window) for f in res["features"])
    assert {p.code for p in world.plots_of("ZA")} <= set(_codes(res))
    assert not any(code.startswith("ZC") for code in _codes(res))


def test_zones_bbox(world_api: httpx.Client) -> None:
    """A view's zones (the public map loads them by view): those whose outline meets the box,
    each with the same land accounts as in the whole list."""
    every = {f["properties"]["code"]: f for f in world_api.get("/api/v1/zones").json()["features"]}
    bounds = _wgs84_bounds("ZC")
    res = world_api.get("/api/v1/zones", params={"bbox": _bbox_param(bounds)})
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/geo+json")
    window = box(*bounds)
    meets = sorted(c for c, f in every.items() if shape(f["geometry"]).intersects(window))
    assert "ZC" in meets and len(meets) < len(every) and _codes(res.json()) == meets
    assert all(f == every[f["properties"]["code"]] for f in res.json()["features"])
    far = world_api.get("/api/v1/zones", params={"bbox": "106,21,105,22"})
    assert far.status_code == 422 and "min <= max" in far.json()["message"]


def test_plot_limit_is_capped(world_settings: Settings) -> None:
    capped = world_settings.model_copy(update={"max_features": 3})
    with LiveServer(capped) as server, httpx.Client(base_url=server.url) as client:
        res = client.get("/api/v1/plots", params={"limit": 10**9}).json()
        assert res["numberReturned"] == 3 and res["numberMatched"] == len(world.PLOTS)
        assert client.get("/api/v1/plots").json()["numberReturned"] == 3
        projects = client.get("/api/v1/projects", params={"limit": 500}).json()
        assert projects["numberReturned"] == 3 and projects["numberMatched"] == len(world.PROJECTS)


def test_paging_bounds_and_code_filter(world_api: httpx.Client) -> None:
    huge = world_api.get("/api/v1/plots", params={"offset": 10**20})
    assert huge.status_code == 422 and huge.json()["field"] == "offset"
    one = _plots(world_api, code="ZA-08")
    assert _codes(one) == ["ZA-08"] and one["numberMatched"] == 1
    assert _plots(world_api, code="NOPE")["features"] == []
    far = world_api.get("/api/v1/plots", params={"bbox": "-200,-100,200,100"})
    assert far.status_code == 422 and "out of range" in far.json()["message"]


def test_zone_areas_are_measured_from_the_geometry(world_api: httpx.Client) -> None:
    for f in world_api.get("/api/v1/zones").json()["features"]:
        measured = geodesic_ha(f["geometry"])
        assert abs(f["properties"]["area_ha"] - measured) < 0.01, f["properties"]["code"]
        assert measured == pytest.approx(world.zone(f["properties"]["code"]).area_ha, abs=1e-3)


def test_province_boundary(world_api: httpx.Client) -> None:
    fc = world_api.get("/api/v1/boundaries").json()
    assert [f["properties"]["kind"] for f in fc["features"]] == ["province"]
    assert _codes(fc) == [world.PROVINCE.code]
    area_ha = geodesic_ha(fc["features"][0]["geometry"])
    assert area_ha == pytest.approx(world.geodesic_ha(world.PROVINCE.shape), rel=1e-4)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "106,21,105,20"}, "bbox"),
        ({"min_area_ha": -1}, "min_area_ha"),
        ({"min_area_ha": 5, "max_area_ha": 1}, "min_area_ha"),
        ({"status": "sold"}, "status"),
        ({"limit": 0}, "limit"),
        ({"min_area_ha": "nan"}, "min_area_ha"),
    ],
)
def test_plots_bad_input_is_422_with_field(
    world_api: httpx.Client, params: Params, field: str
) -> None:
    res = world_api.get("/api/v1/plots", params=params)
    assert res.status_code == 422
    assert res.json()["field"] == field
    assert res.json()["code"] == "invalid_input"


def test_one_plot_and_unknown(world_api: httpx.Client) -> None:
    code = _codes(_plots(world_api, limit=1))[0]
    assert code == min(p.code for p in world.PLOTS)
    plot = world_api.get(f"/api/v1/plots/{code}").json()
    assert plot["properties"]["code"] == code and plot["properties"]["area_m2"] > 0
    missing = world_api.get("/api/v1/plots/NOPE-1")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


@pytest.mark.parametrize("code", [p.code for p in world.PLOTS])
def test_each_plot_is_served_as_loaded(world_api: httpx.Client, code: str) -> None:
    expected = world.plot(code)
    feature = world_api.get(f"/api/v1/plots/{code}").json()
    props = feature["properties"]
    assert (props["zone_code"], props["land_use"], props["status"]) == (
        expected.zone,
        expected.land_use,
        expected.status,
    )
    assert (props["leasable_year"], props["project_code"]) == (
        expected.leasable_year,
        expected.project,
    )
    assert props["area_ha"] == pytest.approx(expected.area_ha, abs=2e-4)
    assert props["area_m2"] == pytest.approx(expected.area_ha * 1e4, abs=1)
    served = world.to_wgs84(expected.shape)
    assert shape(feature["geometry"]).hausdorff_distance(served) < 1e-6, "within 11 cm"


def test_projects_filters(world_api: httpx.Client) -> None:
    def get(**params: str | int) -> dict[str, Any]:
        res = world_api.get("/api/v1/projects", params={"limit": 500, **params})
        assert res.status_code == 200, res.text
        body: dict[str, Any] = res.json()
        return body

    everything = get()
    assert everything["numberMatched"] == len(world.PROJECTS) == everything["numberReturned"]
    assert [p["code"] for p in everything["items"]] == sorted(p.code for p in world.PROJECTS)
    fdi = get(fdi="true")
    assert {p["code"] for p in fdi["items"]} == {p.code for p in world.PROJECTS if p.is_fdi}
    assert fdi["numberMatched"] == len(fdi["items"]) and all(p["is_fdi"] for p in fdi["items"])
    domestic = get(fdi="false")
    assert domestic["numberMatched"] + fdi["numberMatched"] == len(world.PROJECTS)
    delayed = get(status="delayed")
    assert [p["code"] for p in delayed["items"]] == [
        p.code for p in world.PROJECTS if p.status == "delayed"
    ]
    za = get(zone="ZA")
    assert za["items"] and {p["zone_code"] for p in za["items"]} == {"ZA"}
    names = " ".join(p["name"] + " " + p["investor"] for p in za["items"])
    for project in world.PROJECTS:
        if project.zone_code == "ZA":
            assert project.name in names and project.investor in names
    page = get(limit=3, offset=2)
    assert page["numberMatched"] == len(world.PROJECTS)
    assert page["numberReturned"] == len(world.PROJECTS) - 2
    unknown = world_api.get("/api/v1/projects", params={"zone": "XX"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "zone"


def test_projects_are_served_as_loaded(world_api: httpx.Client) -> None:
    items = world_api.get("/api/v1/projects").json()["items"]
    served = {p["code"]: p for p in items}
    for project in world.PROJECTS:
        item = served[project.code]
        for field in ("zone_code", "kind", "name", "investor", "country", "is_fdi", "status"):
            assert item[field] == getattr(project, field), (project.code, field)
        assert item["capital_vnd_bn"] == project.capital_vnd_bn
        assert item["capital_usd_m"] == project.capital_usd_m
        assert (item["workers_vn"], item["workers_foreign"]) == (
            project.workers_vn,
            project.workers_foreign,
        )
        assert item["certificate_date"] == project.certificate_date
        held = sorted(p.code for p in world.PLOTS if p.project == project.code)
        assert item["plot_codes"] == held


@pytest.mark.parametrize(
    ("path", "features", "vocabulary"),
    [
        ("/api/v1/infrastructure", world.INFRASTRUCTURE, values(InfrastructureKind)),
        ("/api/v1/constraints", world.CONSTRAINTS, values(ConstraintKind)),
    ],
)
def test_feature_layers_by_kind(
    world_api: httpx.Client,
    path: str,
    features: tuple[world.Feature, ...],
    vocabulary: tuple[str, ...],
) -> None:
    fc = world_api.get(path).json()
    assert _codes(fc) == sorted(f.code for f in features)
    assert all(f["properties"]["name"] for f in fc["features"])
    for kind in vocabulary:
        only = world_api.get(path, params={"kind": kind}).json()
        expected = sorted(f.code for f in features if f.kind == kind)
        assert _codes(only) == expected, kind
        assert {f["properties"]["kind"] for f in only["features"]} <= {kind}
    bad = world_api.get(path, params={"kind": "volcano"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"
    bounds = _wgs84_bounds("ZA", "ZB")
    inside = world_api.get(path, params={"bbox": _bbox_param(bounds)}).json()
    window = box(*bounds)
    assert _codes(inside) == sorted(
        f.code for f in features if world.to_wgs84(f.shape).intersects(window)
    )
    assert _codes(inside), "the world has a feature in ZA or ZB of every layer"


def test_named_features_are_present(world_api: httpx.Client) -> None:
    infra = " ".join(
        f["properties"]["name"] for f in world_api.get("/api/v1/infrastructure").json()["features"]
    )
    for feature in world.INFRASTRUCTURE:
        assert feature.name_vi in infra, feature.code
    constraints = " ".join(
        f["properties"]["name"] for f in world_api.get("/api/v1/constraints").json()["features"]
    )
    for feature in world.CONSTRAINTS:
        assert feature.name_vi in constraints, feature.code


def test_openapi_lists_the_endpoints(world_api: httpx.Client) -> None:
    paths = world_api.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/zones",
        "/api/v1/zones/{code}",
        "/api/v1/plots",
        "/api/v1/plots/{code}",
        "/api/v1/projects",
        "/api/v1/infrastructure",
        "/api/v1/constraints",
        "/api/v1/stats",
        "/healthz",
    ):
        assert path in paths, path


def test_openapi_describes_the_answers(world_api: httpx.Client) -> None:
    spec = world_api.get("/openapi.json").json()
    ok = spec["paths"]["/api/v1/site-search"]["post"]["responses"]["200"]["content"]
    assert ok["application/json"]["schema"]["$ref"].endswith("/SearchAnswer")
    zones = spec["paths"]["/api/v1/zones"]["get"]["responses"]["200"]["content"]
    assert "application/geo+json" in zones
    assert "Candidate" in spec["components"]["schemas"]
    assert "Stats" in spec["components"]["schemas"]
