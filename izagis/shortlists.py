"""An enquiry's shortlist: candidate sites (one plot or an assembled group) in the staff's
order with a note each, the site search run with the enquiry's needs, a side-by-side
comparison, and the shortlist as CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Connection, text

from izagis import enquiries, search
from izagis.answers import CriterionBreakdown, SearchAnswer
from izagis.enquiries import set_stage
from izagis.errors import ConflictError, InvalidInputError, NotFoundError
from izagis.needs import MAX_LIMIT, SiteNeeds
from izagis.tables import ACCESS_KINDS_IN_TABLE
from izagis.vocab import EnquiryStage

MAX_ITEMS = 50
COMPARED = (2, 5)  # sites compared at once: at least, at most
DEFAULT_PER_ZONE = 2  # a shortlist search shows at most this many sites of one zone


class ShortlistItem(BaseModel):
    id: int
    plot_codes: list[str]
    zone_code: str
    area_ha: float
    position: int = Field(description="1 first")
    note: str | None


class Site(BaseModel):
    """One shortlisted site with every fact a comparison shows."""

    item_id: int
    position: int
    note: str | None
    plot_codes: list[str]
    zone_code: str
    zone_name_vi: str
    zone_name_en: str
    developer: str | None
    target_industries: list[str]
    area_ha: float
    lease_price_usd_m2: float | None
    utilities: dict[str, float | None] = Field(description="the zone's power_mva, water, ...")
    distances_km: dict[str, float | None] = Field(description="nearest of each kind")
    score: float | None = Field(description="in today's search with the enquiry's needs")
    rank: int | None = Field(description="None: not among the sites that meet the needs today")
    criteria: dict[str, CriterionBreakdown]
    geometry: dict[str, Any]


class Comparison(BaseModel):
    sites: list[Site]
    criteria: list[str] = Field(description="the search's criteria, in the table's order")
    weights: dict[str, float]
    profile: str


_ITEMS = """
    SELECT s.id, s.plot_codes, s.position, s.note, min(z.code) AS zone_code,
           round((sum(p.area_m2) / 1e4)::numeric, 4)::float AS area_ha
    FROM shortlist_items s
    JOIN plots p ON p.code = ANY(s.plot_codes)
    JOIN zones z ON z.id = p.zone_id
    WHERE s.enquiry_id = :enquiry {where}
    GROUP BY s.id ORDER BY s.position, s.id
