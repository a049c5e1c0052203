"""Site search, checked from the outside: every returned site is re-measured here from its
geometry and the feature layers, with shapely and pyproj, not with the engine's own code."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import shape
from shapely.ops import unary_union

from izagis.settings import Settings

GEOD = Geod(ellps="WGS84")
TO_METRIC = Transformer.from_crs(4326, 32648, always_xy=True).transform
CAR_PARTS = {
    "area_ha": {"min": 10, "max": 20},
    "industry": "2930",
    "max_distance_km": {"expressway_interchange": 15},
    "limit": 1000,
}


def search(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    res = api.post("/api/v1/site-search", json=body)
    assert res.status_code == 200, res.text
    answer: dict[str, Any] = res.json()
    return answer


@cache
def _layer(base_url: str, path: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = httpx.get(base_url + path, timeout=30).json()["features"]
    return features


def layer(api: httpx.Client, path: str) -> list[dict[str, Any]]:
    return _layer(str(api.base_url), path)


def metric(geojson: dict[str, Any]) -> Any:
    return shapely.transform(shape(geojson), TO_METRIC, interleaved=False)


def geodesic_ha(geojson: dict[str, Any]) -> float:
    return abs(GEOD.geometry_area_perimeter(shape(geojson))[0]) / 1e4


def nearest_m(api: httpx.Client, geojson: dict[str, Any], path: str) -> float:
    site = metric(geojson)
    return min(site.distance(metric(f["geometry"])) for f in layer(api, path))


def test_acceptance_car_parts_near_an_interchange(api: httpx.Client) -> None:
    answer = search(api, CAR_PARTS)
    candidates = answer["candidates"]
    assert candidates, answer["excluded"]
    assert "GK" in {c["zone_code"] for c in candidates}
    buffer = unary_union(
        [metric(f["geometry"]) for f in layer(api, "/api/v1/constraints?kind=heritage_buffer")]
    )
    prop = unary_union(
        [metric(f["geometry"]) for f in layer(api, "/api/v1/constraints?kind=heritage_property")]
    )
    for c in candidates:
        site = metric(c["geometry"])
        assert not site.intersects(buffer) and not site.intersects(prop), c["plot_codes"]
        assert c["criteria"] and c["score"] >= 0


def test_hard_needs_are_never_violated(api: httpx.Client) -> None:
    body = {
        **CAR_PARTS,
        "max_lease_price_usd_m2": 100,
        "max_distance_km": {"expressway_interchange": 15, "national_road": 5},
        "power_mva": 2,
        "availability": ["free", "planned"],
    }
    answer = search(api, body)
    assert answer["candidates"]
    zones = {f["properties"]["code"]: f["properties"] for f in layer(api, "/api/v1/zones")}
    for c in answer["candidates"]:
        area = geodesic_ha(c["geometry"])
        assert 10 * 0.999 <= area <= 20 * 1.001, (c["plot_codes"], area)
        assert abs(area - c["area_ha"]) / area < 0.002
        zone = zones[c["zone_code"]]
        assert zone["lease_price_usd_m2"] <= 100
        assert zone["power_mva"] - zone["power_used_mva"] >= 2
        assert any("2930".startswith(t) for t in zone["target_industries"])
        assert not any("2930".startswith(t) for t in zone["excluded_industries"])
        for kind, km in body["max_distance_km"].items():
            d = nearest_m(api, c["geometry"], f"/api/v1/infrastructure?kind={kind}")
            assert d <= km * 1000 * 1.002 + 1, (c["plot_codes"], kind, d)
        for code in c["plot_codes"]:
            plot = api.get(f"/api/v1/plots/{code}").json()["properties"]
            assert plot["status"] in ("free", "planned") and plot["zone_code"] == c["zone_code"]


def test_min_distance_is_respected(api: httpx.Client) -> None:
    body = {"area_ha": {"min": 1}, "min_distance_km": {"residential": 3}, "limit": 1000}
    answer = search(api, body)
    assert answer["candidates"]
    assert answer["excluded"]["min_distance_km.residential"] > 0
    for c in answer["candidates"]:
        d = nearest_m(api, c["geometry"], "/api/v1/constraints?kind=residential")
        assert d >= 3000 * 0.998, (c["plot_codes"], d)


def test_assembly_offers_adjacent_plots_of_one_zone(api: httpx.Client) -> None:
    answer = search(api, {"area_ha": {"min": 20, "max": 40}, "limit": 1000})
    groups = [c for c in answer["candidates"] if c["assembled"]]
    assert groups, "the GK extension holds adjacent free plots above 20 ha together"
    for c in groups:
        plots = [api.get(f"/api/v1/plots/{code}").json() for code in c["plot_codes"]]
        assert {p["properties"]["zone_code"] for p in plots} == {c["zone_code"]}
        shapes = [metric(p["geometry"]) for p in plots]
        # Connected through shared edges (>= 10 m), never through corners alone.
        edges = {
            (i, j)
            for i, j in itertools.combinations(range(len(shapes)), 2)
            if shapes[i].buffer(0.5).intersection(shapes[j].boundary).length >= 10
        }
        reached, todo = {0}, [0]
        while todo:
            i = todo.pop()
            for a, b in edges:
                for x, y in ((a, b), (b, a)):
                    if x == i and y not in reached:
                        reached.add(y)
                        todo.append(y)
        assert reached == set(range(len(shapes))), c["plot_codes"]
        assert 20 <= sum(geodesic_ha(p["geometry"]) for p in plots) <= 40 * 1.001


def test_explanation_adds_up(api: httpx.Client) -> None:
    answer = search(api, CAR_PARTS)
    assert abs(sum(answer["weights"].values()) - 1) < 1e-6
    for c in answer["candidates"]:
        total = sum(v["contribution"] for v in c["criteria"].values())
        assert abs(total - c["score"]) < 1e-5
        for name, v in c["criteria"].items():
            assert v["direction"] in ("benefit", "cost") and v["unit"]
            assert 0 <= v["normalized"] <= 1
            assert v["weight"] == answer["weights"][name]
            assert abs(v["contribution"] - v["weight"] * v["normalized"]) < 1e-5
    singles = sum(1 for c in answer["candidates"] if not c["assembled"])
    assert answer["considered"] - sum(answer["excluded"].values()) == singles
    assert answer["passed"] == len(answer["candidates"])
    ranks = [c["rank"] for c in answer["candidates"]]
    assert ranks == list(range(1, len(ranks) + 1))
    scores = [c["score"] for c in answer["candidates"]]
    assert scores == sorted(scores, reverse=True)
    sens = answer["sensitivity"]
    assert sens and all(s["weight"] > 0 for s in sens)


def test_scaling_weights_changes_nothing(api: httpx.Client) -> None:
    weights = {"lease_price": 2, "expressway_interchange": 3, "area_fit": 1, "readiness": 1}
    a = search(api, {**CAR_PARTS, "weights": weights})
    b = search(api, {**CAR_PARTS, "weights": {k: 7.5 * w for k, w in weights.items()}})
    assert [c["plot_codes"] for c in a["candidates"]] == [c["plot_codes"] for c in b["candidates"]]
    for x, y in zip(a["candidates"], b["candidates"], strict=True):
        assert abs(x["score"] - y["score"]) < 1e-9


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_a_dominating_site_never_ranks_below(api: httpx.Client, method: str) -> None:
    answer = search(api, {"area_ha": {"min": 1}, "limit": 1000, "method": method})
    cands = answer["candidates"]
    assert len(cands) > 5

    def vector(c: dict[str, Any]) -> list[float]:
        return [
            v["value"] if v["direction"] == "benefit" else -v["value"]
            for _, v in sorted(c["criteria"].items())
        ]

    vectors = [vector(c) for c in cands]
    for a, b in itertools.permutations(range(len(cands)), 2):
        va, vb = vectors[a], vectors[b]
        if all(x >= y for x, y in zip(va, vb, strict=True)) and va != vb:
            assert cands[a]["rank"] < cands[b]["rank"], (
                cands[a]["plot_codes"],
                cands[b]["plot_codes"],
            )


def test_topsis_and_ahp(api: httpx.Client) -> None:
    topsis = search(api, {**CAR_PARTS, "method": "topsis"})
    assert topsis["method"] == "topsis"
    assert all(0 <= c["score"] <= 1 for c in topsis["candidates"])
    ahp = search(
        api,
        {
            **CAR_PARTS,
            "ahp": {
                "criteria": ["lease_price", "expressway_interchange", "readiness"],
                "matrix": [[1, 1 / 3, 2], [3, 1, 5], [1 / 2, 1 / 5, 1]],
            },
        },
    )
    assert ahp["ahp"]["cr"] < 0.1
    w = ahp["weights"]
    assert w["expressway_interchange"] > w["lease_price"] > w["readiness"] > 0
    assert w["seaport"] == 0


def test_no_hit_explains_why(api: httpx.Client) -> None:
    answer = search(api, {"area_ha": {"min": 4000}})
    assert answer["candidates"] == [] and answer["passed"] == 0
    assert answer["excluded"]["area_ha"] > 0
    answer = search(api, {"area_ha": {"min": 1}, "max_lease_price_usd_m2": 1})
    assert answer["candidates"] == [] and answer["excluded"]["max_lease_price_usd_m2"] > 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"area_ha": {"min": -1}}, "area_ha.min"),
        ({"area_ha": {"min": 5, "max": 1}}, "area_ha"),
        ({"area_ha": {"min": 1}, "weights": {"beauty": 1}}, "weights"),
        ({"area_ha": {"min": 1}, "weights": {"lease_price": 0, "hanoi": 0}}, "weights"),
        ({"area_ha": {"min": 1}, "max_distance_km": {"airport": 5}}, "max_distance_km"),
        ({"area_ha": {"min": 1}, "zones": ["NOPE"]}, "zones"),
        ({"area_ha": {"min": 1}, "method": "magic"}, "method"),
        ({"area_ha": {"min": 1}, "limit": 0}, "limit"),
        (
            {
                "area_ha": {"min": 1},
                "ahp": {
                    "criteria": ["lease_price", "hanoi", "readiness"],
                    "matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]],
                },
            },
            "ahp.matrix",
        ),
        ({}, "area_ha"),
    ],
)
def test_bad_requests_name_the_field(api: httpx.Client, body: dict[str, Any], field: str) -> None:
    res = api.post("/api/v1/site-search", json=body)
    assert res.status_code == 422, res.text
    assert res.json()["field"] == field
    assert res.json()["message"]


def test_nan_is_refused(api: httpx.Client) -> None:
    res = api.post(
        "/api/v1/site-search",
        content='{"area_ha": {"min": NaN}}',
        headers={"content-type": "application/json"},
    )
    assert res.status_code == 422
    assert res.json()["field"].startswith("area_ha")


def test_cli_search(settings: Settings, tmp_path: Path, api: httpx.Client) -> None:
    needs = tmp_path / "needs.json"
    needs.write_text(json.dumps(CAR_PARTS))
    env = {**os.environ, "IZAGIS_DATABASE_URL": str(settings.database_url)}
    cli = [str(Path(sys.executable).parent / "izagis"), "search", str(needs)]
    table = subprocess.run(cli, env=env, capture_output=True, text=True, check=True)
    assert "rank" in table.stdout and "GK" in table.stdout
    raw = subprocess.run([*cli, "--json"], env=env, capture_output=True, text=True, check=True)
    assert json.loads(raw.stdout)["candidates"] == search(api, CAR_PARTS)["candidates"]


def test_utilities_zones_and_reclaimable_land(api: httpx.Client) -> None:
    zones = {f["properties"]["code"]: f["properties"] for f in layer(api, "/api/v1/zones")}
    body = {
        "area_ha": {"min": 1},
        "water_m3_day": 500,
        "wastewater_m3_day": 400,
        "exclude_zones": ["TD2"],
        "availability": ["free", "delayed"],
        "limit": 1000,
    }
    answer = search(api, body)
    assert answer["candidates"]
    statuses = set()
    for c in answer["candidates"]:
        zone = zones[c["zone_code"]]
        assert c["zone_code"] != "TD2"
        assert zone["water_m3_day"] - zone["water_used_m3_day"] >= 500
        assert zone["wastewater_m3_day"] - zone["wastewater_used_m3_day"] >= 400
        for code in c["plot_codes"]:
            statuses.add(api.get(f"/api/v1/plots/{code}").json()["properties"]["status"])
    assert statuses <= {"free", "delayed"} and "delayed" in statuses
    delayed = [c for c in answer["candidates"] if c["status"] == "delayed"]
    assert all(c["criteria"]["readiness"]["value"] == 0.5 for c in delayed)
    assert answer["excluded"]["exclude_zones"] > 0
    only = search(api, {"area_ha": {"min": 1}, "zones": ["GK"], "limit": 1000})
    assert {c["zone_code"] for c in only["candidates"]} == {"GK"}


def test_sensitivity_thresholds_hold(api: httpx.Client) -> None:
    answer = search(api, CAR_PARTS)
    leader = answer["candidates"][0]["plot_codes"]
    weights = answer["weights"]
    checked = 0
    for row in answer["sensitivity"]:
        for key, sign in (("max_increase_pct", 1), ("max_decrease_pct", -1)):
            pct = row[key]
            if pct is None or pct > 1000:
                continue
            for factor, changes in ((0.98, False), (1.02, True)):
                # The weight moves by the relative amount; the others share the rest pro rata.
                old = weights[row["criterion"]]
                new = old * (1 + sign * factor * pct / 100)
                w = {k: v * (1 - new) / (1 - old) for k, v in weights.items()}
                w[row["criterion"]] = new
                top = search(api, {**CAR_PARTS, "weights": w})["candidates"][0]["plot_codes"]
                assert (top != leader) == changes, (row["criterion"], key, factor)
            checked += 1
    assert checked >= 2


def test_assembly_only_where_no_single_plot_fits(api: httpx.Client) -> None:
    answer = search(api, {"area_ha": {"min": 9, "max": 30}, "limit": 1000})
    singles = {c["zone_code"] for c in answer["candidates"] if not c["assembled"]}
    groups = [c for c in answer["candidates"] if c["assembled"]]
    assert singles and groups
    assert not {c["zone_code"] for c in groups} & singles
    used = [code for c in groups for code in c["plot_codes"]]
    assert len(used) == len(set(used)), "no plot offered in two assemblies"


def test_huge_weights_are_refused_not_crashed(api: httpx.Client) -> None:
    res = api.post(
        "/api/v1/site-search",
        json={"area_ha": {"min": 1}, "weights": {"lease_price": 1e308, "hanoi": 1e308}},
    )
    assert res.status_code == 422 and res.json()["field"] == "weights"


def test_planned_land_by_the_year_it_becomes_leasable(api: httpx.Client) -> None:
    body = {"area_ha": {"min": 1}, "availability": ["planned"], "limit": 1000}
    every = search(api, body)["candidates"]
    years = {c["leasable_year"] for c in every}
    assert every and None not in years and len(years) > 1
    cutoff = min(years)
    early = search(api, {**body, "leasable_by": cutoff})
    assert early["candidates"] and early["excluded"]["leasable_by"] > 0
    assert all(c["leasable_year"] <= cutoff for c in early["candidates"])
