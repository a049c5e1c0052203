"""A site search's hard needs as SQL: only the plots that pass leave the database.

Each need is a boolean SQL expression that is never NULL (a missing value fails a ceiling and
passes a minimum distance, as it always has). One parallel pass over the available plots groups
them by which needs they pass (at most a few combinations) and counts each group, so the count
each need removes among the plots that passed the earlier ones (its first failing need, in the
order of the answer's ``excluded``) follows without shipping any row; the same pass collects
the ids of the plots that pass (``parallel_array_agg``: appended in each worker), and, for land
assembly, what it needs of the plots that fail only the area.
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
    zone_terms: bool = False  # whether a need reads the zone ``z``

    def add(
        self, name: str, sql: str, params: dict[str, Any] | None = None, *, zone: bool = False
    ) -> None:
        self.checks.append((name, sql))
        self.params.update(params or {})
        self.zone_terms |= zone

    def first_failed(self, passed: tuple[bool, ...]) -> int:
        """The number of the first need not ``passed`` (1-based), 0 if all are."""
        return next((n for n, ok in enumerate(passed, 1) if not ok), 0)


def hard_needs(needs: SiteNeeds) -> Needs:
    """The hard needs ``needs`` makes, in order; area last."""
    out = Needs()
    if needs.zones is not None:
        out.add("zones", "z.code = ANY(:zones)", {"zones": list(needs.zones)}, zone=True)
    if needs.exclude_zones:
        out.add(
            "exclude_zones",
            "z.code <> ALL(:exclude_zones)",
            {"exclude_zones": needs.exclude_zones},
            zone=True,
        )
    if needs.industry is not None:
        # Once per query (an InitPlan over the zones), not once per plot.
        out.add(
            "industry",
            f"p.zone_id = ANY(ARRAY(SELECT z.id FROM zones z WHERE {ADMITS_SQL}))",
            {"industry": needs.industry},
        )
    if needs.max_lease_price_usd_m2 is not None:
        out.add(
            "max_lease_price_usd_m2",
            "coalesce(z.lease_price_usd_m2::float8 <= CAST(:max_price AS float8), false)",
            {"max_price": float(needs.max_lease_price_usd_m2)},
            zone=True,
        )
    if needs.leasable_by is not None:
        out.add(
            "leasable_by",
            "(p.status <> 'planned' OR coalesce(p.leasable_year <= :leasable_by, false))",
            {"leasable_by": needs.leasable_by},
        )
    for utility, cap, used in UTILITIES:
        need = getattr(needs, cap)
        if need is not None:
            out.add(
                cap,
                f"coalesce(z.{cap}::float8 - z.{used}::float8 >= CAST(:{utility} AS float8), "
                "false)",
                {utility: float(need)},
                zone=True,
            )
    for kind, km in needs.max_distance_km.items():
        out.add(
            f"max_distance_km.{kind}",
            f"coalesce(a.d_{kind} <= CAST(:max_{kind} AS float8), false)",
            {f"max_{kind}": km * 1000},
        )
    for kind, km in needs.protected_distances().items():
        if km == 0:
            out.add(f"min_distance_km.{kind}", f"(a.d_{kind} IS NULL OR a.d_{kind} > 0)")
        else:
            out.add(
                f"min_distance_km.{kind}",
                f"(a.d_{kind} IS NULL OR a.d_{kind} >= CAST(:min_{kind} AS float8))",
                {f"min_{kind}": km * 1000},
            )
    area = "coalesce(p.area_m2 / 1e4 >= CAST(:area_min AS float8)"
    if needs.area_ha.max is not None:
        area += " AND p.area_m2 / 1e4 <= CAST(:area_max AS float8)"
    out.add(AREA, area + ", false)", {"area_min": needs.area_ha.min, "area_max": needs.area_ha.max})
    return out


def available_sql(zone: bool = True) -> str:
    """SQL: the available leasable plots ``p`` (``:statuses``, not held now but for the
    enquiry ``:held_for``) with their derived row ``a`` and (``zone``) their zone ``z``."""
    return (
        "FROM plots p JOIN plot_access a ON a.plot_id = p.id "
        + ("JOIN zones z ON z.id = p.zone_id " if zone else "")
        + f"WHERE p.land_use IN {LEASABLE} AND p.status = ANY(:statuses) "
        f"AND NOT {HELD_FOR_OTHERS_SQL}"
    )


def pass_query(needs: Needs, eligible: dict[str, str] | None = None) -> str:
    """One row for each combination of needs the available plots pass or fail: ``c1``..``cN``
    (whether they pass each need, in order), ``n`` (how many plots), ``ids`` (in the row where
    all pass, the plots' ids; unordered); with ``eligible`` (name -> SQL over ``p`` and ``a``),
    ``eligible_<name>`` in the row where only the area fails, in one order."""
    passes = [f"({sql})" for _, sql in needs.checks]
    keys = ", ".join(f"{sql} AS c{n}" for n, sql in enumerate(passes, 1))
    arrays = f"parallel_array_agg(p.id) FILTER (WHERE {' AND '.join(passes)}) AS ids"
    if eligible:
        only_area = " AND ".join([*passes[:-1], f"NOT {passes[-1]}"])
        arrays += "".join(
            f", parallel_array_agg({sql}) FILTER (WHERE {only_area}) AS eligible_{name}"
            for name, sql in eligible.items()
        )
    groups = ", ".join(str(n) for n in range(1, len(passes) + 1))
    return (
        f"SELECT {keys}, count(*) AS n, {arrays} {available_sql(needs.zone_terms)} "
        f"GROUP BY {groups}"
    )
