"""Saved proposals: a named boundary whose every change is a new numbered version, stored with
the check's answer at the time it was saved (so a later change of rules or data does not
rewrite what planners saw); two versions, of one proposal or of two, compared side by side.

A side of a comparison is ``ID`` (the proposal's latest version) or ``ID:VERSION``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis import proposals
from izagis.errors import InvalidInputError, NotFoundError
from izagis.proposals import FeatureIn, MultiPolygonIn, PolygonIn, ProposalCheck

SIDE_PATTERN = r"^[1-9][0-9]{0,8}(:[1-9][0-9]{0,5})?$"


class Version(BaseModel):
    proposal_id: int
    name: str
    version: int
    note: str | None
    created_by: str | None
    created_at: str
    geometry: dict[str, Any]  # GeoJSON MultiPolygon, WGS 84
    check: ProposalCheck


class ProposalSummary(BaseModel):
    id: int
    name: str
    created_by: str | None
    created_at: str
    updated_at: str
    versions: int
    latest: Version


class ProposalDetail(BaseModel):
    id: int
    name: str
    created_by: str | None
    created_at: str
    versions: list[Version]


class OverlapSide(BaseModel):
    kind: str
    code: str
    name: str
    name_en: str
    a_ha: float | None
    b_ha: float | None


class RuleSide(BaseModel):
    rule: str
    rule_vi: str
    a_passed: bool | None
    b_passed: bool | None
    a_detail: str | None
    b_detail: str | None


class Comparison(BaseModel):
    a: Version
    b: Version
    shared_ha: float  # land in both boundaries
    a_only_ha: float
    b_only_ha: float
    difference_ha: float  # the symmetric difference: land in one boundary only
    overlaps: list[OverlapSide]
    rules: list[RuleSide]


VERSION_SELECT = """
    SELECT p.id AS proposal_id, p.name, v.version, v.note, v.created_by,
           to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
           ST_AsGeoJSON(v.geom, 7)::json AS geometry, v.result AS check
    FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id
