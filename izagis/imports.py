"""Importing one layer from a file: read (``izagis.import_read``), check each feature
(``izagis.import_prepare``), stage the rows in a temporary table by COPY, check what needs the
database there (unknown codes, plots outside their zone or over another, with the overlap in
m²), work out the change set against the table, and only then write: all of it in the caller's
one transaction, or none of it (a dry run, any error, a killed process).

What an import never does: overwrite a plot status or hold that people set in the app. Statuses
in a file are taken for new plots only (or with ``take_statuses``, for plots without one set in
the app), each as a plot event dated by the file's ``status_date``, else ``as_of``, else the
plot's project's investment certificate (backfill): never the day of the import. A plot that a
file records as reserved gets an open-ended hold. Re-importing the same file changes nothing;
geometries that moved less than ``SAME_GEOMETRY_M`` (a VN-2000 round trip) are unchanged.
``retire_missing`` deletes what the file no longer has, except held, leased or occupied plots
(without ``force``) and zones that still hold plots or projects; each keeps a row in
``retired_features`` (for harvesters) and in the audit history. Every applied import is a row
of ``imports`` (file, checksum, counts, options, who), and every row it writes is audited under
an actor that names the file and its checksum.
Derived data are refreshed for the touched plots only (a feature layer rebuilds them all).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

import shapely
from sqlalchemy import Connection, Engine, text
from sqlalchemy.dialects import postgresql

from izagis import derived
from izagis.db import act_as
from izagis.errors import DatasetError
from izagis.field_mapping import FieldMapping, default_mapping
from izagis.import_prepare import Prepared, Spec, prepare, spec
from izagis.import_read import read_source
from izagis.import_report import Change, ImportReport, Issue
from izagis.plot_state import EVENT_FOR_STATUS, LIVE_HOLD
from izagis.tables import IMPORT_LAYERS
from izagis.vocab import EVENT_STATUS, OCCUPIED_PLOT_STATUSES, EventSource, sql_list

# Metres within which a geometry counts as unchanged (absorbs VN-2000 and 7-decimal round trips).
SAME_GEOMETRY_M: Final = 0.05
# A plot may reach this far out of its zone (metres); an overlap counts from this area (m²)
# and this mean width (metres: twice its area over its perimeter), so the slivers of rounded
# coordinates along a long shared edge do not.
OUTSIDE_TOLERANCE_M: Final = 0.05
OVERLAP_TOLERANCE_M2: Final = 1.0
OVERLAP_WIDTH_M: Final = 0.05
METRIC: Final = 32648
COPY_BATCH: Final = 5_000
STAGE: Final = "import_stage"
# The change set by staged feature (``n``): new, or the fields that change; what the writes
# join to, rather than arrays of every code sent back to the database.
CHANGE: Final = "import_change"

Progress = Callable[[str, int, int], None]  # phase, done, total

ImportLayer = StrEnum("ImportLayer", {name.upper(): name for name in IMPORT_LAYERS})  # type: ignore[misc]


@dataclass(frozen=True)
class Options:
    dry_run: bool = False
    retire_missing: bool = False
    force: bool = False
    strict: bool = False
    take_statuses: bool = False
    as_of: dt.date | None = None
    # For the whole-folder loader of history before izagis: the day given to a status that
    # nothing else dates. ``izagis import`` leaves it unset and refuses undated statuses.
    undated_on: dt.date | None = None
    actor: str = "import"
    # Off for a whole-dataset load, which rebuilds the derived data once at its end.
    refresh_derived: bool = True


def _stage(conn: Connection, layer: Spec, prepared: Prepared, progress: Progress) -> list[str]:
    """Create the staging table and COPY the prepared rows into it; returns its columns."""
    dialect = postgresql.dialect()
    names = list(prepared.values.columns)
    columns = ["n integer NOT NULL"]
    for name in names:
        column = layer.fields.get(name)
        kind = (
            "date"
            if column is None
            else ("text" if name in layer.references else column.type.compile(dialect=dialect))
        )
        columns.append(f"{name} {kind}")
    if prepared.geoms is not None:
        columns.append("geom geometry(GEOMETRY, 4326)")
    # an earlier layer's, in the same transaction
    conn.execute(text(f"DROP TABLE IF EXISTS pg_temp.{STAGE}"))
    conn.execute(text(f"CREATE TEMP TABLE {STAGE} ({', '.join(columns)}) ON COMMIT DROP"))
    wkb: list[str | None] = []
    if prepared.geoms is not None:
        wkb = list(shapely.to_wkb(prepared.geoms, hex=True, include_srid=False))
    records = prepared.values.astype(object).where(prepared.values.notna(), None)
    rows = records.itertuples(index=False, name=None)
    raw = conn.connection.driver_connection
    assert raw is not None
    copied = ["n", *names, *(["geom"] if prepared.geoms is not None else [])]
    total = len(records)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {STAGE} ({', '.join(copied)}) FROM STDIN") as copy,
    ):
        for i, row in enumerate(rows):
            geom = [f"SRID=4326;{wkb[i]}" if wkb[i] else None] if wkb else []
            copy.write_row((i + 1, *row, *geom))
            if (i + 1) % COPY_BATCH == 0:
                progress("staging", i + 1, total)
    progress("staging", total, total)
    conn.execute(text(f"CREATE UNIQUE INDEX ON {STAGE} (n)"))
    conn.execute(text(f"CREATE INDEX ON {STAGE} (code)"))
    if prepared.geoms is not None:
        conn.execute(text(f"CREATE INDEX ON {STAGE} USING gist (geom)"))
    # Overlaps and zones are checked where a shape is new, moved or in another zone (stored
    # ones were checked when they were written).
    if layer.name == "plots":
        conn.execute(text(f"ALTER TABLE {STAGE} ADD COLUMN moved boolean NOT NULL DEFAULT true"))
        conn.execute(
            text(
                f"UPDATE {STAGE} s SET moved = false FROM plots t WHERE t.code = s.code "
                + (
                    "AND t.zone_id = (SELECT z.id FROM zones z WHERE z.code = s.zone_code) "
                    if "zone_code" in names
                    else ""
                )
                + f"AND (t.geom = s.geom OR ST_HausdorffDistance(t.geom_m, "
                f"ST_Transform(s.geom, {METRIC})) <= {SAME_GEOMETRY_M})"
            )
        )
    conn.execute(text(f"ANALYZE {STAGE}"))
    return names


def _issues(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> list[Issue]:
    return [
        Issue(int(n), code or "", problem, "error")
        for n, code, problem in conn.execute(text(sql), params or {})
    ]


def _database_checks(conn: Connection, layer: Spec, names: list[str]) -> list[Issue]:
    issues: list[Issue] = []
    for name, target in layer.references.items():
        if name in names:
            issues += _issues(
                conn,
                f"SELECT s.n, s.code, 'unknown {name} ' || s.{name} FROM {STAGE} s "
                f"WHERE s.{name} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {target.name} r WHERE r.code = s.{name})",
            )
    if layer.name != "plots":
        return issues
    if "zone_code" in names:
        # Each zone buffered once, not once per plot.
        issues += _issues(
            conn,
            f"WITH z AS MATERIALIZED (SELECT code, geom_m, ST_Buffer(geom_m, :tol) AS reach "
            f"FROM zones) "
            f"SELECT s.n, s.code, 'outside its zone ' || z.code || ' by ' || "
            f"round(ST_Area(ST_Difference(ST_Transform(s.geom, {METRIC}), z.geom_m))::numeric, 1)"
            f" || ' m²' FROM {STAGE} s JOIN z ON z.code = s.zone_code "
            f"WHERE s.moved AND NOT ST_CoveredBy(ST_Transform(s.geom, {METRIC}), z.reach)",
            {"tol": OUTSIDE_TOLERANCE_M},
        )
    # Pairs whose interiors meet (they meet and do not only touch), materialised first: the
    # area is computed for those only.
    shared = "round(ST_Area(shared)::numeric, 1)"
    counts = "ST_Area(shared) > :min AND 2 * ST_Area(shared) > :width * ST_Perimeter(shared)"
    issues += _issues(
        conn,
        f"WITH pairs AS MATERIALIZED (SELECT a.n, a.code, b.n AS other_n, b.code AS other, "
        f"ST_Transform(ST_Intersection(a.geom, b.geom), {METRIC}) AS shared "
        f"FROM (SELECT * FROM {STAGE} WHERE moved) a JOIN {STAGE} b "
        f"ON (a.n < b.n OR NOT b.moved) AND a.geom && b.geom "
        f"AND ST_Intersects(a.geom, b.geom) AND NOT ST_Touches(a.geom, b.geom)) "
        f"SELECT n, code, 'overlaps ' || other || ' (feature ' || other_n || ') by ' || "
        f"{shared} || ' m²' FROM pairs WHERE {counts}",
        {"min": OVERLAP_TOLERANCE_M2, "width": OVERLAP_WIDTH_M},
    )
    issues += _issues(
        conn,
        f"WITH pairs AS MATERIALIZED (SELECT a.n, a.code, b.code AS other, "
        f"ST_Transform(ST_Intersection(a.geom, b.geom), {METRIC}) AS shared "
        f"FROM {STAGE} a JOIN plots b "
        f"ON a.moved AND a.geom && b.geom AND a.code IS DISTINCT FROM b.code "
        f"AND NOT EXISTS (SELECT 1 FROM {STAGE} s WHERE s.code = b.code) "
        f"AND ST_Intersects(a.geom, b.geom) AND NOT ST_Touches(a.geom, b.geom)) "
        f"SELECT n, code, 'overlaps the stored plot ' || other || ' by ' || {shared} || ' m²' "
        f"FROM pairs WHERE {counts}",
        {"min": OVERLAP_TOLERANCE_M2, "width": OVERLAP_WIDTH_M},
    )
    return issues


def _value(layer: Spec, name: str, alias: str = "s") -> str:
    """SQL for a staged field as the table stores it (references resolved to ids)."""
    if name in layer.references:
        target = layer.references[name].name
        return f"(SELECT r.id FROM {target} r WHERE r.code = {alias}.{name})"
    if layer.name == "plots" and name == "status":  # reserved is stored free with a hold
        return f"CASE WHEN {alias}.status = 'reserved' THEN 'free' ELSE {alias}.status END"
    column = layer.fields.get(name)
    default = getattr(column.server_default, "arg", None) if column is not None else None
    if column is not None and not column.nullable and default is not None:
        sql = getattr(default, "text", str(default))  # a value left out takes the default
        return (
            f"coalesce({alias}.{name}, CAST({sql} AS {column.type.compile(postgresql.dialect())}))"
        )
    return f"{alias}.{name}"


def _taken(layer: Spec, name: str) -> str:
    """SQL for the value an update of stored row ``t`` takes: the file's, except a plot
    status set in the app, which stays."""
    value = _value(layer, name)
    if layer.name == "plots" and name == "status":
        return f"CASE WHEN {_set_in_app('t')} THEN t.status ELSE {value} END"
    return value


def _differs(layer: Spec, name: str) -> str:
    """SQL: whether stored row ``t`` differs from staged ``s`` in field ``name``; a plot the
    file records as reserved differs while no hold keeps it (a status the app set stays)."""
    differs = f"t.{_column(layer, name)} IS DISTINCT FROM {_taken(layer, name)}"
    if layer.name == "plots" and name == "status":
        differs += f" OR (s.status = 'reserved' AND NOT {_set_in_app('t')} AND NOT {_held('t')})"
    return differs


def _shown(layer: Spec, name: str) -> tuple[str, str]:
    """SQL for field ``name`` as a report shows it, stored (``t``) and from the file (``s``):
    a reference by its code, a plot's status as the file gives it (reserved, not free)."""
    if layer.name == "plots" and name == "status":
        return "t.status", "s.status"
    if name in layer.references:
        target = layer.references[name].name
        stored = f"(SELECT r.code FROM {target} r WHERE r.id = t.{_column(layer, name)})"
        return stored, f"s.{name}"
    return f"t.{_column(layer, name)}::text", f"({_taken(layer, name)})::text"


