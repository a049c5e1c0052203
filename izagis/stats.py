"""The authority's KPIs, computed from the registry in one pass per table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from izagis.answers import Stats
from izagis.vocab import ProjectEventKind, ProjectStatus

_TOTALS = """
    SELECT count(*) AS total,
           coalesce(sum(capital_vnd_bn), 0)::float8 AS capital_vnd_bn,
           count(*) FILTER (WHERE kind = 'infrastructure') AS infrastructure,
           count(*) FILTER (WHERE kind = 'secondary') AS secondary,
           count(*) FILTER (WHERE is_fdi) AS fdi,
           coalesce(sum(capital_usd_m) FILTER (WHERE is_fdi), 0)::float8 AS fdi_capital_usd_m,
           coalesce(sum(capital_vnd_bn) FILTER (WHERE is_fdi), 0)::float8 AS fdi_capital_vnd_bn,
           count(*) FILTER (WHERE status = 'operating') AS operating,
           count(*) FILTER (WHERE status = 'building') AS building,
           count(*) FILTER (WHERE status = 'delayed') AS delayed,
           coalesce(sum(workers_vn + workers_foreign), 0) AS workers,
           coalesce(sum(workers_foreign), 0) AS workers_foreign
    FROM projects pr
"""


def _shape(row: dict[str, Any]) -> dict[str, Any]:
    total = int(row["total"])
    return {
        "projects": total,
        "registered_capital_vnd_bn": round(float(row["capital_vnd_bn"]), 3),
        "by_kind": {"infrastructure": row["infrastructure"], "secondary": row["secondary"]},
        "fdi": {
            "projects": row["fdi"],
            "registered_capital_usd_m": round(float(row["fdi_capital_usd_m"]), 3),
            "registered_capital_vnd_bn": round(float(row["fdi_capital_vnd_bn"]), 3),
        },
        "by_status": {
            status: {
                "projects": row[status],
                "share_pct": round(100 * row[status] / total, 1) if total else None,
            }
            for status in ProjectStatus
        },
        "workers": {"total": row["workers"], "foreign": row["workers_foreign"]},
    }


def year_activity(conn: Connection, year: int) -> dict[str, Any]:
    rows = conn.execute(
        text(
            "SELECT kind, count(DISTINCT project_id) AS projects, count(*) AS events, "
            "coalesce(sum(amount_vnd_bn), 0)::float8 AS vnd_bn, "
            "coalesce(sum(amount_usd_m), 0)::float8 AS usd_m "
            "FROM project_events WHERE extract(year FROM date) = :year GROUP BY kind"
        ),
        {"year": year},
    ).mappings()
    found = {r["kind"]: r for r in rows}
    activity: dict[str, Any] = {"year": year}
    for kind in ProjectEventKind:
        r = found.get(kind)
        activity[kind] = {
            "events": r["events"] if r else 0,
            "projects": r["projects"] if r else 0,
            "amount_vnd_bn": round(float(r["vnd_bn"]), 3) if r else 0.0,
            "amount_usd_m": round(float(r["usd_m"]), 3) if r else 0.0,
        }
    activity["certificate_adjustments"] = (
        activity["certificate_adjusted"]["events"] + activity["capital_increase"]["events"]
    )
    activity["new_and_increased_capital_vnd_bn"] = round(
        activity["certificate_issued"]["amount_vnd_bn"]
        + activity["capital_increase"]["amount_vnd_bn"],
        3,
    )
    return activity


def latest_event_year(conn: Connection) -> int | None:
    year = conn.execute(text("SELECT max(extract(year FROM date))::int FROM project_events"))
    value = year.scalar()
    return int(value) if value is not None else None


def kpis(conn: Connection, year: int | None = None) -> Stats:
    """Totals, per zone, and one year's activity (the latest year with events by default)."""
    totals = _shape(dict(conn.execute(text(_TOTALS)).mappings().one()))
    per_zone = conn.execute(
        text(
            f"SELECT z.code AS zone_code, t.* FROM zones z "
            f"LEFT JOIN LATERAL ({_TOTALS} WHERE pr.zone_id = z.id) t ON true ORDER BY z.code"
        )
    ).mappings()
    totals["zones"] = [{"zone_code": r["zone_code"], **_shape(dict(r))} for r in per_zone]
    year = year if year is not None else latest_event_year(conn)
    totals["activity"] = year_activity(conn, year) if year is not None else None
    return Stats.model_validate(totals)
