/* The site-search panel: an investor's needs in, ranked sites out, each rank explained (the
   criteria's contributions as a stacked bar, strengths and weaknesses against the other
   sites, why it is not first), with the weights used, what each hard need removed and how
   sensitive first place is to the weights. */

import * as api from "./api.js";
import { control, el, esc } from "./dom.js";
import { writeHash } from "./hash.js";
import { money, num, percent } from "./format.js";
import { _, config, fmt, label, placeLabel, vocabulary } from "./i18n.js";
import { enquiryButton, enquire, pdfLink } from "./sheet.js";
import { state } from "./state.js";

/* A site in one of a zone's phases: its name, and the year it opens when not yet. */
function phase(c) {
  const p = c.phase;
  if (!p || p.whole_zone) { return ""; }
  const opens = p.leasable_from > new Date().getFullYear() ? " " + fmt(_("from {year}"), {year: p.leasable_from}) : "";
  return esc((config.lang === "vi" ? p.name_vi : p.name_en) + opens) + " · ";
}

/* The form's fields, where each goes in the request (for the API's "field" on a 422) and its
   key in the address. */
function fields() {
  const number = "type='number' min='0' step='any'";
  return [
    {id: "need-area-min", path: "area_ha.min", key: "amin", label: _("Minimum area (ha)"), value: "10", attrs: number},
    {id: "need-area-max", path: "area_ha.max", key: "amax", label: _("Maximum area (ha)"), value: "20", attrs: number},
    {id: "need-industry", path: "industry", key: "vsic", label: _("Industry (words or VSIC code)"), value: "",
     attrs: "type='text'"},
    {id: "need-price", path: "max_lease_price_usd_m2", key: "price", label: _("Lease price ceiling (USD/m²)"), value: "", attrs: number},
    {id: "need-interchange", path: "max_distance_km.expressway_interchange", key: "ic",
     label: _("Max. distance to expressway interchange (km)"), value: "", attrs: number},
    {id: "need-port", path: "max_distance_km.river_port", key: "port", label: _("Max. distance to river port (km)"),
     value: "", attrs: number},
    {id: "need-power", path: "power_mva", key: "pw", label: _("Power needed (MVA)"), value: "", attrs: number, more: true},
    {id: "need-water", path: "water_m3_day", key: "wa", label: _("Water needed (m³/day)"), value: "", attrs: number, more: true},
    {id: "need-wastewater", path: "wastewater_m3_day", key: "ww", label: _("Wastewater to treat (m³/day)"), value: "",
     attrs: number, more: true},
    {id: "need-jobs", path: "jobs", key: "jobs", label: _("Workers planned"), value: "",
     attrs: "type='number' min='0' step='1'", more: true},
    {id: "need-leasable-by", path: "leasable_by", key: "by", label: _("Planned land: leasable by (year)"), value: "",
     attrs: "type='number' min='1990' max='2100' step='1'", more: true}
  ];
}

/* Which land the search may offer (the API's availability: free land, and on request land
   still planned or behind schedule), labelled by the plot statuses' words. */
function availabilityBoxes() {
  return "<fieldset class='izagis-availability'><legend>" + esc(_("Land to consider")) + "</legend>" +
    config.availability.map((v, i) => "<label class='izagis-check'><input type='checkbox' name='need-availability' value='" +
      esc(v) + "'" + (i === 0 ? " checked" : "") + "> " + esc(label("plot_status", v)) + "</label>").join("") + "</fieldset>";
}

function availability() {
  return Array.prototype.filter.call(document.querySelectorAll("input[name=need-availability]"), (b) => b.checked)
    .map((b) => b.value);
}

/* The weights: the profile's, shown as sliders once a search has answered; moved, they are
   sent with the next search, until the profile's are restored. */
let custom = null;