"""
STAMP = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


def _insert_version(
    conn: Connection,
    proposal_id: int,
    boundary: PolygonIn | MultiPolygonIn | FeatureIn,
    note: str | None,
    by: str | None,
) -> Version:
    result = proposals.check(conn, boundary)  # validates the boundary first
    geometry = boundary.geometry if isinstance(boundary, FeatureIn) else boundary
    version = conn.execute(
        text(
            "INSERT INTO proposal_versions (proposal_id, version, geom, result, note, created_by) "
            "SELECT :p, coalesce(max(version), 0) + 1, "
            "ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4326)), CAST(:r AS jsonb), :note, :by "
            "FROM proposal_versions WHERE proposal_id = :p RETURNING version"
        ),
        {
            "p": proposal_id,
            "g": json.dumps(geometry.model_dump()),
            "r": result.model_dump_json(),
            "note": note,
            "by": by,
        },
    ).scalar_one()
    conn.execute(text("UPDATE proposals SET updated_at = now() WHERE id = :p"), {"p": proposal_id})
    return version_of(conn, proposal_id, int(version))


def save(
    conn: Connection,
    *,
    name: str,
    boundary: PolygonIn | MultiPolygonIn | FeatureIn,
    note: str | None = None,
    by: str | None,
) -> ProposalDetail:
    """A new proposal named ``name`` with ``boundary`` as its version 1, checked."""
    if not name.strip():
        raise InvalidInputError("a proposal needs a name", field="name")
    proposal_id = conn.execute(
        text("INSERT INTO proposals (name, created_by) VALUES (:n, :by) RETURNING id"),
        {"n": name.strip(), "by": by},
    ).scalar_one()
    _insert_version(conn, int(proposal_id), boundary, note, by)
    return get(conn, int(proposal_id))


def add_version(
    conn: Connection,
    proposal_id: int,
    *,
    boundary: PolygonIn | MultiPolygonIn | FeatureIn,
    note: str | None = None,
    by: str | None,
) -> Version:
    """The proposal's next version (numbers never reused; the proposal's row is locked so that
    two saves at once get two numbers)."""
    found = conn.execute(
        text("SELECT id FROM proposals WHERE id = :p FOR UPDATE"), {"p": proposal_id}
    ).scalar()
    if found is None:
        raise NotFoundError(f"no proposal {proposal_id}")
    return _insert_version(conn, proposal_id, boundary, note, by)


def _version(row: Any) -> Version:
    data = dict(row)
    data["check"] = ProposalCheck.model_validate(data["check"])
    return Version(**data)


def version_of(conn: Connection, proposal_id: int, version: int | None = None) -> Version:
    """One version of a proposal (its latest by default)."""
    row = (
        conn.execute(
            text(
                VERSION_SELECT + " WHERE p.id = :p AND (CAST(:v AS integer) IS NULL OR "
                "v.version = :v) ORDER BY v.version DESC LIMIT 1"
            ),
            {"p": proposal_id, "v": version},
        )
        .mappings()
        .one_or_none()
    )
    if row is None:
        what = f"proposal {proposal_id}" + (f" version {version}" if version else "")
        raise NotFoundError(f"no {what}")
    return _version(row)


def get(conn: Connection, proposal_id: int) -> ProposalDetail:
    head = (
        conn.execute(
            text(
                f"SELECT id, name, created_by, {STAMP.format('created_at')} AS created_at "
                "FROM proposals WHERE id = :p"
            ),
            {"p": proposal_id},
        )
        .mappings()
        .one_or_none()
    )
    if head is None:
        raise NotFoundError(f"no proposal {proposal_id}")
    rows = conn.execute(
        text(VERSION_SELECT + " WHERE p.id = :p ORDER BY v.version"), {"p": proposal_id}
    ).mappings()
    return ProposalDetail(**head, versions=[_version(r) for r in rows])


def listing(conn: Connection) -> list[ProposalSummary]:
    """Every proposal with its latest version, the most recently changed first."""
    rows = conn.execute(
        text(
            f"SELECT p.id, p.name, p.created_by, {STAMP.format('p.created_at')} AS created_at, "
            f"{STAMP.format('p.updated_at')} AS updated_at, "
            "(SELECT count(*) FROM proposal_versions v WHERE v.proposal_id = p.id) AS versions "
            "FROM proposals p ORDER BY p.updated_at DESC, p.id DESC"
        )
    ).mappings()
    heads = list(rows)
    if not heads:
        return []
    latest = conn.execute(
        text(
            VERSION_SELECT + " WHERE p.id = ANY(:ids) AND v.version = "
            "(SELECT max(version) FROM proposal_versions w WHERE w.proposal_id = p.id)"
        ),
        {"ids": [h["id"] for h in heads]},
    ).mappings()
    by_id = {r["proposal_id"]: _version(r) for r in latest}
    return [ProposalSummary(**h, latest=by_id[h["id"]]) for h in heads]


def parse_side(side: str, field: str) -> tuple[int, int | None]:
    """``ID`` or ``ID:VERSION`` as (id, version or None)."""
    if not re.fullmatch(SIDE_PATTERN, side):
        raise InvalidInputError(f"{field} must be a proposal id, or id:version", field=field)
    proposal_id, _, version = side.partition(":")
    return int(proposal_id), int(version) if version else None


def compare(conn: Connection, a: str, b: str) -> Comparison:
    """Two versions side by side: their land in common and apart, their overlaps with
    protected areas and zones, and each rule's verdict, as each was checked when saved."""
    left = version_of(conn, *parse_side(a, "a"))
    right = version_of(conn, *parse_side(b, "b"))
    shared, a_only, b_only = conn.execute(
        text(
            "WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(:a), 4326) AS a, "
            "ST_SetSRID(ST_GeomFromGeoJSON(:b), 4326) AS b) "
            "SELECT coalesce(ST_Area(ST_Intersection(a, b)::geography), 0), "
            "coalesce(ST_Area(ST_Difference(a, b)::geography), 0), "
            "coalesce(ST_Area(ST_Difference(b, a)::geography), 0) FROM g"
        ),
        {"a": json.dumps(left.geometry), "b": json.dumps(right.geometry)},
    ).one()
    overlaps: dict[tuple[str, str], OverlapSide] = {}
    for side, version in (("a", left), ("b", right)):
        for o in version.check.overlaps:
            entry = overlaps.setdefault(
                (o.kind, o.code),
                OverlapSide(
                    kind=o.kind, code=o.code, name=o.name, name_en=o.name_en, a_ha=None, b_ha=None
                ),
            )
            setattr(entry, f"{side}_ha", o.overlap_ha)
    rules: dict[str, RuleSide] = {}
    for side, version in (("a", left), ("b", right)):
        for r in version.check.rules:
            verdict = rules.setdefault(
                r.rule,
                RuleSide(
                    rule=r.rule,
                    rule_vi=r.rule_vi,
                    a_passed=None,
                    b_passed=None,
                    a_detail=None,
                    b_detail=None,
                ),
            )
            setattr(verdict, f"{side}_passed", r.passed)
            setattr(verdict, f"{side}_detail", r.detail)
    return Comparison(
        a=left,
        b=right,
        shared_ha=round(float(shared) / 1e4, 4),
        a_only_ha=round(float(a_only) / 1e4, 4),
        b_only_ha=round(float(b_only) / 1e4, 4),
        difference_ha=round((float(a_only) + float(b_only)) / 1e4, 4),
        overlaps=sorted(overlaps.values(), key=lambda o: -max(o.a_ha or 0, o.b_ha or 0)),
        rules=list(rules.values()),
    )