"""


def _known_enquiry(conn: Connection, enquiry_id: int, *, lock: bool = False) -> None:
    found = conn.execute(
        text("SELECT 1 FROM enquiries WHERE id = :id" + (" FOR UPDATE" if lock else "")),
        {"id": enquiry_id},
    ).first()
    if found is None:
        raise NotFoundError(f"no enquiry {enquiry_id}", field="id")


def items(conn: Connection, *, enquiry_id: int) -> list[ShortlistItem]:
    _known_enquiry(conn, enquiry_id)
    rows = conn.execute(text(_ITEMS.format(where="")), {"enquiry": enquiry_id}).mappings()
    return [ShortlistItem(**row) for row in rows]


def _item(conn: Connection, enquiry_id: int, item_id: int) -> ShortlistItem:
    row = (
        conn.execute(
            text(_ITEMS.format(where="AND s.id = :item")), {"enquiry": enquiry_id, "item": item_id}
        )
        .mappings()
        .one_or_none()
    )
    if row is None:
        raise NotFoundError(f"no item {item_id} on enquiry {enquiry_id}'s shortlist", field="id")
    return ShortlistItem(**row)


def add(
    conn: Connection,
    *,
    enquiry_id: int,
    plot_codes: list[str],
    note: str | None = None,
    by: str | None = None,
) -> ShortlistItem:
    """Put a site last on the shortlist; the enquiry moves on to ``shortlisted``."""
    _known_enquiry(conn, enquiry_id, lock=True)  # one writer of a shortlist's order at a time
    codes = sorted(set(plot_codes))
    zones = conn.execute(
        text("SELECT count(*), count(DISTINCT zone_id) FROM plots WHERE code = ANY(:codes)"),
        {"codes": codes},
    ).one()
    if zones[0] != len(codes):
        raise NotFoundError("a plot of the site does not exist", field="plot_codes")
    if zones[1] != 1:
        raise InvalidInputError("a site's plots lie in one zone", field="plot_codes")
    count = conn.execute(
        text("SELECT count(*) FROM shortlist_items WHERE enquiry_id = :e"), {"e": enquiry_id}
    ).scalar_one()
    if count >= MAX_ITEMS:
        raise ConflictError(f"a shortlist holds at most {MAX_ITEMS} sites", field="plot_codes")
    item_id = conn.execute(
        text(
            "INSERT INTO shortlist_items (enquiry_id, plot_codes, position, note, created_by) "
            "VALUES (:e, :codes, :position, :note, :by) "
            "ON CONFLICT (enquiry_id, plot_codes) DO NOTHING RETURNING id"
        ),
        {"e": enquiry_id, "codes": codes, "position": count + 1, "note": note, "by": by},
    ).scalar_one_or_none()
    if item_id is None:
        raise ConflictError("the site is already on the shortlist", field="plot_codes")
    set_stage(conn, enquiry_id=enquiry_id, stage=EnquiryStage.SHORTLISTED, by=by)
    return _item(conn, enquiry_id, int(item_id))


def _renumber(conn: Connection, enquiry_id: int, order: list[int]) -> None:
    conn.execute(
        text(
            "UPDATE shortlist_items s SET position = o.n FROM unnest(CAST(:ids AS integer[])) "
            "WITH ORDINALITY AS o(id, n) WHERE s.id = o.id AND s.position <> o.n"
        ),
        {"ids": order},
    )


def update(
    conn: Connection,
    *,
    enquiry_id: int,
    item_id: int,
    changes: dict[str, Any],
) -> ShortlistItem:
    """Change an item's ``note`` and/or move it to ``position`` (1 first; the others close
    up around it)."""
    _known_enquiry(conn, enquiry_id, lock=True)
    current = [i.id for i in items(conn, enquiry_id=enquiry_id)]
    if item_id not in current:
        raise NotFoundError(f"no item {item_id} on enquiry {enquiry_id}'s shortlist", field="id")
    if "note" in changes:
        conn.execute(
            text("UPDATE shortlist_items SET note = :note WHERE id = :id"),
            {"note": changes["note"], "id": item_id},
        )
    if changes.get("position") is not None:
        position = min(int(changes["position"]), len(current))
        current.remove(item_id)
        current.insert(position - 1, item_id)
        _renumber(conn, enquiry_id, current)
    return _item(conn, enquiry_id, item_id)


def remove(conn: Connection, *, enquiry_id: int, item_id: int) -> None:
    _known_enquiry(conn, enquiry_id, lock=True)
    gone = conn.execute(
        text("DELETE FROM shortlist_items WHERE id = :id AND enquiry_id = :e RETURNING id"),
        {"id": item_id, "e": enquiry_id},
    ).first()
    if gone is None:
        raise NotFoundError(f"no item {item_id} on enquiry {enquiry_id}'s shortlist", field="id")
    _renumber(conn, enquiry_id, [i.id for i in items(conn, enquiry_id=enquiry_id)])


def enquiry_needs(
    conn: Connection, *, enquiry_id: int, weights: dict[str, float] | None = None
) -> SiteNeeds:
    """The enquiry's needs as a search body: ``weights`` (if given) replace its weighting, and
    at most two sites of one zone are shown unless the needs say otherwise."""
    stored = enquiries.get(conn, enquiry_id=enquiry_id).needs
    if stored is None:
        raise InvalidInputError(
            f"enquiry {enquiry_id} has no needs yet: record at least the area", field="needs"
        )
    body = dict(stored)
    if weights is not None:
        body.pop("ahp", None)
        body["weights"] = weights
    if body.get("max_per_zone") is None:
        body["max_per_zone"] = DEFAULT_PER_ZONE
    try:
        return SiteNeeds.model_validate(body)
    except ValidationError as exc:
        raise InvalidInputError(str(exc.errors()[0]["msg"]), field="weights") from exc


def enquiry_search(
    conn: Connection, *, enquiry_id: int, weights: dict[str, float] | None = None
) -> SearchAnswer:
    needs = enquiry_needs(conn, enquiry_id=enquiry_id, weights=weights)
    return search.site_search(conn, needs, held_for=enquiry_id)


def _ranked(conn: Connection, enquiry_id: int, weights: dict[str, float] | None) -> SearchAnswer:
    """Every site that meets the enquiry's needs today, none held back by zone."""
    needs = enquiry_needs(conn, enquiry_id=enquiry_id, weights=weights).model_copy(
        update={"limit": MAX_LIMIT, "max_per_zone": None, "group_by_zone": False}
    )
    return search.site_search(conn, needs, held_for=enquiry_id)


