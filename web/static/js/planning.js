/* The planning page (/planning): after sign-in as a planner or an admin, the land accounts
   of every zone and phase with their bars, when each zone's land runs out with its range and
   the province's land runway, the land that could be reclaimed, and on the map the zone
   phases, the reclaimable plots and the occupancy of each zone. Runs after main.js, which
   has built the map and its common layers. */

import { esc, notify } from "./dom.js";
import { num, percent } from "./format.js";
import { _, config, fmt, nameOf, shortNameOf } from "./i18n.js";
import { panel as makePanel, signedInBar as panelBar, signInForm } from "./workspace.js";
import * as papi from "./planning-api.js";
import {
  absorptionChart, basisLabel, fillChart, landBar, landKey, outlookChart, shareBars, stageLabel, statusLabel
} from "./planning-charts.js";
import { kpiSection, wireKpis } from "./planning-kpis.js";
import { forgetProposal, proposalSection, wireProposal } from "./planning-proposal.js";
import { savedSection, wireSaved } from "./planning-saved.js";
import { state } from "./state.js";

const IZAGIS = window.IZAGIS;
const PHASES = config.planning.phases;
const session = {csrf: null};
const layers = {};
// Set once this tab has signed in, so that an anonymous visit shows the form without first
// asking the server (whose 401 every browser logs as an error).
const SIGNED_IN = "izagis-planning-signed-in";

function panel() {
  return makePanel("izagis-planning", _("Planning"));
}

function zoneName(code) {
  const zone = state.zones.find((f) => f.properties.code === code);
  return zone ? shortNameOf(zone.properties) : code;
}

function phaseStyle(status) {
  return Object.assign({}, PHASES.values[status] || PHASES.fallback);
}

/* --- signing in */

function loginForm(message) {
  signInForm(panel(), "izagis-plan", _("Planning: sign in"), message, papi.login, () => {
    window.sessionStorage.setItem(SIGNED_IN, "1");
    return start();
  });
}

function signedInBar(who) {
  return panelBar("izagis-plan", who);
}

/* --- the sections */

function th(text) { return "<th scope='col'>" + esc(text) + "</th>"; }

/* A zone with no plots on file (no plot survey): its land is unknown, never 0 ha or 0 %. */
function noPlots(attrs) {
  return "<td class='izagis-muted izagis-plan-no-plots'" + (attrs || "") + ">" + esc(_("no plots on file")) + "</td>";
}

/* Zones with plots on file first (in the API's order), then those with none. */
function onFileFirst(zones) {
  return zones.filter((z) => z.plots_on_file !== false).concat(zones.filter((z) => z.plots_on_file === false));
}

/* What the province's figures cover when some zones have no plots on file; "" when all do. */
function coverage(counted, left) {
  if (!left.length) { return ""; }
  const text = _("Province figures cover the {counted} zones with plots on file; the {left} zones with no plots on file are left out: their land is not known.");
  return "<p class='izagis-muted izagis-plan-coverage'>" + esc(fmt(text, {counted: counted, left: left.length})) + "</p>";
}

function occupancySection(occ) {
  const p = occ.province;
  const zones = onFileFirst(occ.zones);
  const known = zones.filter((z) => z.plots_on_file !== false);
  const scale = Math.max(...known.map((z) => z.leasable_ha + z.not_yet_leasable_ha), 1);
  const rows = zones.map((z) => (
    "<tr" + (z.plots_on_file === false ? " class='izagis-plan-unknown'" : "") + "><th scope='row'>" + esc(shortNameOf(z)) +
    "</th>" + (z.plots_on_file === false ? noPlots(" colspan='2'")
      : "<td>" + landBar(z, scale) + "</td><td>" + esc(percent(z.leased_share, 1)) + "</td>") + "</tr>"
  )).join("");
  const table = zones.map((z) => (
    "<tr><th scope='row'>" + esc(z.code) + "</th><td>" + esc(num(z.planned_ha, 1)) + "</td>" +
    (z.plots_on_file === false ? noPlots(" colspan='7'") : [
      z.leasable_ha, z.leased_ha, z.free_ha, z.held_ha, z.delayed_ha, z.not_yet_leasable_ha
    ].map((v) => "<td>" + esc(num(v, 1)) + "</td>").join("") + "<td>" + esc(percent(z.leased_share, 1)) + "</td>") + "</tr>"
  )).join("");
  const head = "<tr>" + th(_("Zone")) + th(_("Planned")) + th(_("Leasable")) + th(_("Leased")) + th(_("Free")) +
    th(_("Held")) + th(_("Behind schedule")) + th(_("Not yet leasable")) + th(_("Leased share")) + "</tr>";
  const summary = p.plots_on_file === false ? _("no plots on file") : fmt(_("Province: {leased} of {leasable} ha leasable land leased ({share}), {free} ha free, {held} ha held, {delayed} ha behind schedule; {future} ha not yet leasable."), {
    leased: num(p.leased_ha, 0), leasable: num(p.leasable_ha, 0), share: percent(p.leased_share, 1),
    free: num(p.free_ha, 0), held: num(p.held_ha, 0), delayed: num(p.delayed_ha, 0), future: num(p.not_yet_leasable_ha, 0)
  });
  return "<details open id='izagis-plan-occupancy'><summary>" + esc(_("Occupancy")) + "</summary><p id='izagis-plan-province'>" +
    esc(summary) + "</p>" + coverage(occ.zones_counted, occ.without_plots) +
    landKey() + "<table class='izagis-plan-bars'>" + rows + "</table>" +
    "<details><summary>" + esc(_("Hectares per zone")) + "</summary><div class='izagis-plan-scroll'><table class='izagis-plan-table'><thead>" +
    head + "</thead><tbody>" + table + "</tbody></table></div></details>" +
    "<h3>" + esc(_("Leased land by industry (VSIC division)")) + "</h3>" +
    shareBars(occ.by_division, (k) => (k ? fmt(_("division {code}"), {code: k}) : _("no project recorded"))) +
    "<h3>" + esc(_("Leased land by investor country")) + "</h3>" +
    shareBars(occ.by_country, (k) => k || _("no project recorded")) + "</details>";
}

