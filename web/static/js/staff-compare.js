/* Two to five shortlisted sites side by side: one table of the zone, plots, area, price,
   today's score and rank, every criterion (value and contribution, the best marked), the
   utilities and the distances; on the map the same sites, each in its own colour and letter. */

import * as sapi from "./staff-api.js";
import { esc } from "./dom.js";
import { money, num, percent } from "./format.js";
import { _, config, fmt, label, placeLabel } from "./i18n.js";
import { fit, freshLayer, siteShape } from "./staff-map.js";

const COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"];
const LETTERS = "ABCDE";

function utilities() {
  return [["power_mva", _("Power (MVA)")], ["water_m3_day", _("Water (m³/day)")], ["wastewater_m3_day", _("Wastewater (m³/day)")]];
}

function criterionValue(c) {
  if (!c) { return "—"; }
  if (c.missing) { return _("not on file"); }
  if (c.unit === "ratio") { return percent(c.value, 0); }
  if (c.unit === "index") { return num(c.value, 2); }
  if (c.unit === "USD/m²") { return money(c.value, "USD") + "/m²"; }
  return num(c.value, 2) + " " + c.unit;
}

function row(title, cells) {
  return "<tr><th scope='row'>" + esc(title) + "</th>" + cells.map((c) => "<td" + (c.best ? " class='izagis-plus'" : "") + ">" +
    esc(c.text == null ? c : c.text) + "</td>").join("") + "</tr>";
}

function group(title, n) {
  return "<tr class='izagis-staff-group'><th scope='colgroup' colspan='" + (n + 1) + "'>" + esc(title) + "</th></tr>";
}

/* A criterion's cells: the value and contribution, the largest contribution marked best. */
function criterionCells(sites, name) {
  const gains = sites.map((s) => (s.criteria[name] ? s.criteria[name].contribution : null));
  const top = Math.max(...gains.filter((g) => g != null));
  return sites.map((s, n) => {
    const c = s.criteria[name];
    return {text: c ? criterionValue(c) + " (" + num(c.contribution, 3) + ")" : "—", best: gains[n] != null && gains[n] === top && sites.length > 1};
  });
}

function table(answer, custom) {
  const sites = answer.sites, n = sites.length;
  const kinds = [...new Set(sites.flatMap((s) => Object.keys(s.distances_km)))];
  const head = "<tr><td></td>" + sites.map((s, i) => "<th scope='col'><span class='izagis-key' style='background:" + COLOURS[i] + "'></span>" +
    esc(LETTERS[i] + ": " + s.plot_codes.join(" + ")) + "</th>").join("") + "</tr>";
  const body = [
    row(_("Zone"), sites.map((s) => (config.lang === "en" ? s.zone_name_en : s.zone_name_vi) + " (" + s.zone_code + ")")),
    row(_("Area (ha)"), sites.map((s) => num(s.area_ha, 2))),
    row(_("Lease (USD/m²)"), sites.map((s) => money(s.lease_price_usd_m2, "USD"))),
    row(_("Score"), sites.map((s) => (s.score == null ? _("no longer meets the needs") : num(s.score, 3)))),
    row(_("Rank"), sites.map((s) => (s.rank == null ? "—" : "#" + s.rank))),
    row(_("Developer"), sites.map((s) => s.developer || "—")),
    row(_("Note"), sites.map((s) => s.note || "—")),
    group(_("Criteria: value (contribution to the score)"), n),
    ...answer.criteria.map((name) => row(label("criterion", name), criterionCells(sites, name))),
    group(_("Utilities of the zone"), n),
    ...utilities().map(([key, title]) => row(title, sites.map((s) => num(s.utilities[key], 0)))),
    group(_("Distances (km)"), n),
    ...kinds.map((k) => row(placeLabel(k), sites.map((s) => num(s.distances_km[k], 1))))
  ].join("");
  return "<div class='izagis-staff-scroll'><table class='izagis-staff-table izagis-staff-compare' id='izagis-staff-compare-table'><caption>" +
    esc(custom ? fmt(_("{n} sites compared (your weights)"), {n: n})
      : fmt(_("{n} sites compared (weights of the profile {profile})"), {n: n, profile: answer.profile})) + "</caption><thead>" + head +
    "</thead><tbody>" + body + "</tbody></table></div>";
}

function drawMap(sites) {
  const layer = freshLayer("compared", _("Compared sites"));
  sites.forEach((s, i) => {
    siteShape(layer, s.geometry, {color: COLOURS[i], weight: 4, fillColor: COLOURS[i], fillOpacity: 0.35},
      LETTERS[i] + ": " + s.plot_codes.join(" + "), "izagis-staff-compared");
  });
  fit(layer);
}

/* The comparison section of enquiry `ctx` in `box`: compares the sites ticked on the shortlist. */
export function compareSection(box, ctx) {
  box.innerHTML = "<p class='izagis-muted'>" + esc(_("Tick two to five sites on the shortlist, then compare them.")) + "</p>" +
    "<button type='button' id='izagis-staff-compare-run'>" + esc(_("Compare the ticked sites")) + "</button>" +
    "<div id='izagis-staff-compare-out' aria-live='polite'></div>";
  const out = box.querySelector("#izagis-staff-compare-out");
  box.querySelector("#izagis-staff-compare-run").onclick = () => {
    const ids = ctx.ticked();
    if (ids.length < 2 || ids.length > 5) {
      out.innerHTML = "<p class='izagis-error'>" + esc(fmt(_("{n} sites ticked: tick two to five."), {n: ids.length})) + "</p>";
      return null;
    }
    out.innerHTML = "<p class='izagis-status'><span class='izagis-spinner' aria-hidden='true'></span>" + esc(_("Loading…")) + "</p>";
    return sapi.compare(ctx.id, ids, ctx.weights).then((answer) => {
      out.innerHTML = table(answer, Boolean(ctx.weights));
      drawMap(answer.sites);
    }).catch((err) => {
      if (err.name !== "ApiError") { throw err; }
      out.innerHTML = "<p class='izagis-error'>" + esc(err.message) + "</p>";
    });
  };
}
