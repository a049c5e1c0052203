"""Planners' analytics on the reference data: zone phases stored and served, occupancy
accounts that add up, the forecast's contract, reclaimable land as JSON, CSV and GeoJSON,
and every planning route for planners and admins only; and, after an import of the merged
province's zones, zones with no plots on file kept out of the figures, not counted as 0 ha."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import geopandas as gpd
import httpx
import pytest
import shapely
from pypdf import PdfReader
from sqlalchemy import Engine, text

from api.main import create_app
from api.routes import planning
from izagis import accounts
from izagis.cluster import EmbeddedCluster
from izagis.dataset import REFERENCE_DIR
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer, cloned
from tests.reference.test_registry_api import MERGED
from tests.test_import import errors, run

PASSWORD = "correct horse battery staple"
UTM48N = 32648


@pytest.fixture(scope="module")
def people(cluster: EmbeddedCluster, loaded_template: str) -> Iterator[Engine]:
    """The reference data with an admin, a staff member and a planner (read-only tests)."""
    with cloned(cluster, loaded_template) as engine:
        with engine.begin() as conn:
            for role in (Role.ADMIN, Role.STAFF, Role.PLANNER):
                accounts.add_user(conn, email=f"{role}@example.vn", role=role, password=PASSWORD)
        yield engine


@pytest.fixture(scope="module")
def server(people: Engine) -> Iterator[httpx.Client]:
    settings = Settings(
        database_url=people.url.render_as_string(hide_password=False), rate_limits=False
    )
    with (
        LiveServer(settings, create_app(settings)) as live,
        httpx.Client(base_url=live.url, timeout=60) as client,
    ):
        yield client


def bearer(client: httpx.Client, role: Role) -> dict[str, str]:
    res = client.post(
        "/api/v1/auth/token", data={"username": f"{role}@example.vn", "password": PASSWORD}
    )
    assert res.status_code == 200, res.text
    return {"authorization": f"Bearer {res.json()['access_token']}"}


@pytest.fixture(scope="module")
def planner(server: httpx.Client) -> dict[str, str]:
    return bearer(server, Role.PLANNER)


def test_every_planning_route_is_for_planners_and_admins(server: httpx.Client) -> None:
    paths = [route.path for route in planning.router.routes]  # type: ignore[attr-defined]
    assert len(paths) >= 5
    for path in (p.format(z=12, x=3250, y=1800) for p in paths):  # a tile over the province
        assert server.get(path).status_code == 401, path
        assert server.get(path, headers=bearer(server, Role.STAFF)).status_code == 403, path
        for role in (Role.PLANNER, Role.ADMIN):
            res = server.get(path, headers=bearer(server, role))
            assert res.status_code == 200, (path, role, res.text)


def test_phases_are_stored_with_their_plots(people: Engine) -> None:
    """The Gián Khẩu extension is a phase of its own: its area measured independently from
    the shipped file, its plots, its year; Tam Điệp II's northern phase opens in 2026."""
    shipped = gpd.read_file(REFERENCE_DIR / "zone_phases.geojson").set_index("code")
    ext_ha = shipped.to_crs(UTM48N).geometry["GK-2"].area / 1e4
    with people.connect() as conn:
        rows = {
            r.code: r
            for r in conn.execute(
                text(
                    "SELECT ph.code, z.code AS zone, ph.status, ph.leasable_from, "
                    "ph.area_m2 / 1e4 AS ha, ph.area_ha::float8 AS area_ha, "
                    "(SELECT array_agg(p.code ORDER BY p.code) FROM plots p "
                    " WHERE p.phase_id = ph.id) AS plots "
                    "FROM zone_phases ph JOIN zones z ON z.id = ph.zone_id"
                )
            )
        }
        unphased = conn.execute(text("SELECT count(*) FROM plots WHERE phase_id IS NULL"))
        assert unphased.scalar_one() == 0
    assert len(rows) == 13 and {r.zone for r in rows.values()} >= {"GK", "TD2", "KS"}
    ext = rows["GK-2"]
    assert ext.zone == "GK" and ext.status == "developing" and ext.leasable_from == 2024
    assert ext.plots == ["GK-065", "GK-066", "GK-067", "GK-068", "GK-069"]
    assert ext.area_ha == pytest.approx(35.0, abs=0.35)
    assert ext.ha == pytest.approx(ext_ha, rel=0.005)  # geodesic vs UTM
    north = rows["TD2-2"]
    assert north.status == "planned" and north.leasable_from == 2026 and len(north.plots) == 12


