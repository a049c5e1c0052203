"""Land occupancy for planners: per zone, per phase and for the province, the planned,
leasable, leased, free, held and delayed hectares and their shares; the leased land by
industry (VSIC division) and by the investor's country.

Leasable land is the industrial and warehouse plots (``LEASABLE_LAND_USES``) that are no
longer ``planned``; land still planned is counted apart (``not_yet_leasable_ha``). Leased land
is every occupied status (leased, building, operating, delayed); ``delayed_ha`` is the part of
it whose project is behind schedule. Held land is free land under an active hold (what the
public sees as reserved); ``free_ha`` excludes it. Shares are of the leasable land.

A zone with no plots on file (``plots_on_file`` false: known by its outline and public facts
only, as most of the merged province's zones) has unknown land, not 0 ha: its land figures and
shares are null, only its planned area is given. The province's figures cover the zones with
plots on file (``zones_counted``; the others are listed in ``without_plots``), its planned
area included, so that the leasable land is set against the planned area of the same zones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis.errors import InvalidInputError
from izagis.plot_state import PLOTS_NOW
from izagis.vocab import LEASABLE_LAND_USES, OCCUPIED_PLOT_STATUSES, PlotStatus, sql_list

LEASABLE = sql_list(LEASABLE_LAND_USES)
OCCUPIED = sql_list(OCCUPIED_PLOT_STATUSES)
# SQL: zone ``z`` has plots on file (as the zone API's ``plots_on_file``, izagis/registry.py).
ZONE_ON_FILE = "EXISTS (SELECT 1 FROM plots q WHERE q.zone_id = z.id)"


class Land(BaseModel):
    """One unit's land account (hectares, 2 decimals; shares of the leasable land, 0-1).
    With no plots on file every figure but the planned area is null: unknown, not 0 ha."""

    plots_on_file: bool  # false: no plot survey of the unit (of any zone, for the province)
    planned_ha: float | None  # the planned (legal) area; a phase's own area
    leasable_ha: float | None
    not_yet_leasable_ha: float | None
    leased_ha: float | None
    free_ha: float | None
    held_ha: float | None
    delayed_ha: float | None
    leased_share: float | None
    free_share: float | None
    held_share: float | None
    delayed_share: float | None


class ZoneLand(Land):
    code: str
    name_vi: str
    name_en: str
    status: str


class PhaseLand(Land):
    code: str
    zone_code: str
    name_vi: str
    name_en: str
    status: str
    leasable_from: int | None


class Share(BaseModel):
    """Leased land of one industry division or country."""

    key: str | None  # VSIC division or ISO country; null: no project recorded on the land
    leased_ha: float
    share: float  # of the leased land counted
    projects: int


class Occupancy(BaseModel):
    zone: str | None  # the zone asked for, or null for the whole province
    province: Land  # the zones with plots on file (the zone asked for, if it has them)
    zones_counted: int  # how many zones the province's figures cover
    without_plots: list[str]  # zones with no plots on file, left out of the province's figures
    zones: list[ZoneLand]
    phases: list[PhaseLand]
    by_division: list[Share]
    by_country: list[Share]


def _sums(alias: str = "p") -> str:
    def ha(where: str) -> str:
        return (
            f"round((coalesce(sum({alias}.area_m2) FILTER (WHERE {alias}.land_use IN {LEASABLE}"
            f" AND {where}), 0) / 1e4)::numeric, 2)::float8"
        )

    return ", ".join(
        (
            f"{ha(f'{alias}.status_now <> {PlotStatus.PLANNED.value!r}')} AS leasable_ha",
            f"{ha(f'{alias}.status_now = {PlotStatus.PLANNED.value!r}')} AS not_yet_leasable_ha",
            f"{ha(f'{alias}.status_now IN {OCCUPIED}')} AS leased_ha",
            f"{ha(f'{alias}.status_now = {PlotStatus.FREE.value!r}')} AS free_ha",
            f"{ha(f'{alias}.status_now = {PlotStatus.RESERVED.value!r}')} AS held_ha",
            f"{ha(f'{alias}.status_now = {PlotStatus.DELAYED.value!r}')} AS delayed_ha",
        )
    )


LAND_FIELDS = (
    "leasable_ha",
    "not_yet_leasable_ha",
    "leased_ha",
    "free_ha",
    "held_ha",
    "delayed_ha",
)


def _shares(row: Mapping[str, Any]) -> dict[str, Any]:
    if not row["plots_on_file"]:  # unknown land: no figure, no share (never 0 ha, 0 %)
        return {
            **row,
            **dict.fromkeys(LAND_FIELDS),
            **dict.fromkeys(("leased_share", "free_share", "held_share", "delayed_share")),
        }
    leasable = float(row["leasable_ha"])

    def share(key: str) -> float | None:
        return round(float(row[key]) / leasable, 4) if leasable > 0 else None

    return {
        **row,
        "leased_share": share("leased_ha"),
        "free_share": share("free_ha"),
        "held_share": share("held_ha"),
        "delayed_share": share("delayed_ha"),
    }


def _breakdown(conn: Connection, key_sql: str, zone_id: int | None) -> list[Share]:
    rows = conn.execute(
        text(
            f"SELECT {key_sql} AS key, sum(p.area_m2) / 1e4 AS ha, count(DISTINCT pr.id) AS n "
            f"FROM {PLOTS_NOW} p LEFT JOIN projects pr ON pr.id = p.project_id "
            f"WHERE p.land_use IN {LEASABLE} AND p.status_now IN {OCCUPIED} "
            "AND (CAST(:zone AS integer) IS NULL OR p.zone_id = :zone) "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        {"zone": zone_id},
    ).all()
    total = sum(float(r.ha) for r in rows)
    return [
        Share(
            key=r.key,
            leased_ha=round(float(r.ha), 2),
            share=round(float(r.ha) / total, 4) if total else 0.0,
            projects=int(r.n),
        )
        for r in rows
    ]


def occupancy(conn: Connection, *, zone: str | None = None) -> Occupancy:
    """The land accounts of every zone and phase (or of one zone's), and of the province."""
    zone_id = None
    if zone is not None:
        zone_id = conn.execute(
            text("SELECT id FROM zones WHERE code = :code"), {"code": zone}
        ).scalar_one_or_none()
        if zone_id is None:
            raise InvalidInputError(f"no zone with code {zone!r}", field="zone")
    params = {"zone": zone_id}
    only = "(CAST(:zone AS integer) IS NULL OR z.id = :zone)"
    zones = list(
        conn.execute(
            text(
                f"SELECT z.code, z.name_vi, z.name_en, z.status, {ZONE_ON_FILE} AS plots_on_file, "
                f"z.planned_area_ha::float8 AS planned_ha, {_sums()} "
                f"FROM zones z LEFT JOIN {PLOTS_NOW} p ON p.zone_id = z.id WHERE {only} "
                "GROUP BY z.id ORDER BY z.code"
            ),
            params,
        ).mappings()
    )
    phases = conn.execute(
        text(
            f"SELECT ph.code, z.code AS zone_code, ph.name_vi, ph.name_en, ph.status, "
            "EXISTS (SELECT 1 FROM plots q WHERE q.phase_id = ph.id) AS plots_on_file, "
            f"ph.leasable_from, ph.area_ha::float8 AS planned_ha, {_sums()} "
            "FROM zone_phases ph JOIN zones z ON z.id = ph.zone_id "
            f"LEFT JOIN {PLOTS_NOW} p ON p.phase_id = ph.id WHERE {only} "
            "GROUP BY ph.id, z.code ORDER BY z.code, ph.code"
        ),
        params,
    ).mappings()
    # Plots lie only in zones with plots on file, so the sums cover those zones; the planned
    # area is of the same zones (a zone with no plots on file would add planned land whose
    # leasable part is unknown).
    province = (
        conn.execute(
            text(
                "SELECT (SELECT sum(planned_area_ha)::float8 FROM zones z "
                f"WHERE {only} AND {ZONE_ON_FILE}) AS planned_ha, "
                f"{_sums()} FROM {PLOTS_NOW} p "
                "WHERE (CAST(:zone AS integer) IS NULL OR p.zone_id = :zone)"
            ),
            params,
        )
        .mappings()
        .one()
    )
    counted = sum(bool(r["plots_on_file"]) for r in zones)
    return Occupancy(
        zone=zone,
        province=Land.model_validate(_shares({**province, "plots_on_file": counted > 0})),
        zones_counted=counted,
        without_plots=[str(r["code"]) for r in zones if not r["plots_on_file"]],
        zones=[ZoneLand.model_validate(_shares(dict(r))) for r in zones],
        phases=[PhaseLand.model_validate(_shares(dict(r))) for r in phases],
        by_division=_breakdown(conn, "left(pr.vsic, 2)", zone_id),
        by_country=_breakdown(conn, "pr.country", zone_id),
    )
