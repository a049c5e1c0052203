"""The self-check of the registry: projects, the plots they occupy, their 2023 events.

Exact totals are compared as ``Decimal`` with the review's figures in ``facts``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from geodata.build.facts import (
    CAPITAL_INCREASE_2023_VND_BN,
    FDI_CAPITAL_USD_M,
    FDI_CAPITAL_VND_BN,
    FDI_PROJECTS,
    INFRASTRUCTURE_PROJECTS,
    NAMED,
    NEW_2023_USD_M,
    NEW_2023_VND_BN,
    NEW_AND_INCREASED_2023_VND_BN,
    SOURCE_EVENTS_2023,
    STATUS_COUNTS,
    SUPERVISED_2023,
    TOTAL_CAPITAL_VND_BN,
    TOTAL_PROJECTS,
    WORKERS_FOREIGN,
    WORKERS_TOTAL,
)
from geodata.build.readback import Dataset, check
from geodata.build.writing import EVENT_COLUMNS, PROJECT_COLUMNS
from izagis.vocab import (
    LEASABLE_LAND_USES,
    PlotStatus,
    ProjectEventKind,
    ProjectKind,
    ProjectStatus,
    ZoneStatus,
)


def check_projects(data: Dataset) -> None:
    """The 122 projects: the review's counts and exact totals, industries, named projects."""
    projects = data.projects
    check(len(projects) == TOTAL_PROJECTS, f"projects: {len(projects)} rows")
    check(list(projects[0]) == list(PROJECT_COLUMNS), "projects: columns")
    kinds = Counter(p["kind"] for p in projects)
    want_kinds = {
        ProjectKind.INFRASTRUCTURE: INFRASTRUCTURE_PROJECTS,
        ProjectKind.SECONDARY: TOTAL_PROJECTS - INFRASTRUCTURE_PROJECTS,
    }
    check(kinds == want_kinds, f"projects: kinds {dict(kinds)}")
    statuses = Counter(p["status"] for p in projects)
    check(statuses == STATUS_COUNTS, f"projects: statuses {dict(statuses)}")
    fdi = [p for p in projects if p["is_fdi"] == "true"]
    check(len(fdi) == FDI_PROJECTS, f"projects: {len(fdi)} FDI")
    check(all(p["is_fdi"] in ("true", "false") for p in projects), "projects: is_fdi")
    dec = [Decimal(p["capital_vnd_bn"]) for p in projects]
    check(all(d == d.quantize(Decimal("0.001")) for d in dec), "projects: > 3 decimals")
    check(sum(dec) == TOTAL_CAPITAL_VND_BN, f"projects: capital {sum(dec)}")
    check(
        sum(Decimal(p["capital_vnd_bn"]) for p in fdi) == FDI_CAPITAL_VND_BN,
        "projects: FDI VND capital",
    )
    check(
        sum(Decimal(p["capital_usd_m"]) for p in fdi) == FDI_CAPITAL_USD_M,
        "projects: FDI USD capital",
    )
    check(
        all(p["capital_usd_m"] == "" for p in projects if p["is_fdi"] == "false"),
        "projects: USD capital on a domestic project",
    )
    check(
        all((p["country"] == "VN") == (p["is_fdi"] == "false") for p in projects),
        "projects: country vs is_fdi",
    )
    vn = sum(int(p["workers_vn"]) for p in projects)
    fw = sum(int(p["workers_foreign"]) for p in projects)
    check(vn + fw == WORKERS_TOTAL and fw == WORKERS_FOREIGN, f"projects: workers {vn}+{fw}")
    check(
        all(int(p["workers_foreign"]) == 0 for p in projects if p["is_fdi"] == "false"),
        "projects: foreign workers at a domestic project",
    )
    check(len({p["code"] for p in projects}) == TOTAL_PROJECTS, "projects: duplicate codes")
    zp = {p["code"]: p for p in data.zones.props}
    for p in projects:
        z = zp[p["zone_code"]]
        div = p["vsic"][:2]
        if p["kind"] == ProjectKind.SECONDARY:
            check(div in z["target_industries"], f"projects: {p['code']} outside targets")
        check(div not in z["excluded_industries"], f"projects: {p['code']} excluded industry")
        if p["status"] in (ProjectStatus.OPERATING, ProjectStatus.DELAYED):
            check(
                z["status"] in (ZoneStatus.OPERATING, ZoneStatus.DEVELOPING),
                f"projects: {p['code']} zone",
            )
    new23 = [p for p in projects if p["certificate_date"].startswith("2023")]
    check(
        len(new23) == 2
        and sum(Decimal(p["capital_usd_m"]) for p in new23) == NEW_2023_USD_M
        and sum(Decimal(p["capital_vnd_bn"]) for p in new23) == NEW_2023_VND_BN,
        "projects: the 2023 certificates",
    )
    by_investor = {p["investor"]: p for p in projects}
    for nm in NAMED:  # the projects the source names, in their zones and states
        row = by_investor.get(nm.investor)
        check(
            row is not None
            and (row["zone_code"], row["status"], row["kind"]) == (nm.zone, nm.status, nm.kind),
            f"projects: named project {nm.investor!r} missing or misplaced",
        )