def test_phases_are_public_geojson(server: httpx.Client) -> None:
    res = server.get("/api/v1/phases", params={"zone": "GK"})
    assert res.status_code == 200 and res.headers["content-type"] == "application/geo+json"
    features = res.json()["features"]
    assert [f["properties"]["code"] for f in features] == ["GK-1", "GK-2"]
    ext = features[1]["properties"]
    assert ext["name_en"].startswith("35 ha extension") and ext["plot_count"] == 5
    outline = shapely.geometry.shape(features[1]["geometry"])
    assert outline.geom_type == "MultiPolygon" and outline.is_valid
    assert server.get("/api/v1/phases", params={"zone": "NOPE"}).status_code == 422


def test_occupancy_accounts_add_up(server: httpx.Client, planner: dict[str, str]) -> None:
    answer = server.get("/api/v1/planning/occupancy", headers=planner).json()
    province, zones, phases = answer["province"], answer["zones"], answer["phases"]
    assert len(zones) == 11 and len(phases) == 13
    for key in ("leasable_ha", "leased_ha", "free_ha", "held_ha", "delayed_ha"):
        assert province[key] == pytest.approx(sum(z[key] for z in zones), abs=0.05), key
        assert province[key] == pytest.approx(sum(p[key] for p in phases), abs=0.05), key
    for unit in (province, *zones, *phases):
        if unit["leasable_ha"] > 0:
            # leasable land is leased, free or held; delayed land is part of the leased
            parts = unit["leased_ha"] + unit["free_ha"] + unit["held_ha"]
            assert parts == pytest.approx(unit["leasable_ha"], abs=0.05)
            assert unit["delayed_ha"] <= unit["leased_ha"]
            assert unit["leased_share"] == pytest.approx(
                unit["leased_ha"] / unit["leasable_ha"], abs=1e-4
            )
    by_code = {p["code"]: p for p in phases}
    assert by_code["GK-2"]["free_ha"] == pytest.approx(31.6, abs=0.1)  # geodata/README.md
    assert by_code["TD2-2"]["leasable_ha"] == 0 and by_code["TD2-2"]["not_yet_leasable_ha"] > 0
    assert {z["code"]: z["leasable_ha"] for z in zones}["KS"] == 0
    # The 13 delayed projects' land (the review's "behind schedule").
    divisions, countries = answer["by_division"], answer["by_country"]
    assert sum(d["share"] for d in divisions) == pytest.approx(1, abs=1e-3)
    assert sum(c["leased_ha"] for c in countries) == pytest.approx(province["leased_ha"], abs=0.05)
    assert countries[0]["key"] == "VN"
    one = server.get("/api/v1/planning/occupancy", params={"zone": "GK"}, headers=planner)
    assert [z["code"] for z in one.json()["zones"]] == ["GK"]
    assert one.json()["province"]["leased_ha"] == {z["code"]: z for z in zones}["GK"]["leased_ha"]
    bad = server.get("/api/v1/planning/occupancy", params={"zone": "NOPE"}, headers=planner)
    assert bad.status_code == 422 and bad.json()["field"] == "zone"


