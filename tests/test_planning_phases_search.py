"""Zone phases in the site search's answer: a site on the Gián Khẩu extension names that phase
and its opening year, a site on the original land its own phase, planned land in Tam Điệp
II's northern phase the year it opens; the plots' phases read independently from the
shipped files."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import Engine

from izagis.dataset import REFERENCE_DIR
from izagis.needs import MAX_LIMIT, AreaRange, SiteNeeds
from izagis.search import site_search


def shipped_phases() -> dict[str, dict[str, object]]:
    data = json.loads((REFERENCE_DIR / "zone_phases.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["properties"] for f in data["features"]}


def plot_phase() -> dict[str, str | None]:
    data = json.loads((REFERENCE_DIR / "plots.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["properties"].get("phase_code") for f in data["features"]}


def test_search_candidates_name_their_phase(engine: Engine) -> None:
    phases, of_plot = shipped_phases(), plot_phase()
    needs = SiteNeeds(
        area_ha=AreaRange(min=0.01),
        zones=["GK", "TD2"],
        availability=["free", "planned"],
        allow_assembly=False,
        limit=MAX_LIMIT,
    )
    with engine.connect() as conn:
        answer = site_search(conn, needs)
    seen = set()
    for site in answer.candidates:
        (code,) = site.plot_codes
        expected = of_plot[code]
        assert site.phase is not None and site.phase.code == expected, code
        shipped = phases[expected]
        assert (site.phase.leasable_from, site.phase.status, site.phase.name_en) == (
            shipped["leasable_from"],
            shipped["status"],
            shipped["name_en"],
        )
        seen.add(expected)
    assert {"GK-1", "GK-2", "TD2-2"} <= seen


def test_the_search_api_answers_with_the_phase(api: httpx.Client) -> None:
    res = api.post(
        "/api/v1/site-search",
        json={
            "area_ha": {"min": 0.01},
            "zones": ["GK"],
            "allow_assembly": False,
            "limit": MAX_LIMIT,
        },
    )
    assert res.status_code == 200, res.text
    phases = {c["phase"]["code"]: c["phase"] for c in res.json()["candidates"]}
    assert phases["GK-2"]["leasable_from"] == 2024
    assert phases["GK-2"]["name_vi"] and phases["GK-1"]["leasable_from"] == 2008
    assert not phases["GK-2"]["whole_zone"]  # GK has two phases


def test_a_zone_of_one_phase_says_so(api: httpx.Client) -> None:
    res = api.post(
        "/api/v1/site-search", json={"area_ha": {"min": 0.01}, "zones": ["KC"], "limit": 5}
    )
    assert res.status_code == 200, res.text
    assert {c["phase"]["code"] for c in res.json()["candidates"]} == {"KC-1"}
    assert all(c["phase"]["whole_zone"] for c in res.json()["candidates"])
