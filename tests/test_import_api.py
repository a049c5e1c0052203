"""The admins' upload, ``POST /api/v1/imports/{layer}``: the same import as the command line
(dry run, then applied, recorded under the admin's name), refusals as 422 naming the file,
other roles refused, and uploads allowed past the general body limit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text

from izagis import accounts
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer
from tests.test_import_rules import exported

PASSWORD = "a long import passphrase"


@dataclass(frozen=True)
class Served:
    engine: Engine
    url: str


@pytest.fixture()
def served(writable: Engine) -> Iterator[Served]:
    with writable.begin() as conn:
        for role in Role:
            accounts.add_user(conn, email=f"{role}@example.vn", role=role, password=PASSWORD)
    url = writable.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, rate_limits=False, max_body_bytes=64 * 1024)
    with LiveServer(settings) as server:
        yield Served(writable, server.url)


def _client(served: Served, role: Role) -> httpx.Client:
    token = httpx.post(
        f"{served.url}/api/v1/auth/token",
        data={"username": f"{role}@example.vn", "password": PASSWORD},
    ).json()["access_token"]
    return httpx.Client(
        base_url=served.url, headers={"Authorization": f"Bearer {token}"}, timeout=120
    )


def test_an_admin_uploads_a_dry_run_then_the_import(served: Served, tmp_path: Path) -> None:
    plots = exported(served.engine, "plots", tmp_path / "plots.gpkg", 5897)
    was = plots["land_use"][0]
    plots.loc[0, "land_use"] = "warehouse" if was != "warehouse" else "industrial"
    plots.to_file(tmp_path / "survey.gpkg")
    content = (tmp_path / "survey.gpkg").read_bytes()
    assert len(content) > 64 * 1024  # uploads have a limit of their own
    with _client(served, Role.ADMIN) as admin:
        files = {"file": ("khao_sat_2024.gpkg", content)}
        dry = admin.post("/api/v1/imports/plots", files=files, params={"dry_run": True})
        assert dry.status_code == 200, dry.text
        body = dry.json()
        assert (body["ok"], body["applied"], body["source_crs"]) == (True, False, "EPSG:5897")
        assert body["changes"] == [
            {
                "code": plots["code"][0],
                "change": "changed",
                "fields": ["land_use"],
                "details": [f"land_use: {was} → {plots['land_use'][0]}"],
            }
        ]
        done = admin.post("/api/v1/imports/plots", files=files)
        assert done.status_code == 200 and done.json()["applied"] is True
    with served.engine.connect() as conn:
        history = conn.execute(
            text(
                "SELECT file_name, imported_by, changed FROM imports WHERE layer = 'plots' "
                "AND imported_by <> 'izagis load'"
            )
        ).one()
        actors = conn.execute(
            text("SELECT DISTINCT actor FROM audit_log WHERE table_name = 'plots'")
        ).scalars()
        assert tuple(history) == ("khao_sat_2024.gpkg", "admin@example.vn", 1)
        assert any(a.startswith("admin@example.vn · import of khao_sat_2024.gpkg") for a in actors)


def test_a_refused_file_says_why_and_other_roles_cannot_upload(
    served: Served, tmp_path: Path
) -> None:
    with _client(served, Role.ADMIN) as admin:
        bad = admin.post("/api/v1/imports/zones", files={"file": ("zones.gpkg", b"not sqlite")})
        assert bad.status_code == 422
        assert (
            bad.json()["field"] == "file" and "zones.gpkg: cannot be read" in bad.json()["message"]
        )
        odd = admin.post("/api/v1/imports/zones", files={"file": ("zones.txt", b"x")})
        assert odd.status_code == 422 and "must end in one of" in odd.json()["message"]
        # a Shapefile alone cannot be read: say how to send it, and no folder of the server
        bare = admin.post("/api/v1/imports/zones", files={"file": ("zones.shp", b"x" * 100)})
        assert bare.status_code == 422, bare.text
        message = bare.json()["message"]
        assert message.startswith("zones.shp: a Shapefile needs its .shx and .dbf beside it")
        assert ".shp.zip" in message and "/tmp" not in message
        # words for the page and the API too, not the command line's flags
        bare_csv = b'code,WKT\nGK,"POINT (600000 2240000)"\n'
        no_crs = admin.post("/api/v1/imports/zones", files={"file": ("zones.csv", bare_csv)})
        assert no_crs.status_code == 422 and no_crs.json()["field"] == "file"
        assert (
            "declares no coordinate reference system; give its CRS (one of EPSG:4326"
            in (no_crs.json()["message"])
        )
        assert "--" not in no_crs.json()["message"]
        odd_crs = admin.post(
            "/api/v1/imports/zones?crs=EPSG:2000", files={"file": ("zones.csv", bare_csv)}
        )
        assert odd_crs.status_code == 422 and odd_crs.json()["field"] == "crs"
        assert odd_crs.json()["message"].startswith("the CRS given, EPSG:2000, is not accepted")
        # a broken mapping is named as it was sent
        mapped = admin.post(
            "/api/v1/imports/zones",
            files={"file": ("zones.gpkg", b"x"), "mapping": ("khao_sat_map.yaml", b"fields: [x")},
        )
        assert mapped.status_code == 422 and mapped.json()["field"] == "mapping"
        assert mapped.json()["message"].startswith("khao_sat_map.yaml: not a readable mapping")
    for role in (Role.PLANNER, Role.STAFF):
        with _client(served, role) as other:
            refused = other.post("/api/v1/imports/zones", files={"file": ("z.gpkg", b"x")})
            assert refused.status_code == 403
    anonymous = httpx.post(f"{served.url}/api/v1/imports/zones", files={"file": ("z", b"x")})
    assert anonymous.status_code == 401


def test_harvesters_learn_what_an_import_retired(served: Served, tmp_path: Path) -> None:
    plots = exported(served.engine, "plots", tmp_path / "plots.gpkg")
    gone = plots["code"][plots["status"] == "free"].iloc[0]
    plots[plots["code"] != gone].to_file(tmp_path / "fewer.gpkg")
    with served.engine.connect() as conn:
        before = conn.execute(text("SELECT now()")).scalar_one()
    with _client(served, Role.ADMIN) as admin:
        done = admin.post(
            "/api/v1/imports/plots",
            files={"file": ("fewer.gpkg", (tmp_path / "fewer.gpkg").read_bytes())},
            params={"retire_missing": True},
        )
        assert done.json()["counts"]["retired"] == 1
    answer = httpx.get(f"{served.url}/api/v1/retired/plots", params={"since": before.isoformat()})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/geo+json"
    features = answer.json()["features"]
    assert [f["id"] for f in features] == [gone]
    assert features[0]["geometry"]["type"] == "MultiPolygon"
    later = httpx.get(
        f"{served.url}/api/v1/retired/plots", params={"since": "2999-01-01T00:00:00Z"}
    )
    assert later.json()["features"] == []
