/* The site-search panel: an investor's needs in, ranked sites out, each with its reasons. */

import * as api from "./api.js";
import { control, el, esc } from "./dom.js";
import { money, num, percent } from "./format.js";
import { _, fmt, label, placeLabel } from "./i18n.js";
import { state } from "./state.js";

/* The form's fields and where each goes in the request (for the API's "field" on a 422). */
function fields() {
  const number = "type='number' min='0' step='any'";
  return [
    {id: "need-area-min", path: "area_ha.min", label: _("Minimum area (ha)"), value: "10", attrs: number},
    {id: "need-area-max", path: "area_ha.max", label: _("Maximum area (ha)"), value: "20", attrs: number},
    {id: "need-industry", path: "industry", label: _("Industry (VSIC code)"), value: "",
     attrs: "type='text' inputmode='numeric' pattern='[0-9]{2,5}'"},
    {id: "need-price", path: "max_lease_price_usd_m2", label: _("Lease price ceiling (USD/m²)"), value: "", attrs: number},
    {id: "need-interchange", path: "max_distance_km.expressway_interchange",
     label: _("Max. distance to expressway interchange (km)"), value: "", attrs: number},
    {id: "need-port", path: "max_distance_km.river_port", label: _("Max. distance to river port (km)"),
     value: "", attrs: number}
  ];
}

export function sitePanel() {
  const form = fields().map((f) => (
    "<label>" + esc(f.label) + "<input id='" + f.id + "' " + f.attrs + " value='" + esc(f.value) + "'></label>"
  )).join("");
  control("topleft", () => el("div", "izagis-panel",
    "<details id='izagis-find'><summary>" + esc(_("Find a site")) + "</summary><form id='izagis-find-form'>" +
    form + "<button type='submit'>" + esc(_("Search")) + "</button></form>" +
    "<div id='izagis-find-results' aria-live='polite'></div></details>"));
  document.getElementById("izagis-find-form").addEventListener("submit", (e) => {
    e.preventDefault();
    findSites();
  });
}

function value(id) {
  const v = document.getElementById(id).value.trim();
  return v === "" ? null : v;
}

/* The first screen shows real alternatives (at most two sites of a zone) and how robust the
   ranking is to the weights (SMAA: 1,000 weightings within 20 % of the profile's, a fixed
   seed so the same search gives the same answer). */
const SHORTLIST = {limit: 10, max_per_zone: 2, robustness: {samples: 1000, weight_spread: 0.2, seed: 1}};

function needs() {
  const body = Object.assign({area_ha: {min: Number(value("need-area-min") || 1)}}, SHORTLIST);
  if (value("need-area-max")) { body.area_ha.max = Number(value("need-area-max")); }
  if (value("need-industry")) { body.industry = value("need-industry"); }
  if (value("need-price")) { body.max_lease_price_usd_m2 = Number(value("need-price")); }
  const dist = {};
  if (value("need-interchange")) { dist.expressway_interchange = Number(value("need-interchange")); }
  if (value("need-port")) { dist.river_port = Number(value("need-port")); }
  body.max_distance_km = dist;
  return body;
}

/* What a refused or failed search shows: the form field at fault and the API's message. */
function failure(err) {
  if (err.status !== 422) { return err.message; }
  const at = String((err.body && err.body.field) || "");
  const f = fields().find((x) => at === x.path || x.path.indexOf(at + ".") === 0 || at.indexOf(x.path + ".") === 0);
  if (f) { document.getElementById(f.id).setAttribute("aria-invalid", "true"); }
  return _("Invalid input") + (f ? ": " + f.label : "") + " (" + err.reason + ")";
}

export function findSites() {
  const out = document.getElementById("izagis-find-results");
  out.innerHTML = "…";
  document.querySelectorAll("#izagis-find-form input").forEach((i) => i.removeAttribute("aria-invalid"));
  return api.siteSearch(needs()).then((answer) => drawCandidates(answer, out), (err) => {
    if (err.name !== "ApiError") { throw err; }
    out.innerHTML = "<div class='izagis-error' role='alert'>" + esc(failure(err)) + "</div>";
  });
}