def _column(layer: Spec, name: str) -> str:
    return layer.fields[name].name


def _compared(layer: Spec, names: list[str], take_statuses: bool) -> list[str]:
    fields = [n for n in names if n in layer.fields and n != "code"]
    if layer.name == "plots" and not take_statuses:
        fields = [n for n in fields if n != "status"]
    return fields


def _diff(
    conn: Connection,
    layer: Spec,
    names: list[str],
    options: Options,
    has_geom: bool,
    zones: list[str] | None,
) -> tuple[list[Change], int, dict[str, list[str]]]:
    """The change set: added, changed (with fields), retired (in ``zones``, None: anywhere)
    and kept; and codes by kind."""
    table = layer.table.name
    fields = _compared(layer, names, options.take_statuses)
    checks = []
    for n in fields:
        before, after = _shown(layer, n)
        checks.append(
            f"CASE WHEN {_differs(layer, n)} THEN '{n}: ' || coalesce({before}, '-') || ' → ' "
            f"|| coalesce({after}, '-') END"
        )
    if has_geom:
        moved = f"ST_HausdorffDistance(t.geom_m, ST_Transform(s.geom, {METRIC}))"
        checks.append(
            f"CASE WHEN t.geom IS DISTINCT FROM s.geom AND {moved} > {SAME_GEOMETRY_M} "
            f"THEN 'geometry: moved up to ' || round({moved}::numeric, 2) || ' m' END"
        )
    # Each change reads "field: before → after"; the field is what precedes the colon.
    changed_sql = f"array_remove(ARRAY[{', '.join(checks) or 'NULL'}]::text[], NULL)"
    conn.execute(text(f"DROP TABLE IF EXISTS pg_temp.{CHANGE}"))  # an earlier layer's
    conn.execute(
        text(
            f"CREATE TEMP TABLE {CHANGE} ON COMMIT DROP AS SELECT s.n, s.code, t.id IS NULL AS new,"
            f" CASE WHEN t.id IS NULL THEN '{{}}'::text[] ELSE {changed_sql} END AS fields "
            f"FROM {STAGE} s LEFT JOIN {table} t ON t.code = s.code"
        )
    )
    conn.execute(text(f"CREATE UNIQUE INDEX ON {CHANGE} (n)"))
    rows = conn.execute(text(f"SELECT code, new, fields FROM {CHANGE} ORDER BY n")).all()
    changes: list[Change] = []
    unchanged = 0
    codes: dict[str, list[str]] = {"added": [], "changed": [], "retired": []}
    for code, new, changed in rows:
        if new:
            changes.append(Change(code, "added"))
            codes["added"].append(code)
        elif changed:
            names_of = tuple(c.split(": ", 1)[0] for c in changed)
            changes.append(Change(code, "changed", names_of, tuple(changed)))
            codes["changed"].append(code)
        else:
            unchanged += 1
    if options.retire_missing:
        for code, reason in _missing(conn, layer, options.force, zones):
            if reason:
                changes.append(Change(code, "kept", (reason,)))
            else:
                changes.append(Change(code, "retired"))
                codes["retired"].append(code)
    return changes, unchanged, codes


