"""Public one-page PDF fact sheets of a zone or a plot (no personal data): a plot's sheet
estimates its land lease and service fees."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Response
from sqlalchemy import Connection

from api.deps import CodePath, ConnectionDep
from api.errors import NOT_FOUND
from izagis import costs, phases, registry, sheet_map
from web import sheets

router = APIRouter(prefix="/api/v1/sheets", tags=["sheets"])
PDF = "application/pdf"
PDF_RESPONSE = {200: {"content": {PDF: {}}, "description": "a one-page PDF"}, **NOT_FOUND}


def _pdf(body: bytes, name: str) -> Response:
    return Response(
        content=body,
        media_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
    )


def _phases(conn: Connection, zone_code: str) -> list[dict[str, Any]]:
    return [p.model_dump() for p in phases.phases(conn) if p.zone_code == zone_code]


@router.get("/zones/{code}.pdf", summary="A zone's fact sheet (PDF)", responses=PDF_RESPONSE)
def zone_sheet(code: CodePath, conn: ConnectionDep) -> Response:
    zone = json.loads(registry.zone_geojson(conn, code))["properties"]
    png = sheet_map.draw(conn, zone_code=code)
    return _pdf(
        sheets.render(
            kind="zone",
            zone=zone,
            map_png=png,
            phases=_phases(conn, code),
            fee_usd_m2_year=costs.service_fees().get(code),
        ),
        f"izagis-{code}",
    )


@router.get("/plots/{code}.pdf", summary="A plot's fact sheet (PDF)", responses=PDF_RESPONSE)
def plot_sheet(code: CodePath, conn: ConnectionDep) -> Response:
    plot = json.loads(registry.plot_geojson(conn, code))["properties"]
    zone = json.loads(registry.zone_geojson(conn, plot["zone_code"]))["properties"]
    png = sheet_map.draw(conn, zone_code=plot["zone_code"], plot_code=code)
    zone_phases = _phases(conn, plot["zone_code"])
    return _pdf(
        sheets.render(
            kind="plot",
            zone=zone,
            plot=plot,
            map_png=png,
            phases=zone_phases,
            cost=costs.site_cost(conn, [code]) if costs.offered(plot) else None,
        ),
        f"izagis-{code}",
    )
