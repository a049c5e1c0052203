"""The site proposal of an enquiry's shortlist as PDF (and, on the same template, a planner's
saved proposal: ``render_boundary``): a cover with the investor's company,
the date and a map of every candidate site, then one page per site with its facts and its
score breakdown, headings in Vietnamese and English. Company names only: no contact data, and
no staff notes (they are internal).
Drawn like the fact sheets (web.sheets): Jinja template, WeasyPrint, DejaVu fonts."""

from __future__ import annotations

import datetime as dt
from typing import Final

from izagis.proposal_store import Version
from izagis.proposals import ProposalCheck
from izagis.shortlists import Comparison, Site
from web.i18n import translations
from web.sheets import DISTANCE_KINDS, _, both, number, term, to_pdf
from web.vocab import PAGE_LABELS

UTILITIES: Final = (
    (_("Power"), "power_mva", "MVA"),
    (_("Water supply"), "water_m3_day", "m³/day"),
    (_("Wastewater treatment"), "wastewater_m3_day", "m³/day"),
)


def _criterion(name: str) -> str:
    english = PAGE_LABELS["criterion"].get(name, name)
    vi = translations("vi").pgettext("criterion", english)
    return english if vi == english else f"{vi} · {english}"


def _place(kind: str) -> str:
    """A distance's place in both languages (Hà Nội is a place, not an infrastructure kind)."""
    return term("infrastructure_kind", kind) if kind != "hanoi" else "Hà Nội · Hanoi"


def _site(site: Site) -> dict[str, object]:
    land = [
        (both(_("Zone")), f"{site.zone_code} · {site.zone_name_vi} · {site.zone_name_en}"),
        (both(_("Area")), number(site.area_ha, "ha", 2)),
        (both(_("Lease price")), number(site.lease_price_usd_m2, "USD/m²")),
        (both(_("Target industries")), ", ".join(site.target_industries) or "–"),
        (both(_("Infrastructure developer")), site.developer or "–"),
    ]
    utilities = [
        (both(label), number(site.utilities.get(key), unit)) for label, key, unit in UTILITIES
    ]
    distances = [
        (_place(kind), number(site.distances_km.get(kind), "km", 1))
        for kind in DISTANCE_KINDS
        if site.distances_km.get(kind) is not None
    ]
    criteria = [
        (
            _criterion(name),
            f"{number(c.value, c.unit, 2)}" if not c.missing else "–",
            f"{c.weight:.3f}",
            f"{c.contribution:.3f}",
        )
        for name, c in sorted(site.criteria.items(), key=lambda kv: -kv[1].contribution)
    ]
    return {
        "zone": f"{site.zone_code} · {site.zone_name_vi}",
        "plots": ", ".join(site.plot_codes),
        "area": number(site.area_ha, "ha", 2),
        "score": "–" if site.score is None else f"{site.score:.3f}",
        "land": land,
        "utilities": utilities,
        "distances": distances,
        "criteria": criteria,
    }


def render(
    *, company: str, comparison: Comparison, map_png: bytes, today: dt.date | None = None
) -> bytes:
    return to_pdf(
        "proposal.html",
        map_png=map_png,
        today=today,
        title=company,
        company=company,
        sites=[_site(s) for s in comparison.sites],
        basis=f"{comparison.profile} · "
        + ", ".join(f"{_criterion(n)} {w:.2f}" for n, w in comparison.weights.items() if w),
    )


def _check_rows(check: ProposalCheck) -> dict[str, object]:
    """A proposal check's answer as the sheet's rows, vocabularies in both languages."""
    overlaps = [
        (
            both(_("Zone")) if o.kind == "zone" else term("constraint_kind", o.kind),
            f"{o.code} · {o.name}",
            number(o.overlap_ha, "ha", 2),
            number(o.share_pct, "%", 1),
        )
        for o in check.overlaps
    ]
    distances = [
        (_place(kind), number(check.distances_km.get(kind), "km", 1))
        for kind in DISTANCE_KINDS
        if check.distances_km.get(kind) is not None
    ]
    rules = [
        (
            f"{r.rule_vi} · {r.rule}",
            both(_("passed") if r.passed else _("failed")),
            r.detail,
            r.source,
        )
        for r in check.rules
    ]
    return {"overlaps": overlaps, "distances": distances, "rules": rules}


def render_boundary(
    *, version: Version, versions: int, map_png: bytes, today: dt.date | None = None
) -> bytes:
    """A saved proposal's version as PDF: its map, area, overlaps, distances and the rules'
    verdicts as checked when it was saved."""
    check = version.check
    return to_pdf(
        "planning_proposal.html",
        map_png=map_png,
        today=today,
        title=version.name,
        name=version.name,
        version=version,
        versions=versions,
        area=number(check.area_ha, "ha", 2),
        passed=both(
            _("The proposal passes every rule.")
            if check.passed
            else _("The proposal fails a rule.")
        ),
        **_check_rows(check),
    )