def _covered(conn: Connection, layer: Spec) -> list[str] | None:
    """The zones whose plots or projects a file's retirement reaches: those it names (each
    feature must), so a survey of one zone never retires another's. None: the whole layer
    (zones, infrastructure, constraints)."""
    if layer.name not in ("plots", "projects"):
        return None
    return list(
        conn.execute(
            text(f"SELECT code FROM zones WHERE code IN (SELECT zone_code FROM {STAGE}) ORDER BY 1")
        ).scalars()
    )


def _missing(
    conn: Connection, layer: Spec, force: bool, zones: list[str] | None
) -> list[tuple[str, str | None]]:
    """Stored features the file lacks, in ``zones`` (None: anywhere), each with why it must
    stay (None: it may go)."""
    table = layer.table.name
    in_zones = (
        "" if zones is None else "AND t.zone_id IN (SELECT id FROM zones WHERE code = ANY(:zones))"
    )
    reason = "NULL"
    if layer.name == "plots" and not force:
        occupied = sql_list(tuple(OCCUPIED_PLOT_STATUSES))
        reason = (
            f"CASE WHEN {_held('t')} THEN 'held: --force retires it' "
            f"WHEN t.status IN {occupied} THEN t.status || ': --force retires it' END"
        )
    elif layer.name == "zones":
        reason = (
            "CASE WHEN EXISTS (SELECT 1 FROM plots p WHERE p.zone_id = t.id) "
            "OR EXISTS (SELECT 1 FROM projects p WHERE p.zone_id = t.id) "
            "THEN 'still holds plots or projects' END"
        )
    elif layer.name == "projects":
        reason = (
            "CASE WHEN EXISTS (SELECT 1 FROM plots p WHERE p.project_id = t.id) "
            "AND NOT :force THEN 'on plots: --force retires it' END"
        )
    return [
        (code, why)
        for code, why in conn.execute(
            text(
                f"SELECT t.code, {reason} FROM {table} t WHERE NOT EXISTS "
                f"(SELECT 1 FROM {STAGE} s WHERE s.code = t.code) {in_zones} ORDER BY t.code"
            ),
            {"force": force, "zones": zones},
        )
    ]


