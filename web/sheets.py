"""One-page fact sheets of a zone or a plot as PDF: bilingual headings (Vietnamese first,
English beside it), the map drawn on the server, the figures of the registry; no personal
data. HTML from a Jinja template, rendered to PDF by WeasyPrint with fonts that carry
Vietnamese (DejaVu Sans, from Debian's fonts-dejavu-core)."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, select_autoescape

from izagis import clock
from izagis.costs import SiteCost
from izagis.incentives import incentives
from izagis.vocab import LABELS
from izagis.vsic import industries
from web.i18n import translations

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
TEMPLATE_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
)
# The authority the sheet names as its contact (the dataset's developer of the
# province-funded zones).
AUTHORITY: Final = "Ban Quản lý các KCN tỉnh Ninh Bình · Ninh Bình Industrial Zones Authority"
DISTANCE_KINDS: Final = (
    "expressway_interchange",
    "national_road",
    "railway_station",
    "river_port",
    "seaport",
    "substation",
    "city",
    "hanoi",
)


def _(message: str) -> str:
    """Marks a heading for extraction; the sheet shows it in both languages."""
    return message


def both(message: str) -> str:
    vi = translations("vi").gettext(message)
    return message if vi == message else f"{vi} · {message}"


def term(context: str, value: str | None) -> str:
    """A vocabulary value in both languages."""
    if value is None:
        return "–"
    english = LABELS.get(context, {}).get(value, value)
    vi = translations("vi").pgettext(context, english)
    return english if vi == english else f"{vi} · {english}"


def number(value: Any, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{float(value):,.{digits}f} {unit}".strip()


def land_ha(zone: dict[str, Any], key: str) -> str:
    """A land account's hectares, or that the zone has no plots on file (its land is not
    surveyed: unknown, never "0 ha")."""
    if zone.get("plots_on_file") is False:
        return both(_("no plots on file"))
    return number(zone.get(key), "ha")


def _zone_rows(zone: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    used = _("used")
    land = [
        (both(_("Zone status")), term("zone_status", zone["status"])),
        (both(_("Planned area")), number(zone.get("planned_area_ha"), "ha")),
        (both(_("Free land")), land_ha(zone, "free_area_ha")),
        (both(_("Leased")), land_ha(zone, "leased_area_ha")),
        (both(_("Lease price")), number(zone.get("lease_price_usd_m2"), "USD/m²")),
        (both(_("Lease term until")), str(zone.get("lease_term_end") or "–")),
        (both(_("Infrastructure developer")), zone.get("developer") or "–"),
        (both(_("Legal basis")), zone.get("legal_basis") or "–"),
    ]
    utilities = [
        (
            both(label),
            f"{number(zone.get(cap), unit)} ({both(used)} {number(zone.get(use), unit)})",
        )
        for label, cap, use, unit in (
            (_("Power"), "power_mva", "power_used_mva", "MVA"),
            (_("Water supply"), "water_m3_day", "water_used_m3_day", "m³/day"),
            (_("Wastewater treatment"), "wastewater_m3_day", "wastewater_used_m3_day", "m³/day"),
        )
    ]
    distances = zone.get("distances_km") or {}
    place = [
        (
            term("infrastructure_kind", kind) if kind != "hanoi" else "Hà Nội · Hanoi",
            number(distances.get(kind), "km", 1),
        )
        for kind in DISTANCE_KINDS
        if kind in distances
    ]
    if zone.get("distances_mapped") is False:  # outside the area the transport data cover
        place = [(both(_("Transport and utilities")), both(_("transport network not mapped here")))]
    return {"land": land, "utilities": utilities, "distances": place}


def industry_names(codes: list[str] | None) -> list[str]:
    """Each VSIC code with its titles: "29 Sản xuất xe có động cơ · Manufacture of motor
    vehicles, ..." (a title not on file is left out, a code not on file stands alone)."""
    known = industries()
    out = []
    for code in codes or []:
        found = known.get(code)
        titles = [t for t in (found.title_vi, found.title_en) if t] if found else []
        out.append(f"{code} {' · '.join(dict.fromkeys(titles))}".strip())
    return out


