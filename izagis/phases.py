"""Zone phases: the parts of a zone that open for lease at different times (the original
area, an extension, a later phase), each with its legal basis, area, status and the first year
its land is leasable. Read as GeoJSON for the maps, and as rows for the forecasts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis.errors import InvalidInputError
from izagis.registry import _collection, _features

PHASE_SELECT = """
    SELECT ph.code, z.code AS zone_code, ph.name_vi, ph.name_en, ph.legal_basis,
           ph.area_ha::float8 AS area_ha, ph.status, ph.leasable_from,
           z.name_vi AS zone_name_vi, z.name_en AS zone_name_en, z.status AS zone_status,
           (SELECT count(*) FROM plots p WHERE p.phase_id = ph.id) AS plot_count,
           ph.geom
    FROM zone_phases ph JOIN zones z ON z.id = ph.zone_id
"""


class Phase(BaseModel):
    code: str
    zone_code: str
    name_vi: str
    name_en: str
    legal_basis: str | None
    area_ha: float | None
    status: str
    leasable_from: int | None


def phases_geojson(conn: Connection, *, zone: str | None = None, unlike_zone: bool = False) -> str:
    """Every phase (or one zone's) as a FeatureCollection, by zone then code; with
    ``unlike_zone`` only those whose status is not their zone's (an extension, a later
    phase: what the public map draws)."""
    if (
        zone is not None
        and not conn.execute(
            text("SELECT EXISTS (SELECT 1 FROM zones WHERE code = :code)"), {"code": zone}
        ).scalar_one()
    ):
        raise InvalidInputError(f"no zone with code {zone!r}", field="zone")
    features, n = _features(
        conn,
        PHASE_SELECT + " WHERE (CAST(:zone AS text) IS NULL OR z.code = :zone)"
        " AND (NOT :unlike OR ph.status <> z.status) ORDER BY z.code, ph.code",
        {"zone": zone, "unlike": unlike_zone},
    )
    return _collection(features, n)


def phases(conn: Connection) -> list[Phase]:
    rows = conn.execute(
        text(
            "SELECT ph.code, z.code AS zone_code, ph.name_vi, ph.name_en, ph.legal_basis, "
            "ph.area_ha::float8 AS area_ha, ph.status, ph.leasable_from "
            "FROM zone_phases ph JOIN zones z ON z.id = ph.zone_id ORDER BY z.code, ph.code"
        )
    ).mappings()
    return [Phase(**r) for r in rows]


def phases_of(conn: Connection, groups: list[list[int]]) -> list[dict[str, Any] | None]:
    """For each site (a list of plot ids), the zone phase its plots lie in; for a site across
    phases, the one opening last (it decides when the whole site can be leased); None for a
    site in no phase."""
    if not groups:
        return []
    rows = conn.execute(
        text(
            "SELECT g.n, ph.code, ph.name_vi, ph.name_en, ph.status, ph.leasable_from, "
            "NOT EXISTS (SELECT 1 FROM zone_phases o WHERE o.zone_id = ph.zone_id "
            "AND o.id <> ph.id) AS whole_zone "
            "FROM unnest(CAST(:groups AS text[])) WITH ORDINALITY AS g(ids, n) "
            "CROSS JOIN LATERAL (SELECT ph.* FROM plots p "
            "JOIN zone_phases ph ON ph.id = p.phase_id "
            "WHERE p.id = ANY(string_to_array(g.ids, ',')::int[]) "
            "ORDER BY ph.leasable_from DESC NULLS FIRST, ph.code LIMIT 1) ph"
        ),
        {"groups": [",".join(map(str, g)) for g in groups]},
    ).mappings()
    found = {int(r["n"]): {k: r[k] for k in r.keys() if k != "n"} for r in rows}
    return [found.get(n) for n in range(1, len(groups) + 1)]
