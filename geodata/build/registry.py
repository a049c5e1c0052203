"""The projects, their capital and workers, and their 2023 events.

``build_projects`` makes the 122 projects (the named ones of ``facts.NAMED`` plus illustrative
tenants drawn from ``catalogue``); ``occupancy.assign_land`` then gives them their plots;
``build_finance`` spreads capital and workers so that they sum exactly to the review's totals;
``build_events`` makes the 2023 events. All draw from one seeded generator, in that order
(``writing.write_dataset``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from geodata.build.catalogue import (
    CLASS_WEIGHTS,
    FDI_COUNTRY_WEIGHTS,
    FDI_STEMS,
    INDUSTRIES,
    PROJECT_PLAN,
    VN_NAME_A,
    VN_NAME_B,
    VND_PER_USD,
)
from geodata.build.facts import (
    ADJUSTMENTS_2023,
    CAPITAL_INCREASE_2023_FDI_VND_BN,
    CAPITAL_INCREASE_2023_VND_BN,
    FDI_CAPITAL_USD_M,
    FDI_CAPITAL_VND_BN,
    NAMED,
    SUPERVISED_2023,
    TOTAL_CAPITAL_VND_BN,
    WORKERS_FOREIGN,
    WORKERS_TOTAL,
    ZONE_BY_CODE,
    Named,
)
from izagis.vocab import ProjectEventKind, ProjectKind, ProjectStatus


def fmt_units(units: int, scale: int) -> str:
    """Format an integer count of 10**-scale units as a short decimal string."""
    text = str(Decimal(units).scaleb(-scale))
    return text.rstrip("0").rstrip(".") if "." in text else text


def apportion(weights: np.ndarray, total: int, minimum: int = 0) -> np.ndarray:
    """Integer split of a total proportional to weights (largest remainder), each >= minimum."""
    w = np.asarray(weights, dtype=float)
    base = np.full(len(w), minimum, dtype=np.int64)
    rest = total - int(base.sum())
    if rest < 0:
        raise ValueError("total below the minimums")
    if w.sum() == 0:
        w = np.ones_like(w)
    raw = w / w.sum() * rest
    out = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - out), kind="stable")
    out[order[: rest - int(out.sum())]] += 1
    return base + out


@dataclass
class Project:
    """One project row plus the land it was asked to take."""

    code: str
    zone: str
    kind: ProjectKind
    name: str
    investor: str
    country: str
    is_fdi: bool
    vsic: str
    status: ProjectStatus
    certificate_date: str
    want_ha: float
    key: str = ""
    vnd_units: int = 0  # capital in 0.001 billion VND
    usd_units: int = 0  # capital in 0.01 million USD
    workers_vn: int = 0
    workers_foreign: int = 0
    area_ha: float = 0.0

    def row(self) -> dict[str, Any]:
        """The projects.csv row."""
        return {
            "code": self.code,
            "zone_code": self.zone,
            "kind": self.kind,
            "name": self.name,
            "investor": self.investor,
            "country": self.country,
            "is_fdi": "true" if self.is_fdi else "false",
            "capital_vnd_bn": fmt_units(self.vnd_units, 3),
            "capital_usd_m": fmt_units(self.usd_units, 2) if self.is_fdi else "",
            "vsic": self.vsic,
            "status": self.status,
            "workers_vn": self.workers_vn,
            "workers_foreign": self.workers_foreign,
            "certificate_date": self.certificate_date,
        }


def random_date(rng: np.random.Generator, year_lo: int, year_hi: int) -> str:
    """A random ISO date between 1 Jan year_lo and 28 Dec year_hi."""
    start = date(year_lo, 1, 1).toordinal()
    end = date(year_hi, 12, 28).toordinal()
    return date.fromordinal(int(rng.integers(start, end + 1))).isoformat()


def named_project(n: Named, code: str = "") -> Project:
    """A project of the NAMED table (FDI when its investor is foreign)."""
    return Project(
        code=code,
        zone=n.zone,
        kind=n.kind,
        name=n.name,
        investor=n.investor,
        country=n.country,
        is_fdi=n.country != "VN",
        vsic=n.vsic,
        status=n.status,
        certificate_date=n.certificate_date,
        want_ha=n.area_ha,
        key=n.key,
    )


def build_projects(rng: np.random.Generator) -> list[Project]:
    """The 122 projects: named ones from the source and illustrative tenants."""
    projects: list[Project] = []
    vn_names = [a + " " + b for a in VN_NAME_A for b in VN_NAME_B if a != b]
    vn_names = [vn_names[i] for i in rng.permutation(len(vn_names))]
    fdi_used: Counter[str] = Counter()
    for z in ZONE_BY_CODE.values():
        if z.code not in PROJECT_PLAN:
            continue
        plan = PROJECT_PLAN[z.code]
        named = [n for n in NAMED if n.zone == z.code]
        for n in (n for n in named if n.kind == ProjectKind.INFRASTRUCTURE):
            projects.append(named_project(n, f"{z.code}-H01"))
        secondary = [n for n in named if n.kind == ProjectKind.SECONDARY]
        zone_projects = [named_project(n) for n in secondary]
        n_gen = plan.n - len(secondary)
        fdi_left = plan.fdi - sum(p.is_fdi for p in zone_projects)
        statuses = [ProjectStatus.DELAYED] * plan.delayed
        if z.code == "TD2":
            statuses.append(ProjectStatus.BUILDING)
        statuses += [ProjectStatus.OPERATING] * (n_gen - len(statuses))
        fdi_flags = np.zeros(n_gen, dtype=bool)
        if z.code == "TD2":  # the TD2 building project is an FDI electronics plant
            fdi_flags[plan.delayed] = True
            others = [i for i in range(n_gen) if i != plan.delayed]
            fdi_flags[rng.choice(others, fdi_left - 1, replace=False)] = True
        else:
            fdi_flags[rng.choice(n_gen, fdi_left, replace=False)] = True
        for status, fdi in zip(statuses, fdi_flags, strict=True):
            division = str(rng.choice(z.target))
            if z.code == "TD2" and status == ProjectStatus.BUILDING:
                division = "26"
            vsic, facility, word_vi, prod_en, _, _ = INDUSTRIES[division][
                int(rng.integers(len(INDUSTRIES[division])))
            ]
            if fdi:
                country = str(
                    rng.choice(list(FDI_COUNTRY_WEIGHTS), p=list(FDI_COUNTRY_WEIGHTS.values()))
                )
                stems = FDI_STEMS[country]
                stem = stems[fdi_used[country] % len(stems)]
                fdi_used[country] += 1
                name = f"{facility} {stem} Ninh Bình"
                investor = f"{stem} {prod_en} Vina Co., Ltd."
            else:
                country = "VN"
                stem = vn_names.pop()
                form = "TNHH" if rng.random() < 0.55 else "CP"
                name = f"{facility} {stem}"
                investor = f"Công ty {form} {word_vi} {stem}"
            if status == ProjectStatus.OPERATING:
                cert = random_date(rng, plan.opened + 1, 2021)
                want = float(np.exp(rng.normal(math.log(4.5), 0.55)))
            elif status == ProjectStatus.DELAYED:
                cert = random_date(rng, max(plan.opened + 1, 2016), 2021)
                want = float(np.exp(rng.normal(math.log(4.0), 0.4)))
            else:
                cert = random_date(rng, 2022, 2022)
                want = 6.0
            zone_projects.append(
                Project(
                    code="",
                    zone=z.code,
                    kind=ProjectKind.SECONDARY,
                    name=name,
                    investor=investor,
                    country=country,
                    is_fdi=bool(fdi),
                    vsic=vsic,
                    status=status,
                    certificate_date=cert,
                    want_ha=want,
                )
            )
        order = rng.permutation(len(zone_projects))
        zone_projects = [zone_projects[i] for i in order]
        zone_projects.sort(key=lambda p: p.key == "")  # named ones first, stable otherwise
        for i, p in enumerate(zone_projects, start=1):
            p.code = f"{z.code}-P{i:02d}"
        projects.extend(zone_projects)
    return projects


def build_finance(projects: list[Project], rng: np.random.Generator) -> None:
    """Capital and workers: exact totals, spread by land, industry and chance."""
    named = {n.key: n for n in NAMED}
    intensity = {cls: (w, c) for rows in INDUSTRIES.values() for cls, _, _, _, w, c in rows}
    intensity.update(CLASS_WEIGHTS)

    def weights(p: Project) -> tuple[float, float]:
        return intensity[p.vsic]

    total_units = int(TOTAL_CAPITAL_VND_BN * 1000)
    fdi_vnd_units = int(FDI_CAPITAL_VND_BN * 1000)
    fdi_usd_units = int(FDI_CAPITAL_USD_M * 100)
    fixed_vnd = fixed_usd = 0
    for p in projects:
        n = named.get(p.key)
        if n and n.capital_vnd_bn:
            p.vnd_units = int(Decimal(n.capital_vnd_bn) * 1000)
            fixed_vnd += p.vnd_units if p.is_fdi else 0
        if n and n.capital_usd_m:
            p.usd_units = int(Decimal(n.capital_usd_m) * 100)
            fixed_usd += p.usd_units
    fdi_free = [p for p in projects if p.is_fdi and not p.usd_units]
    usd_w = np.array(
        [max(p.area_ha, 1.0) * weights(p)[1] * rng.lognormal(0, 0.45) for p in fdi_free]
    )
    usd = apportion(usd_w, fdi_usd_units - fixed_usd, minimum=50)
    rates = np.array([VND_PER_USD[int(p.certificate_date[:4])] for p in fdi_free])
    vnd = apportion(usd * rates, fdi_vnd_units - fixed_vnd, minimum=1000)
    for p, u, v in zip(fdi_free, usd, vnd, strict=True):
        p.usd_units, p.vnd_units = int(u), int(v)
    dom_free = [p for p in projects if not p.is_fdi and not p.vnd_units]
    dom_fixed = sum(p.vnd_units for p in projects if not p.is_fdi)
    dom_w = np.array(
        [
            max(p.area_ha, 1.0)
            * weights(p)[1]
            * rng.lognormal(0, 0.5)
            * (0.6 if p.status == ProjectStatus.DELAYED else 1.0)
            for p in dom_free
        ]
    )
    dom = apportion(dom_w, total_units - fdi_vnd_units - dom_fixed, minimum=5000)
    for p, v in zip(dom_free, dom, strict=True):
        p.vnd_units = int(v)
    # workers: only operating and delayed plants employ; foreign staff at FDI plants
    staff = [p for p in projects if p.status != ProjectStatus.BUILDING]
    factor = {ProjectStatus.OPERATING: 1.0, ProjectStatus.DELAYED: 0.08}

    def staff_weight(p: Project) -> float:
        if p.kind == ProjectKind.INFRASTRUCTURE:
            return 25.0
        return max(p.area_ha, 0.5) * weights(p)[0] * factor[p.status]

    w = np.array([staff_weight(p) * rng.lognormal(0, 0.35) for p in staff])
    vn = apportion(w, WORKERS_TOTAL - WORKERS_FOREIGN, minimum=8)
    for p, v in zip(staff, vn, strict=True):
        p.workers_vn = int(v)
    fdi_staff = [p for p in staff if p.is_fdi and p.status == ProjectStatus.OPERATING]
    fw = np.array([math.sqrt(p.usd_units) * rng.lognormal(0, 0.3) for p in fdi_staff])
    for p, f in zip(fdi_staff, apportion(fw, WORKERS_FOREIGN, minimum=1), strict=True):
        p.workers_foreign = int(f)


def build_events(projects: list[Project], rng: np.random.Generator) -> list[dict[str, Any]]:
    """2023 events: new certificates, adjustments, permits, starts, supervision."""
    by_key = {p.key: p for p in projects if p.key}
    rows: list[dict[str, Any]] = []

    def add(
        p: Project, kind: ProjectEventKind, day: str, vnd: str = "", usd: str = "", note: str = ""
    ) -> None:
        rows.append(
            {
                "project_code": p.code,
                "kind": kind,
                "date": day,
                "amount_vnd_bn": vnd,
                "amount_usd_m": usd,
                "note": note,
            }
        )

    for key in ("santa_clara", "cibon"):
        p = by_key[key]
        add(
            p,
            ProjectEventKind.CERTIFICATE_ISSUED,
            p.certificate_date,
            fmt_units(p.vnd_units, 3),
            fmt_units(p.usd_units, 2),
            "Cấp mới Giấy chứng nhận đăng ký đầu tư",
        )
    old = [
        p
        for p in projects
        if p.kind == ProjectKind.SECONDARY
        and p.status == ProjectStatus.OPERATING
        and p.certificate_date < "2022-01-01"
    ]
    big_dom = [p for p in old if not p.is_fdi and p.vnd_units > 600_000 and not p.key]
    big_fdi = [p for p in old if p.is_fdi and p.vnd_units > 400_000]
    inc_dom = big_dom[int(rng.integers(len(big_dom)))]
    inc_fdi = big_fdi[int(rng.integers(len(big_fdi)))]
    total_inc = int(CAPITAL_INCREASE_2023_VND_BN * 1000)
    fdi_inc = int(CAPITAL_INCREASE_2023_FDI_VND_BN * 1000)
    add(
        inc_fdi,
        ProjectEventKind.CAPITAL_INCREASE,
        random_date(rng, 2023, 2023),
        fmt_units(fdi_inc, 3),
        fmt_units(round(fdi_inc / 23.8 / 10), 2),
        "Điều chỉnh GCNĐKĐT: tăng vốn đầu tư",
    )
    add(
        inc_dom,
        ProjectEventKind.CAPITAL_INCREASE,
        random_date(rng, 2023, 2023),
        fmt_units(total_inc - fdi_inc, 3),
        "",
        "Điều chỉnh GCNĐKĐT: tăng vốn đầu tư",
    )
    rest = [p for p in old if p is not inc_dom and p is not inc_fdi]
    notes = (
        "Điều chỉnh tiến độ thực hiện dự án",
        "Điều chỉnh mục tiêu, quy mô dự án",
        "Thay đổi thông tin nhà đầu tư",
        "Điều chỉnh địa điểm, diện tích sử dụng đất",
    )
    for k in rng.choice(len(rest), ADJUSTMENTS_2023 - 2, replace=False):
        add(
            rest[k],
            ProjectEventKind.CERTIFICATE_ADJUSTED,
            random_date(rng, 2023, 2023),
            note=notes[int(rng.integers(len(notes)))],
        )
    source_events = (  # the permits and start notices the review names (dates illustrative)
        ("toan_phat", ProjectEventKind.BUILDING_PERMIT, "2023-03-14", "Cấp giấy phép xây dựng"),
        ("gluck", ProjectEventKind.BUILDING_PERMIT, "2023-05-23", "Cấp giấy phép xây dựng"),
        ("sunrise", ProjectEventKind.CONSTRUCTION_START, "2023-02-20", "Thông báo khởi công"),
        ("huu_co", ProjectEventKind.CONSTRUCTION_START, "2023-04-11", "Thông báo khởi công"),
        ("toan_phat", ProjectEventKind.CONSTRUCTION_START, "2023-06-05", "Thông báo khởi công"),
    )
    for key, kind, when, note in source_events:
        add(by_key[key], kind, when, note=note)
    watched = [
        p
        for p in projects
        if p.kind == ProjectKind.SECONDARY and p.status != ProjectStatus.OPERATING
    ]
    others = [
        p
        for p in projects
        if p.kind == ProjectKind.SECONDARY and p.status == ProjectStatus.OPERATING
    ]
    watched += [
        others[k] for k in rng.choice(len(others), SUPERVISED_2023 - len(watched), replace=False)
    ]
    for p in watched:
        lo = max(date(2023, 2, 1), date.fromisoformat(p.certificate_date) + timedelta(days=20))
        day = date.fromordinal(int(rng.integers(lo.toordinal(), date(2023, 12, 15).toordinal())))
        add(
            p,
            ProjectEventKind.SUPERVISION,
            day.isoformat(),
            note="Giám sát, đánh giá đầu tư năm 2023",
        )
    rows.sort(key=lambda r: (r["date"], r["project_code"], r["kind"]))
    return rows
