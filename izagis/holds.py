"""Holds: plots kept for an investor until a day, never for two at once.

A hold of several plots (an assembled site) is one group of rows in ``holds``, one per plot,
sharing ``group_id``: the hold's id to staff and the API. The exclusion constraint on the
rows (same plot, overlapping period) is what makes double-booking impossible whatever the
timing or the number of app processes; the checks here only turn the loser's error into an
answer that names every conflicting hold. A hold ends by itself (its period's end), is
released, or becomes a lease: the plots leased to a new project, with their events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, Field
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from izagis import clock
from izagis.enquiries import set_stage
from izagis.errors import (
    InvalidInputError,
    NotFoundError,
    PlotHeldError,
    PlotNotFreeError,
)
from izagis.inputs import TEXT_PATTERN, StrictModel
from izagis.plot_state import LIVE_HOLD, record_hold_event
from izagis.vocab import EnquiryStage, PlotEventKind, PlotStatus, ProjectKind, ProjectStatus

MAX_PLOTS = 50  # plots in one hold: an assembled site is a handful


class Hold(BaseModel):
    id: int = Field(description="the hold's id (one for all its plots)")
    enquiry_id: int | None
    holder: str
    plot_codes: list[str]
    starts: dt.datetime
    ends: dt.datetime | None
    released_at: dt.datetime | None = None


class HoldConflict(BaseModel):
    plot_code: str
    hold_id: int
    enquiry_id: int | None
    until: dt.date | None = Field(description="the last day it is held (Vietnam's calendar)")


Name = Annotated[str, Field(min_length=1, max_length=300, pattern=TEXT_PATTERN)]


class ProjectIn(StrictModel):
    """The tenant project a hold becomes."""

    name: Name
    investor: Name
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
    capital_vnd_bn: Annotated[float, Field(ge=0, le=10_000_000, description="billion VND")]
    capital_usd_m: Annotated[float, Field(ge=0, le=1_000_000, description="million USD")] | None = (
        None
    )
    vsic: Annotated[str, Field(pattern=r"^[0-9]{2,5}$")] | None = None
    workers_vn: Annotated[int, Field(ge=0, le=10_000_000)] = 0
    workers_foreign: Annotated[int, Field(ge=0, le=10_000_000)] = 0


class Lease(BaseModel):
    hold_id: int
    project_code: str
    plot_codes: list[str]
    leased_on: dt.date


def conflicts(
    conn: Connection, *, plot_ids: Sequence[int], starts: dt.datetime, ends: dt.datetime
) -> list[HoldConflict]:
    """Every live hold of these plots whose period overlaps ``[starts, ends)``."""
    rows = conn.execute(
        text(
            "SELECT p.code, h.group_id, h.enquiry_id, upper(h.during) AS ends "
            "FROM holds h JOIN plots p ON p.id = h.plot_id "
            f"WHERE h.plot_id = ANY(:ids) AND {LIVE_HOLD} "
            "AND h.during && tstzrange(:starts, :ends) ORDER BY p.code, h.group_id"
        ),
        {"ids": list(plot_ids), "starts": starts, "ends": ends},
    ).all()
    return [
        HoldConflict(plot_code=r[0], hold_id=r[1], enquiry_id=r[2], until=clock.last_day(r[3]))
        for r in rows
    ]


def _held_error(found: list[HoldConflict]) -> PlotHeldError:
    if not found:
        return PlotHeldError("a plot was held by someone else just now", conflicts=[])
    first = found[0]
    until = first.until.isoformat() if first.until else "further notice"
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return PlotHeldError(
        f"plot {first.plot_code} is held (hold {first.hold_id}) until {until}{more}",
        conflicts=[c.model_dump(mode="json") for c in found],
    )


def _holder(conn: Connection, enquiry_id: int | None, holder: str | None) -> str:
    if enquiry_id is None:
        if not holder:
            raise InvalidInputError("a hold is for an enquiry or a named holder", field="holder")
        return holder
    company = conn.execute(
        text("SELECT company FROM enquiries WHERE id = :id"), {"id": enquiry_id}
    ).scalar_one_or_none()
    if company is None:
        raise NotFoundError(f"no enquiry {enquiry_id}", field="enquiry_id")
    return str(company)


def _free_plots(conn: Connection, codes: list[str], *, lock: bool) -> list[int]:
    """The plots' ids, locked if ``lock`` (in one order, so that overlapping holds wait
    instead of deadlocking); NotFoundError or PlotNotFreeError if one is missing or taken.
    The lock is NO KEY UPDATE: holds and status changes of a plot queue on it, while the
    foreign-key checks of another transaction's events on the plot (KEY SHARE) do not, so
    a release or a lease finishing on the plot never waits for a hold waiting for it."""
    plots = conn.execute(
        text(
            "SELECT id, code, status FROM plots WHERE code = ANY(:codes) ORDER BY id"
            + (" FOR NO KEY UPDATE" if lock else "")
        ),
        {"codes": codes},
    ).all()
    missing = sorted(set(codes) - {row[1] for row in plots})
    if missing:
        raise NotFoundError(f"no plot with code {', '.join(missing)}", field="plot_codes")
    taken = sorted(row[1] for row in plots if row[2] != PlotStatus.FREE)
    if taken:
        raise PlotNotFreeError(f"plot {', '.join(taken)} is not free", field="plot_codes")
    return [int(row[0]) for row in plots]


def place_hold(
    conn: Connection,
    *,
    plot_codes: Sequence[str],
    ends: dt.datetime,
    enquiry_id: int | None = None,
    holder: str | None = None,
    starts: dt.datetime | None = None,
    note: str | None = None,
    recorded_by: str | None = None,
) -> Hold:
    """Hold free plots together from ``starts`` (now) to ``ends`` for an enquiry (or a named
    holder): all of them or none. PlotHeldError lists every overlapping hold;
    PlotNotFreeError names the plots that are not free."""
    codes = list(dict.fromkeys(plot_codes))
    if not 1 <= len(codes) <= MAX_PLOTS:
        raise InvalidInputError(f"a hold takes 1 to {MAX_PLOTS} plots", field="plot_codes")
    # The database's clock, which decides what is live (RESERVED_SQL, the conflicts).
    start = starts or conn.execute(text("SELECT now()")).scalar_one()
    if ends <= start:
        raise InvalidInputError("a hold must end after it starts", field="until")
    name = _holder(conn, enquiry_id, holder)
    # Refused at once, without waiting for a lock, when a hold is already there.
    ids = _free_plots(conn, codes, lock=False)
    found = conflicts(conn, plot_ids=ids, starts=start, ends=ends)
    if found:
        raise _held_error(found)
    try:
        # Row locks taken in a savepoint end with it: a refused hold never keeps the next
        # one waiting while its request winds down.
        with conn.begin_nested():
            ids = _free_plots(conn, codes, lock=True)
            found = conflicts(conn, plot_ids=ids, starts=start, ends=ends)
            if found:
                raise _held_error(found)
            group = int(conn.execute(text("SELECT nextval('holds_group_id_seq')")).scalar_one())
            rows = conn.execute(
                text(
                    "INSERT INTO holds (plot_id, group_id, enquiry_id, during, holder, note,"
                    " created_by) SELECT unnest(CAST(:ids AS integer[])), :group, :enquiry,"
                    " tstzrange(:starts, :ends), :holder, :note, :by RETURNING id, plot_id"
                ),
                {
                    "ids": ids,
                    "group": group,
                    "enquiry": enquiry_id,
                    "starts": start,
                    "ends": ends,
                    "holder": name,
                    "note": note,
                    "by": recorded_by,
                },
            ).all()
    except DBAPIError as exc:
        # The exclusion constraint, the backstop for a writer that took no plot lock.
        if getattr(exc.orig, "sqlstate", None) != "23P01":
            raise
        raise _held_error(conflicts(conn, plot_ids=ids, starts=start, ends=ends)) from exc
    for row_id, plot_id in rows:
        record_hold_event(
            conn,
            plot_id=plot_id,
            kind=PlotEventKind.HELD,
            hold_id=row_id,
            note=note,
            recorded_by=recorded_by,
        )
    if enquiry_id is not None:
        set_stage(conn, enquiry_id=enquiry_id, stage=EnquiryStage.HELD, by=recorded_by)
    return Hold(
        id=group,
        enquiry_id=enquiry_id,
        holder=name,
        plot_codes=sorted(codes),
        starts=start,
        ends=ends,
    )


def _end(conn: Connection, hold_id: int) -> list[tuple[int, int, str]]:
    """Stop a hold's live rows now (a started one keeps the period it was active); returns
    (row id, plot id, plot code) of each."""
    rows = conn.execute(
        text(
            "UPDATE holds h SET released_at = now(), during = CASE"
            " WHEN lower(h.during) < now() THEN tstzrange(lower(h.during), now())"
            " ELSE h.during END"
            f" FROM plots p WHERE h.group_id = :id AND p.id = h.plot_id AND {LIVE_HOLD}"
            " RETURNING h.id, h.plot_id, p.code"
        ),
        {"id": hold_id},
    ).all()
    if not rows:
        raise NotFoundError(f"no active or future hold {hold_id}", field="hold_id")
    return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]


def get_hold(conn: Connection, *, hold_id: int) -> Hold:
    found = list_holds(conn, hold_id=hold_id, live_only=False)
    if not found:
        raise NotFoundError(f"no hold {hold_id}", field="hold_id")
    return found[0]


def list_holds(
    conn: Connection,
    *,
    enquiry_id: int | None = None,
    hold_id: int | None = None,
    live_only: bool = True,
) -> list[Hold]:
    """Holds, newest first: live ones (active or to come) unless ``live_only`` is False."""
    where = ["(CAST(:enquiry AS integer) IS NULL OR h.enquiry_id = :enquiry)"]
    where.append("(CAST(:hold AS bigint) IS NULL OR h.group_id = :hold)")
    if live_only:
        where.append(LIVE_HOLD)
    rows = conn.execute(
        text(
            "SELECT h.group_id, min(h.enquiry_id) AS enquiry_id, min(h.holder) AS holder,"
            " array_agg(p.code ORDER BY p.code) AS codes, min(lower(h.during)) AS starts,"
            " max(upper(h.during)) AS ends, max(h.released_at) AS released_at"
            " FROM holds h JOIN plots p ON p.id = h.plot_id"
            f" WHERE {' AND '.join(where)} GROUP BY h.group_id ORDER BY h.group_id DESC"
        ),
        {"enquiry": enquiry_id, "hold": hold_id},
    ).all()
    return [
        Hold(
            id=r[0],
            enquiry_id=r[1],
            holder=r[2],
            plot_codes=list(r[3]),
            starts=r[4],
            ends=r[5],
            released_at=r[6],
        )
        for r in rows
    ]


def release_hold(conn: Connection, *, hold_id: int, recorded_by: str | None = None) -> Hold:
    """End a hold now; each plot's history records the release."""
    for row_id, plot_id, _ in _end(conn, hold_id):
        record_hold_event(
            conn,
            plot_id=plot_id,
            kind=PlotEventKind.RELEASED,
            hold_id=row_id,
            recorded_by=recorded_by,
        )
    return get_hold(conn, hold_id=hold_id)


