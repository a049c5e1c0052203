"""Downloads of the public layers as files (GeoJSON, GeoPackage, zipped Shapefile, CSV, KML)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from api.deps import ConnectionDep
from api.errors import ErrorBody
from api.limits import rate_limit
from izagis.crs import OUTPUT_CRS, WGS84
from izagis.export import FORMATS, export_layer
from izagis.layers import PublicLayer

router = APIRouter(prefix="/api/v1", tags=["data exchange"])
EXPORTS_PER_MINUTE = 20  # per address: each export reads a whole layer
CHUNK = 64 * 1024

ExportFormat = StrEnum("ExportFormat", {name.upper(): name for name in FORMATS})  # type: ignore[misc]
ExportCrs = StrEnum("ExportCrs", {f"EPSG_{c}": f"EPSG:{c}" for c in OUTPUT_CRS})  # type: ignore[misc]
DEFAULT_FORMAT = ExportFormat("geojson")
DEFAULT_CRS = ExportCrs(f"EPSG:{WGS84}")

_BINARY = {"schema": {"type": "string", "format": "binary"}}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the layer as a file (Content-Disposition names it)",
        "content": {
            fmt.media_type: ({"schema": {"type": "object"}} if fmt.name == "geojson" else _BINARY)
            for fmt in FORMATS.values()
        },
    },
    422: {"model": ErrorBody, "description": "KML asked in a CRS other than WGS 84"},
    429: {"description": "too many exports from this address (Retry-After)"},
}


def _stream(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


@router.get(
    "/export/{layer}",
    summary="A public layer as a file, in WGS 84 or VN-2000",
    description="GeoJSON, GeoPackage (with QGIS styles), zipped Shapefile, CSV with WKT "
    "geometry, or KML (WGS 84 only). VN-2000 coordinates use the EPSG:6960 transformation.",
    response_class=StreamingResponse,
    responses=RESPONSES,
    dependencies=[Depends(rate_limit("export", lambda _settings: EXPORTS_PER_MINUTE))],
)
def export(
    layer: PublicLayer,
    conn: ConnectionDep,
    file_format: Annotated[
        ExportFormat, Query(alias="format", description="file format")
    ] = DEFAULT_FORMAT,
    crs: Annotated[ExportCrs, Query(description="coordinate reference system")] = DEFAULT_CRS,
) -> StreamingResponse:
    fmt = FORMATS[str(file_format.value)]
    code = int(str(crs.value).removeprefix("EPSG:"))
    name = f"{layer.value}{'' if code == WGS84 else f'-EPSG{code}'}{fmt.suffix}"
    work = Path(tempfile.mkdtemp(prefix="izagis-download-"))
    try:
        path = work / name
        export_layer(conn, layer, path, crs=code)
        handle = path.open("rb")  # readable until closed, though its folder goes now
    finally:
        shutil.rmtree(work, ignore_errors=True)
    size = os.fstat(handle.fileno()).st_size
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Length": str(size),
    }
    return StreamingResponse(_stream(handle), media_type=fmt.media_type, headers=headers)
