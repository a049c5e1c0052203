"""The zones' yearly figures against their targets (revenue, exports, budget contribution,
jobs, new capital), per zone or for the province (``zone`` null), as planners record them.

For each figure of a year: the gap (actual - target) and the share of the target reached
where both are known; and, for a target whose year has no actual yet, the latest earlier
actual and the growth it needs to be met (what the authority's 2024 plan asks of 2023).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field
from sqlalchemy import Connection, text

from izagis.errors import InvalidInputError
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, Code, StrictModel
from izagis.vocab import KPI_UNITS, KpiMetric, values

MAX_VALUE = 1e12
Value = Annotated[float, Field(ge=0, le=MAX_VALUE)]
Year = Annotated[int, Field(ge=2000, le=2100)]


class KpiIn(StrictModel):
    """One figure to record; ``actual`` or ``target`` left out keeps what is stored, null
    clears it."""

    year: Year
    metric: KpiMetric
    zone: Code | None = Field(default=None, description="a zone code; null: the province")
    actual: Value | None = None
    target: Value | None = None
    note: Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)] | None = None


class Kpi(BaseModel):
    zone: str | None
    year: int
    metric: str
    unit: str
    actual: float | None
    target: float | None
    gap: float | None  # actual - target
    share: float | None  # actual / target
    baseline_year: int | None  # the latest earlier year with an actual (where this has none)
    baseline: float | None
    needed_growth: float | None  # target / baseline - 1
    note: str | None
    source: str | None


class KpiReport(BaseModel):
    year: int | None
    years: list[int]  # every year with a figure
    kpis: list[Kpi]


def gap(actual: float | None, target: float | None) -> tuple[float | None, float | None]:
    """(actual - target, actual / target); None where either is unknown or the target is 0."""
    if actual is None or target is None:
        return None, None
    return actual - target, (actual / target if target > 0 else None)


def _zone_id(conn: Connection, zone: str | None) -> int | None:
    if zone is None:
        return None
    found = conn.execute(text("SELECT id FROM zones WHERE code = :c"), {"c": zone}).scalar()
    if found is None:
        raise InvalidInputError(f"no zone with code {zone!r}", field="zone")
    return int(found)


def report(conn: Connection, *, year: int | None = None, zone: str | None = None) -> KpiReport:
    """The figures of ``year`` (default: the latest year with a target) for every zone and
    the province, or for one zone (``zone``), in metric order."""
    if zone is not None:
        _zone_id(conn, zone)
    rows = list(
        conn.execute(
            text(
                "SELECT z.code AS zone, k.year, k.metric, k.unit, k.actual::float8 AS actual, "
                "k.target::float8 AS target, k.note, k.source "
                "FROM kpi_values k LEFT JOIN zones z ON z.id = k.zone_id "
                "WHERE CAST(:zone AS text) IS NULL OR z.code = :zone "
                "ORDER BY k.year, z.code NULLS FIRST"
            ),
            {"zone": zone},
        ).mappings()
    )
    years = sorted({r["year"] for r in rows})
    if year is None:
        with_target = [r["year"] for r in rows if r["target"] is not None]
        year = max(with_target) if with_target else (years[-1] if years else None)
    order = {m: i for i, m in enumerate(values(KpiMetric))}
    kpis = []
    for r in sorted(
        (r for r in rows if r["year"] == year),
        key=lambda r: (r["zone"] is not None, r["zone"] or "", order[r["metric"]]),
    ):
        difference, share = gap(r["actual"], r["target"])
        earlier = [
            e
            for e in rows
            if e["zone"] == r["zone"]
            and e["metric"] == r["metric"]
            and e["year"] < r["year"]
            and e["actual"] is not None
        ]
        base = earlier[-1] if earlier and r["actual"] is None else None
        growth = (
            r["target"] / base["actual"] - 1
            if base is not None and r["target"] is not None and base["actual"] > 0
            else None
        )
        kpis.append(
            Kpi(
                zone=r["zone"],
                year=r["year"],
                metric=r["metric"],
                unit=r["unit"],
                actual=r["actual"],
                target=r["target"],
                gap=difference,
                share=share,
                baseline_year=base["year"] if base is not None else None,
                baseline=base["actual"] if base is not None else None,
                needed_growth=growth,
                note=r["note"],
                source=r["source"],
            )
        )
    return KpiReport(year=year, years=years, kpis=kpis)


def record(conn: Connection, entry: KpiIn, *, by: str | None) -> Kpi:
    """Store one figure (insert, or change the fields given of the one on file) and return
    it with its gap."""
    given = entry.model_dump(exclude_unset=True)
    zone_id = _zone_id(conn, entry.zone)
    params = {
        "zone_id": zone_id,
        "year": entry.year,
        "metric": entry.metric.value,
        "unit": KPI_UNITS[entry.metric].value,
        "actual": entry.actual,
        "target": entry.target,
        "note": entry.note,
        "by": by,
    }
    changed = [f"{c} = EXCLUDED.{c}" for c in ("actual", "target", "note") if c in given]
    # The source stays while it still backs a figure on file: it goes once a sourced figure is
    # replaced (the new one is the planner's, in the audit), not when an empty one is filled.
    replaced = [
        f"(kpi_values.{c} IS NOT NULL AND kpi_values.{c} IS DISTINCT FROM EXCLUDED.{c})"
        for c in ("actual", "target")
        if c in given
    ]
    if replaced:
        changed.append(
            f"source = CASE WHEN {' OR '.join(replaced)} THEN NULL ELSE kpi_values.source END"
        )
    updates = ", ".join(changed) or "year = EXCLUDED.year"
    conn.execute(
        text(
            "INSERT INTO kpi_values (zone_id, year, metric, unit, actual, target, note, "
            "created_by) VALUES (:zone_id, :year, :metric, :unit, :actual, :target, :note, :by) "
            f"ON CONFLICT ON CONSTRAINT kpi_values_key DO UPDATE SET {updates}"
        ),
        params,
    )
    answer = report(conn, year=entry.year, zone=entry.zone)
    return next(k for k in answer.kpis if k.metric == entry.metric.value and k.zone == entry.zone)
