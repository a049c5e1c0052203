"""A plot's state: the one write path for its status, its holds and its history.

Every change is a dated event in ``plot_events`` written in the caller's transaction together
with the change itself, so ``plots.status`` and the history never disagree. "Reserved" is not
stored: a plot is reserved while one of its holds is active, which the database reads live
(``RESERVED_SQL``), so a hold expires without any write; ``holds.sweep_expired_holds`` records
the ``expired`` events afterwards for history (idempotent). Holds themselves are placed,
released and leased by izagis.holds. See docs/plot-state.md.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis import clock
from izagis.errors import ConflictError, InvalidInputError, NotFoundError
from izagis.vocab import EVENT_STATUS, EventSource, PlotEventKind, PlotStatus, sql_list

# SQL: a hold row ``h`` that still keeps its plot, now or later.
LIVE_HOLD = "h.released_at IS NULL AND (upper(h.during) IS NULL OR upper(h.during) > now())"
# SQL: whether plot ``p`` has an active hold now (at most one, by the exclusion constraint).
RESERVED_SQL = (
    "EXISTS (SELECT 1 FROM holds h WHERE h.plot_id = p.id AND h.during @> now() "
    "AND h.released_at IS NULL)"
)
# SQL: whether plot ``p`` is held now for anyone but the enquiry ``:held_for`` (NULL: anyone),
# which sees the plots it holds as still available to it.
HELD_FOR_OTHERS_SQL = (
    "EXISTS (SELECT 1 FROM holds h WHERE h.plot_id = p.id AND h.during @> now() "
    "AND h.released_at IS NULL AND (CAST(:held_for AS integer) IS NULL "
    "OR h.enquiry_id IS DISTINCT FROM CAST(:held_for AS integer)))"
)
# SQL: the status a reader sees, reserved while held.
STATUS_SQL = f"CASE WHEN {RESERVED_SQL} THEN 'reserved' ELSE p.status END"
# SQL: the plots with the status a reader sees as ``status_now``.
# (A join on the few active holds, not a lookup per plot: listings read every plot.)
PLOTS_NOW = (
    "(SELECT p.*, CASE WHEN h.plot_id IS NULL THEN p.status ELSE 'reserved' END AS status_now "
    "FROM plots p LEFT JOIN (SELECT DISTINCT plot_id FROM holds "
    "WHERE during @> now() AND released_at IS NULL) h ON h.plot_id = p.id)"
)
# SQL: the next moment a hold starts or ends (NULL if none will), when what is shown changes.
NEXT_HOLD_BOUNDARY_SQL = (
    "SELECT min(b) FROM holds h, "
    "LATERAL (VALUES (lower(h.during)), (upper(h.during))) AS t(b) "
    "WHERE b > now() AND h.released_at IS NULL"
)
# Events that give the land to a tenant: refused while someone else holds the plot.
OCCUPYING_EVENTS = frozenset(
    {PlotEventKind.LEASED, PlotEventKind.BUILDING, PlotEventKind.OPERATING, PlotEventKind.DELAYED}
)
# The event that records a plot arriving at a stored status (import, backfill).
EVENT_FOR_STATUS: dict[str, PlotEventKind] = {
    PlotStatus.FREE: PlotEventKind.OPENED,
    PlotStatus.LEASED: PlotEventKind.LEASED,
    PlotStatus.BUILDING: PlotEventKind.BUILDING,
    PlotStatus.OPERATING: PlotEventKind.OPERATING,
    PlotStatus.DELAYED: PlotEventKind.DELAYED,
    PlotStatus.PLANNED: PlotEventKind.PLANNED,
}


class PlotEvent(BaseModel):
    id: int
    plot_code: str
    kind: PlotEventKind
    happened_on: dt.date
    source: EventSource
    status: str  # the plot's stored status after the event
    hold_id: int | None = None
    note: str | None = None


def history(conn: Connection, *, plot_code: str) -> list[PlotEvent]:
    """A plot's events, oldest first, each with the stored status it left the plot in."""
    plot_id, _ = _plot(conn, plot_code, lock=False)
    rows = conn.execute(
        text(
            "SELECT id, kind, happened_on, source, hold_id, note FROM plot_events "
            "WHERE plot_id = :id ORDER BY happened_on, id"
        ),
        {"id": plot_id},
    ).mappings()
    events, status = [], None
    for row in rows:
        kind = PlotEventKind(row["kind"])
        status = EVENT_STATUS.get(kind, status)
        events.append(PlotEvent(plot_code=plot_code, status=status or "", **row))
    return events


