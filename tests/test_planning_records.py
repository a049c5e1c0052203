"""What planners record: KPIs against targets (the review's 2023 actuals and 2024 targets
seeded, new figures recorded, gaps computed), and saved proposals (named, versioned with
their check, compared two at a time with areas re-measured by pyproj, printed as PDF)."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from shapely import affinity
from shapely.geometry import mapping, shape
from sqlalchemy import Engine, text

from izagis.kpis import gap
from izagis.vocab import KPI_UNITS, KpiMetric, Role
from tests.test_planning import bearer, people, server  # noqa: F401  (the fixtures)
from tests.test_planning_proposals import across_the_buffer, geodesic_ha, one

# The province's figures in the authority's review of 2023 (shared/reference/FACTS.md).
REVIEW_2023_ACTUALS = {"revenue": 60000, "exports": 1400, "budget": 12000, "jobs": 36659}
REVIEW_2024_TARGETS = {"revenue": 62100, "exports": 1840, "budget": 13270, "jobs": 39000}


@pytest.fixture(scope="module")
def planner(server: httpx.Client) -> dict[str, str]:  # noqa: F811
    return bearer(server, Role.PLANNER)


def province(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k["metric"]: k for k in answer["kpis"] if k["zone"] is None}


def test_gap_is_actual_minus_target_and_the_share_reached() -> None:
    assert gap(63000.0, 62100.0) == (900.0, 63000 / 62100)
    assert gap(None, 62100.0) == (None, None)
    assert gap(5.0, 0.0) == (5.0, None)


def test_the_review_s_figures_are_seeded_for_the_province(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    res = server.get("/api/v1/planning/kpis", params={"year": 2023}, headers=planner)
    assert res.status_code == 200, res.text
    seeded = province(res.json())
    assert {m: seeded[m]["actual"] for m in REVIEW_2023_ACTUALS} == REVIEW_2023_ACTUALS
    assert seeded["new_capital"]["actual"] == pytest.approx(838.403)
    assert all("2023" in k["source"] for k in seeded.values())
    later = server.get("/api/v1/planning/kpis", headers=planner).json()
    assert later["year"] == 2024 and later["years"] == [2023, 2024]  # the latest with a target
    targets = province(later)
    assert {m: targets[m]["target"] for m in REVIEW_2024_TARGETS} == REVIEW_2024_TARGETS
    revenue = targets["revenue"]
    assert (revenue["unit"], revenue["baseline_year"], revenue["baseline"]) == (
        "vnd_bn",
        2023,
        60000,
    )
    assert revenue["needed_growth"] == pytest.approx(62100 / 60000 - 1)
    assert revenue["gap"] is None
    assert all(k["unit"] == KPI_UNITS[KpiMetric(k["metric"])] for k in later["kpis"])


def test_planners_record_actuals_and_targets_and_get_the_gaps(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
    people: Engine,  # noqa: F811
) -> None:
    res = server.put(
        "/api/v1/planning/kpis",
        json={"year": 2024, "metric": "revenue", "actual": 63000},
        headers=planner,
    )
    assert res.status_code == 200, res.text
    kpi = res.json()
    assert (kpi["actual"], kpi["target"], kpi["gap"]) == (63000, 62100, 900)
    # the seeded target keeps its source: the actual filled an empty figure
    assert kpi["share"] == pytest.approx(63000 / 62100) and "2023" in (kpi["source"] or "")
    res = server.put(
        "/api/v1/planning/kpis",
        json={"year": 2024, "metric": "revenue", "target": 64000},
        headers=planner,
    )
    assert res.status_code == 200, res.text
    assert res.json()["source"] is None  # the sourced target replaced: now the planner's
    res = server.put(
        "/api/v1/planning/kpis",
        json={"year": 2025, "metric": "jobs", "zone": "GK", "actual": 4000, "target": 5000},
        headers=planner,
    )
    assert res.status_code == 200, res.text
    answer = server.get(
        "/api/v1/planning/kpis", params={"year": 2025, "zone": "GK"}, headers=planner
    ).json()
    (jobs,) = answer["kpis"]
    assert (jobs["zone"], jobs["unit"], jobs["gap"], jobs["share"]) == ("GK", "people", -1000, 0.8)
    # only the field sent changes
    server.put(
        "/api/v1/planning/kpis",
        json={"year": 2025, "metric": "jobs", "zone": "GK", "target": 4000},
        headers=planner,
    )
    again = server.get(
        "/api/v1/planning/kpis", params={"year": 2025, "zone": "GK"}, headers=planner
    ).json()["kpis"][0]
    assert (again["actual"], again["gap"], again["share"]) == (4000, 0, 1)
    with people.connect() as conn:
        actors = (
            conn.execute(
                text(
                    "SELECT DISTINCT actor FROM audit_log "
                    "WHERE table_name = 'kpi_values' AND action = 'update'"
                )
            )
            .scalars()
            .all()
        )
    assert actors == ["planner@example.vn"]
    with people.connect() as conn:  # updated_at kept by the touch trigger
        touched = conn.execute(
            text(
                "SELECT k.updated_at > k.created_at FROM kpi_values k JOIN zones z "
                "ON z.id = k.zone_id WHERE z.code = 'GK' AND k.year = 2025"
            )
        ).scalar_one()
    assert touched


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2024, "metric": "revenue", "zone": "NOPE", "actual": 1}, "zone"),
        ({"year": 2024, "metric": "tourism", "actual": 1}, "metric"),
        ({"year": 2024, "metric": "revenue", "actual": -1}, "actual"),
        ({"year": 1800, "metric": "revenue", "actual": 1}, "year"),
    ],
)
def test_a_wrong_kpi_is_refused(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
    body: dict[str, Any],
    field: str,
) -> None:
    res = server.put("/api/v1/planning/kpis", json=body, headers=planner)
    assert res.status_code == 422 and field in res.text, res.text


def test_every_operation_of_planners_is_refused_to_others(server: httpx.Client) -> None:  # noqa: F811
    """Every operation under /api/v1/planning and /api/v1/proposals, from the OpenAPI
    document: 401 for nobody, 403 for staff, let through for admins."""
    paths = server.get("/openapi.json").json()["paths"]
    operations = [
        (
            method.upper(),
            path.replace("{id}", "1").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"),
        )
        for path, item in paths.items()
        if path.startswith(("/api/v1/planning", "/api/v1/proposals"))
        for method in item
    ]
    assert len(operations) >= 12, operations
    staff, admin = bearer(server, Role.STAFF), bearer(server, Role.ADMIN)
    for method, path in operations:
        assert server.request(method, path).status_code == 401, (method, path)
        assert server.request(method, path, headers=staff).status_code == 403, (method, path)
        let_in = server.request(method, path, headers=admin).status_code
        assert let_in not in (401, 403), (method, path, let_in)


def gian_khau_extension() -> Any:
    return shape(one("zone_phases", code="GK-2")["geometry"])


def test_a_proposal_is_saved_named_and_versioned_with_its_check(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    first = gian_khau_extension()
    res = server.post(
        "/api/v1/proposals",
        json={"name": "Gián Khẩu car logistics", "geometry": mapping(first)},
        headers=planner,
    )
    assert res.status_code == 201, res.text
    saved = res.json()
    (v1,) = saved["versions"]
    assert (saved["name"], v1["version"], v1["created_by"]) == (
        "Gián Khẩu car logistics",
        1,
        "planner@example.vn",
    )
    assert v1["check"]["area_ha"] == pytest.approx(geodesic_ha(first), rel=1e-4)
    moved = affinity.translate(first, xoff=0.003)
    res = server.post(
        f"/api/v1/proposals/{saved['id']}/versions",
        json={"geometry": {"type": "Feature", "geometry": mapping(moved)}, "note": "moved east"},
        headers=planner,
    )
    assert res.status_code == 201, res.text
    assert (res.json()["version"], res.json()["note"]) == (2, "moved east")
    detail = server.get(f"/api/v1/proposals/{saved['id']}", headers=planner).json()
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    assert shape(detail["versions"][1]["geometry"]).equals_exact(moved, 1e-6)
    listed = server.get("/api/v1/proposals", headers=planner).json()
    mine = next(p for p in listed if p["id"] == saved["id"])
    assert (mine["versions"], mine["latest"]["version"]) == (2, 2)
    compared = server.get(
        "/api/v1/proposals/compare",
        params={"a": f"{saved['id']}:1", "b": str(saved["id"])},
        headers=planner,
    ).json()
    assert (compared["a"]["version"], compared["b"]["version"]) == (1, 2)
    assert compared["shared_ha"] == pytest.approx(geodesic_ha(first & moved), rel=1e-3)
    assert compared["a_only_ha"] == pytest.approx(geodesic_ha(first - moved), rel=1e-3)
    assert compared["difference_ha"] == pytest.approx(geodesic_ha(first ^ moved), rel=1e-3)


def test_two_proposals_compared_side_by_side(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    """The Gián Khẩu extension against a square across the Tràng An buffer: no land in
    common, the buffer's overlap on one side only, the buffer rule passed and failed."""
    ids = []
    for name, geom in (("extension", gian_khau_extension()), ("buffer", across_the_buffer())):
        res = server.post(
            "/api/v1/proposals", json={"name": name, "geometry": mapping(geom)}, headers=planner
        )
        assert res.status_code == 201, res.text
        ids.append(res.json()["id"])
    res = server.get(
        "/api/v1/proposals/compare", params={"a": ids[0], "b": ids[1]}, headers=planner
    )
    assert res.status_code == 200, res.text
    c = res.json()
    assert c["shared_ha"] == 0
    assert c["difference_ha"] == pytest.approx(
        geodesic_ha(gian_khau_extension()) + geodesic_ha(across_the_buffer()), rel=1e-3
    )
    buffer = next(o for o in c["overlaps"] if o["kind"] == "heritage_buffer")
    assert buffer["a_ha"] is None and buffer["b_ha"] > 0
    rule = next(r for r in c["rules"] if r["rule"] == "no overlap with a heritage buffer")
    assert (rule["a_passed"], rule["b_passed"]) == (True, False)
    assert (
        server.get(
            "/api/v1/proposals/compare", params={"a": ids[0], "b": f"{ids[1]}:9"}, headers=planner
        ).status_code
        == 404
    )


def test_a_proposal_prints_as_pdf_with_its_name(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    saved = server.post(
        "/api/v1/proposals",
        json={"name": "Khu mở rộng phía Bắc", "geometry": mapping(across_the_buffer())},
        headers=planner,
    ).json()
    res = server.get(f"/api/v1/proposals/{saved['id']}/report.pdf", headers=planner)
    assert res.status_code == 200 and res.headers["content-type"] == "application/pdf"
    assert res.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(res.content)).pages
    words = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Khu mở rộng phía Bắc" in words
    assert "heritage buffer" in words and "Version" in words
    missing = server.get("/api/v1/proposals/999999/report.pdf", headers=planner)
    assert missing.status_code == 404