def test_forecast_keeps_its_contract(server: httpx.Client, planner: dict[str, str]) -> None:
    res = server.get("/api/v1/planning/forecast", params={"base_year": 2026}, headers=planner)
    answer = res.json()
    assert res.status_code == 200, answer
    zones = {z["code"]: z for z in answer["zones"]}
    assert len(zones) == 11 and isinstance(answer["runway_years"], int)
    for z in zones.values():
        assert set(z) >= {"code", "fill_year", "fill_year_range", "basis"}
        low, high = z["fill_year_range"]
        if z["fill_year"] is None:
            assert z["basis"] in ("full", "no history", "not yet leasable")
        else:
            assert z["basis"] == "history" and low <= z["fill_year"]
            assert high is None or z["fill_year"] <= high
    for planned in ("KS", "PL", "YB", "XT", "GK2"):
        assert zones[planned]["basis"] == "not yet leasable" and zones[planned]["fill_year"] is None
    assert zones["GK"]["fill_year"] is not None
    assert answer["window"] == [2014, 2023]  # the backfilled certificates end in 2023
    assert answer["absorption"]["years"][-1] == 2023
    # Planned phases count from the year they open: each is needed by the year the land
    # opened before it runs out, which comes no earlier for a later phase.
    needs = answer["phases"]
    assert [p["code"] for p in needs][:2] == ["KS-1", "TD2-2"]
    assert all(a["needed_by"] <= b["needed_by"] for a, b in zip(needs, needs[1:], strict=False))


def test_reclaimable_land_ranked_and_exported(
    server: httpx.Client, planner: dict[str, str]
) -> None:
    answer = server.get("/api/v1/planning/reclaimable", headers=planner).json()
    projects = answer["projects"]
    assert len(projects) == 13  # the review's 13 projects behind schedule
    occupancy = server.get("/api/v1/planning/occupancy", headers=planner).json()
    assert answer["total_ha"] == pytest.approx(occupancy["province"]["delayed_ha"], abs=0.05)
    delays = [p["delay_years"] for p in projects]
    assert delays == sorted(delays, reverse=True) and [p["rank"] for p in projects] == list(
        range(1, 14)
    )
    first = projects[0]
    assert first["zone_free_ha_after"] == pytest.approx(
        first["zone_free_ha"] + first["ha"], abs=0.01
    )
    assert "31/2024/QH15" in answer["rule"]
    table = server.get("/api/v1/planning/reclaimable.csv", headers=planner)
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert [r["project_code"] for r in rows] == [p["project_code"] for p in projects]
    assert rows[0]["plots"] == " ".join(first["plots"])
    layer = server.get("/api/v1/planning/reclaimable.geojson", headers=planner)
    features = json.loads(layer.text)["features"]
    assert [f["properties"]["project_code"] for f in features] == [
        p["project_code"] for p in projects
    ]
    area = (
        gpd.GeoSeries([shapely.geometry.shape(f["geometry"]) for f in features], crs=4326)
        .to_crs(UTM48N)
        .area
        / 1e4
    )
    for f, ha in zip(features, area, strict=True):
        assert ha == pytest.approx(f["properties"]["ha"], rel=0.005)
    later = server.get(
        "/api/v1/planning/reclaimable", params={"schedule_years": 5}, headers=planner
    ).json()
    assert later["projects"][0]["delay_years"] == pytest.approx(first["delay_years"] - 3, abs=0.1)