function forecastSection(fc) {
  const p = fc.province;
  const runway = p.basis === "no plots on file" ? _("no plots on file") : fc.runway_years == null
    ? _("Land runway: more than a century at the recent rate.")
    : fmt(_("Land runway: {years} years (range {low}–{high}), counting planned phases from the year they open."), {
      years: fc.runway_years, low: fc.runway_range[0], high: fc.runway_range[1] == null ? "…" : fc.runway_range[1]
    });
  const rate = fmt(_("At the recent rate: {rate} ha a year, from the leases of {from}–{to}."), {
    rate: num(p.rate_ha_per_year, 1), from: fc.window[0], to: fc.window[1]
  });
  const needs = fc.phases.map((ph) => (
    "<li>" + esc(fmt(_("{phase} ({ha} ha) opens in {opens}; needed by {year}"), {
      phase: ph.code, ha: num(ph.ha, 0), opens: ph.opens, year: ph.needed_by == null ? "—" : ph.needed_by
    })) + (ph.late ? " <strong class='izagis-error'>" + esc(_("late")) + "</strong>" : "") + "</li>"
  )).join("");
  // A zone with no plots on file has no forecast: neither full nor never full, just unknown.
  const known = fc.zones.filter((z) => z.plots_on_file !== false);
  const zones = onFileFirst(fc.zones).map((z) => (
    "<tr><th scope='row'>" + esc(zoneName(z.code)) + "</th>" + (z.plots_on_file === false ? "<td>—</td><td>—</td>" + noPlots()
      : "<td>" + esc(z.fill_year == null ? "—" : z.fill_year) + "</td><td>" +
    esc(z.fill_year == null ? "—" : (z.fill_year_range[0] + "–" + (z.fill_year_range[1] == null ? "…" : z.fill_year_range[1]))) +
    "</td><td>" + esc(basisLabel(z.basis)) + "</td>") + "</tr>"
  )).join("");
  return "<details open id='izagis-plan-forecast'><summary>" + esc(_("When the land runs out")) + "</summary>" +
    "<p><strong id='izagis-plan-runway'>" + esc(runway) + "</strong> " + (p.rate_ha_per_year == null ? "" : esc(rate)) + "</p>" +
    coverage(fc.zones_counted, fc.without_plots) +
    absorptionChart(fc.absorption, fc.window) + outlookChart(fc.outlook) + (known.length ? fillChart(known, fc.base_year, zoneName) : "") +
    "<table class='izagis-plan-table'><thead><tr>" + th(_("Zone")) + th(_("Full in")) + th(_("Range")) + th(_("Basis")) +
    "</tr></thead><tbody>" + zones + "</tbody></table>" +
    "<h3>" + esc(_("Phases and when they are needed")) + "</h3><ul class='izagis-plan-needs'>" + needs + "</ul></details>";
}