function weightSliders(answer) {
  const box = document.getElementById("izagis-weights");
  const names = vocabulary("criterion").map((v) => v.value).filter((k) => k in answer.weights);
  box.innerHTML = "<p class='izagis-muted'>" + esc(custom ? _("Your weights (used in this search)") :
    fmt(_("The weights of the profile {profile}"), {profile: answer.profile})) + "</p>" +
    names.map((k) => "<label class='izagis-slider'>" + esc(label("criterion", k)) +
      " <output id='w-out-" + k + "'>" + esc(percent(answer.weights[k], 0)) + "</output>" +
      "<input type='range' min='0' max='1' step='0.01' data-criterion='" + esc(k) + "' value='" +
      esc(answer.weights[k]) + "'></label>").join("") +
    "<button type='button' id='izagis-weights-reset'" + (custom ? "" : " disabled") + ">" +
    esc(_("Restore the profile's weights")) + "</button>";
  box.querySelectorAll("input[type=range]").forEach((input) => {
    input.addEventListener("input", () => {
      custom = {};
      box.querySelectorAll("input[type=range]").forEach((i) => { custom[i.dataset.criterion] = Number(i.value); });
      document.getElementById("w-out-" + input.dataset.criterion).textContent = percent(Number(input.value), 0);
      document.getElementById("izagis-weights-reset").disabled = false;
    });
  });
  document.getElementById("izagis-weights-reset").onclick = () => {
    custom = null;
    findSites();
  };
}

/* The industry field's picker, loaded on first use. */
function picker() {
  import("./industries.js").then((m) => m.pickerOf(document.getElementById("need-industry")));
}

export function sitePanel() {
  const input = (f) => "<label>" + esc(f.label) + "<input id='" + f.id + "' " + f.attrs + " value='" + esc(f.value) + "'></label>";
  const form = fields().filter((f) => !f.more).map(input).join("") +
    "<details class='izagis-more-needs'><summary>" + esc(_("More needs")) + "</summary>" +
    fields().filter((f) => f.more).map(input).join("") + availabilityBoxes() + "</details>" +
    "<details class='izagis-more-needs' id='izagis-weights-box'><summary>" + esc(_("Weights")) + "</summary>" +
    "<div id='izagis-weights'><p class='izagis-muted'>" + esc(_("Search once to see the profile's weights.")) +
    "</p></div></details>";
  control("topleft", () => el("div", "izagis-panel",
    "<details id='izagis-find'><summary>" + esc(_("Find a site")) + "</summary><form id='izagis-find-form'>" +
    form + "<button type='submit'>" + esc(_("Search")) + "</button></form>" +
    "<div id='izagis-find-status' class='izagis-status' role='status' aria-live='polite'></div>" +
    "<div id='izagis-find-results'></div></details>"));
  document.getElementById("need-industry").addEventListener("focus", picker, {once: true});
  document.getElementById("izagis-find-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = document.getElementById("need-industry");  // words become their code first
    (/^([0-9]{2,5})?$/.test(f.value.trim()) ? Promise.resolve(true) : import("./industries.js").then((m) => m.asCode(f))).then((ok) => ok && findSites());
  });
}

function value(id) {
  const v = document.getElementById(id).value.trim();
  return v === "" ? null : v;
}

/* Real alternatives (at most two sites of a zone) and the ranking's robustness (SMAA:
   1,000 weightings within 20 % of the profile's, a fixed seed: the same answer each time). */
const SHORTLIST = {max_per_zone: 2, robustness: {samples: 1000, weight_spread: 0.2, seed: 1}};
// The list grows by a page at a time ("Show more sites"), every result reachable.
const PAGE = 10;
let limit = PAGE;

