"""The VSIC 2018 list izagis ships (izagis/data/vsic2018.csv): every division, every class
the reference data hold, titles only from sources; site search refuses a code it lacks by
name and takes the workers planned."""

from __future__ import annotations

import csv
import json

import httpx

from izagis.dataset import REFERENCE_DIR
from izagis.vsic import industries

AUTO_PARTS = {"area_ha": {"min": 10, "max": 20}, "industry": "2930", "limit": 3}


def test_every_division_and_every_class_of_the_reference_data() -> None:
    known = industries()
    divisions = {c for c, i in known.items() if i.level == "division"}
    assert len(divisions) == 88 and all(len(c) == 2 for c in divisions)
    with (REFERENCE_DIR / "projects.csv").open(encoding="utf-8") as f:
        held = {row["vsic"] for row in csv.DictReader(f) if row["vsic"]}
    zones = json.loads((REFERENCE_DIR / "zones.geojson").read_text(encoding="utf-8"))
    targeted = {
        c
        for f in zones["features"]
        for c in (*f["properties"]["target_industries"], *f["properties"]["excluded_industries"])
    }
    assert held | targeted <= set(known), sorted((held | targeted) - set(known))
    assert all(len(c) == 4 and c[:2] in divisions for c in set(known) - divisions)


def test_every_row_has_a_title_and_keywords_are_not_titles() -> None:
    for code, industry in industries().items():
        assert industry.title_vi or industry.title_en, code
        assert industry.title("vi") and industry.title("en"), code
    parts = industries()["2930"]
    assert parts.title("en") == "Manufacture of parts and accessories for motor vehicles"
    assert "auto parts" in parts.keywords and parts.title("vi") == parts.title_en  # no vi source
    assert industries()["29"].title("vi") == "Sản xuất ô tô và xe có động cơ khác"


def test_an_unknown_code_is_refused_by_name(api: httpx.Client) -> None:
    for code in ("99999", "2931"):
        res = api.post("/api/v1/site-search", json={**AUTO_PARTS, "industry": code})
        assert res.status_code == 422, res.text
        body = res.json()
        assert body["field"] == "industry" and code in body["message"], body


def test_a_division_a_listed_class_and_the_workers_planned_are_taken(api: httpx.Client) -> None:
    for code in ("29", "2930"):
        res = api.post("/api/v1/site-search", json={**AUTO_PARTS, "industry": code, "jobs": 250})
        assert res.status_code == 200, res.text
        assert res.json()["candidates"], code
    refused = api.post("/api/v1/site-search", json={**AUTO_PARTS, "jobs": -1})
    assert refused.status_code == 422 and refused.json()["field"] == "jobs"


def test_the_list_is_served_for_the_pages(api: httpx.Client) -> None:
    res = api.get("/api/v1/industries")
    assert res.status_code == 200 and "max-age" in res.headers["cache-control"]
    rows = {r["code"]: r for r in res.json()}
    assert rows.keys() == industries().keys()
    assert rows["2930"] == {
        "code": "2930",
        "level": "class",
        "title_vi": "",
        "title_en": "Manufacture of parts and accessories for motor vehicles",
        "keywords": industries()["2930"].keywords,
    }