function reclaimSection(rc) {
  const rows = rc.projects.map((c) => (
    "<li><button type='button' class='izagis-zone-open' data-code='" + esc(c.project_code) + "'>" + esc(c.rank + ". " + c.name) +
    "</button><br><span class='izagis-muted'>" + esc(fmt(_("{zone} · {ha} ha · {years} years behind · {stage}; the zone's free land {before} → {after} ha"), {
      zone: zoneName(c.zone_code), ha: num(c.ha, 1), years: num(c.delay_years, 1), stage: stageLabel(c.stage),
      before: num(c.zone_free_ha, 1), after: num(c.zone_free_ha_after, 1)
    })) + "</span></li>"
  )).join("");
  return "<details open id='izagis-plan-reclaim'><summary>" + esc(_("Land that could be reclaimed")) + "</summary><p>" +
    esc(fmt(_("{n} projects behind schedule hold {ha} ha."), {n: rc.projects.length, ha: num(rc.total_ha, 1)})) +
    " <a href='" + esc(papi.download("csv")) + "' download>CSV</a> · <a href='" + esc(papi.download("geojson")) + "' download>GeoJSON</a></p>" +
    "<p class='izagis-muted'>" + esc(_("Rule: Land Law 2024, art. 81(8): 24 months behind schedule, then at most 24 months' extension, then the land is reclaimed. The schedule is taken as two years from the investment certificate.")) +
    "</p><ol class='izagis-plan-reclaim'>" + rows + "</ol></details>";
}

function phasesSection(phases, occ) {
  const land = new Map(occ.phases.map((p) => [p.code, p]));
  const rows = phases.features.map((f) => {
    const p = f.properties, style = phaseStyle(p.status), acc = land.get(p.code);
    return "<tr><th scope='row'><span class='izagis-swatch dashed' style='border-color:" + esc(style.color) +
      ";background:" + esc(style.fillColor || "transparent") + "'></span>" + esc(p.code) + "</th><td>" + esc(nameOf(p)) +
      "</td><td>" + esc(statusLabel(p.status)) + "</td><td>" + esc(p.leasable_from == null ? "—" : p.leasable_from) +
      "</td><td>" + esc(num(p.area_ha, 1)) + "</td>" + (acc && acc.plots_on_file === false ? noPlots()
        : "<td>" + esc(acc ? num(acc.free_ha, 1) : "—") + "</td>") + "</tr>";
  }).join("");
  return "<details id='izagis-plan-phases'><summary>" + esc(_("Zone phases")) + "</summary><div class='izagis-plan-scroll'>" +
    "<table class='izagis-plan-table'><thead><tr>" + th(_("Phase")) + th(_("Name")) + th(_("Status")) + th(_("Leasable from")) +
    th(_("Area (ha)")) + th(_("Free (ha)")) + "</tr></thead><tbody>" + rows + "</tbody></table></div></details>";
}

function suitabilitySection() {
  return "<details id='izagis-plan-suitability'><summary>" + esc(_("Suitability for new industrial land")) + "</summary><p>" +
    esc(_("Each 100 m cell of the province scored 0-1 with the site search's distance criteria and the general profile's weights; protected areas, rivers, urban areas and existing zones are left out. Switch the layer on in the layer list.")) +
    " <a href='" + esc(papi.suitabilityDownload()) + "' download>" + esc(_("GeoTIFF (UTM 48N)")) + "</a></p></details>";
}

/* --- the map */

/* The suitability heat layer: tiles drawn by the server from its cached surface, fetched
   only while the layer is on. */
function suitabilityLayer() {
  const layer = L.tileLayer(papi.suitabilityTiles(), {opacity: 0.6, className: "izagis-suitability", maxNativeZoom: 18});
  let told = false;
  layer.on("load", () => { document.body.dataset.izagisSuitability = "1"; });
  layer.on("tileerror", () => {
    if (!told) { notify(_("The suitability surface could not be loaded")); }
    told = true;
  });
  return layer;
}

function phaseLayer(fc) {
  return L.geoJSON(fc, {
    style: (f) => Object.assign(phaseStyle(f.properties.status), {className: "izagis-phase izagis-phase-" + f.properties.code}),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      layer.bindTooltip(esc(p.code + " · " + nameOf(p) + " · " + statusLabel(p.status) +
        (p.leasable_from ? " · " + fmt(_("leasable from {year}"), {year: p.leasable_from}) : "")));
    }
  });
}

function reclaimLayer(fc) {
  return L.geoJSON(fc, {
    style: {color: "#a50f15", weight: 2, fillColor: "#fb6a4a", fillOpacity: 0.5, className: "izagis-reclaim"},
    onEachFeature: (f, layer) => {
      const c = f.properties;
      layer.bindTooltip(esc(c.rank + ". " + c.name + " · " + num(c.ha, 1) + " ha · " +
        fmt(_("{years} years behind"), {years: num(c.delay_years, 1)})));
    }
  });
}

