"""Site search on the small world, checked from the outside: every returned site is re-measured
from its geometry and the feature layers with shapely and pyproj, and what each hard need
removes is worked out from ``world.py``, not with the engine's own code."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from shapely.ops import unary_union

from izagis.settings import Settings
from tests.behaviour import world
from tests.behaviour.measure import geodesic_ha, layer, metric, nearest_m, search

# What a car-parts maker (VSIC 2930) might ask of the small world: ZB's big lots pass as they
# are, ZA's smaller free lots only assembled.
CAR_PARTS = {
    "area_ha": {"min": 10, "max": 20},
    "industry": "2930",
    "max_distance_km": {"expressway_interchange": 15},
    "limit": 1000,
}
ALL_LAND = ["free", "planned", "delayed"]
UTILITY_OF = {"power_mva": "power", "water_m3_day": "water", "wastewater_m3_day": "wastewater"}
LEASABLE = [p for p in world.PLOTS if p.leasable]


# --- the oracle: what each need removes, from the world's own data --------------------------


def _passes(plot: world.Plot, need: str, body: dict[str, Any]) -> bool:
    """Whether ``plot`` meets hard need ``need`` (a key of the answer's ``excluded``)."""
    zone = world.zone(plot.zone)
    if need == "zones":
        return plot.zone in body["zones"]
    if need == "exclude_zones":
        return plot.zone not in body["exclude_zones"]
    if need == "industry":
        return zone.admits(body["industry"])
    if need == "max_lease_price_usd_m2":
        return zone.lease_price_usd_m2 <= body[need]
    if need == "leasable_by":
        return plot.leasable_year is None or plot.leasable_year <= body[need]
    if need in UTILITY_OF:
        return zone.free(UTILITY_OF[need]) >= body[need]
    if need.startswith("max_distance_km."):
        kind = need.removeprefix("max_distance_km.")
        d = world.distance_m(plot.shape, kind)
        return d is not None and d <= body["max_distance_km"][kind] * 1000
    if need.startswith("min_distance_km."):
        kind = need.removeprefix("min_distance_km.")
        km = body.get("min_distance_km", {}).get(kind, 0.0)
        d = world.distance_m(plot.shape, kind)
        return d is None or (d > 0 if km == 0 else d >= km * 1000)
    if need == "area_ha":
        low, high = body["area_ha"]["min"], body["area_ha"].get("max")
        return plot.area_ha >= low and (high is None or plot.area_ha <= high)
    raise AssertionError(f"no oracle for {need}")


def _expected_needs(body: dict[str, Any]) -> set[str]:
    """The hard needs a request makes (the keys ``excluded`` must have)."""
    needs = {"availability", "area_ha"}
    needs |= {k for k in ("zones", "industry", "leasable_by") if body.get(k) is not None}
    needs |= {k for k in ("max_lease_price_usd_m2", *UTILITY_OF) if body.get(k) is not None}
    if body.get("exclude_zones"):
        needs.add("exclude_zones")
    needs |= {f"max_distance_km.{k}" for k in body.get("max_distance_km", {})}
    protected = {*world.PROTECTED_KINDS, *body.get("min_distance_km", {})}
    return needs | {f"min_distance_km.{k}" for k in protected}


def oracle(answer: dict[str, Any], body: dict[str, Any]) -> tuple[dict[str, int], list[str]]:
    """What ``excluded`` must say, in the answer's order of needs, and the single plots that
    pass every need."""
    assert set(answer["excluded"]) == _expected_needs(body)
    availability = body.get("availability", ["free"])
    # reserved plots are held: never available, whatever the request
    left = [p for p in LEASABLE if p.status in availability]
    excluded = {"availability": len(LEASABLE) - len(left)}
    for need in answer["excluded"]:
        if need == "availability":
            continue
        kept = [p for p in left if _passes(p, need, body)]
        excluded[need] = len(left) - len(kept)
        left = kept
    return excluded, [p.code for p in left]


def _singles(answer: dict[str, Any]) -> list[str]:
    return sorted(c["plot_codes"][0] for c in answer["candidates"] if not c["assembled"])


def _flat(value: object) -> str:
    """A short test id for a need's value: ``area_ha.min=5.5,area_ha.max=6.5``."""
    if isinstance(value, dict):
        return ",".join(
            f"{k}.{_flat(v)}" if isinstance(v, dict) else f"{k}={_flat(v)}"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return "+".join(map(str, value))
    return str(value)


BASE = {"area_ha": {"min": 0.5}, "availability": ALL_LAND, "allow_assembly": False, "limit": 1000}


@pytest.mark.parametrize(
    ("need", "ask"),
    [
        ("zones", {"zones": ["ZA"]}),
        ("exclude_zones", {"exclude_zones": ["ZA"]}),
        ("industry", {"industry": "2930"}),
        ("industry", {"industry": "2610"}),
        ("industry", {"industry": "20"}),
        ("max_lease_price_usd_m2", {"max_lease_price_usd_m2": 80}),
        ("leasable_by", {"leasable_by": 2028}),
        ("power_mva", {"power_mva": 2}),
        ("water_m3_day", {"water_m3_day": 500}),
        ("wastewater_m3_day", {"wastewater_m3_day": 300}),
        (
            "max_distance_km.expressway_interchange",
            {"max_distance_km": {"expressway_interchange": 3}},
        ),
        ("max_distance_km.national_road", {"max_distance_km": {"national_road": 2}}),
        ("min_distance_km.residential", {"min_distance_km": {"residential": 1}}),
        ("min_distance_km.national_park", {"min_distance_km": {"national_park": 0.3}}),
        ("area_ha", {"area_ha": {"min": 10}}),
        ("area_ha", {"area_ha": {"min": 5.5, "max": 6.5}}),
        ("availability", {"availability": ["free"]}),
    ],
    ids=lambda v: v if isinstance(v, str) else _flat(v),
)
def test_each_hard_need_removes_the_plots_that_fail_it(
    world_api: httpx.Client, need: str, ask: dict[str, Any]
) -> None:
    body = {**BASE, **ask}
    answer = search(world_api, body)
    excluded, passing = oracle(answer, body)
    assert answer["excluded"] == excluded
    assert answer["excluded"][need] > 0, "the world is built so that every need bites"
    assert _singles(answer) == sorted(passing)
    assert answer["considered"] == len(LEASABLE)
    assert answer["passed"] == len(passing)


def test_protected_land_is_never_offered(world_api: httpx.Client) -> None:
    park = unary_union(
        [metric(f["geometry"]) for f in layer(world_api, "/api/v1/constraints?kind=national_park")]
    )
    for body in (
        {"area_ha": {"min": 1}, "limit": 1000},
        {"area_ha": {"min": 1}, "availability": ALL_LAND, "limit": 1000},
        {"area_ha": {"min": 2.5, "max": 9}, "limit": 1000},  # ZB-07 could fill an assembly
        CAR_PARTS,
    ):
        answer = search(world_api, body)
        assert answer["candidates"], body
        assert answer["excluded"]["min_distance_km.national_park"] == 1, "ZB-07, inside the park"
        for c in answer["candidates"]:
            assert "ZB-07" not in c["plot_codes"]
            assert not metric(c["geometry"]).intersects(park), c["plot_codes"]
            assert c["criteria"]["constraint_margin"]["value"] > 0


def test_hard_needs_are_never_violated(world_api: httpx.Client) -> None:
    body: dict[str, Any] = {
        **CAR_PARTS,
        "max_lease_price_usd_m2": 100,
        "max_distance_km": {"expressway_interchange": 15, "national_road": 2},
        "power_mva": 2,
        "availability": ["free", "planned"],
    }
    answer = search(world_api, body)
    assert answer["candidates"]
    assert answer["excluded"] == oracle(answer, body)[0]
    zones = {f["properties"]["code"]: f["properties"] for f in layer(world_api, "/api/v1/zones")}
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
            d = nearest_m(world_api, c["geometry"], f"/api/v1/infrastructure?kind={kind}")
            assert d <= km * 1000 * 1.002 + 1, (c["plot_codes"], kind, d)
        for code in c["plot_codes"]:
            plot = world_api.get(f"/api/v1/plots/{code}").json()["properties"]
            assert plot["status"] in ("free", "planned") and plot["zone_code"] == c["zone_code"]


def test_min_distance_is_respected(world_api: httpx.Client) -> None:
    body = {"area_ha": {"min": 1}, "min_distance_km": {"residential": 1}, "limit": 1000}
    answer = search(world_api, body)
    assert answer["candidates"]
    assert (
        answer["excluded"]["min_distance_km.residential"]
        == oracle(answer, body)[0]["min_distance_km.residential"]
    )
    assert answer["excluded"]["min_distance_km.residential"] > 0
    for c in answer["candidates"]:
        d = nearest_m(world_api, c["geometry"], "/api/v1/constraints?kind=residential")
        assert d >= 1000 * 0.998, (c["plot_codes"], d)


def _connected_by_edges(shapes: list[Any]) -> bool:
    """Whether the shapes form one group through shared edges (>= 10 m), corners not counting."""
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
    return reached == set(range(len(shapes)))


def test_assembly_offers_adjacent_plots_of_one_zone(world_api: httpx.Client) -> None:
    answer = search(world_api, {"area_ha": {"min": 20, "max": 40}, "limit": 1000})
    groups = [c for c in answer["candidates"] if c["assembled"]]
    assert groups, "no free plot reaches 20 ha, but ZA's row and ZB-05 + ZB-06 do together"
    assert {c["zone_code"] for c in groups} == {"ZA", "ZB"}
    for c in groups:
        plots = [world_api.get(f"/api/v1/plots/{code}").json() for code in c["plot_codes"]]
        assert {p["properties"]["zone_code"] for p in plots} == {c["zone_code"]}
        assert {p["properties"]["status"] for p in plots} == {"free"}
        shapes = [metric(p["geometry"]) for p in plots]
        assert _connected_by_edges(shapes), c["plot_codes"]
        total = sum(geodesic_ha(p["geometry"]) for p in plots)
        assert 20 <= total <= 40 * 1.001
        assert c["area_ha"] == pytest.approx(total, abs=1e-3)
        assert metric(c["geometry"]).area == pytest.approx(unary_union(shapes).area, rel=1e-6)


def test_assembly_never_joins_across_zones_or_at_corners(world_api: httpx.Client) -> None:
    # ZA-13 (ZA) and ZB-05 (ZB) share 260 m of edge and would make 11.2 ha together.
    across = search(world_api, {"area_ha": {"min": 11, "max": 11.5}, "limit": 1000})
    assert across["candidates"], "ZA-11 + ZA-13 make 11.2 ha within ZA"
    for c in across["candidates"]:
        assert {code[:2] for code in c["plot_codes"]} == {c["zone_code"]}
        assert not {"ZA-13", "ZB-05"} <= set(c["plot_codes"])
    # ZC-01 and ZC-04, the planned lots leasable by 2028, touch only at a corner.
    body = {
        "area_ha": {"min": 10, "max": 14},
        "availability": ["planned"],
        "leasable_by": 2028,
        "limit": 1000,
    }
    corner = search(world_api, body)
    assert corner["candidates"] == [] and corner["passed"] == 0
    assert corner["excluded"]["area_ha"] == 2 and corner["excluded"]["leasable_by"] == 2
    # With all four planned lots, pairs sharing an edge are offered, never the diagonal ones.
    every = search(world_api, {**body, "leasable_by": None})
    groups = [set(c["plot_codes"]) for c in every["candidates"] if c["assembled"]]
    assert groups
    for g in groups:
        assert not {"ZC-01", "ZC-04"} <= g and not {"ZC-02", "ZC-03"} <= g
        shapes = [world.plot(code).shape for code in sorted(g)]
        assert _connected_by_edges(shapes), g


def test_assembly_only_where_no_single_plot_fits(world_api: httpx.Client) -> None:
    answer = search(world_api, {"area_ha": {"min": 9, "max": 30}, "limit": 1000})
    singles = {c["zone_code"] for c in answer["candidates"] if not c["assembled"]}
    groups = [c for c in answer["candidates"] if c["assembled"]]
    assert singles == {"ZB"} and {c["zone_code"] for c in groups} == {"ZA"}
    assert not {c["zone_code"] for c in groups} & singles
    used = [code for c in groups for code in c["plot_codes"]]
    assert len(used) == len(set(used)), "no plot offered in two assemblies"
    assert len(groups) <= 5
    free_za = [p for p in world.plots_of("ZA") if p.leasable and p.status == "free"]
    assert set(used) <= {p.code for p in free_za}


def test_explanation_adds_up(world_api: httpx.Client) -> None:
    answer = search(world_api, CAR_PARTS)
    assert answer["candidates"]
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
    assert answer["considered"] == len(LEASABLE)
    assert answer["passed"] == len(answer["candidates"])
    ranks = [c["rank"] for c in answer["candidates"]]
    assert ranks == list(range(1, len(ranks) + 1))
    scores = [c["score"] for c in answer["candidates"]]
    assert scores == sorted(scores, reverse=True)
    sens = answer["sensitivity"]
    assert sens and all(s["weight"] > 0 for s in sens)


def test_criteria_values_are_measured(world_api: httpx.Client) -> None:
    """The explained values are the world's: lease price, distances, readiness, area fit."""
    answer = search(world_api, {**BASE, "area_ha": {"min": 1, "max": 9}})
    assert answer["candidates"]
    for c in answer["candidates"]:
        (code,) = c["plot_codes"]
        plot, zone = world.plot(code), world.zone(c["zone_code"])
        criteria = {k: v["value"] for k, v in c["criteria"].items()}
        assert criteria["lease_price"] == zone.lease_price_usd_m2
        assert criteria["area_fit"] == pytest.approx(abs(plot.area_ha - 5), abs=1e-3)
        for kind in ("expressway_interchange", "national_road", "substation", "hanoi"):
            d = world.distance_m(plot.shape, kind)
            assert d is not None and criteria[kind] == pytest.approx(d / 1000, abs=2e-4), kind
        labour = world.distance_m(plot.shape, "residential")
        assert labour is not None and criteria["labour_pool"] == pytest.approx(
            labour / 1000, abs=2e-4
        )
        if plot.status == "free":
            assert criteria["readiness"] == 1
        elif plot.status == "delayed":
            assert criteria["readiness"] == 0.5


def test_scaling_weights_changes_nothing(world_api: httpx.Client) -> None:
    weights = {"lease_price": 2, "expressway_interchange": 3, "area_fit": 1, "readiness": 1}
    a = search(world_api, {**CAR_PARTS, "weights": weights})
    b = search(world_api, {**CAR_PARTS, "weights": {k: 7.5 * w for k, w in weights.items()}})
    assert a["candidates"]
    assert [c["plot_codes"] for c in a["candidates"]] == [c["plot_codes"] for c in b["candidates"]]
    for x, y in zip(a["candidates"], b["candidates"], strict=True):
        assert abs(x["score"] - y["score"]) < 1e-9


@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_a_dominating_site_never_ranks_below(world_api: httpx.Client, method: str) -> None:
    answer = search(
        world_api,
        {"area_ha": {"min": 1}, "availability": ALL_LAND, "limit": 1000, "method": method},
    )
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


def test_topsis_and_ahp(world_api: httpx.Client) -> None:
    topsis = search(world_api, {**CAR_PARTS, "method": "topsis"})
    assert topsis["method"] == "topsis" and topsis["candidates"]
    assert all(0 <= c["score"] <= 1 for c in topsis["candidates"])
    ahp = search(
        world_api,
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
    assert abs(sum(w.values()) - 1) < 1e-6


def test_no_hit_explains_why(world_api: httpx.Client) -> None:
    answer = search(world_api, {"area_ha": {"min": 4000}})
    assert answer["candidates"] == [] and answer["passed"] == 0
    assert answer["excluded"]["area_ha"] > 0
    answer = search(world_api, {"area_ha": {"min": 1}, "max_lease_price_usd_m2": 1})
    assert answer["candidates"] == [] and answer["excluded"]["max_lease_price_usd_m2"] > 0
    assert answer["sensitivity"] == []


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
def test_bad_requests_name_the_field(
    world_api: httpx.Client, body: dict[str, Any], field: str
) -> None:
    res = world_api.post("/api/v1/site-search", json=body)
    assert res.status_code == 422, res.text
    assert res.json()["field"] == field
    assert res.json()["message"]


def test_nan_is_refused(world_api: httpx.Client) -> None:
    res = world_api.post(
        "/api/v1/site-search",
        content='{"area_ha": {"min": NaN}}',
        headers={"content-type": "application/json"},
    )
    assert res.status_code == 422
    assert res.json()["field"].startswith("area_ha")


def test_huge_weights_are_refused_not_crashed(world_api: httpx.Client) -> None:
    res = world_api.post(
        "/api/v1/site-search",
        json={"area_ha": {"min": 1}, "weights": {"lease_price": 1e308, "hanoi": 1e308}},
    )
    # The refusal names the weights (since the request models' hardening, the first weight
    # out of range: "weights.lease_price"), and lists every weight that is.
    assert res.status_code == 422 and res.json()["field"].split(".")[0] == "weights"
    offending = {e["loc"][-1] for e in res.json()["errors"] if "weights" in e["loc"]}
    assert offending == {"lease_price", "hanoi"}


def test_cli_search(world_settings: Settings, tmp_path: Path, world_api: httpx.Client) -> None:
    needs = tmp_path / "needs.json"
    needs.write_text(json.dumps(CAR_PARTS))
    env = {**os.environ, "IZAGIS_DATABASE_URL": str(world_settings.database_url)}
    cli = [str(Path(sys.executable).parent / "izagis"), "search", str(needs)]
    table = subprocess.run(cli, env=env, capture_output=True, text=True, check=True)
    answer = search(world_api, CAR_PARTS)
    assert "rank" in table.stdout
    assert f"{answer['passed']} candidates from {answer['considered']} plots" in table.stdout
    for c in answer["candidates"]:
        assert c["zone_code"] in table.stdout
    raw = subprocess.run([*cli, "--json"], env=env, capture_output=True, text=True, check=True)
    assert json.loads(raw.stdout)["candidates"] == answer["candidates"]


def test_utilities_zones_and_reclaimable_land(world_api: httpx.Client) -> None:
    zones = {f["properties"]["code"]: f["properties"] for f in layer(world_api, "/api/v1/zones")}
    body = {
        "area_ha": {"min": 1},
        "water_m3_day": 500,
        "wastewater_m3_day": 400,
        "exclude_zones": ["ZB"],
        "availability": ["free", "delayed"],
        "limit": 1000,
    }
    answer = search(world_api, body)
    assert answer["candidates"]
    assert answer["excluded"] == oracle(answer, body)[0]
    statuses = set()
    for c in answer["candidates"]:
        zone = zones[c["zone_code"]]
        assert c["zone_code"] != "ZB"
        assert zone["water_m3_day"] - zone["water_used_m3_day"] >= 500
        assert zone["wastewater_m3_day"] - zone["wastewater_used_m3_day"] >= 400
        for code in c["plot_codes"]:
            statuses.add(world_api.get(f"/api/v1/plots/{code}").json()["properties"]["status"])
    assert statuses <= {"free", "delayed"} and "delayed" in statuses
    delayed = [c for c in answer["candidates"] if c["status"] == "delayed"]
    assert all(c["criteria"]["readiness"]["value"] == 0.5 for c in delayed)
    assert answer["excluded"]["exclude_zones"] > 0
    only = search(world_api, {"area_ha": {"min": 1}, "zones": ["ZA"], "limit": 1000})
    assert only["candidates"] and {c["zone_code"] for c in only["candidates"]} == {"ZA"}


def test_sensitivity_thresholds_hold(world_api: httpx.Client) -> None:
    answer = search(world_api, CAR_PARTS)
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
                top = search(world_api, {**CAR_PARTS, "weights": w})["candidates"][0]["plot_codes"]
                assert (top != leader) == changes, (row["criterion"], key, factor)
            checked += 1
    assert checked >= 2


def test_planned_land_by_the_year_it_becomes_leasable(world_api: httpx.Client) -> None:
    body = {"area_ha": {"min": 1}, "availability": ["planned"], "limit": 1000}
    every = search(world_api, body)["candidates"]
    years = {c["leasable_year"] for c in every}
    assert every and None not in years and len(years) > 1
    assert years == {p.leasable_year for p in LEASABLE if p.status == "planned"}
    cutoff = min(years)
    early = search(world_api, {**body, "leasable_by": cutoff})
    assert early["candidates"] and early["excluded"]["leasable_by"] > 0
    assert all(c["leasable_year"] <= cutoff for c in early["candidates"])
    assert early["excluded"] == oracle(early, {**body, "leasable_by": cutoff})[0]