function needs() {
  const body = Object.assign({area_ha: {min: Number(value("need-area-min") || 1)}, limit: limit}, SHORTLIST);
  if (value("need-area-max")) { body.area_ha.max = Number(value("need-area-max")); }
  if (value("need-industry")) { body.industry = value("need-industry"); }
  if (value("need-price")) { body.max_lease_price_usd_m2 = Number(value("need-price")); }
  const dist = {};
  if (value("need-interchange")) { dist.expressway_interchange = Number(value("need-interchange")); }
  if (value("need-port")) { dist.river_port = Number(value("need-port")); }
  body.max_distance_km = dist;
  if (value("need-power")) { body.power_mva = Number(value("need-power")); }
  if (value("need-water")) { body.water_m3_day = Number(value("need-water")); }
  if (value("need-wastewater")) { body.wastewater_m3_day = Number(value("need-wastewater")); }
  if (value("need-leasable-by")) { body.leasable_by = Number(value("need-leasable-by")); }
  if (value("need-jobs")) { body.jobs = Number(value("need-jobs")); }
  const land = availability();
  if (land.length) { body.availability = land; }
  if (custom) { body.weights = custom; }
  return body;
}

/* The needs in the address ("find=1&amin=10&amax=20&vsic=2930&ic=15"). */
function needsToHash() {
  const values = {find: "1", n: limit > PAGE ? limit : null};
  fields().forEach((f) => { values[f.key] = value(f.id); });
  const land = availability();
  values.av = land.length === 1 && land[0] === config.availability[0] ? null : land.join(",");
  values.w = custom ? Object.keys(custom).map((k) => k + ":" + custom[k]).join(",") : null;
  writeHash(values);
}

/* A shared link: the form filled from the address and the same search run again. */
export function restoreSearch(params) {
  fields().forEach((f) => { document.getElementById(f.id).value = params.get(f.key) || ""; });
  if (params.get("av")) {
    const land = params.get("av").split(",");
    document.querySelectorAll("input[name=need-availability]").forEach((b) => { b.checked = land.indexOf(b.value) >= 0; });
  }
  if (params.get("w")) {
    custom = {};
    params.get("w").split(",").forEach((pair) => {
      const [k, v] = pair.split(":");
      if (k && isFinite(Number(v))) { custom[k] = Number(v); }
    });
  }
  if (params.get("vsic")) { picker(); }
  document.getElementById("izagis-find").open = true;
  limit = Math.max(PAGE, Math.min(100, Number(params.get("n")) || PAGE));
  return findSites(params.get("map") != null, true);
}

/* What a refused or failed search shows, by its cause: the request is wrong (the field and
   the API's own words), the server is unavailable (try again), or there is no connection. */
function failure(err) {
  if (err.status === 0) { return _("No connection to the server: check the network, then search again."); }
  if (err.status === 503) {
    return _("The server is unavailable at the moment: please try again in a minute.") + " (" + err.reason + ")";
  }
  if (err.status !== 422 && err.status !== 400) { return err.message; }
  const at = String((err.body && err.body.field) || "");
  const f = fields().find((x) => at === x.path || x.path.indexOf(at + ".") === 0 || at.indexOf(x.path + ".") === 0);
  if (f) { document.getElementById(f.id).setAttribute("aria-invalid", "true"); }
  return _("Invalid input") + (f ? ": " + f.label : "") + " (" + err.reason + ")";
}

function clearResults() {
  if (state.layers.candidates) {
    // A permanent tooltip of a group outlives the group's removal (Leaflet): unbound first.
    state.layers.candidates.eachLayer((shape) => { shape.unbindTooltip(); });
    state.map.removeLayer(state.layers.candidates);
    delete state.layers.candidates;
  }
  document.getElementById("izagis-find-results").innerHTML = "";
}

function status(text, busy) {
  const box = document.getElementById("izagis-find-status");
  box.innerHTML = busy ? "<span class='izagis-spinner' aria-hidden='true'></span>" + esc(text) : esc(text);
  document.getElementById("izagis-find-results").setAttribute("aria-busy", busy ? "true" : "false");
  document.querySelector("#izagis-find-form button[type=submit]").disabled = Boolean(busy);
}

/* Runs the search of the form; `keepView` leaves the map where a shared link put it,
   `keepLimit` the list as long as it was (else it starts again at one page). */