def _status_dates(conn: Connection, options: Options, takes: str, names: list[str]) -> list[Issue]:
    """Refuse statuses that would be taken with no date (``takes`` selects them)."""
    if options.as_of is not None or options.undated_on is not None:
        return []
    dated = "s.status_date IS NOT NULL OR " if "status_date" in names else ""
    project = (
        "pr.code = s.project_code"
        if "project_code" in names
        else "pr.id = (SELECT t.project_id FROM plots t WHERE t.code = s.code)"
    )
    return _issues(
        conn,
        f"SELECT s.n, s.code, 'status ' || s.status || ' has no date: give a status_date "
        f"column or --as-of' FROM {STAGE} s WHERE {takes} AND NOT ({dated}EXISTS "
        f"(SELECT 1 FROM projects pr WHERE {project} AND pr.certificate_date IS NOT NULL))",
    )


def _write(
    conn: Connection,
    layer: Spec,
    names: list[str],
    codes: dict[str, list[str]],
    options: Options,
    import_id: int,
) -> list[int]:
    """Insert, update and retire; returns the ids of plots whose derived data must change."""
    table = layer.table.name
    has_geom = layer.geometry != "none"
    stored = [n for n in names if n in layer.fields]
    columns = [_column(layer, n) for n in stored] + (["geom"] if has_geom else [])
    values = [_value(layer, n) for n in stored]
    geom = "ST_Multi(s.geom)" if layer.geometry == "polygon" else "s.geom"
    values += [geom] if has_geom else []
    touched: list[int] = []
    if codes["added"]:
        ids = conn.execute(
            text(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
                f"FROM {STAGE} s JOIN {CHANGE} c ON c.n = s.n WHERE c.new ORDER BY s.n "
                "RETURNING id"
            )
        ).scalars()
        touched += list(ids)
    if codes["changed"]:
        sets = [
            f"{_column(layer, n)} = {_taken(layer, n)}"
            for n in _compared(layer, names, options.take_statuses)
        ]
        if has_geom:
            sets.append(
                f"geom = CASE WHEN ST_HausdorffDistance(t.geom_m, ST_Transform(s.geom, {METRIC}))"
                f" > {SAME_GEOMETRY_M} THEN {geom} ELSE t.geom END"
            )
        ids = conn.execute(
            text(
                f"UPDATE {table} t SET {', '.join(sets)} FROM {STAGE} s JOIN {CHANGE} c "
                "ON c.n = s.n WHERE s.code = t.code AND NOT c.new AND cardinality(c.fields) > 0 "
                "RETURNING t.id"
            )
        ).scalars()
        touched += list(ids)
    if codes["retired"]:
        geometry = "t.geom" if has_geom else "NULL"
        conn.execute(
            text(
                "INSERT INTO retired_features (layer, code, import_id, properties, geom) "
                f"SELECT :layer, t.code, :import_id, to_jsonb(t) - 'geom' - 'geom_m' - "
                f"'geom_wm', {geometry} FROM {table} t WHERE t.code = ANY(:codes)"
            ),
            {"layer": layer.name, "import_id": import_id, "codes": codes["retired"]},
        )
        conn.execute(
            text(f"DELETE FROM {table} WHERE code = ANY(:codes)"), {"codes": codes["retired"]}
        )
    return touched