@pytest.mark.parametrize(
    ("path", "phases"),
    [
        ("/api/v1/sheets/zones/GK.pdf", ["GK-1", "GK-2"]),
        ("/api/v1/sheets/plots/TD2-035.pdf", ["TD2-2"]),
    ],
)
def test_fact_sheets_list_a_zone_s_phases(
    server: httpx.Client, path: str, phases: list[str]
) -> None:
    """A zone of more than one phase lists them on its one page, in both languages."""
    res = server.get(path)
    assert res.status_code == 200
    reader = PdfReader(io.BytesIO(res.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert "Phases" in text and "Các giai đoạn" in text
    for code in phases:
        assert code in text, code
    assert "2024" in text or "2026" in text  # the year a phase opens


@pytest.fixture()
def merged(writable: Engine) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """The app on a database of the test's own after ``izagis import zones`` of the merged
    province's 51 zones (40 of them with no plots on file), and a planner's bearer token."""
    report = run(writable, "zones", MERGED)
    assert report.applied, errors(report)
    with writable.begin() as conn:
        accounts.add_user(conn, email="planner@example.vn", role=Role.PLANNER, password=PASSWORD)
    settings = Settings(
        database_url=writable.url.render_as_string(hide_password=False), rate_limits=False
    )
    with (
        LiveServer(settings, create_app(settings)) as live,
        httpx.Client(base_url=live.url, timeout=60) as client,
    ):
        yield client, bearer(client, Role.PLANNER)


LAND = (
    "leasable_ha",
    "not_yet_leasable_ha",
    "leased_ha",
    "free_ha",
    "held_ha",
    "delayed_ha",
    "leased_share",
    "free_share",
    "held_share",
    "delayed_share",
)


def test_a_zone_with_no_plots_on_file_has_unknown_land_and_no_forecast(
    server: httpx.Client,
    planner: dict[str, str],
    merged: tuple[httpx.Client, dict[str, str]],
) -> None:
    """After importing the merged province's zones, the 40 with no plots on file are not
    0 ha and 0 % filled, not "full", and not in the province's figures: those of the 11
    reference zones are what they were before the import."""
    client, token = merged
    public = {
        f["properties"]["code"]: f["properties"]
        for f in client.get("/api/v1/zones").json()["features"]
    }
    bare = sorted(code for code, p in public.items() if p["plots_on_file"] is False)
    assert len(public) == 51 and len(bare) == 40 and "HN-CS" in bare
    # occupancy: unknown land, the planned area kept, the province of the 11 zones unchanged
    before = server.get("/api/v1/planning/occupancy", headers=planner).json()
    after = client.get("/api/v1/planning/occupancy", headers=token).json()
    zones = {z["code"]: z for z in after["zones"]}
    assert len(zones) == 51
    assert after["without_plots"] == bare and after["zones_counted"] == 11
    for code in bare:
        z = zones[code]
        assert z["plots_on_file"] is False and all(z[k] is None for k in LAND), z
        assert z["planned_ha"] == public[code]["planned_area_ha"]
    assert before["province"]["plots_on_file"] is True and before["without_plots"] == []
    assert after["province"] == before["province"]  # the planned area of the same 11 zones
    assert after["province"]["planned_ha"] == pytest.approx(2842, abs=1)  # FACTS: > 2,800 ha
    for z in before["zones"]:
        assert zones[z["code"]] == z and z["plots_on_file"] is True
    assert {k: after[k] for k in ("phases", "by_division", "by_country")} == {
        k: before[k] for k in ("phases", "by_division", "by_country")
    }
    one = client.get("/api/v1/planning/occupancy", params={"zone": "HN-CS"}, headers=token)
    assert one.status_code == 200, one.text
    only = one.json()
    assert only["zones_counted"] == 0 and only["without_plots"] == ["HN-CS"]
    assert only["province"]["plots_on_file"] is False
    assert all(only["province"][k] is None for k in LAND) and only["by_division"] == []
    # the forecast: no year, rate or land for them ("no plots on file", never "full"), no
    # row of absorption; the province's rate, runway, outlook and phases as before
    params = {"base_year": 2026}
    old = server.get("/api/v1/planning/forecast", params=params, headers=planner).json()
    new = client.get("/api/v1/planning/forecast", params=params, headers=token).json()
    fills = {z["code"]: z for z in new["zones"]}
    assert len(fills) == 51
    assert new["without_plots"] == bare and new["zones_counted"] == 11
    for code in bare:
        assert fills[code] == {
            "code": code,
            "plots_on_file": False,
            "basis": "no plots on file",
            "fill_year": None,
            "fill_year_range": [None, None],
            "short_year": None,
            "short_year_range": [None, None],
            "rate_ha_per_year": None,
            "leases_in_window": 0,
            "free_ha": None,
            "planned_ha": None,
        }
    for z in old["zones"]:
        assert fills[z["code"]] == z and z["basis"] != "no plots on file"
    same = ("province", "runway_years", "runway_range", "phases", "absorption", "outlook")
    assert {k: new[k] for k in same} == {k: old[k] for k in same}
    assert sorted(new["absorption"]["zones"]) == sorted(z["code"] for z in old["zones"])
    # reclaimable land lies in zones with plots on file only, as before
    reclaim = client.get("/api/v1/planning/reclaimable", headers=token).json()
    assert (
        reclaim["projects"]
        == server.get("/api/v1/planning/reclaimable", headers=planner).json()["projects"]
    )
    assert not {p["zone_code"] for p in reclaim["projects"]} & set(bare)