def cost_rows(cost: SiteCost) -> list[tuple[str, str]]:
    """A plot's land lease, its yearly service fees and the two in the first year."""
    area = number(cost.area_m2, "m²", 0)
    price = number(cost.lease_price_usd_m2, "USD/m²")
    until = both(_("until"))
    term = f", {until} {cost.lease_term_end}" if cost.lease_term_end else ""
    illustrative = both(_("illustrative"))
    rows = [
        (
            both(_("Land lease for the term")),
            f"{number(cost.lease_usd, 'USD', 0)} ({area} × {price}{term})",
        )
    ]
    if cost.service_fees_usd_year is not None:
        per_m2 = number(cost.service_fee_usd_m2_year, "USD/m²")
        rows += [
            (
                both(_("Service fees a year")),
                f"{number(cost.service_fees_usd_year, 'USD', 0)} "
                f"({area} × {per_m2}; {illustrative})",
            ),
            (both(_("First year: lease and fees")), number(cost.first_year_usd, "USD", 0)),
        ]
    return rows


def _phase_text(phase: dict[str, Any]) -> str:
    """One phase on a line, e.g. GK-2 Mở rộng 35 ha / 35 ha extension: Developing, 35.00 ha,
    leasable from 2024."""
    opens = phase.get("leasable_from")
    since = both(_("leasable from"))
    tail = f", {since} {opens}" if opens else ""
    return (
        f"{phase['code']} {phase['name_vi']} / {phase['name_en']}: "
        f"{term('zone_status', phase['status'])}, {number(phase.get('area_ha'), 'ha')}{tail}"
    )


def render(
    *,
    kind: str,
    zone: dict[str, Any],
    map_png: bytes,
    plot: dict[str, Any] | None = None,
    today: dt.date | None = None,
    phases: list[dict[str, Any]] | None = None,
    cost: SiteCost | None = None,
    fee_usd_m2_year: float | None = None,
) -> bytes:
    """The PDF of a zone's sheet, or of ``plot``'s within its ``zone``; a zone of more than
    one phase lists them (an extension, a later phase), each with its status and year. A
    plot's sheet estimates its ``cost``; a zone's names its service fee, if on file."""
    rows = _zone_rows(zone)
    if fee_usd_m2_year is not None:
        a_year, illustrative = both(_("a year")), both(_("illustrative"))
        fee = f"{number(fee_usd_m2_year, 'USD/m²')} {a_year} ({illustrative})"
        rows["land"].append((both(_("Service fees")), fee))
    if phases and len(phases) > 1:
        rows["land"].append((both(_("Phases")), "; ".join(_phase_text(p) for p in phases)))
    heading = f"{zone['code']} · {zone['name_vi']} · {zone['name_en']}"
    if plot is not None:
        heading = f"{plot['code']} · {heading}"
        rows["land"] = [
            (both(_("Plot")), plot["code"]),
            (both(_("Area")), number(plot.get("area_ha"), "ha", 2)),
            (both(_("Status")), term("plot_status", plot.get("status"))),
            (both(_("Land use")), term("land_use", plot.get("land_use"))),
            *rows["land"],
        ]
    return to_pdf(
        "sheet.html",
        map_png=map_png,
        today=today,
        kind=kind,
        title=heading,
        heading=heading,
        targets=industry_names(zone.get("target_industries")),
        excluded=industry_names(zone.get("excluded_industries")),
        costs=cost_rows(cost) if cost is not None else [],
        incentives=incentives(),
        **rows,
    )


def to_pdf(template: str, *, map_png: bytes, today: dt.date | None, **context: Any) -> bytes:
    """``template`` rendered with ``context``, the map, the authority's contact, a dated
    footer and the bilingual helpers, then printed to PDF."""
    date = (today or clock.today()).isoformat()
    html = TEMPLATE_ENV.get_template(template).render(
        map_png=base64.b64encode(map_png).decode(),
        contact=AUTHORITY,
        date=date,
        footer=f"izagis · {date}",
        both=both,
        _=_,
        **context,
    )
    from weasyprint import HTML  # heavy: loaded with the first PDF, not at start-up

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