def _record(conn: Connection, report: ImportReport, options: Options) -> int:
    """The import's row in the history (audited); returns its id."""
    counts = report.counts
    chosen = {
        "retire_missing": options.retire_missing,
        "force": options.force,
        "strict": options.strict,
        "take_statuses": options.take_statuses,
        "as_of": options.as_of.isoformat() if options.as_of else None,
    }
    return int(
        conn.execute(
            text(
                "INSERT INTO imports (layer, file_name, checksum, source_crs, features, added, "
                "changed, retired, kept, unchanged, options, imported_by) VALUES (:layer, :file, "
                ":checksum, :crs, :features, :added, :changed, :retired, :kept, :unchanged, "
                "CAST(:options AS jsonb), :by) RETURNING id"
            ),
            {
                "layer": report.layer,
                "file": report.file,
                "checksum": report.checksum,
                "crs": report.source_crs,
                "features": report.features,
                **{k: counts[k] for k in ("added", "changed", "retired", "kept", "unchanged")},
                "options": json.dumps(chosen),
                "by": options.actor,
            },
        ).scalar_one()
    )


def _held(alias: str) -> str:
    return f"EXISTS (SELECT 1 FROM holds h WHERE h.plot_id = {alias}.id AND {LIVE_HOLD})"


def _set_in_app(alias: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM plot_events e WHERE e.plot_id = {alias}.id "
        f"AND e.source = '{EventSource.APP}' AND e.kind IN {sql_list(tuple(EVENT_STATUS))})"
    )


