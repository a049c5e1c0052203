"""The public API stays the same: the OpenAPI document and the answers of a fixed set of
requests, recorded from the read-only slice, may only gain members, never lose or change one.

Record anew (after a deliberate change) with ``pytest tests/test_public_api.py --record``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest

SNAPSHOTS = Path(__file__).parent / "snapshots"
CAR_PARTS = {
    "area_ha": {"min": 10, "max": 20},
    "industry": "2930",
    "max_distance_km": {"expressway_interchange": 15},
}
SMALL_PLOT = {"area_ha": {"min": 0.9, "max": 3}, "max_lease_price_usd_m2": 90, "limit": 10}
REQUESTS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "zones": ("GET", "/api/v1/zones", None),
    "zone_gk": ("GET", "/api/v1/zones/GK", None),
    "plot": ("GET", "/api/v1/plots/TD2-035", None),
    "stats": ("GET", "/api/v1/stats", None),
    "search_car_parts": ("POST", "/api/v1/site-search", CAR_PARTS),
    "search_small_plot": ("POST", "/api/v1/site-search", SMALL_PLOT),
}


def deref(node: Any, root: dict[str, Any]) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points to (titles dropped, since
    a named schema's title is only its name)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return deref({k: v for k, v in target.items() if k != "title"}, root)
        out = {k: deref(v, root) for k, v in node.items() if k != "title"}
        if isinstance(out.get("parameters"), list):  # their order carries no meaning
            out["parameters"] = {f"{p['in']}:{p['name']}": p for p in out["parameters"]}
        return out
    if isinstance(node, list):
        return [deref(v, root) for v in node]
    return node


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """Where ``new`` loses or changes something of ``old`` (added members are allowed)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key, value in old.items():
            if key not in new:
                out.append(f"{path}/{key}: removed")
            else:
                out += differences(value, new[key], f"{path}/{key}")
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path}: {len(old)} items, now {len(new)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in differences(a, b, f"{path}/{i}")
        ]
    if isinstance(old, float) and isinstance(new, int | float):
        return (
            []
            if math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-9)
            else [f"{path}: {old} is now {new}"]
        )
    return [] if old == new else [f"{path}: {old!r} is now {new!r}"]


def _answer(api: httpx.Client, name: str) -> Any:
    method, path, body = REQUESTS[name]
    res = api.request(method, path, json=body)
    assert res.status_code == 200, res.text
    return res.json()


def _compare(name: str, current: Any, record: bool) -> None:
    path = SNAPSHOTS / f"{name}.json"
    if record:
        path.write_text(json.dumps(current, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    recorded = json.loads(path.read_text())
    assert differences(recorded, current) == []


@pytest.fixture()
def record(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--record"))


def test_openapi_only_grows(api: httpx.Client, record: bool) -> None:
    doc = api.get("/openapi.json").json()
    current = {"paths": deref(doc["paths"], doc)}
    _compare("openapi", current, record)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_answers_only_grow(api: httpx.Client, name: str, record: bool) -> None:
    _compare(name, _answer(api, name), record)


def test_differences_allow_additions_only() -> None:
    assert differences({"a": 1}, {"a": 1, "b": 2}) == []
    assert differences({"a": 1, "b": 2}, {"a": 1}) == ["/b: removed"]
    assert differences({"a": [1, 2]}, {"a": [1]}) == ["/a: 2 items, now 1"]
    assert differences({"a": 0.5}, {"a": 0.6}) == ["/a: 0.5 is now 0.6"]
