/* Checking a proposed boundary on the planning page: draw it on the map (a click a corner,
   then "Check"), or open a file (GeoJSON read here; KML, zipped Shapefile and GeoPackage read
   on the server, as imports are); the answer shows its area, what it overlaps and by
   how much, the distances that matter and each rule's verdict with its source. */

import { esc } from "./dom.js";
import { num } from "./format.js";
import { _, config, fmt, nameOf, placeLabel } from "./i18n.js";
import * as papi from "./planning-api.js";
import { state } from "./state.js";

const drawing = {corners: [], shape: null, on: false, checked: null};
// A boundary being checked, drawn or read from a file.
const BOUNDARY = {color: "#e7298a", weight: 3, dashArray: "6 4", fillOpacity: 0.15, className: "izagis-proposal"};

export function proposalSection() {
  return "<details id='izagis-plan-proposal'><summary>" + esc(_("Check a proposal")) + "</summary>" +
    "<p class='izagis-muted'>" + esc(_("Click the map at each corner of the boundary, then Check; or open a file: GeoJSON, KML, zipped Shapefile or GeoPackage (VN-2000 accepted).")) + "</p>" +
    "<p><button type='button' id='izagis-plan-draw'>" + esc(_("Draw a boundary")) + "</button> " +
    "<button type='button' id='izagis-plan-check' disabled>" + esc(_("Check")) + "</button> " +
    "<button type='button' id='izagis-plan-clear'>" + esc(_("Clear")) + "</button></p>" +
    "<label>" + esc(_("Boundary file")) + " <input type='file' id='izagis-plan-file' accept='.geojson,.json,.kml,.zip,.gpkg'></label>" +
    "<div id='izagis-plan-verdict' aria-live='polite'></div></details>";
}

function redraw() {
  if (drawing.shape) { state.map.removeLayer(drawing.shape); }
  drawing.shape = drawing.corners.length
    ? L.polygon(drawing.corners, BOUNDARY).addTo(state.map)
    : null;
  const button = document.getElementById("izagis-plan-check");
  if (button) { button.disabled = drawing.corners.length < 3; }
}

function addCorner(e) {
  if (!drawing.on) { return; }
  drawing.corners.push(e.latlng);
  redraw();
}

function clear() {
  drawing.corners = [];
  drawing.on = false;
  redraw();
  state.map.getContainer().style.cursor = "";
  document.getElementById("izagis-plan-verdict").innerHTML = "";
}

function verdictHtml(answer) {
  const overlaps = answer.overlaps.length
    ? "<ul>" + answer.overlaps.map((o) => "<li>" + esc(fmt(_("{name} ({kind}): {ha} ha, {share} % of the proposal"), {
      name: nameOf({name_vi: o.name, name_en: o.name_en}), kind: o.kind === "zone" ? _("zone") : placeLabel(o.kind), ha: num(o.overlap_ha, 2), share: num(o.share_pct, 1)
    })) + "</li>").join("") + "</ul>"
    : "<p>" + esc(_("No overlap with a protected area or a zone.")) + "</p>";
  const distances = Object.keys(answer.distances_km).filter((k) => answer.distances_km[k] != null).map((k) => (
    esc(placeLabel(k)) + ": " + esc(num(answer.distances_km[k], 1)) + " km"
  )).join("<br>");
  const rules = answer.rules.map((r) => (
    "<li class='" + (r.passed ? "izagis-plus" : "izagis-minus") + "'><strong>" + esc(r.passed ? _("passed") : _("failed")) +
    "</strong> " + esc(config.lang === "vi" ? r.rule_vi : r.rule) + ": " + esc(r.detail) + "<br><span class='izagis-muted'>" + esc(r.source) + "</span></li>"
  )).join("");
  return "<p><strong id='izagis-plan-verdict-summary'>" + esc(answer.passed ? _("The proposal passes every rule.") : _("The proposal fails a rule.")) +
    "</strong> " + esc(fmt(_("Area: {ha} ha."), {ha: num(answer.area_ha, 2)})) + "</p>" +
    "<h3>" + esc(_("Overlaps")) + "</h3>" + overlaps + "<h3>" + esc(_("Distances")) + "</h3><p>" + distances + "</p>" +
    "<h3>" + esc(_("Rules")) + "</h3><ul class='izagis-plan-rules'>" + rules + "</ul>";
}

function run(geojson, csrf, file) {
  const box = document.getElementById("izagis-plan-verdict");
  box.innerHTML = "<p class='izagis-status'><span class='izagis-spinner'></span>" + esc(_("Checking…")) + "</p>";
  drawing.checked = null;
  return (file ? papi.checkProposalFile(file, csrf) : papi.checkProposal(geojson, csrf))
    .then((answer) => {
      box.innerHTML = verdictHtml(answer);
      drawing.checked = file ? answer.boundary : geojson;  // what a save stores
      if (file) {  // KML, Shapefile, GeoPackage: drawn as the server read it
        drawing.shape = L.geoJSON(answer.boundary, {style: BOUNDARY}).addTo(state.map);
        state.map.fitBounds(drawing.shape.getBounds());
      }
    })
    .catch((err) => { box.innerHTML = "<p class='izagis-error' role='alert'>" + esc(err.message || String(err)) + "</p>"; });
}

/* Wires the section's buttons; ``csrf`` is the signed-in page's token. */
export function wireProposal(csrf) {
  state.map.off("click", addCorner);
  state.map.on("click", addCorner);
  document.getElementById("izagis-plan-draw").onclick = () => {
    clear();
    drawing.on = true;
    state.map.getContainer().style.cursor = "crosshair";
  };
  document.getElementById("izagis-plan-clear").onclick = clear;
  document.getElementById("izagis-plan-check").onclick = () => {
    drawing.on = false;
    state.map.getContainer().style.cursor = "";
    const ring = drawing.corners.map((c) => [Number(c.lng.toFixed(7)), Number(c.lat.toFixed(7))]);
    ring.push(ring[0]);
    run({type: "Polygon", coordinates: [ring]}, csrf);
  };
  document.getElementById("izagis-plan-file").onchange = (e) => {
    const file = e.target.files[0];
    if (!file) { return null; }
    clear();
    if (!/\.(geo)?json$/i.test(file.name)) {  // KML, Shapefile, GeoPackage: read on the server
      return run(null, csrf, file);
    }
    return file.text().then((body) => {
      let data;
      try {
        data = JSON.parse(body);
      } catch (err) {
        document.getElementById("izagis-plan-verdict").innerHTML = "<p class='izagis-error' role='alert'>" +
          esc(_("The file is not GeoJSON.")) + "</p>";
        return null;
      }
      const geojson = data.type === "FeatureCollection" ? data.features[0] : data;
      drawing.shape = L.geoJSON(geojson, {style: BOUNDARY}).addTo(state.map);
      state.map.fitBounds(drawing.shape.getBounds());
      return run(geojson, csrf);
    });
  };
}

/* The boundary of the last successful check (GeoJSON), or null. */
export function lastChecked() {
  return drawing.checked;
}

export function forgetProposal() {
  state.map.off("click", addCorner);
  drawing.checked = null;
  drawing.corners = [];
  drawing.on = false;
  redraw();
}