export function findSites(keepView, keepLimit) {
  if (!keepLimit) { limit = PAGE; }
  const out = document.getElementById("izagis-find-results");
  clearResults();
  status(_("Searching…"), true);
  document.querySelectorAll("#izagis-find-form input").forEach((i) => i.removeAttribute("aria-invalid"));
  needsToHash();
  const body = needs();
  return api.siteSearch(body).then((answer) => {
    status("", false);
    drawCandidates(answer, out, keepView, body);
  }).catch((err) => {
    clearResults();
    status("", false);
    const text = err && err.name === "ApiError" ? failure(err) : _("The answer could not be shown.");
    out.innerHTML = "<div class='izagis-error' role='alert'>" + esc(text) + "</div>";
  });
}

/* "max_distance_km.seaport" -> "too far (Seaport)"; "industry" -> "industry not admitted". */
function needName(key) {
  const [need, kind] = key.split(".");
  return kind ? fmt(label("need", need), {place: placeLabel(kind)}) : label("need", need);
}

function criterionValue(c) {
  if (c.missing) { return _("not on file"); }
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

/* A colour per criterion, in the vocabulary's order (the same in every bar). */
const PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
  "#666666", "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6", "#fdbf6f"];

function colourOf(name) {
  const i = vocabulary("criterion").findIndex((v) => v.value === name);
  return PALETTE[(i < 0 ? PALETTE.length - 1 : i) % PALETTE.length];
}

function weighted(c) {
  return Object.keys(c.criteria).map((k) => [k, c.criteria[k]]).filter((kv) => kv[1].weight > 0);
}

/* The score as a stacked bar of the criteria's contributions, largest first. */
function bar(c) {
  const parts = weighted(c).sort((a, b) => b[1].contribution - a[1].contribution);
  const segments = parts.filter((kv) => kv[1].contribution > 0).map((kv) => {
    const text = label("criterion", kv[0]) + ": " + num(kv[1].contribution, 3) + " (" + criterionValue(kv[1]) + ")";
    return "<span class='izagis-bar-part' data-criterion='" + esc(kv[0]) + "' data-contribution='" +
      esc(kv[1].contribution) + "' title='" + esc(text) + "' style='width:" + (100 * kv[1].contribution).toFixed(2) +
      "%;background:" + colourOf(kv[0]) + "'></span>";
  }).join("");
  const words = parts.slice(0, 3).map((kv) => label("criterion", kv[0]) + " " + num(kv[1].contribution, 3)).join(", ");
  return "<div class='izagis-bar' role='img' aria-label='" + esc(fmt(_("Score {score}, most from: {parts}"),
    {score: num(c.score, 3), parts: words})) + "'>" + segments + "</div>";
}

/* Strengths and weaknesses against the other sites listed: the criteria where the site's
   value (0-1, on the value function) is furthest above or below their average. */
function strengths(c, all) {
  const diffs = weighted(c).map(([k, v]) => {
    const others = all.filter((o) => o !== c && o.criteria[k]).map((o) => o.criteria[k].normalized);
    const mean = others.length ? others.reduce((s, x) => s + x, 0) / others.length : v.normalized;
    return {key: k, crit: v, diff: (v.normalized - mean) * v.weight};
  });
  const say = (d) => label("criterion", d.key) + " " + criterionValue(d.crit);
  const plus = diffs.filter((d) => d.diff > 0.001).sort((a, b) => b.diff - a.diff).slice(0, 2).map(say);
  const minus = diffs.filter((d) => d.diff < -0.001).sort((a, b) => a.diff - b.diff).slice(0, 2).map(say);
  return (plus.length ? "<div class='izagis-reasons izagis-plus'>" + esc(_("Better than the others:")) + " " +
    esc(plus.join("; ")) + "</div>" : "") +
    (minus.length ? "<div class='izagis-reasons izagis-minus'>" + esc(_("Worse than the others:")) + " " +
    esc(minus.join("; ")) + "</div>" : "");
}