def _project_code(conn: Connection, zone_id: int, zone_code: str) -> str:
    """The zone's next project code, ``ZONE-Pnn`` after the highest number in use; the zone
    row is locked, so that two leases in one zone never take the same code."""
    conn.execute(text("SELECT 1 FROM zones WHERE id = :id FOR UPDATE"), {"id": zone_id})
    prefix = f"{zone_code}-P"
    codes = conn.execute(
        text("SELECT code FROM projects WHERE left(code, :n) = :prefix"),
        {"n": len(prefix), "prefix": prefix},
    ).scalars()
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(r".*-P(\d+)", c))]
    return f"{zone_code}-P{max(numbers, default=0) + 1:02d}"


def lease_hold(
    conn: Connection, *, hold_id: int, project: ProjectIn, recorded_by: str | None = None
) -> Lease:
    """Turn a hold into a lease: a new project in the plots' zone, the plots leased to it, a
    ``leased`` event per plot, and the enquiry (if any) at stage ``leased``."""
    hold = get_hold(conn, hold_id=hold_id)
    if not list_holds(conn, hold_id=hold_id):
        raise NotFoundError(f"no active or future hold {hold_id}", field="hold_id")
    is_fdi = project.country != "VN"
    if is_fdi and project.capital_usd_m is None:
        raise InvalidInputError(
            "a foreign-invested project needs its capital in USD", field="capital_usd_m"
        )
    zones = conn.execute(
        text(
            "SELECT DISTINCT z.id, z.code FROM plots p JOIN zones z ON z.id = p.zone_id "
            "WHERE p.code = ANY(:codes)"
        ),
        {"codes": hold.plot_codes},
    ).all()
    if len(zones) != 1:
        raise InvalidInputError("a lease's plots lie in one zone", field="hold_id")
    # The plots first, as a hold locks them: they stay free while held (a hold is no
    # status) unless someone recorded otherwise.
    _free_plots(conn, hold.plot_codes, lock=True)
    ended = _end(conn, hold_id)
    today = clock.today()
    code = _project_code(conn, zones[0][0], zones[0][1])
    project_id = conn.execute(
        text(
            "INSERT INTO projects (code, zone_id, kind, name, investor, country, is_fdi,"
            " capital_vnd_bn, capital_usd_m, vsic, status, workers_vn, workers_foreign,"
            " certificate_date) VALUES (:code, :zone, :kind, :name, :investor, :country,"
            " :is_fdi, :capital_vnd_bn, :capital_usd_m, :vsic, :status, :workers_vn,"
            " :workers_foreign, :today) RETURNING id"
        ),
        {
            **project.model_dump(),
            "code": code,
            "zone": zones[0][0],
            "kind": ProjectKind.SECONDARY.value,
            "is_fdi": is_fdi,
            # Nothing is built yet on newly leased land: the project starts as "building".
            "status": ProjectStatus.BUILDING.value,
            "today": today,
        },
    ).scalar_one()
    conn.execute(
        text("UPDATE plots SET status = :status, project_id = :project WHERE id = ANY(:ids)"),
        {
            "status": PlotStatus.LEASED.value,
            "project": project_id,
            "ids": [plot_id for _, plot_id, _ in ended],
        },
    )
    for row_id, plot_id, _ in ended:
        record_hold_event(
            conn,
            plot_id=plot_id,
            kind=PlotEventKind.LEASED,
            hold_id=row_id,
            project_id=int(project_id),
            recorded_by=recorded_by,
        )
    if hold.enquiry_id is not None:
        set_stage(conn, enquiry_id=hold.enquiry_id, stage=EnquiryStage.LEASED, by=recorded_by)
    return Lease(
        hold_id=hold_id,
        project_code=code,
        plot_codes=sorted(c for _, _, c in ended),
        leased_on=today,
    )


def sweep_expired_holds(conn: Connection) -> int:
    """Record an ``expired`` event for every hold row that ran out unreleased; returns how
    many were recorded. Running it again records nothing new."""
    return int(
        conn.execute(
            text(
                "INSERT INTO plot_events (plot_id, kind, happened_on, source, hold_id) "
                "SELECT h.plot_id, 'expired', "
                "(upper(h.during) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'app', h.id "
                "FROM holds h WHERE upper(h.during) <= now() AND h.released_at IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM plot_events e "
                "  WHERE e.hold_id = h.id AND e.kind IN ('released', 'expired')) "
                "ON CONFLICT DO NOTHING"
            )
        ).rowcount
    )