def check_occupancy(data: Dataset) -> None:
    """Plots follow their projects; every tenant project holds at least one plot."""
    proj_by_code = {p["code"]: p for p in data.projects}
    held: Counter[str] = Counter()
    for pp in data.plots.props:
        code = pp["project_code"]
        if code is None:
            check(
                pp["status"] not in (PlotStatus.BUILDING, PlotStatus.DELAYED),
                f"plots: {pp['code']} orphan",
            )
            check(
                pp["status"] != PlotStatus.OPERATING or pp["land_use"] not in LEASABLE_LAND_USES,
                f"plots: {pp['code']} operating without a project",
            )
            continue
        proj = proj_by_code.get(code)
        check(proj is not None, f"plots: {pp['code']} unknown project {code}")
        assert proj is not None
        check(proj["kind"] == ProjectKind.SECONDARY, f"plots: {pp['code']} held by infrastructure")
        check(proj["zone_code"] == pp["zone_code"], f"plots: {pp['code']} zone of project")
        check(pp["status"] == proj["status"], f"plots: {pp['code']} status vs project")
        check(pp["land_use"] in LEASABLE_LAND_USES, f"plots: {pp['code']} land use")
        held[code] += 1
    missing = [
        p["code"]
        for p in data.projects
        if p["kind"] == ProjectKind.SECONDARY and not held[p["code"]]
    ]
    check(not missing, f"projects without a plot: {missing[:5]}")


def check_events(data: Dataset) -> None:
    """The 2023 events: kinds and counts, amounts, the projects the source names."""
    events = data.events
    proj_by_code = {p["code"]: p for p in data.projects}
    check(bool(events) and list(events[0]) == list(EVENT_COLUMNS), "events: columns")
    ek = Counter(e["kind"] for e in events)
    want = {
        ProjectEventKind.CERTIFICATE_ISSUED: 2,
        ProjectEventKind.CERTIFICATE_ADJUSTED: 7,
        ProjectEventKind.CAPITAL_INCREASE: 2,
        ProjectEventKind.BUILDING_PERMIT: 2,
        ProjectEventKind.CONSTRUCTION_START: 3,
        ProjectEventKind.SUPERVISION: SUPERVISED_2023,
    }
    check(ek == want, f"events: kinds {dict(ek)}")
    check(all(e["date"].startswith("2023") for e in events), "events: not all in 2023")
    check(all(e["project_code"] in proj_by_code for e in events), "events: unknown project")
    issued = [e for e in events if e["kind"] == ProjectEventKind.CERTIFICATE_ISSUED]
    check(
        sum(Decimal(e["amount_usd_m"]) for e in issued) == NEW_2023_USD_M
        and sum(Decimal(e["amount_vnd_bn"]) for e in issued) == NEW_2023_VND_BN,
        "events: new certificate amounts",
    )
    inc = sum(
        Decimal(e["amount_vnd_bn"])
        for e in events
        if e["kind"] == ProjectEventKind.CAPITAL_INCREASE
    )
    check(inc == CAPITAL_INCREASE_2023_VND_BN, f"events: capital increases {inc}")
    check(inc + NEW_2023_VND_BN == NEW_AND_INCREASED_2023_VND_BN, "events: new + increased capital")
    sup = {e["project_code"] for e in events if e["kind"] == ProjectEventKind.SUPERVISION}
    check(len(sup) == SUPERVISED_2023, "events: supervised projects not distinct")
    investors: dict[str, set[str]] = defaultdict(set)
    for e in events:
        investors[e["kind"]].add(proj_by_code[e["project_code"]]["investor"])
    by_key = {nm.key: nm.investor for nm in NAMED}
    for kind, keys in SOURCE_EVENTS_2023.items():
        check(investors[kind] == {by_key[k] for k in keys}, f"events: {kind} projects")
    for e in events:
        check(
            e["date"] >= proj_by_code[e["project_code"]]["certificate_date"],
            f"events: {e['project_code']} {e['kind']} before its certificate",
        )
