"""The feature layers' audit (migration 0020): an import of ``infrastructure`` or
``constraints`` writes one audit row per changed feature, keyed by its code, under an actor
naming the file and its checksum, with the feature before and after (never ``geom_m`` or the
touch timestamp); admins read it at ``GET /api/v1/audit``, and the server's app role, which
writes those tables through an upload, appends to the audit without writing it itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from sqlalchemy import Engine, text

from izagis import accounts
from izagis.cluster import EmbeddedCluster
from izagis.export import export_layer
from izagis.imports import import_file
from izagis.settings import Settings
from izagis.tables import AUDITED_TABLES
from izagis.vocab import Role
from tests.conftest import LiveServer, app_url
from tests.test_import_api import PASSWORD, Served, _client

# (import layer, its table)
LAYERS = [("infrastructure", "infrastructure"), ("constraints", "constraint_areas")]
SUFFIX = " (resurveyed 2026)"


@dataclass(frozen=True)
class Edited:
    path: Path
    code: str
    old_name: str
    new_name: str


def edited(engine: Engine, layer: str, folder: Path) -> Edited:
    """The layer exported, one feature's English name edited, written to a new file."""
    exported = folder / f"{layer}.geojson"
    with engine.connect() as conn:
        export_layer(conn, layer, exported)
    frame = gpd.read_file(exported, engine="pyogrio").sort_values("code", ignore_index=True)
    code, old = str(frame.loc[0, "code"]), str(frame.loc[0, "name_en"])
    frame.loc[0, "name_en"] = old + SUFFIX
    path = folder / f"{layer}_survey_2026.geojson"
    frame.to_file(path, engine="pyogrio")
    return Edited(path, code, old, old + SUFFIX)


def audit_rows(engine: Engine, table: str, since: int) -> list[Any]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT actor, row_key, action, before, after FROM audit_log "
                    "WHERE id > :since AND table_name = :table ORDER BY id"
                ),
                {"since": since, "table": table},
            )
        )


def last_audit(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one())


def test_both_feature_tables_are_audited() -> None:
    assert {"infrastructure", "constraint_areas"} <= set(AUDITED_TABLES)


@pytest.mark.parametrize(("layer", "table"), LAYERS)
def test_an_import_audits_the_changed_feature(
    writable: Engine, tmp_path: Path, layer: str, table: str
) -> None:
    file = edited(writable, layer, tmp_path)
    mark = last_audit(writable)
    report = import_file(writable, layer, file.path)
    assert report.applied, report.summary()
    changed = [(c.code, c.change, c.fields) for c in report.changes if c.change != "unchanged"]
    assert changed == [(file.code, "changed", ("name_en",))]
    rows = audit_rows(writable, table, mark)
    assert [(r.row_key, r.action) for r in rows] == [(file.code, "update")]
    row = rows[0]
    assert row.actor == f"import · import of {file.path.name} (sha256 {report.checksum})"
    assert (row.before["name_en"], row.after["name_en"]) == (file.old_name, file.new_name)
    assert {k for k in row.after if row.after[k] != row.before[k]} == {"name_en"}
    assert row.after["code"] == file.code and isinstance(row.after["id"], int)
    assert row.after["geom"]["type"] in ("Point", "LineString", "Polygon", "MultiPolygon")
    assert not {"geom_m", "geom_wm", "updated_at"} & (set(row.before) | set(row.after))


@pytest.fixture()
def served(cluster: EmbeddedCluster, writable: Engine) -> Iterator[Served]:
    """The app on a database of the test's own, connected as the app role (as izagis serve)."""
    with writable.begin() as conn:
        for role in (Role.ADMIN, Role.STAFF):
            accounts.add_user(conn, email=f"{role}@example.vn", role=role, password=PASSWORD)
    settings = Settings(database_url=app_url(cluster, writable), rate_limits=False)
    with LiveServer(settings) as server:
        yield Served(writable, server.url)


@pytest.mark.parametrize(("layer", "table"), LAYERS)
def test_an_uploaded_import_is_audited_and_admins_read_it(
    served: Served, tmp_path: Path, layer: str, table: str
) -> None:
    file = edited(served.engine, layer, tmp_path)
    with _client(served, Role.ADMIN) as admin:
        # the app role writes the table; the audit is appended by the trigger, as the owner
        files = {"file": (file.path.name, file.path.read_bytes())}
        done = admin.post(f"/api/v1/imports/{layer}", files=files)
        assert done.status_code == 200, done.text
        body = done.json()
        assert body["applied"] is True and body["counts"]["changed"] == 1, body
        answer = admin.get("/api/v1/audit", params={"table": table, "key": file.code})
        assert answer.status_code == 200, answer.text
        history = answer.json()
    updates = [h for h in history if h["action"] == "update"]
    assert len(updates) == 1, history
    update = updates[0]
    assert (update["table"], update["key"]) == (table, file.code)
    assert update["actor"] == (
        f"admin@example.vn · import of {file.path.name} (sha256 {body['checksum']})"
    )
    assert (update["before"]["name_en"], update["after"]["name_en"]) == (
        file.old_name,
        file.new_name,
    )
    with _client(served, Role.STAFF) as staff:
        refused = staff.get("/api/v1/audit", params={"table": table, "key": file.code})
        assert refused.status_code == 403
