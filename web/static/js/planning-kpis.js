/* The planning page's KPIs against their targets: the year's revenue, exports, budget
   contribution, jobs and new capital for the province (and any zone with figures), each as a
   bar of the actual against its target with the gap; where the year has no actual yet, the
   latest earlier actual and the growth the target needs. A form records a figure. */

import { esc } from "./dom.js";
import { num, percent } from "./format.js";
import { _, fmt, shortNameOf } from "./i18n.js";
import * as papi from "./planning-api.js";
import { state } from "./state.js";

const METRICS = ["revenue", "exports", "budget", "jobs", "new_capital"];

export function metricLabel(metric) {
  return {
    revenue: _("Revenue"), exports: _("Exports"), budget: _("Budget contribution"), jobs: _("Jobs"),
    new_capital: _("New and increased capital")
  }[metric] || metric;
}

function unitLabel(unit) {
  return {vnd_bn: _("billion VND"), usd_m: _("million USD"), people: _("people")}[unit] || unit;
}

function zoneLabel(code) {
  if (code == null) { return _("Province"); }
  const zone = state.zones.find((f) => f.properties.code === code);
  return zone ? shortNameOf(zone.properties) : code;
}

/* What a figure says against its target, in words. */
function gapText(k) {
  if (k.gap != null) {
    return fmt(_("gap {gap} {unit} ({share} of the target)"), {
      gap: (k.gap > 0 ? "+" : "") + num(k.gap, 1), unit: unitLabel(k.unit), share: percent(k.share, 1)
    });
  }
  if (k.needed_growth != null) {
    return fmt(_("needs {growth} on {year}'s {actual} {unit}"), {
      growth: (k.needed_growth > 0 ? "+" : "") + percent(k.needed_growth, 1), year: k.baseline_year,
      actual: num(k.baseline, 1), unit: unitLabel(k.unit)
    });
  }
  return k.target == null ? _("no target") : _("no actual yet");
}

/* One row a figure: the target as an outlined bar, the actual (or the earlier actual, paler)
   filled against it. */
function gapChart(kpis) {
  const row = 30, w = 400, left = 120, h = 6 + kpis.length * row;
  const rows = kpis.map((k, i) => {
    const shown = k.actual != null ? k.actual : k.baseline;
    const scale = Math.max(k.target || 0, shown || 0, 1e-9);
    const bw = (v) => ((w - left - 6) * v / scale).toFixed(1);
    const y = 4 + i * row;
    const name = metricLabel(k.metric) + (k.zone ? " · " + zoneLabel(k.zone) : "");
    const label = name + ": " + gapText(k);
    return "<g class='izagis-kpi-row'><title>" + esc(label) + "</title>" +
      "<text x='0' y='" + (y + 10) + "'>" + esc(name) + "</text>" +
      (shown != null ? "<rect x='" + left + "' y='" + y + "' height='12' width='" + bw(shown) + "' fill='" +
        (k.actual != null ? (k.gap != null && k.gap < 0 ? "#d6604d" : "#4393c3") : "#c6dbef") + "'/>" : "") +
      (k.target != null ? "<rect x='" + left + "' y='" + y + "' height='12' width='" + bw(k.target) +
        "' fill='none' stroke='#252525' stroke-dasharray='3 2'/>" : "") +
      "<text x='" + left + "' y='" + (y + 24) + "' class='izagis-plan-why'>" + esc(gapText(k)) + "</text></g>";
  }).join("");
  const caption = _("Each figure against its target (dashed outline): blue reached, red short; pale, an earlier year's actual where this year has none");
  return "<figure class='izagis-plan-figure' id='izagis-plan-kpi-chart'><svg viewBox='0 0 " + w + " " + h +
    "' role='img' aria-label='" + esc(caption) + "'>" + rows + "</svg><figcaption>" + esc(caption) + "</figcaption></figure>";
}

function th(text) { return "<th scope='col'>" + esc(text) + "</th>"; }

