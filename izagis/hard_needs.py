"""A site search's hard needs as SQL: only the plots that pass leave the database.

Each need is a boolean SQL expression that is never NULL (a missing value fails a ceiling and
passes a minimum distance, as it always has). A plot's *first* failing need, in the order of the
answer's ``excluded``, is computed in the scan (``fail``, 0 when it passes them all), so the
count each need removes among the plots that passed the earlier ones is ``count(*) FILTER
(WHERE fail = n)``: one aggregate pass, no rows shipped. The columns of the passing plots come
back in the same pass as arrays in binary, ordered by plot id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from izagis.needs import SiteNeeds
from izagis.plot_state import HELD_FOR_OTHERS_SQL
from izagis.registry import LEASABLE

UTILITIES = (
    ("power", "power_mva", "power_used_mva"),
    ("water", "water_m3_day", "water_used_m3_day"),
    ("wastewater", "wastewater_m3_day", "wastewater_used_m3_day"),
)
# SQL: whether zone ``z`` admits ``:industry`` (what it targets, or anything if it lists
# nothing, unless it excludes it; VSIC codes match by prefix either way).
ADMITS_SQL = (
    "((cardinality(z.target_industries) = 0 OR EXISTS (SELECT 1 FROM"
    " unnest(z.target_industries) t WHERE :industry LIKE t || '%' OR t LIKE :industry || '%'))"
    " AND NOT EXISTS (SELECT 1 FROM unnest(z.excluded_industries) t"
    " WHERE :industry LIKE t || '%' OR t LIKE :industry || '%'))"
)
AREA = "area_ha"


@dataclass
class Needs:
    """The request's hard needs as SQL: (name, passes) in the answer's order, area last."""

    checks: list[tuple[str, str]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, sql: str, **params: Any) -> None:
        self.checks.append((name, sql))
        self.params.update(params)

    def fail_sql(self) -> str:
        """SQL: the number of the first need a row fails (1-based), 0 if it passes all."""
        whens = " ".join(f"WHEN NOT ({sql}) THEN {n}" for n, (_, sql) in enumerate(self.checks, 1))
        return f"CASE {whens} ELSE 0 END"

    def code(self, name: str) -> int:
        return [n for n, _ in self.checks].index(name) + 1


def hard_needs(needs: SiteNeeds) -> Needs:
    """The hard needs ``needs`` makes, in order; area last."""
    out = Needs()
    if needs.zones is not None:
        out.add("zones", "z.code = ANY(:zones)", zones=list(needs.zones))
    if needs.exclude_zones:
        out.add("exclude_zones", "z.code <> ALL(:exclude_zones)", exclude_zones=needs.exclude_zones)
    if needs.industry is not None:
        # Once per query (an InitPlan over the zones), not once per plot.
        out.add(
            "industry",
            f"z.id = ANY(ARRAY(SELECT z.id FROM zones z WHERE {ADMITS_SQL}))",
            industry=needs.industry,
        )
    if needs.max_lease_price_usd_m2 is not None:
        out.add(
            "max_lease_price_usd_m2",
            "coalesce(z.lease_price_usd_m2::float8 <= CAST(:max_price AS float8), false)",
            max_price=float(needs.max_lease_price_usd_m2),
        )
    if needs.leasable_by is not None:
        out.add(
            "leasable_by",
            "(p.status <> 'planned' OR coalesce(p.leasable_year <= :leasable_by, false))",
            leasable_by=needs.leasable_by,
        )
    for utility, cap, used in UTILITIES:
        need = getattr(needs, cap)
        if need is not None:
            out.add(
                cap,
                f"coalesce(z.{cap}::float8 - z.{used}::float8 >= CAST(:{utility} AS float8), "
                "false)",
                **{utility: float(need)},
            )
    for kind, km in needs.max_distance_km.items():
        out.add(
            f"max_distance_km.{kind}",
            f"coalesce(a.d_{kind} <= CAST(:max_{kind} AS float8), false)",
            **{f"max_{kind}": km * 1000},
        )
    for kind, km in needs.protected_distances().items():
        if km == 0:
            out.add(f"min_distance_km.{kind}", f"(a.d_{kind} IS NULL OR a.d_{kind} > 0)")
        else:
            out.add(
                f"min_distance_km.{kind}",
                f"(a.d_{kind} IS NULL OR a.d_{kind} >= CAST(:min_{kind} AS float8))",
                **{f"min_{kind}": km * 1000},
            )
    area = "coalesce(p.area_m2 / 1e4 >= CAST(:area_min AS float8)"
    if needs.area_ha.max is not None:
        area += " AND p.area_m2 / 1e4 <= CAST(:area_max AS float8)"
    out.add(AREA, area + ", false)", area_min=needs.area_ha.min, area_max=needs.area_ha.max)
    return out


def available_sql(extra: str = "", join: str = "") -> str:
    """SQL: the available leasable plots ``p`` (``:statuses``, not held now but for the
    enquiry ``:held_for``) with their zone ``z`` and derived row ``a``; ``join``: more joins,
    ``extra``: more conditions."""
    return (
        "FROM plots p JOIN zones z ON z.id = p.zone_id JOIN plot_access a ON a.plot_id = p.id "
        f"{join} "
        f"WHERE p.land_use IN {LEASABLE} AND p.status = ANY(:statuses) "
        f"AND NOT {HELD_FOR_OTHERS_SQL}" + extra
    )


def pass_query(
    columns: dict[str, str],
    needs: Needs,
    keep: str,
    extra: str = "",
    also: str = "",
    join: str = "",
) -> str:
    """One row: ``n_<k>``, the plots whose first failing need is ``k`` (1-based; ``n_0`` those
    that pass), and, for the rows where ``keep`` holds (on ``f.fail``), each column as an array
    (all arrays in the same row order; unordered). ``also``: more aggregates."""
    counts = ", ".join(
        f"count(*) FILTER (WHERE f.fail = {n}) AS n_{n}" for n in range(len(needs.checks) + 1)
    )
    arrays = ", ".join(
        f"coalesce(array_agg(f.{c}) FILTER (WHERE {keep}), '{{}}') AS {c}" for c in columns
    )
    select = ", ".join(f"{sql} AS {c}" for c, sql in columns.items())
    return (
        f"SELECT {counts}, {arrays}{also} FROM ("
        f"SELECT {select}, {needs.fail_sql()} AS fail {available_sql(extra, join)}) f"
    )