def _plot_events(conn: Connection, options: Options, names: list[str]) -> None:
    """A dated event for each plot whose status the file gives (new plots; changed ones too
    with ``take_statuses``) and whose history does not end in its stored status, and an
    open-ended hold for each the file records as reserved."""
    cases = " ".join(f"WHEN '{s}' THEN '{k}'" for s, k in EVENT_FOR_STATUS.items())
    status_date = "s.status_date" if "status_date" in names else "CAST(NULL AS date)"
    ends_in = " ".join(f"WHEN '{k}' THEN '{s}'" for k, s in EVENT_STATUS.items())
    taken = f"{CHANGE} c JOIN {STAGE} s ON s.n = c.n JOIN plots p ON p.code = c.code"
    take = "true" if options.take_statuses else "false"
    takes = f"(c.new OR ({take} AND cardinality(c.fields) > 0))"
    conn.execute(
        text(
            f"""
            INSERT INTO plot_events (plot_id, kind, happened_on, source, project_id, note)
            SELECT p.id, CASE p.status {cases} END,
                   coalesce({status_date}, CAST(:as_of AS date), pr.certificate_date, :undated),
                   CASE WHEN {status_date} IS NULL AND CAST(:as_of AS date) IS NULL
                         AND pr.certificate_date IS NOT NULL THEN 'backfill' ELSE 'import' END,
                   p.project_id,
                   CASE WHEN {status_date} IS NULL AND CAST(:as_of AS date) IS NULL
                         AND pr.certificate_date IS NOT NULL
                        THEN 'dated by the project''s investment certificate' END
            FROM {taken} LEFT JOIN projects pr ON pr.id = p.project_id
            WHERE {takes} AND p.status IS DISTINCT FROM (
                SELECT CASE e.kind {ends_in} END FROM plot_events e
                WHERE e.plot_id = p.id AND e.kind IN {sql_list(tuple(EVENT_STATUS))}
                ORDER BY e.happened_on DESC, e.id DESC LIMIT 1)
            """
        ),
        {"as_of": options.as_of, "undated": options.undated_on},
    )
    conn.execute(
        text(
            "WITH new AS (INSERT INTO holds (plot_id, during, holder) "
            " SELECT p.id, tstzrange(now(), NULL), 'recorded as reserved in the imported data'"
            f" FROM {taken} WHERE {takes} AND s.status = 'reserved' AND NOT {_held('p')}"
            f" AND NOT {_set_in_app('p')}"
            " RETURNING id, plot_id) "
            "INSERT INTO plot_events (plot_id, kind, happened_on, source, hold_id) "
            "SELECT plot_id, 'held', current_date, 'import', id FROM new"
        )
    )