def _plot(conn: Connection, code: str, *, lock: bool = True) -> tuple[int, str]:
    row = conn.execute(
        text("SELECT id, status FROM plots WHERE code = :code" + (" FOR UPDATE" if lock else "")),
        {"code": code},
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no plot with code {code!r}", field="plot_code")
    return int(row[0]), str(row[1])


def _event(
    conn: Connection,
    *,
    plot_id: int,
    kind: PlotEventKind,
    happened_on: dt.date,
    source: EventSource,
    hold_id: int | None = None,
    project_id: int | None = None,
    note: str | None = None,
    recorded_by: str | None = None,
) -> int:
    return int(
        conn.execute(
            text(
                "INSERT INTO plot_events (plot_id, kind, happened_on, source, hold_id, project_id,"
                " note, recorded_by) VALUES (:plot_id, :kind, :on, :source, :hold_id, :project,"
                " :note, :by)"
                " RETURNING id"
            ),
            {
                "plot_id": plot_id,
                "kind": kind.value,
                "on": happened_on,
                "source": source.value,
                "hold_id": hold_id,
                "project": project_id,
                "note": note,
                "by": recorded_by,
            },
        ).scalar_one()
    )


def record_event(
    conn: Connection,
    *,
    plot_code: str,
    kind: PlotEventKind,
    happened_on: dt.date,
    source: EventSource = EventSource.APP,
    note: str | None = None,
    recorded_by: str | None = None,
) -> PlotEvent:
    """Record that ``kind`` happened to a plot on ``happened_on`` and set its status."""
    if kind not in EVENT_STATUS:
        raise InvalidInputError(
            f"{kind} is recorded by placing or releasing a hold, not as a status", field="kind"
        )
    if happened_on > clock.today():
        raise InvalidInputError("an event cannot happen in the future", field="happened_on")
    plot_id, _ = _plot(conn, plot_code)
    if kind in OCCUPYING_EVENTS:
        held = conn.execute(
            text(
                "SELECT holder, upper(during) FROM holds WHERE plot_id = :id "
                "AND released_at IS NULL AND (upper(during) IS NULL OR upper(during) > now())"
            ),
            {"id": plot_id},
        ).first()
        if held is not None:
            last = clock.last_day(held[1])
            until = "further notice" if last is None else last.isoformat()
            raise ConflictError(
                f"plot {plot_code} is held for {held[0]} until {until}; release the hold first",
                field="plot_code",
            )
    latest = conn.execute(
        text("SELECT max(happened_on) FROM plot_events WHERE plot_id = :id AND kind = ANY(:kinds)"),
        {"id": plot_id, "kinds": [k.value for k in EVENT_STATUS]},
    ).scalar()
    if latest is not None and happened_on < latest:
        # The stored status is the latest event's: an earlier date would contradict it.
        raise InvalidInputError(
            f"plot {plot_code}'s history has a status change on {latest}; "
            "record changes on or after that day",
            field="happened_on",
        )
    status = EVENT_STATUS[kind]
    conn.execute(
        text("UPDATE plots SET status = :status WHERE id = :id"),
        {"status": status.value, "id": plot_id},
    )
    event_id = _event(
        conn,
        plot_id=plot_id,
        kind=kind,
        happened_on=happened_on,
        source=source,
        note=note,
        recorded_by=recorded_by,
    )
    return PlotEvent(
        id=event_id,
        plot_code=plot_code,
        kind=kind,
        happened_on=happened_on,
        source=source,
        status=status,
        note=note,
    )


def record_hold_event(
    conn: Connection,
    *,
    plot_id: int,
    kind: PlotEventKind,
    hold_id: int,
    project_id: int | None = None,
    note: str | None = None,
    recorded_by: str | None = None,
) -> int:
    """Record what a hold did to a plot today (held, released, leased): see izagis.holds."""
    return _event(
        conn,
        plot_id=plot_id,
        kind=kind,
        happened_on=clock.today(),
        source=EventSource.APP,
        hold_id=hold_id,
        project_id=project_id,
        note=note,
        recorded_by=recorded_by,
    )


def record_imported_statuses(conn: Connection) -> int:
    """Write an event for every plot whose stored status is not the one its history ends in
    (new plots, or statuses an import changed): the certificate date for a plot with no
    history whose project has one (backfill), else today (import)."""
    cases = " ".join(f"WHEN '{s}' THEN '{k}'" for s, k in EVENT_FOR_STATUS.items())
    ends_in = " ".join(f"WHEN '{k}' THEN '{s}'" for k, s in EVENT_STATUS.items())
    return int(
        conn.execute(
            text(
                f"""
                WITH last AS (
                    SELECT DISTINCT ON (plot_id) plot_id,
                           CASE kind {ends_in} END AS status
                    FROM plot_events WHERE kind IN {sql_list(tuple(EVENT_STATUS))}
                    ORDER BY plot_id, happened_on DESC, id DESC
                )
                INSERT INTO plot_events (plot_id, kind, happened_on, source, project_id, note)
                SELECT p.id, CASE p.status {cases} END,
                       CASE WHEN last.plot_id IS NULL AND pr.certificate_date IS NOT NULL
                            THEN pr.certificate_date ELSE current_date END,
                       CASE WHEN last.plot_id IS NULL AND pr.certificate_date IS NOT NULL
                            THEN 'backfill' ELSE 'import' END,
                       p.project_id,
                       CASE WHEN last.plot_id IS NULL AND pr.certificate_date IS NOT NULL
                            THEN 'dated by the project''s investment certificate' END
                FROM plots p LEFT JOIN last ON last.plot_id = p.id
                LEFT JOIN projects pr ON pr.id = p.project_id
                WHERE last.status IS DISTINCT FROM p.status
                """
            )
        ).rowcount
    )


class DataStamp(BaseModel):
    """What cached answers key on: the data version, bumped by every write, and the next
    moment a hold starts or ends (which changes what is shown without any write)."""

    version: int
    valid_until: dt.datetime | None


def data_stamp(conn: Connection) -> DataStamp:
    row = conn.execute(
        text(f"SELECT v.version, ({NEXT_HOLD_BOUNDARY_SQL}) FROM data_version v")
    ).one()
    return DataStamp(version=int(row[0]), valid_until=row[1])
