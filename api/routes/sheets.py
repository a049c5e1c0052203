"""Public one-page PDF fact sheets of a zone or a plot (no personal data)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Response

from api.deps import CodePath, ConnectionDep
from api.errors import NOT_FOUND
from izagis import registry, sheet_map
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


@router.get("/zones/{code}.pdf", summary="A zone's fact sheet (PDF)", responses=PDF_RESPONSE)
def zone_sheet(code: CodePath, conn: ConnectionDep) -> Response:
    zone = json.loads(registry.zone_geojson(conn, code))["properties"]
    png = sheet_map.draw(conn, zone_code=code)
    return _pdf(sheets.render(kind="zone", zone=zone, map_png=png), f"izagis-{code}")


@router.get("/plots/{code}.pdf", summary="A plot's fact sheet (PDF)", responses=PDF_RESPONSE)
def plot_sheet(code: CodePath, conn: ConnectionDep) -> Response:
    plot = json.loads(registry.plot_geojson(conn, code))["properties"]
    zone = json.loads(registry.zone_geojson(conn, plot["zone_code"]))["properties"]
    png = sheet_map.draw(conn, zone_code=plot["zone_code"], plot_code=code)
    return _pdf(sheets.render(kind="plot", zone=zone, plot=plot, map_png=png), f"izagis-{code}")
