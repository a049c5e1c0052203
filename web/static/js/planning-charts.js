/* The planning page's charts, drawn as HTML bars and inline SVG (nothing to download):
   land accounts as stacked bars, absorption per year as columns, fill years with their
   ranges on a time line. Colours are the plot statuses' (web/styles.py). */

import { esc } from "./dom.js";
import { num, percent } from "./format.js";
import { _, config, fmt, label } from "./i18n.js";

/* The parts of a land account, in the order the bars stack them, with their colours (the
   plot statuses' they count; web/styles.py). */
const LAND = config.planning.land;
export const LAND_PARTS = Object.keys(LAND);

export function partLabel(key) {
  return {
    leased: _("Leased"), delayed: _("Behind schedule"), held: _("Held"), free: _("Free"),
    not_yet_leasable: _("Not yet leasable")
  }[key];
}

/* The hectares of each part: leased land without its delayed part. */
function partValues(unit) {
  return {
    leased: unit.leased_ha - unit.delayed_ha, delayed: unit.delayed_ha, held: unit.held_ha,
    free: unit.free_ha, not_yet_leasable: unit.not_yet_leasable_ha
  };
}

/* A unit's land as one stacked bar, ``scale`` hectares wide. */
export function landBar(unit, scale) {
  const values = partValues(unit);
  const parts = LAND_PARTS.filter((k) => values[k] > 0).map((k) => {
    const text = partLabel(k) + ": " + num(values[k], 1) + " ha";
    return "<span class='izagis-bar-part' style='width:" + (100 * values[k] / scale).toFixed(2) +
      "%;background:" + esc(LAND[k]) + "' title='" + esc(text) + "'></span>";
  }).join("");
  return "<span class='izagis-bar izagis-plan-bar' role='img' aria-label='" +
    esc(LAND_PARTS.map((k) => partLabel(k) + " " + num(values[k], 1) + " ha").join(", ")) + "'>" + parts + "</span>";
}

export function landKey() {
  return "<div class='izagis-weights'>" + LAND_PARTS.map((k) => (
    "<span><span class='izagis-key' style='background:" + esc(LAND[k]) + "'></span>" + esc(partLabel(k)) + "</span>"
  )).join("") + "</div>";
}

/* Horizontal bars of a breakdown (industry division or country): [{key, leased_ha, share}]. */
export function shareBars(rows, name) {
  const top = rows.slice(0, 8);
  const max = Math.max(1e-9, ...top.map((r) => r.leased_ha));
  return "<table class='izagis-plan-shares'>" + top.map((r) => (
    "<tr><th scope='row'>" + esc(name(r.key)) + "</th><td><span class='izagis-bar'><span class='izagis-bar-part' style='width:" +
    (100 * r.leased_ha / max).toFixed(2) + "%;background:" + esc(LAND.leased) + "'></span></span></td><td>" +
    esc(num(r.leased_ha, 1)) + " ha</td><td>" + esc(percent(r.share, 1)) + "</td></tr>"
  )).join("") + "</table>";
}

/* Hectares leased per year as columns; the window the rate is taken from is shaded. */
export function absorptionChart(absorption, window) {
  const years = absorption.years, values = absorption.province;
  if (!years.length) { return "<p>" + esc(_("No dated leases yet.")) + "</p>"; }
  const w = 400, h = 130, pad = 24, step = (w - pad) / years.length;
  const max = Math.max(1, ...values);
  const bars = years.map((y, i) => {
    const bh = (h - 2 * pad / 2 - 14) * values[i] / max;
    const inWindow = y >= window[0] && y <= window[1];
    return "<rect x='" + (pad + i * step + 1).toFixed(1) + "' y='" + (h - 14 - bh).toFixed(1) + "' width='" +
      Math.max(1, step - 2).toFixed(1) + "' height='" + bh.toFixed(1) + "' fill='" + (inWindow ? "#377eb8" : "#9ecae1") +
      "'><title>" + esc(y + ": " + num(values[i], 1) + " ha") + "</title></rect>";
  }).join("");
  const ticks = years.filter((y, i) => i === 0 || i === years.length - 1 || y % 5 === 0).map((y) => (
    "<text x='" + (pad + (years.indexOf(y) + 0.5) * step).toFixed(1) + "' y='" + (h - 2) + "' text-anchor='middle'>" + y + "</text>"
  )).join("");
  const caption = fmt(_("Hectares leased per year; darker: the window the rate is taken from ({from}–{to})"), {from: window[0], to: window[1]});
  return "<figure class='izagis-plan-figure'><svg viewBox='0 0 " + w + " " + h + "' role='img' aria-label='" + esc(caption) + "'>" +
    "<text x='0' y='10'>" + esc(num(max, 0)) + " ha</text>" + bars + ticks + "</svg><figcaption>" + esc(caption) + "</figcaption></figure>";
}