/* Why a site is not first: where the first site gains most over it. */
function whyNotFirst(c, first) {
  if (c === first) { return ""; }
  const gaps = weighted(c).map(([k, v]) => ({
    key: k, gap: (first.criteria[k] ? first.criteria[k].contribution : 0) - v.contribution
  })).filter((g) => g.gap > 0.0005).sort((a, b) => b.gap - a.gap).slice(0, 2);
  if (!gaps.length) { return ""; }
  return "<div class='izagis-reasons izagis-behind'>" + esc(fmt(_("Behind #1 ({sites}) on: {criteria}"), {
    sites: first.plot_codes.join(" + "),
    criteria: gaps.map((g) => label("criterion", g.key) + " −" + num(g.gap, 3)).join(", ")
  })) + "</div>";
}

/* Above the list: the weights used, what each hard need removed, how sensitive first place is. */
function summary(answer) {
  const weights = Object.keys(answer.weights).filter((k) => answer.weights[k] > 0)
    .sort((a, b) => answer.weights[b] - answer.weights[a])
    .map((k) => "<span class='izagis-weight'><span class='izagis-key' style='background:" + colourOf(k) +
      "'></span>" + esc(label("criterion", k)) + " " + esc(percent(answer.weights[k], 0)) + "</span>").join(" ");
  const removed = Object.keys(answer.excluded).filter((k) => answer.excluded[k] > 0)
    .map((k) => "<li>" + esc(needName(k)) + ": −" + esc(num(answer.excluded[k], 0)) + "</li>").join("");
  const funnel = "<div class='izagis-funnel'>" + esc(fmt(_("{considered} sites considered, {passed} met every need"),
    {considered: num(answer.considered, 0), passed: num(answer.passed, 0)})) +
    (removed ? "<ul>" + removed + "</ul>" : "") + "</div>";
  const sens = (answer.sensitivity || []).map((s) => {
    if (s.max_increase_pct != null && s.leader_on_increase) {
      return fmt(_("Raising the weight of {criterion} by {pct} would put {sites} first."), {
        criterion: label("criterion", s.criterion), pct: percent(s.max_increase_pct / 100, 0),
        sites: s.leader_on_increase.join(" + ")});
    }
    if (s.max_decrease_pct != null && s.leader_on_decrease) {
      return fmt(_("Lowering the weight of {criterion} by {pct} would put {sites} first."), {
        criterion: label("criterion", s.criterion), pct: percent(s.max_decrease_pct / 100, s.max_decrease_pct > 99 ? 1 : 0),
        sites: s.leader_on_decrease.join(" + ")});
    }
    return null;
  }).filter(Boolean);
  const sensitive = sens.length ? "<div class='izagis-sensitivity'><b>" + esc(_("How firm is first place?")) + "</b> " +
    esc(sens.slice(0, 3).join(" ")) + "</div>" : "";
  return "<div class='izagis-summary'><div><b>" + esc(fmt(_("Weights used (profile: {profile})"), {profile: answer.profile})) +
    "</b></div><div class='izagis-weights'>" + weights + "</div>" + funnel + sensitive +
    (answer.score_basis ? "<div class='izagis-muted'>" + esc(answer.score_basis) + "</div>" : "") + "</div>";
}