def import_frame(
    conn: Connection,
    layer_name: str,
    frame: Any,
    report: ImportReport,
    *,
    mapping: FieldMapping | None = None,
    options: Options = Options(),
    progress: Progress | None = None,
) -> ImportReport:
    """Check and (unless a dry run or refused) write ``frame`` into ``layer_name`` within
    ``conn``'s transaction, filling ``report``. The caller commits, or rolls back when the
    report is not ``applied``."""
    step = progress or (lambda _phase, _done, _total: None)
    layer = spec(layer_name)
    started = time.perf_counter()
    prepared = prepare(frame, layer, mapping or default_mapping(layer_name), strict=options.strict)
    report.issues += prepared.issues
    if prepared.ignored:
        report.issues.append(
            Issue(None, "", f"columns not imported: {', '.join(prepared.ignored)}", "note")
        )
    step("checking", len(frame), len(frame))
    if not report.ok:
        report.seconds["check"] = time.perf_counter() - started
        return report
    # Planned costs of whole-layer statements are high: JIT would compile for seconds.
    conn.execute(text("SET LOCAL jit = off"))
    names = _stage(conn, layer, prepared, step)
    report.issues += _database_checks(conn, layer, names)
    has_geom = layer.geometry != "none"
    zones = _covered(conn, layer) if options.retire_missing else None
    if zones is not None:
        report.issues.append(
            Issue(
                None, "", f"retiring only in the zones the file covers: {', '.join(zones)}", "note"
            )
        )
    changes, unchanged, codes = _diff(conn, layer, names, options, has_geom, zones)
    report.changes, report.unchanged = changes, unchanged
    statuses_given = False
    if layer.name == "plots":
        new = "NOT EXISTS (SELECT 1 FROM plots t WHERE t.code = s.code)"
        if "status" not in names:
            report.issues += _issues(
                conn, f"SELECT s.n, s.code, 'a new plot needs a status' FROM {STAGE} s WHERE {new}"
            )
        else:
            takes = f"(s.status IS NOT NULL AND ({new} OR :take))".replace(
                ":take", "true" if options.take_statuses else "false"
            )
            statuses_given = True
            report.issues += _status_dates(conn, options, takes, names)
    report.issues.sort(key=lambda i: i.feature or 0)
    report.seconds["check"] = time.perf_counter() - started
    if not report.ok or options.dry_run:
        return report
    started = time.perf_counter()
    step("writing", 0, len(frame))
    act_as(conn, f"{options.actor} · import of {report.file} (sha256 {report.checksum})")
    touched = _write(conn, layer, names, codes, options, _record(conn, report, options))
    if statuses_given and (codes["added"] or (options.take_statuses and codes["changed"])):
        _plot_events(conn, options, names)
    step("writing", len(frame), len(frame))
    report.seconds["write"] = time.perf_counter() - started
    started = time.perf_counter()
    features_changed = any(codes.values()) and layer.name in ("infrastructure", "constraints")
    if options.refresh_derived and layer.name == "plots" and touched:
        step("derived data", 0, len(touched))  # one statement per table: no steps between
        derived.refresh(conn, touched)
        step("derived data", len(touched), len(touched))
    elif options.refresh_derived and features_changed:
        derived.rebuild(conn)
    report.seconds["derived"] = time.perf_counter() - started
    report.applied = True
    return report


def import_file(
    engine: Engine,
    layer_name: str,
    path: Path,
    *,
    crs: int | None = None,
    source_layer: str | None = None,
    mapping: FieldMapping | None = None,
    options: Options = Options(),
    progress: Progress | None = None,
    shown_name: str | None = None,
) -> ImportReport:
    """Import one layer from ``path`` in one transaction (see the module's docstring)."""
    if layer_name not in IMPORT_LAYERS:
        raise DatasetError(f"{layer_name}: not a layer izagis imports")
    started = time.perf_counter()
    source = read_source(path, crs=crs, layer=source_layer, tabular=layer_name == "projects")
    report = ImportReport(
        layer_name,
        shown_name or path.name,
        source.checksum,
        source.crs,
        len(source.frame),
        dry_run=options.dry_run,
    )
    report.seconds["read"] = time.perf_counter() - started
    if progress:
        progress("reading", len(source.frame), len(source.frame))
    with engine.connect() as conn, conn.begin() as transaction:
        import_frame(
            conn,
            layer_name,
            source.frame,
            report,
            mapping=mapping,
            options=options,
            progress=progress,
        )
        if report.applied:
            transaction.commit()
        else:
            transaction.rollback()
    return report
