"""An enquiry's shortlist: its own search, add / reorder / remove with notes, compare, CSV
and GeoJSON, the bilingual proposal PDF, the pipeline funnel, and the audit history route."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

import httpx
import numpy as np
import pypdfium2
import pytest
from pypdf import PdfReader
from shapely.geometry import shape
from sqlalchemy import Engine

from api.main import create_app
from izagis import accounts
from izagis.cluster import EmbeddedCluster
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer, app_url

PASSWORD = "correct horse battery staple"
NEEDS = {"area_ha": {"min": 1, "max": 8}, "industry": "2930"}
PERSON = {
    "contact_name": "Nguyễn Thị Lan",
    "email": "lan@alpha.example",
    "phone": "+84 912 345 678",
}


@pytest.fixture()
def office(cluster: EmbeddedCluster, writable: Engine) -> Iterator[httpx.Client]:
    """The app on a database of its own, signed in as staff; admin and planner exist too."""
    with writable.begin() as conn:
        for email, role in (
            ("staff@example.vn", Role.STAFF),
            ("admin@example.vn", Role.ADMIN),
            ("planner@example.vn", Role.PLANNER),
        ):
            accounts.add_user(conn, email=email, role=role, password=PASSWORD)
    settings = Settings(database_url=app_url(cluster, writable), rate_limits=False)
    with LiveServer(settings, create_app(settings)) as live:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            client.headers.update(bearer(client, "staff@example.vn"))
            yield client


def bearer(client: httpx.Client, email: str) -> dict[str, str]:
    res = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert res.status_code == 200, res.text
    return {"authorization": f"Bearer {res.json()['access_token']}"}


def _enquiry(client: httpx.Client, **fields: object) -> int:
    res = client.post(
        "/api/v1/enquiries", json={"company": "Alpha Auto Parts", "needs": NEEDS, **fields}
    )
    assert res.status_code == 201, res.text
    return int(res.json()["id"])


def _shortlist_three(client: httpx.Client, enquiry: int) -> list[dict[str, object]]:
    found = client.post(f"/api/v1/enquiries/{enquiry}/search").json()["candidates"]
    assert len(found) >= 3
    items = []
    for n, candidate in enumerate(found[:3], start=1):
        res = client.post(
            f"/api/v1/enquiries/{enquiry}/shortlist",
            json={"plot_codes": candidate["plot_codes"], "note": f"site {n}"},
        )
        assert res.status_code == 201, res.text
        items.append(res.json())
    return items


def test_the_enquiry_search_uses_its_needs_and_spreads_over_zones(office: httpx.Client) -> None:
    enquiry = _enquiry(office)
    answer = office.post(f"/api/v1/enquiries/{enquiry}/search").json()
    same = office.post("/api/v1/site-search", json={**NEEDS, "max_per_zone": 2}).json()
    assert [c["plot_codes"] for c in answer["candidates"]] == [
        c["plot_codes"] for c in same["candidates"]
    ]
    zones = [c["zone_code"] for c in answer["candidates"]]
    assert max(zones.count(z) for z in zones) <= 2
    weighted = office.post(
        f"/api/v1/enquiries/{enquiry}/search", json={"weights": {"lease_price": 1}}
    ).json()
    assert weighted["weights"]["lease_price"] == 1.0
    assert sum(weighted["weights"].values()) == pytest.approx(1.0)
    bare = _enquiry(office, needs=None)
    refused = office.post(f"/api/v1/enquiries/{bare}/search")
    assert refused.status_code == 422 and refused.json()["field"] == "needs"


def test_a_held_site_stays_in_its_own_enquirys_search_and_leaves_the_others(
    office: httpx.Client,
) -> None:
    mine, theirs = _enquiry(office), _enquiry(office)
    first = office.post(f"/api/v1/enquiries/{mine}/search").json()["candidates"][0]
    day = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    held = office.post(
        "/api/v1/holds",
        json={"enquiry_id": mine, "plot_codes": first["plot_codes"], "until": day},
    )
    assert held.status_code == 201, held.text

    def codes(answer: dict[str, list[dict[str, object]]]) -> list[object]:
        return [c["plot_codes"] for c in answer["candidates"]]

    assert first["plot_codes"] in codes(office.post(f"/api/v1/enquiries/{mine}/search").json())
    assert first["plot_codes"] not in codes(
        office.post(f"/api/v1/enquiries/{theirs}/search").json()
    )
    public = office.post("/api/v1/site-search", json={**NEEDS, "max_per_zone": 2}).json()
    assert first["plot_codes"] not in codes(public)


def test_a_shortlist_keeps_its_order_and_notes(office: httpx.Client) -> None:
    enquiry = _enquiry(office)
    first, second, third = _shortlist_three(office, enquiry)
    url = f"/api/v1/enquiries/{enquiry}/shortlist"
    assert [i["position"] for i in office.get(url).json()] == [1, 2, 3]
    again = office.post(url, json={"plot_codes": first["plot_codes"]})
    assert again.status_code == 409
    moved = office.patch(f"{url}/{third['id']}", json={"position": 1, "note": "best road"})
    assert moved.status_code == 200 and moved.json()["note"] == "best road"
    order = [(i["id"], i["position"]) for i in office.get(url).json()]
    assert order == [(third["id"], 1), (first["id"], 2), (second["id"], 3)]
    assert office.delete(f"{url}/{first['id']}").status_code == 204
    order = [(i["id"], i["position"]) for i in office.get(url).json()]
    assert order == [(third["id"], 1), (second["id"], 2)]
    assert office.get(f"/api/v1/enquiries/{enquiry}").json()["stage"] == "shortlisted"
    mixed = office.post(url, json={"plot_codes": ["TD2-010", "GK-065"]})
    assert mixed.status_code == 422 and "one zone" in mixed.json()["message"]


def test_compare_shows_every_criterion_and_fact_side_by_side(office: httpx.Client) -> None:
    enquiry = _enquiry(office)
    items = _shortlist_three(office, enquiry)
    ranked = office.post(
        "/api/v1/site-search", json={**NEEDS, "limit": 1000, "max_per_zone": None}
    ).json()
    by_codes = {tuple(c["plot_codes"]): c for c in ranked["candidates"]}
    ids = ",".join(str(i["id"]) for i in items)
    answer = office.get(f"/api/v1/enquiries/{enquiry}/compare", params={"items": ids}).json()
    assert [s["item_id"] for s in answer["sites"]] == [i["id"] for i in items]
    assert answer["criteria"] == list(ranked["weights"])
    for site in answer["sites"]:
        expected = by_codes[tuple(site["plot_codes"])]
        assert site["score"] == expected["score"] and site["rank"] == expected["rank"]
        assert site["criteria"] == expected["criteria"]
        assert site["area_ha"] == pytest.approx(expected["area_ha"], abs=1e-3)
        assert set(site["utilities"]) == {"power_mva", "water_m3_day", "wastewater_m3_day"}
        assert site["distances_km"]["expressway_interchange"] == pytest.approx(
            expected["criteria"]["expressway_interchange"]["value"], abs=1e-3
        )
        assert shape(site["geometry"]).area > 0
    weights = {"lease_price": 3, "seaport": 1}
    mine = office.post(f"/api/v1/enquiries/{enquiry}/search", json={"weights": weights}).json()
    scored = office.get(
        f"/api/v1/enquiries/{enquiry}/compare",
        params={"items": ids, "weights": json.dumps(weights)},
    ).json()
    assert scored["weights"] == mine["weights"] != answer["weights"]
    found = {tuple(c["plot_codes"]): c["score"] for c in mine["candidates"]}
    for site in scored["sites"]:
        if tuple(site["plot_codes"]) in found:  # shown at most two a zone; compare ranks all
            assert site["score"] == found[tuple(site["plot_codes"])]
    bad = office.get(
        f"/api/v1/enquiries/{enquiry}/compare", params={"items": ids, "weights": "[1]"}
    )
    assert bad.status_code == 422 and bad.json()["field"] == "weights"
    one = office.get(f"/api/v1/enquiries/{enquiry}/compare", params={"items": str(items[0]["id"])})
    assert one.status_code == 422


def test_the_shortlist_exports_as_csv_and_geojson(office: httpx.Client) -> None:
    enquiry = _enquiry(office)
    items = _shortlist_three(office, enquiry)
    res = office.get(f"/api/v1/enquiries/{enquiry}/shortlist.csv")
    assert res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert [r["plot_codes"].split() for r in rows] == [i["plot_codes"] for i in items]
    assert [r["note"] for r in rows] == ["site 1", "site 2", "site 3"]
    geo = office.get(f"/api/v1/enquiries/{enquiry}/shortlist.geojson").json()
    assert [f["properties"]["plot_codes"] for f in geo["features"]] == [
        i["plot_codes"] for i in items
    ]
    for feature, item in zip(geo["features"], items, strict=True):
        assert shape(feature["geometry"]).is_valid
        assert feature["properties"]["area_ha"] == item["area_ha"]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_proposal_is_a_bilingual_pdf_without_personal_data(office: httpx.Client) -> None:
    enquiry = _enquiry(office, **PERSON)
    items = _shortlist_three(office, enquiry)
    res = office.get(f"/api/v1/enquiries/{enquiry}/proposal.pdf")
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(res.content)).pages
    assert len(pages) == 1 + len(items)  # the cover, then a page per site
    text = _text(res.content)
    assert "Alpha Auto Parts" in text
    for item in items:
        for code in item["plot_codes"]:  # type: ignore[attr-defined]
            assert code in text
    for words in ("Site proposal", "Đề xuất địa điểm", "Score breakdown", "Distances"):
        assert words in text, words
    for value in PERSON.values():
        assert value not in text
    page = pypdfium2.PdfDocument(res.content)[0]
    grey = np.asarray(page.render(scale=0.5).to_pil().convert("L"))
    assert float((grey < 240).mean()) > 0.05  # the map and the table are on the cover
    empty = _enquiry(office)
    assert office.get(f"/api/v1/enquiries/{empty}/proposal.pdf").status_code == 422


def test_the_funnel_counts_enquiries_per_stage_and_month(office: httpx.Client) -> None:
    first, second, third = (_enquiry(office) for _ in range(3))
    office.patch(f"/api/v1/enquiries/{second}", json={"stage": "qualified"})
    office.patch(f"/api/v1/enquiries/{third}", json={"stage": "qualified"})
    office.patch(f"/api/v1/enquiries/{third}", json={"stage": "lost"})
    funnel = office.get("/api/v1/enquiries/funnel").json()
    now = {s["stage"]: s["count"] for s in funnel["stages"]}
    assert now == {
        "new": 1,
        "qualified": 1,
        "shortlisted": 0,
        "site_visit": 0,
        "held": 0,
        "leased": 0,
        "lost": 1,
    }
    months = {(m["month"], m["stage"]): m["count"] for m in funnel["months"]}
    (month,) = {m for m, _ in months}
    assert months == {(month, "new"): 3, (month, "qualified"): 2, (month, "lost"): 1}
    assert office.get(f"/api/v1/enquiries/{first}").json()["stage"] == "new"


def test_admins_read_an_objects_history_and_no_one_else(office: httpx.Client) -> None:
    enquiry = _enquiry(office, **PERSON)
    day = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    for codes in (["TD2-012", "TD2-013"], ["TD2-014"]):  # hold ids and row ids drift apart
        earlier = {"enquiry_id": enquiry, "plot_codes": codes, "until": day}
        assert office.post("/api/v1/holds", json=earlier).status_code == 201
    hold = office.post(
        "/api/v1/holds",
        json={"enquiry_id": enquiry, "plot_codes": ["TD2-010", "TD2-011"], "until": day},
    )
    assert hold.status_code == 201, hold.text
    office.delete(f"/api/v1/holds/{hold.json()['id']}")
    params = {"table": "holds", "key": str(hold.json()["id"])}
    assert office.get("/api/v1/audit", params=params).status_code == 403  # staff
    planner = bearer(office, "planner@example.vn")
    assert office.get("/api/v1/audit", params=params, headers=planner).status_code == 403
    admin = bearer(office, "admin@example.vn")
    rows = office.get("/api/v1/audit", params=params, headers=admin).json()
    assert [(r["action"], r["actor"]) for r in rows] == [
        ("insert", "staff@example.vn"),
        ("insert", "staff@example.vn"),
        ("update", "staff@example.vn"),
        ("update", "staff@example.vn"),
    ]
    assert {r["after"]["group_id"] for r in rows} == {hold.json()["id"]}
    history = office.get(
        "/api/v1/audit", params={"table": "enquiries", "key": str(enquiry)}, headers=admin
    )
    assert history.status_code == 200
    assert [r["after"]["stage"] for r in history.json()] == ["new", "held"]
    for value in PERSON.values():
        assert value not in history.text  # the audit never holds contact data
    wrong = office.get("/api/v1/audit", params={"table": "audit_log", "key": "1"}, headers=admin)
    assert wrong.status_code == 422
