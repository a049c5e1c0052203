"""Admins' upload of one layer: the same import as ``izagis import`` (``izagis.imports``), in
the request's one transaction, answering with the report (findings and change set)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from pydantic import AwareDatetime, BaseModel, Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import ConnectionDep
from api.errors import ErrorBody
from api.uploads import saved, shown_name
from izagis import db
from izagis.errors import DatasetError, InvalidInputError
from izagis.field_mapping import load_mapping
from izagis.import_read import SUFFIXES, read_sent
from izagis.import_report import ImportReport
from izagis.imports import ImportLayer, Options, import_frame
from izagis.layers import PublicLayer
from izagis.retired import retired_geojson
from izagis.vocab import Role

router = APIRouter(
    prefix="/api/v1",
    tags=["data exchange"],
    dependencies=[Depends(require_role(Role.ADMIN))],
    responses={
        401: {"model": ErrorBody, "description": "not signed in"},
        403: {"model": ErrorBody, "description": "not an admin"},
        413: {"model": ErrorBody, "description": "the file is larger than the upload limit"},
    },
)
# Harvesters read what imports retired; no login.
public_router = APIRouter(prefix="/api/v1", tags=["data exchange"])
MAX_RETIRED = 10_000
# The largest upload (the whole body; other requests keep the general limit).
MAX_UPLOAD_BYTES = 256 * 1024 * 1024
UPLOAD_PATH = "/api/v1/imports/"
# An import statement may take minutes on a large layer (the request's own limit is 30 s).
IMPORT_TIMEOUT_MS = 15 * 60 * 1000


class IssueOut(BaseModel):
    feature: int | None
    source_id: str
    problem: str
    severity: str
    action: str


class ChangeOut(BaseModel):
    code: str
    change: str
    fields: list[str]
    details: list[str] = Field(description='for a change: each field\'s "name: before → after"')


class ReportOut(BaseModel):
    """What the import found and changed (nothing is written unless ``applied``)."""

    layer: str
    file: str
    checksum: str
    source_crs: str | None
    features: int
    ok: bool
    dry_run: bool
    applied: bool
    counts: dict[str, int]
    issues: list[IssueOut]
    changes: list[ChangeOut]
    seconds: dict[str, float]


def _suffix(name: str) -> str:
    lowered = name.lower()
    for suffix in SUFFIXES:
        if lowered.endswith(suffix):
            return suffix
    raise InvalidInputError(
        f"the file's name must end in one of {', '.join(SUFFIXES)}", field="file"
    )


@router.post(
    "/imports/{layer}",
    summary="Import one layer from an uploaded file (admins)",
    description="GeoJSON, GeoPackage, zipped Shapefile, KML, or CSV with WKT or lon/lat, in "
    "WGS 84 or VN-2000 (moved through EPSG:6960). Every feature is checked first; the import "
    "is written only when nothing is wrong and it is not a dry run (`applied`). Statuses in "
    "the file are taken for new plots only, dated by its `status_date` column or `as_of`.",
)
def upload(
    layer: ImportLayer,
    conn: TransactionDep,
    user: CurrentUser,
    file: Annotated[UploadFile, File(description="the layer's file")],
    mapping: Annotated[
        UploadFile | None, File(description="field and value mapping, YAML or JSON")
    ] = None,
    dry_run: bool = False,
    retire_missing: bool = False,
    force: bool = False,
    strict: bool = False,
    take_statuses: bool = False,
    as_of: Annotated[dt.date | None, Query(description="the day the statuses took effect")] = None,
    crs: Annotated[
        str | None, Query(pattern=r"^EPSG:[0-9]{4,5}$", description="for a file with none")
    ] = None,
    source_layer: Annotated[
        str | None, Query(alias="layer_name", max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")
    ] = None,
) -> ReportOut:
    name = shown_name(file.filename, "upload")
    _suffix(name)
    with saved(file, "upload") as path:
        try:
            if mapping is None:
                fields = load_mapping(layer.value, None)
            else:
                with saved(mapping, "mapping.yaml") as map_path:
                    fields = load_mapping(layer.value, map_path)
        except DatasetError as exc:
            raise InvalidInputError(exc.message, field="mapping") from exc
        code = int(crs.removeprefix("EPSG:")) if crs else None
        source = read_sent(path, crs=code, layer=source_layer, tabular=layer.value == "projects")
    report = ImportReport(
        layer.value, name, source.checksum, source.crs, len(source.frame), dry_run=dry_run
    )
    db.limit_statements(conn, IMPORT_TIMEOUT_MS)
    options = Options(
        dry_run=dry_run,
        retire_missing=retire_missing,
        force=force,
        strict=strict,
        take_statuses=take_statuses,
        as_of=as_of,
        actor=user.name if user else "anonymous",
    )
    import_frame(conn, layer.value, source.frame, report, mapping=fields, options=options)
    body: dict[str, Any] = report.as_dict()
    return ReportOut.model_validate(body)


@public_router.get(
    "/retired/{layer}",
    summary="Features imports retired (GeoJSON), for harvesters",
    description="A public layer's features that imports retired at or after `since`, oldest "
    "first, each with its code, last geometry and `retired_at`: a client that fetches what "
    "changed since its last visit (OGC API `datetime`) learns here what went.",
    responses={
        200: {
            "description": "GeoJSON (RFC 7946, WGS 84 lon/lat)",
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
        }
    },
)
def retired(
    layer: PublicLayer,
    conn: ConnectionDep,
    since: Annotated[AwareDatetime | None, Query(description="with its offset")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_RETIRED)] = MAX_RETIRED,
) -> Response:
    body = retired_geojson(conn, layer, since=since, limit=limit)
    return Response(content=body, media_type="application/geo+json")
