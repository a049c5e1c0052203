"""Land that could be reclaimed: projects behind schedule, with their plots, hectares, years
of delay and what taking the land back would free; ranked, longest delay first.

The rule is Vietnam's Land Law 2024 (Luật Đất đai số 31/2024/QH15), Article 81, clause 8:
land allocated or leased for an investment project whose use is 24 months behind the
project's schedule may be given one extension of at most 24 months; when that has run out the
State reclaims the land. The data record no project's own schedule, so the schedule is taken as
``schedule_years`` after the investment certificate (default 2, ILLUSTRATIVE): the delay is the
time since then, the extension window opens at 2 years of delay and is spent at 4.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis import clock
from izagis.vocab import LEASABLE_LAND_USES, PlotStatus, ProjectStatus, sql_list

SCHEDULE_YEARS = 2.0
LEGAL_DELAY_YEARS = 2.0  # Land Law 2024 art. 81(8): 24 months behind schedule
EXTENSION_YEARS = 2.0  # ... then at most 24 months' extension
RULE = (
    "Land Law 2024 (31/2024/QH15) art. 81(8): 24 months behind schedule, then at most 24 "
    "months' extension, then the State reclaims the land"
)
CSV_COLUMNS = (
    "rank",
    "project_code",
    "name",
    "investor",
    "country",
    "zone_code",
    "certificate_date",
    "delay_years",
    "stage",
    "plots",
    "ha",
    "zone_free_ha",
    "zone_free_ha_after",
)


class ReclaimCandidate(BaseModel):
    rank: int
    project_code: str
    name: str
    investor: str
    country: str
    vsic: str | None
    zone_code: str
    certificate_date: dt.date | None
    delay_years: float
    stage: str  # "behind" (< 2 years), "extension" (2-4: may be extended), "reclaimable"
    plots: list[str]
    ha: float
    zone_free_ha: float
    zone_free_ha_after: float


class Reclaimable(BaseModel):
    as_of: dt.date
    schedule_years: float
    rule: str
    total_ha: float
    projects: list[ReclaimCandidate]


def _stage(delay: float) -> str:
    if delay >= LEGAL_DELAY_YEARS + EXTENSION_YEARS:
        return "reclaimable"
    if delay >= LEGAL_DELAY_YEARS:
        return "extension"
    return "behind"


SELECT = f"""
    WITH free AS (
        SELECT zone_id, sum(area_m2) / 1e4 AS ha FROM plots
        WHERE status = '{PlotStatus.FREE.value}' AND land_use IN {sql_list(LEASABLE_LAND_USES)}
        GROUP BY zone_id
    )
    SELECT pr.code AS project_code, pr.name, pr.investor, pr.country, pr.vsic,
           z.code AS zone_code, pr.certificate_date,
           coalesce(pr.certificate_date, (
               SELECT min(e.happened_on) FROM plot_events e JOIN plots q ON q.id = e.plot_id
               WHERE q.project_id = pr.id AND e.kind = '{PlotStatus.DELAYED.value}')) AS since,
           array_agg(p.code ORDER BY p.code) AS plots,
           sum(p.area_m2) / 1e4 AS ha, coalesce(f.ha, 0) AS zone_free_ha,
           ST_Multi(ST_Union(p.geom)) AS geom
    FROM projects pr JOIN zones z ON z.id = pr.zone_id
    JOIN plots p ON p.project_id = pr.id
    LEFT JOIN free f ON f.zone_id = z.id
    WHERE pr.status = '{ProjectStatus.DELAYED.value}'
    GROUP BY pr.id, z.code, f.ha
"""


def _rows(conn: Connection, as_of: dt.date, schedule_years: float) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(f"SELECT t.*, ST_AsGeoJSON(t.geom, 7) AS shape FROM ({SELECT}) t")
    ).mappings()
    out = []
    for r in rows:
        since = r["since"] or as_of
        delay = max(0.0, (as_of - since).days / 365.25 - schedule_years)
        out.append({**r, "delay_years": round(delay, 1), "stage": _stage(delay)})
    out.sort(key=lambda r: (-r["delay_years"], -float(r["ha"]), str(r["project_code"])))
    return out


def reclaimable(
    conn: Connection, *, as_of: dt.date | None = None, schedule_years: float = SCHEDULE_YEARS
) -> tuple[Reclaimable, list[dict[str, Any]]]:
    """The ranked candidates, and their outlines (GeoJSON geometry dicts, same order)."""
    day = as_of or clock.today()
    rows = _rows(conn, day, schedule_years)
    candidates = []
    for rank, r in enumerate(rows, start=1):
        ha, free = float(r["ha"]), float(r["zone_free_ha"])
        candidates.append(
            ReclaimCandidate(
                rank=rank,
                project_code=str(r["project_code"]),
                name=str(r["name"]),
                investor=str(r["investor"]),
                country=str(r["country"]),
                vsic=r["vsic"],
                zone_code=str(r["zone_code"]),
                certificate_date=r["certificate_date"],
                delay_years=r["delay_years"],
                stage=str(r["stage"]),
                plots=list(r["plots"]),
                ha=round(ha, 2),
                zone_free_ha=round(free, 2),
                zone_free_ha_after=round(free + ha, 2),
            )
        )
    answer = Reclaimable(
        as_of=day,
        schedule_years=schedule_years,
        rule=RULE,
        total_ha=round(sum(c.ha for c in candidates), 2),
        projects=candidates,
    )
    return answer, [json.loads(str(r["shape"])) for r in rows]


def _cell(value: object) -> object:
    """A text cell a spreadsheet would read as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_csv(answer: Reclaimable) -> str:
    """One row per project; plots joined by spaces."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in answer.projects:
        row = c.model_dump(include=set(CSV_COLUMNS))
        row["plots"] = " ".join(c.plots)
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def as_geojson(answer: Reclaimable, shapes: list[dict[str, Any]]) -> str:
    """A FeatureCollection: each project's plots as one MultiPolygon, ranked."""
    features = [
        {"type": "Feature", "properties": c.model_dump(mode="json"), "geometry": shape}
        for c, shape in zip(answer.projects, shapes, strict=True)
    ]
    return json.dumps(
        {"type": "FeatureCollection", "numberReturned": len(features), "features": features},
        ensure_ascii=False,
    )