/* Zones filled by their leased share of leasable land (white to dark blue). */
function occupancyLayer(occ) {
  const share = new Map(occ.zones.map((z) => [z.code, z.leased_share]));
  const features = state.zones.filter((f) => share.get(f.properties.code) != null);
  return L.geoJSON({type: "FeatureCollection", features: features}, {
    style: (f) => {
      const s = share.get(f.properties.code);
      return {color: "#08306b", weight: 1, fillColor: "rgb(" + Math.round(247 - 239 * s) + "," + Math.round(251 - 203 * s) + "," +
        Math.round(255 - 148 * s) + ")", fillOpacity: 0.75};
    },
    onEachFeature: (f, layer) => {
      layer.bindTooltip(esc(shortNameOf(f.properties) + ": " + fmt(_("{share} leased"), {share: percent(share.get(f.properties.code), 1)})));
    }
  });
}

function addLayer(key, layer, title, show) {
  if (layers[key]) {
    state.control.removeLayer(layers[key]);
    state.map.removeLayer(layers[key]);
  }
  layers[key] = layer;
  state.control.addOverlay(layer, title);
  if (show) { layer.addTo(state.map); }
}

function wireReclaimList(box) {
  box.querySelectorAll(".izagis-plan-reclaim button").forEach((button) => {
    button.onclick = () => {
      const hit = layers.reclaim && layers.reclaim.getLayers().find((l) => l.feature.properties.project_code === button.dataset.code);
      if (hit) {
        state.map.fitBounds(hit.getBounds(), {maxZoom: 16});
        hit.openTooltip();
      }
    };
  });
}

/* --- the page */

function signedOut() {
  window.sessionStorage.removeItem(SIGNED_IN);
  forgetProposal();
  Object.keys(layers).forEach((key) => {
    state.control.removeLayer(layers[key]);
    state.map.removeLayer(layers[key]);
    delete layers[key];
  });
  loginForm(null);
  document.body.dataset.izagisPlanning = "login";
}

function show(who) {
  const box = panel();
  box.innerHTML = signedInBar(who) + "<p class='izagis-status'><span class='izagis-spinner'></span>" + esc(_("Loading…")) + "</p>";
  box.querySelector("#izagis-plan-logout").onclick = () => {
    papi.logout(session.csrf).then(signedOut).catch((err) => notify(err.message));
  };
  return Promise.all([papi.occupancy(), papi.forecast(), papi.reclaimable(), papi.phases(), papi.reclaimableLayer(), papi.kpis()])
    .then(([occ, fc, rc, phases, reclaimFc, kpis]) => {
      box.innerHTML = signedInBar(who) + "<h2>" + esc(_("Planning: occupancy and expansion")) + "</h2>" +
        occupancySection(occ) + forecastSection(fc) + kpiSection(kpis) + reclaimSection(rc) + phasesSection(phases, occ) +
        suitabilitySection() + proposalSection() + savedSection();
      box.querySelector("#izagis-plan-logout").onclick = () => {
        papi.logout(session.csrf).then(signedOut).catch((err) => notify(err.message));
      };
      addLayer("occupancy", occupancyLayer(occ), _("Occupancy (leased share)"), false);
      addLayer("phases", phaseLayer(phases), _("Zone phases"), true);
      addLayer("reclaim", reclaimLayer(reclaimFc), _("Land that could be reclaimed"), true);
      addLayer("suitability", suitabilityLayer(), _("Suitability for new industrial land"), false);
      wireReclaimList(box);
      wireProposal(session.csrf);
      wireKpis(session.csrf);
      return wireSaved(session.csrf, addLayer);
    }).then(() => {
      document.body.dataset.izagisPlanning = "1";
    });
}

function start() {
  if (!window.sessionStorage.getItem(SIGNED_IN)) {
    loginForm(null);
    document.body.dataset.izagisPlanning = "login";
    return Promise.resolve(null);
  }
  return papi.me().then((who) => {
    session.csrf = who.csrf_token;
    const sheet = document.getElementById("izagis-sheet");
    if (sheet) { sheet.style.display = "none"; }  // main.js's "please log in"
    if (who.role !== "planner" && who.role !== "admin") {
      panel().innerHTML = signedInBar(who) + "<p class='izagis-error'>" + esc(_("This page is for planners and admins.")) + "</p>";
      document.body.dataset.izagisPlanning = "refused";
      return null;
    }
    return show(who);
  }).catch((err) => {
    if (err && err.status === 401) {
      window.sessionStorage.removeItem(SIGNED_IN);
      loginForm(null);
      document.body.dataset.izagisPlanning = "login";
      return null;
    }
    notify(err.message || String(err));
    document.body.dataset.izagisPlanning = "failed";
    return null;
  });
}

/* The zones come with main.js's layers: names and the occupancy layer need them. */
const folded = document.getElementById("izagis-zonelist");
if (folded) { folded.open = false; }
IZAGIS.planning = Promise.resolve(IZAGIS.ready).then(start);