function table(kpis) {
  return "<div class='izagis-plan-scroll'><table class='izagis-plan-table' id='izagis-plan-kpi-table'><thead><tr>" +
    th(_("Figure")) + th(_("Actual")) + th(_("Target")) + th(_("Gap")) + "</tr></thead><tbody>" + kpis.map((k) => (
    "<tr><th scope='row'>" + esc(metricLabel(k.metric) + " · " + zoneLabel(k.zone)) + "<br><span class='izagis-muted'>" +
      esc(unitLabel(k.unit)) + "</span></th><td>" + esc(num(k.actual, 1)) + "</td><td>" + esc(num(k.target, 1)) +
      "</td><td title='" + esc(k.source || "") + "'>" + esc(gapText(k)) + "</td></tr>"
  )).join("") + "</tbody></table></div>";
}

function form(year) {
  const metrics = METRICS.map((m) => "<option value='" + m + "'>" + esc(metricLabel(m)) + "</option>").join("");
  const zones = "<option value=''>" + esc(_("Province")) + "</option>" + state.zones.map((f) => (
    "<option value='" + esc(f.properties.code) + "'>" + esc(shortNameOf(f.properties)) + "</option>"
  )).join("");
  return "<form id='izagis-plan-kpi-form'><h3>" + esc(_("Record a figure")) + "</h3>" +
    "<label>" + esc(_("Year")) + " <input name='year' type='number' min='2000' max='2100' required value='" + esc(year || "") + "'></label>" +
    "<label>" + esc(_("Figure")) + " <select name='metric'>" + metrics + "</select></label>" +
    "<label>" + esc(_("Zone")) + " <select name='zone'>" + zones + "</select></label>" +
    "<label>" + esc(_("Actual")) + " <input name='actual' type='number' min='0' step='any'></label>" +
    "<label>" + esc(_("Target")) + " <input name='target' type='number' min='0' step='any'></label>" +
    "<button type='submit'>" + esc(_("Save")) + "</button> <span class='izagis-muted' id='izagis-plan-kpi-said' aria-live='polite'></span></form>";
}

function body(report) {
  const years = report.years.map((y) => (
    "<option value='" + y + "'" + (y === report.year ? " selected" : "") + ">" + y + "</option>"
  )).join("");
  const sources = [...new Set(report.kpis.map((k) => k.source).filter(Boolean))];
  return "<label>" + esc(_("Year")) + " <select id='izagis-plan-kpi-year'>" + years + "</select></label>" +
    (report.kpis.length ? gapChart(report.kpis) + table(report.kpis) : "<p>" + esc(_("No figures for this year.")) + "</p>") +
    (sources.length ? "<p class='izagis-muted'>" + esc(fmt(_("Source: {source}"), {source: sources.join("; ")})) + "</p>" : "") +
    form(report.year);
}

export function kpiSection(report) {
  return "<details id='izagis-plan-kpis'><summary>" + esc(_("KPIs against targets")) + "</summary><div id='izagis-plan-kpi-body'>" +
    body(report) + "</div></details>";
}

function redraw(year, csrf) {
  return papi.kpis(year).then((report) => {
    document.getElementById("izagis-plan-kpi-body").innerHTML = body(report);
    wireKpis(csrf);
  });
}

/* Wires the year choice and the form; ``csrf`` is the signed-in page's token. */
export function wireKpis(csrf) {
  const said = document.getElementById("izagis-plan-kpi-said");
  document.getElementById("izagis-plan-kpi-year").onchange = (e) => {
    redraw(Number(e.target.value), csrf).catch((err) => { said.textContent = err.message || String(err); });
  };
  document.getElementById("izagis-plan-kpi-form").onsubmit = (e) => {
    e.preventDefault();
    const f = e.target;
    const entry = {year: Number(f.year.value), metric: f.metric.value, zone: f.zone.value || null};
    if (f.actual.value !== "") { entry.actual = Number(f.actual.value); }
    if (f.target.value !== "") { entry.target = Number(f.target.value); }
    papi.recordKpi(entry, csrf)
      .then(() => redraw(entry.year, csrf))
      .then(() => {
        document.getElementById("izagis-plan-kpi-said").textContent = _("Saved.");
        document.body.dataset.izagisKpiSaved = String(entry.year);
      })
      .catch((err) => { said.textContent = err.message || String(err); });
  };
}