/* "max_distance_km.seaport" -> "too far (Seaport)"; "industry" -> "industry not admitted". */
function needName(key) {
  const [need, kind] = key.split(".");
  return kind ? fmt(label("need", need), {place: placeLabel(kind)}) : label("need", need);
}

function criterionValue(c) {
  if (c.unit === "ratio") { return percent(c.value, 0); }
  if (c.unit === "index") { return num(c.value, 2); }
  if (c.unit === "USD/m²") { return money(c.value, "USD") + "/m²"; }
  return num(c.value, 2) + " " + c.unit;
}

/* "first in 71% of plausible weightings" for the first site, "top three in ..." for others. */
function robustness(c, first) {
  if (!c.rank_acceptability || !c.rank_acceptability.length) { return ""; }
  const text = first
    ? fmt(_("First in {pct} of plausible weightings"), {pct: percent(c.rank_acceptability[0], 0)})
    : fmt(_("Top three in {pct} of plausible weightings"), {pct: percent(c.top3_probability, 0)});
  return "<div class='izagis-reasons izagis-robust'>" + esc(text) + "</div>";
}

/* Where a value falls on its value function: its 0-1 value, "(0.57)" (an index or ratio is
   its own value). */
function valued(c) {
  return c.value_function && c.unit !== "index" && c.unit !== "ratio" ? " (" + num(c.normalized, 2) + ")" : "";
}

function drawCandidates(answer, out) {
  if (state.layers.candidates) { state.map.removeLayer(state.layers.candidates); }
  out.innerHTML = "";
  if (!answer.candidates.length) {
    const why = Object.keys(answer.excluded).filter((k) => answer.excluded[k] > 0)
      .map((k) => esc(needName(k)) + ": " + esc(num(answer.excluded[k], 0))).join(", ");
    out.innerHTML = "<div class='izagis-none'>" + esc(_("No site meets these needs")) + "</div>" +
      "<div class='izagis-why'>" + esc(_("Removed by")) + " " + why + "</div>";
    return;
  }
  const layer = L.featureGroup().addTo(state.map);
  state.layers.candidates = layer;
  const list = el("ol", "izagis-candidates");
  answer.candidates.forEach((c) => {
    const shape = L.geoJSON(c.geometry, {style: {color: "#ff00aa", weight: 3, fillOpacity: 0.25}})
      .bindTooltip("#" + c.rank, {permanent: true, className: "izagis-rank"}).addTo(layer);
    const top = Object.keys(c.criteria).map((k) => [k, c.criteria[k]])
      .filter((kv) => kv[1].weight > 0)
      .sort((a, b) => b[1].contribution - a[1].contribution).slice(0, 3)
      .map((kv) => esc(label("criterion", kv[0])) + " " + esc(criterionValue(kv[1]) + valued(kv[1])));
    const item = el("li", "izagis-candidate",
      "<b>" + esc(c.zone_code) + "</b> " + esc(c.plot_codes.join(" + ")) + " · " +
      esc(num(c.area_ha, 2)) + " ha · " + esc(_("Score")) + " " + esc(num(c.score, 3)) +
      robustness(c, c.rank === 1) + "<div class='izagis-reasons'>" + top.join("; ") + "</div>");
    item.value = c.rank;  // the place in the whole ranking: held-back sites leave gaps
    item.onclick = () => { state.map.fitBounds(shape.getBounds(), {maxZoom: 16}); };
    list.appendChild(item);
  });
  out.appendChild(list);
  if (answer.held_back > 0) {
    out.appendChild(el("div", "izagis-why izagis-held-back",
      esc(fmt(_("{n} more sites in the same zones are not shown"), {n: num(answer.held_back, 0)}))));
  }
  state.map.fitBounds(layer.getBounds(), {maxZoom: 14});
}