def _facts(conn: Connection, codes: list[str]) -> dict[str, Any]:
    distances = ", ".join(
        f"round((min(a.d_{kind}) / 1000)::numeric, 3)::float AS d_{kind}"
        for kind in ACCESS_KINDS_IN_TABLE
    )
    row = (
        conn.execute(
            text(
                "SELECT min(z.code) AS zone_code, min(z.name_vi) AS zone_name_vi,"
                " min(z.name_en) AS zone_name_en, min(z.developer) AS developer,"
                " min(z.target_industries) AS target_industries,"
                " round((sum(p.area_m2) / 1e4)::numeric, 4)::float AS area_ha,"
                " min(z.lease_price_usd_m2)::float AS lease_price_usd_m2,"
                " min(z.power_mva)::float AS power_mva, min(z.water_m3_day)::float AS water_m3_day,"
                " min(z.wastewater_m3_day)::float AS wastewater_m3_day,"
                f" {distances}, ST_AsGeoJSON(ST_Union(p.geom), 6) AS geometry"
                " FROM plots p JOIN zones z ON z.id = p.zone_id"
                " LEFT JOIN plot_access a ON a.plot_id = p.id WHERE p.code = ANY(:codes)"
            ),
            {"codes": codes},
        )
        .mappings()
        .one()
    )
    facts = dict(row)
    utilities = ("power_mva", "water_m3_day", "wastewater_m3_day")
    facts["utilities"] = {k: facts.pop(k) for k in utilities}
    facts["distances_km"] = {k: facts.pop(f"d_{k}") for k in ACCESS_KINDS_IN_TABLE}
    facts["geometry"] = json.loads(facts["geometry"])
    return facts


def compare(
    conn: Connection,
    *,
    enquiry_id: int,
    item_ids: list[int],
    weights: dict[str, float] | None = None,
) -> Comparison:
    """Two to five shortlisted sites side by side: facts, and each criterion of today's search
    with the enquiry's needs, ``weights`` (if given) replacing its weighting as in
    ``enquiry_search`` (a site that no longer meets the needs has facts and no score)."""
    wanted = list(dict.fromkeys(item_ids))
    if not COMPARED[0] <= len(wanted) <= COMPARED[1]:
        raise InvalidInputError(
            f"compare {COMPARED[0]} to {COMPARED[1]} shortlisted sites", field="items"
        )
    return _sites(conn, enquiry_id, wanted, weights)


def proposal(conn: Connection, *, enquiry_id: int) -> Comparison:
    """Every shortlisted site, in the shortlist's order, as a proposal shows them."""
    wanted = [i.id for i in items(conn, enquiry_id=enquiry_id)]
    if not wanted:
        raise InvalidInputError(
            f"enquiry {enquiry_id}'s shortlist is empty: add a site first", field="id"
        )
    return _sites(conn, enquiry_id, wanted)


def _sites(
    conn: Connection, enquiry_id: int, wanted: list[int], weights: dict[str, float] | None = None
) -> Comparison:
    listed = {i.id: i for i in items(conn, enquiry_id=enquiry_id)}
    unknown = [i for i in wanted if i not in listed]
    if unknown:
        raise NotFoundError(
            f"no item {unknown[0]} on enquiry {enquiry_id}'s shortlist", field="items"
        )
    answer = _ranked(conn, enquiry_id, weights)
    found = {tuple(sorted(c.plot_codes)): c for c in answer.candidates}
    sites = []
    for item_id in wanted:
        item = listed[item_id]
        candidate = found.get(tuple(item.plot_codes))
        sites.append(
            Site(
                item_id=item.id,
                position=item.position,
                note=item.note,
                plot_codes=item.plot_codes,
                score=candidate.score if candidate else None,
                rank=candidate.rank if candidate else None,
                criteria=candidate.criteria if candidate else {},
                **_facts(conn, item.plot_codes),
            )
        )
    return Comparison(
        sites=sites, criteria=list(answer.weights), weights=answer.weights, profile=answer.profile
    )


CSV_COLUMNS = ("position", "plot_codes", "zone_code", "area_ha", "note")


def as_csv(conn: Connection, *, enquiry_id: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items(conn, enquiry_id=enquiry_id):
        writer.writerow(
            [item.position, " ".join(item.plot_codes), item.zone_code, item.area_ha, item.note]
        )
    return out.getvalue()


def as_geojson(conn: Connection, *, enquiry_id: int) -> dict[str, Any]:
    features = []
    for item in items(conn, enquiry_id=enquiry_id):
        geometry = conn.execute(
            text("SELECT ST_AsGeoJSON(ST_Union(geom), 7) FROM plots WHERE code = ANY(:codes)"),
            {"codes": item.plot_codes},
        ).scalar_one()
        features.append(
            {
                "type": "Feature",
                "id": item.id,
                "geometry": json.loads(geometry),
                "properties": item.model_dump(exclude={"id"}),
            }
        )
    return {"type": "FeatureCollection", "features": features}
