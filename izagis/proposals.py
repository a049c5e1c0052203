"""Checking a proposed boundary (a new zone or an extension) before anyone plans it further:
its true area; its overlap, in hectares and as a share of its area, with every protected area
and existing zone; its distance to every kind of infrastructure (Hà Nội included); and a
verdict per rule, where the rules are data (``izagis/data/proposal_rules.csv``, each default
with its source).

Areas are geodesic (on the WGS 84 ellipsoid), distances metric in UTM 48N. Rules of four
checks: ``max_overlap_ha`` with a constraint kind, ``min_distance_m`` and ``max_distance_km``
to a constraint or infrastructure kind, and ``min_share_pct`` of a land use among the plots
the boundary covers (applied only where it covers plots: a zone or phase already laid out).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import shapely
from pydantic import BaseModel, Field
from shapely.geometry import shape
from sqlalchemy import Connection, text

from izagis.crs import inside_vietnam
from izagis.errors import InvalidInputError
from izagis.import_read import read_sent
from izagis.inputs import StrictModel
from izagis.registry import IS_HANOI
from izagis.vocab import ConstraintKind, InfrastructureKind, LandUse, values

MAX_AREA_HA = 20_000  # larger than any zone the province could plan
MAX_VERTICES = 20_000
CHECKS = ("max_overlap_ha", "min_distance_m", "max_distance_km", "min_share_pct")

Position = Annotated[list[float], Field(min_length=2, max_length=3)]
Ring = Annotated[list[Position], Field(min_length=4, max_length=MAX_VERTICES)]


class PolygonIn(StrictModel):
    type: Literal["Polygon"]
    coordinates: Annotated[list[Ring], Field(min_length=1, max_length=100)]


class MultiPolygonIn(StrictModel):
    type: Literal["MultiPolygon"]
    coordinates: Annotated[
        list[Annotated[list[Ring], Field(min_length=1, max_length=100)]],
        Field(min_length=1, max_length=100),
    ]


GeometryIn = Annotated[PolygonIn | MultiPolygonIn, Field(discriminator="type")]


class FeatureIn(StrictModel):
    type: Literal["Feature"]
    geometry: GeometryIn
    properties: dict[str, Any] | None = None
    id: str | int | None = None


ProposalIn = Annotated[PolygonIn | MultiPolygonIn | FeatureIn, Field(discriminator="type")]


class Overlap(BaseModel):
    kind: str  # a constraint kind, or "zone"
    code: str
    name: str
    name_en: str
    overlap_ha: float
    share_pct: float  # of the proposal's area


class RuleResult(BaseModel):
    rule: str
    rule_vi: str
    passed: bool
    detail: str
    source: str


class ProposalCheck(BaseModel):
    area_ha: float
    overlaps: list[Overlap]
    distances_km: dict[str, float | None]
    rules: list[RuleResult]
    passed: bool


class ProposalFileCheck(ProposalCheck):
    """The check of an uploaded boundary, with the boundary as read (WGS 84 GeoJSON), so that
    the page can draw it and save it."""

    boundary: dict[str, Any]


@dataclass(frozen=True)
class Rule:
    rule: str
    rule_vi: str
    check: str
    target: str
    value: float
    source: str


@cache
def default_rules() -> tuple[Rule, ...]:
    """The shipped rules, read once; a malformed row is a programming error."""
    path = resources.files("izagis") / "data" / "proposal_rules.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rules = tuple(
        Rule(r["rule"], r["rule_vi"], r["check"], r["target"], float(r["value"]), r["source"])
        for r in rows
    )
    known = set(values(ConstraintKind)) | set(values(InfrastructureKind)) | set(values(LandUse))
    for r in rules:
        assert r.check in CHECKS and r.target in known and r.source, r
    return rules


def _geometry(proposal: PolygonIn | MultiPolygonIn | FeatureIn) -> str:
    """The boundary as GeoJSON text, once shapely finds it valid and inside Vietnam."""
    geometry = proposal.geometry if isinstance(proposal, FeatureIn) else proposal
    data = geometry.model_dump()
    try:
        shapely_geom = shape(data)
    except (ValueError, TypeError, shapely.errors.ShapelyError) as exc:
        raise InvalidInputError(f"not a polygon: {exc}", field="geometry") from exc
    if shapely_geom.is_empty or not shapely_geom.is_valid:
        reason = shapely.is_valid_reason(shapely_geom)
        raise InvalidInputError(f"the boundary is not a valid polygon ({reason})", field="geometry")
    if not inside_vietnam(shapely_geom.bounds):
        raise InvalidInputError(
            "the boundary is not in Vietnam: send WGS 84 longitude, latitude", field="geometry"
        )
    return json.dumps(data)


def from_file(path: Path, crs: int | None = None) -> MultiPolygonIn:
    """The boundary in a file, read as imports read (GeoJSON, KML, zipped Shapefile,
    GeoPackage; VN-2000 accepted, moved to WGS 84): the union of its polygons."""
    source = read_sent(path, crs=crs)
    geoms = [g for g in source.frame.geometry if g is not None and not g.is_empty]
    polygons = shapely.union_all([g for g in geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    if polygons.is_empty:
        raise InvalidInputError(f"{path.name}: no polygon in the file", field="file")
    if polygons.geom_type == "Polygon":
        polygons = shapely.MultiPolygon([polygons])
    return MultiPolygonIn.model_validate(json.loads(shapely.to_geojson(polygons)))


def check(
    conn: Connection,
    proposal: PolygonIn | MultiPolygonIn | FeatureIn,
    rules: tuple[Rule, ...] | None = None,
) -> ProposalCheck:
    """Measure the boundary and judge it by ``rules`` (the shipped ones by default)."""
    params = {"g": _geometry(proposal)}
    proposal_sql = "SELECT ST_SetSRID(ST_GeomFromGeoJSON(:g), 4326) AS g"
    area_m2 = float(
        conn.execute(
            text(f"SELECT ST_Area(g::geography) FROM ({proposal_sql}) p"), params
        ).scalar_one()
    )
    if area_m2 <= 0 or area_m2 / 1e4 > MAX_AREA_HA:
        raise InvalidInputError(
            f"the boundary must enclose between 0 and {MAX_AREA_HA} ha", field="geometry"
        )
    overlaps = _overlaps(conn, proposal_sql, params, area_m2)
    distances = _distances(conn, proposal_sql, params)
    shares = _shares(conn, proposal_sql, params)
    results = [
        _judge(r, overlaps, distances, shares)
        for r in (rules if rules is not None else default_rules())
    ]
    judged = [r for r in results if r is not None]
    return ProposalCheck(
        area_ha=round(area_m2 / 1e4, 4),
        overlaps=overlaps,
        distances_km={k: None if v is None else round(v / 1000, 3) for k, v in distances.items()},
        rules=judged,
        passed=all(r.passed for r in judged),
    )


def _overlaps(
    conn: Connection, proposal_sql: str, params: dict[str, str], area_m2: float
) -> list[Overlap]:
    rows = conn.execute(
        text(
            f"""
            WITH p AS ({proposal_sql}), hits AS (
                SELECT c.kind, c.code, c.name_vi, c.name_en, c.geom FROM constraint_areas c, p
                WHERE ST_Intersects(c.geom, p.g)
                UNION ALL
                SELECT 'zone', z.code, z.name_vi, z.name_en, z.geom FROM zones z, p
                WHERE ST_Intersects(z.geom, p.g)
            )
            SELECT h.kind, h.code, h.name_vi, h.name_en,
                   ST_Area(ST_Intersection(h.geom, p.g)::geography) AS m2
            FROM hits h, p ORDER BY 5 DESC, 2
            """
        ),
        params,
    ).all()
    return [
        Overlap(
            kind=r.kind,
            code=r.code,
            name=r.name_vi,
            name_en=r.name_en,
            overlap_ha=round(r.m2 / 1e4, 4),
            share_pct=round(100 * r.m2 / area_m2, 3),
        )
        for r in rows
        if r.m2 > 0
    ]


def _distances(conn: Connection, proposal_sql: str, params: dict[str, str]) -> dict[str, float]:
    """Metres from the boundary to the nearest feature of every infrastructure and constraint
    kind (0 inside or touching), and to Hà Nội; a kind with no feature is left out."""
    parts = [
        f"SELECT f.kind, min(ST_Distance(f.geom_m, p.m)) FROM {table} f, p GROUP BY f.kind"
        for table in ("infrastructure", "constraint_areas")
    ]
    parts.append(f"SELECT 'hanoi', min(ST_Distance(f.geom_m, p.m)) FROM infrastructure f, p "
                 f"WHERE {IS_HANOI}")  # fmt: skip
    rows = conn.execute(
        text(
            f"WITH p AS (SELECT ST_Transform(g, 32648) AS m FROM ({proposal_sql}) q) "
            + " UNION ALL ".join(parts)
        ),
        params,
    ).all()
    return {str(k): float(v) for k, v in rows if v is not None}


def _shares(conn: Connection, proposal_sql: str, params: dict[str, str]) -> dict[str, float]:
    """Per land use, its share (%) of the plots the boundary covers (by their point on
    surface); empty when it covers none."""
    rows = conn.execute(
        text(
            f"""
            WITH p AS ({proposal_sql})
            SELECT pl.land_use, sum(pl.area_m2) FROM plots pl, p
            WHERE ST_Intersects(pl.geom, p.g) AND ST_Covers(p.g, ST_PointOnSurface(pl.geom))
            GROUP BY 1
            """
        ),
        params,
    ).all()
    total = sum(float(r[1]) for r in rows)
    return {str(r[0]): 100 * float(r[1]) / total for r in rows} if total > 0 else {}


def _judge(
    rule: Rule, overlaps: list[Overlap], distances: dict[str, float], shares: dict[str, float]
) -> RuleResult | None:
    """The verdict of one rule, or None where it does not apply."""
    verdict = {"rule": rule.rule, "rule_vi": rule.rule_vi, "source": rule.source}
    if rule.check == "max_overlap_ha":
        hit = [o for o in overlaps if o.kind == rule.target]
        ha = sum(o.overlap_ha for o in hit)
        where = ", ".join(f"{o.code} {o.overlap_ha:.2f} ha" for o in hit) or "none"
        return RuleResult(
            passed=ha <= rule.value,
            detail=f"overlap {ha:.2f} ha (at most {rule.value:g} ha): {where}",
            **verdict,
        )
    if rule.check in ("min_distance_m", "max_distance_km"):
        metres = distances.get(rule.target)
        if metres is None:
            return RuleResult(passed=True, detail=f"no {rule.target} on file", **verdict)
        if rule.check == "min_distance_m":
            return RuleResult(
                passed=metres >= rule.value,
                detail=f"{metres:.0f} m from the nearest {rule.target} (at least {rule.value:g} m)",
                **verdict,
            )
        return RuleResult(
            passed=metres / 1000 <= rule.value,
            detail=f"{metres / 1000:.2f} km to the nearest {rule.target} "
            f"(at most {rule.value:g} km)",
            **verdict,
        )
    if not shares:  # min_share_pct: only for a boundary that holds plots
        return None
    share = shares.get(rule.target, 0.0)
    return RuleResult(
        passed=share >= rule.value,
        detail=f"{rule.target} {share:.1f} % of the plots' area (at least {rule.value:g} %)",
        **verdict,
    )