/* Each zone's fill year with its range on one time line; a zone with no year says why. */
export function fillChart(zones, baseYear, name) {
  const dated = zones.filter((z) => z.fill_year != null);
  const last = Math.max(baseYear + 10, ...dated.map((z) => z.fill_year_range[1] || z.fill_year));
  const w = 400, left = 90, right = 10, row = 16;
  const x = (y) => left + (w - left - right) * (y - baseYear) / Math.max(1, last - baseYear);
  const rows = zones.map((z, i) => {
    const y = 18 + i * row;
    const title = "<text x='0' y='" + (y + 4) + "'>" + esc(name(z.code)) + "</text>";
    if (z.fill_year == null) {
      return title + "<text x='" + left + "' y='" + (y + 4) + "' class='izagis-plan-why'>" + esc(basisLabel(z.basis)) + "</text>";
    }
    const low = z.fill_year_range[0], high = z.fill_year_range[1];
    const open = high == null;  // beyond the horizon
    const text = fmt(_("{zone}: full in {year} (range {low}–{high})"), {
      zone: name(z.code), year: z.fill_year, low: low, high: open ? "…" : high
    });
    return title + "<g><title>" + esc(text) + "</title><line x1='" + x(low).toFixed(1) + "' x2='" + x(open ? last : high).toFixed(1) +
      "' y1='" + y + "' y2='" + y + "' stroke='#4292c6' stroke-width='5'" + (open ? " stroke-dasharray='4 3'" : "") +
      "/><circle cx='" + x(z.fill_year).toFixed(1) + "' cy='" + y + "' r='4' fill='#08306b'/></g>";
  }).join("");
  const h = 24 + zones.length * row;
  const ticks = [];
  for (let year = baseYear; year <= last; year += (last - baseYear > 40 ? 10 : 5)) {
    ticks.push("<line x1='" + x(year).toFixed(1) + "' x2='" + x(year).toFixed(1) + "' y1='8' y2='" + (h - 12) + "' stroke='#ddd'/>" +
      "<text x='" + x(year).toFixed(1) + "' y='" + (h - 1) + "' text-anchor='middle'>" + year + "</text>");
  }
  const caption = _("The year each zone's leasable land runs out at the recent rate (dot), with the range (bar)");
  return "<figure class='izagis-plan-figure'><svg viewBox='0 0 " + w + " " + h + "' role='img' aria-label='" + esc(caption) + "'>" +
    ticks.join("") + rows + "</svg><figcaption>" + esc(caption) + "</figcaption></figure>";
}

export function basisLabel(basis) {
  return {
    full: _("no free land left"), "no history": _("no leases in the window"),
    "not yet leasable": _("not yet leasable"), history: _("from the recent rate")
  }[basis] || basis;
}

export function stageLabel(stage) {
  return {
    behind: _("behind schedule"), extension: _("may be extended (24 months)"), reclaimable: _("extension spent: reclaimable")
  }[stage] || stage;
}

export function statusLabel(status) {
  return label("zone_status", status);
}

/* The province's land year by year: the land open (grey steps, planned land from the year it
   opens) against the land leased at the recent rate (blue line) with its 10th-90th
   percentile band. */
export function outlookChart(outlook) {
  if (!outlook) { return ""; }
  const w = 400, h = 150, left = 34, bottom = 16, top = 8;
  const n = outlook.years.length;
  const max = Math.max(1, ...outlook.open_ha, ...outlook.leased_high_ha);
  const x = (i) => left + (w - left - 6) * i / Math.max(1, n - 1);
  const y = (v) => h - bottom - (h - bottom - top) * v / max;
  const line = (values) => values.map((v, i) => (i ? "L" : "M") + x(i).toFixed(1) + " " + y(v).toFixed(1)).join(" ");
  const band = line(outlook.leased_high_ha) + " " + outlook.leased_low_ha.map((v, i) => [i, v]).reverse()
    .map(([i, v]) => "L" + x(i).toFixed(1) + " " + y(v).toFixed(1)).join(" ") + " Z";
  const ticks = outlook.years.filter((yr, i) => i % 5 === 0).map((yr) => (
    "<text x='" + x(outlook.years.indexOf(yr)).toFixed(1) + "' y='" + (h - 3) + "' text-anchor='middle'>" + yr + "</text>"
  )).join("");
  const caption = _("Land open (grey) and land leased at the recent rate (blue), with the range (band), hectares");
  return "<figure class='izagis-plan-figure'><svg viewBox='0 0 " + w + " " + h + "' role='img' aria-label='" + esc(caption) + "'>" +
    "<text x='0' y='" + (top + 4) + "'>" + esc(num(max, 0)) + " ha</text>" +
    "<path d='" + band + "' fill='#c6dbef' stroke='none'/>" +
    "<path d='" + line(outlook.open_ha) + "' fill='none' stroke='#737373' stroke-width='2'/>" +
    "<path d='" + line(outlook.leased_ha) + "' fill='none' stroke='#08519c' stroke-width='2'/>" + ticks +
    "</svg><figcaption>" + esc(caption) + "</figcaption></figure>";
}