function drawCandidates(answer, out, keepView, body) {
  clearResults();
  const count = answer.candidates.length;
  document.getElementById("izagis-find-status").textContent = count
    ? fmt(_("{n} sites found"), {n: num(count, 0)}) : _("No site meets these needs");
  if (!count) {
    const why = Object.keys(answer.excluded).filter((k) => answer.excluded[k] > 0)
      .map((k) => esc(needName(k)) + ": " + esc(num(answer.excluded[k], 0))).join(", ");
    out.innerHTML = "<div class='izagis-none'>" + esc(_("No site meets these needs")) + "</div>" +
      "<div class='izagis-why'>" + esc(_("Removed by")) + " " + why + "</div>";
    return;
  }
  // Above the plot tiles, so that a result is never hidden under the plots.
  if (!state.map.getPane("izagis-results")) {
    state.map.createPane("izagis-results").style.zIndex = 650;
  }
  const layer = L.featureGroup().addTo(state.map);
  state.layers.candidates = layer;
  out.innerHTML = summary(answer);
  weightSliders(answer);
  const list = el("ol", "izagis-candidates");
  const first = answer.candidates[0];
  const labelled = {};
  answer.candidates.forEach((c) => {
    const shape = L.geoJSON(c.geometry, {pane: "izagis-results", style: {color: "#ff00aa", weight: 3, fillOpacity: 0.25}})
      .addTo(layer);
    // A zone's sites take turns left and right of their shapes, so that labels do not pile up.
    const nth = labelled[c.zone_code] = (labelled[c.zone_code] || 0) + 1;
    shape.bindTooltip("#" + c.rank, {permanent: true, direction: nth % 2 ? "right" : "left", className: "izagis-rank"});
    const item = el("li", "izagis-candidate",
      "<b>" + esc(c.zone_code) + "</b> " + esc(c.plot_codes.join(" + ")) + " · " + phase(c) +
      "<span class='izagis-area'>" + esc(num(c.area_ha, 2)) + "</span> ha · " + esc(_("Score")) + " <span class='izagis-score'>" + esc(num(c.score, 3)) +
      "</span><div class='izagis-reasons'>" + esc(_("PDF sheet")) + ": " +
      c.plot_codes.map((code) => pdfLink("plots", code, code)).join(", ") + "</div>" + bar(c) + robustness(c, c.rank === 1) + strengths(c, answer.candidates) + whyNotFirst(c, first) +
      enquiryButton());
    item.querySelector(".izagis-enquire").onclick = () => {
      enquire({zone: c.zone_code, plots: c.plot_codes, needs: Object.assign({}, body, {zones: [c.zone_code]})});
    };
    item.dataset.plots = c.plot_codes.join(",");
    item.value = c.rank;  // the place in the whole ranking: held-back sites leave gaps
    item.tabIndex = 0;
    const show = () => { state.map.fitBounds(shape.getBounds(), {maxZoom: 16}); };
    item.onclick = (e) => {
      if (!e.target.closest("a, button")) { show(); }  // a link or button does its own thing
    };
    // The site in the list and on the map light up together (hover or keyboard focus).
    const light = (on) => {
      shape.setStyle({weight: on ? 6 : 3, color: on ? "#b30059" : "#ff00aa"});
      item.classList.toggle("izagis-lit", on);
    };
    ["mouseenter", "focus"].forEach((ev) => item.addEventListener(ev, () => light(true)));
    ["mouseleave", "blur"].forEach((ev) => item.addEventListener(ev, () => light(false)));
    shape.on("mouseover", () => light(true));
    shape.on("mouseout", () => light(false));
    shape.on("click", () => { item.scrollIntoView({block: "nearest"}); item.focus(); });
    item.addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && e.target === item) {
        e.preventDefault();
        show();
      }
    });
    list.appendChild(item);
  });
  out.appendChild(list);
  import("./costs.js").then((m) => m.showCosts(out, body));  // loaded on first use
  if (answer.held_back > 0) {
    out.appendChild(el("div", "izagis-why izagis-held-back",
      esc(fmt(_("{n} more sites in the same zones are not shown"), {n: num(answer.held_back, 0)}))));
  }
  if (answer.passed - answer.held_back > count) {
    const more = el("button", "izagis-more", esc(_("Show more sites")));
    more.type = "button";
    more.onclick = () => {
      limit += PAGE;
      findSites(true, true);
    };
    out.appendChild(more);
  }
  // The answer, not the form, in sight.
  const panel = out.closest(".izagis-panel");
  if (panel) { panel.scrollTop = Math.max(0, out.offsetTop - 40); }
  if (!keepView) { state.map.fitBounds(layer.getBounds(), {maxZoom: 14}); }
}
