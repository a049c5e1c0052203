/* The zone list beside the map: every zone in the current view with its free land, lease
   price, distance to the nearest expressway interchange and status; sortable; a row opens the
   zone's fact sheet. A bottom sheet on a phone (izagis.css). */

import * as api from "./api.js";
import { control, el, esc, report } from "./dom.js";
import { money, num } from "./format.js";
import { _, config, fmt, label, nameOf, shortNameOf, vocabulary } from "./i18n.js";
import { showZone } from "./sheet.js";
import { state } from "./state.js";

// zone code -> km from the zone's edge to the nearest interchange; none for a zone outside the
// area the transport data cover (distances_mapped false: the API's province outline on file)
const distances = {};
let places = null;  // [lng, lat] of the features of that kind, once transport has loaded
let sortKey = "freeha";
let ascending = false;

const COLUMNS = [
  {key: "name", title: () => _("Zone"), value: (p) => nameOf(p)},
  // null for a zone with no plots on file: unknown, so last whatever the order (compare)
  {key: "freeha", title: () => _("Free (ha)"), value: (p) => p.free_area_ha},
  {key: "price", title: () => _("Lease (USD/m²)"), value: (p) => p.lease_price_usd_m2},
  // none for a zone where the transport network is not mapped: last whatever the order
  {key: "interchange", title: () => _("Interchange (km)"), value: (p) => distances[p.code]},
  {key: "status", title: () => _("Status"),
   value: (p) => vocabulary("zone_status").findIndex((v) => v.value === p.status)}
];

function compare(a, b) {
  const col = COLUMNS.find((c) => c.key === sortKey);
  const va = col.value(a.properties), vb = col.value(b.properties);
  if (va == null && vb == null) { return 0; }
  if (va == null) { return 1; }  // unknown values last, whatever the order
  if (vb == null) { return -1; }
  const order = typeof va === "string" ? va.localeCompare(vb) : va - vb;
  return ascending ? order : -order;
}

function visible() {
  const view = state.map.getBounds();
  return state.zones.filter((f) => view.intersects(L.geoJSON(f).getBounds()));
}

function cell(col, p) {
  switch (col.key) {
    case "name": return "<button type='button' class='izagis-zone-open' data-code='" + esc(p.code) + "' title='" +
      esc(nameOf(p)) + "'>" + esc(shortNameOf(p)) + "</button>";
    case "freeha": return p.plots_on_file === false
      ? "<span class='izagis-muted izagis-no-plots'>" + esc(_("no plots on file")) + "</span>"
      : esc(num(p.free_area_ha, 1));
    case "price": return esc(p.lease_price_usd_m2 == null ? "—" : money(p.lease_price_usd_m2, "USD"));
    case "interchange": return p.distances_mapped === false
      ? "<span class='izagis-muted izagis-not-mapped'>" + esc(_("not mapped")) + "</span>"
      : esc(num(distances[p.code], 1));
    default: return esc(label("zone_status", p.status));
  }
}

export function drawZoneList() {
  const box = document.getElementById("izagis-zonelist-body");
  if (!box || !state.zones.length) { return; }
  const rows = visible().sort(compare);
  document.getElementById("izagis-zonelist-count").textContent =
    fmt(_("{n} zones in view"), {n: num(rows.length, 0)});
  const head = COLUMNS.map((c) => {
    const sorted = c.key === sortKey ? (ascending ? "ascending" : "descending") : "none";
    return "<th scope='col' aria-sort='" + sorted + "'><button type='button' class='izagis-sort' data-key='" +
      c.key + "'>" + esc(c.title()) + (c.key === sortKey ? (ascending ? " ▲" : " ▼") : "") + "</button></th>";
  }).join("");
  box.innerHTML = "<table class='izagis-zonelist-table'><thead><tr>" + head + "</tr></thead><tbody>" +
    rows.map((f) => "<tr class='izagis-zonelist-row' data-code='" + esc(f.properties.code) + "'>" +
      COLUMNS.map((c) => (c.key === "name" ? "<th scope='row'>" : "<td>") + cell(c, f.properties) +
        (c.key === "name" ? "</th>" : "</td>")).join("") + "</tr>").join("") + "</tbody></table>" +
    (rows.some((f) => f.properties.plots_on_file === false)
      ? "<p class='izagis-muted izagis-zonelist-note'>" + esc(_("No plots on file: the authority has no plot survey of the zone, so its free land is not known; sorted by free land, such zones come last.")) + "</p>"
      : "") +
    (rows.some((f) => f.properties.distances_mapped === false)
      ? "<p class='izagis-muted izagis-not-mapped-note'>" + esc(_("Not mapped: the transport network on file covers only the province outline on file (Ninh Binh before 2025), so no distance is given for a zone outside it; sorted by distance, such zones come last.")) + "</p>"
      : "");
  box.querySelectorAll(".izagis-sort").forEach((b) => {
    b.onclick = () => {
      ascending = b.dataset.key === sortKey ? !ascending : b.dataset.key === "name" || b.dataset.key === "price" ||
        b.dataset.key === "interchange";
      sortKey = b.dataset.key;
      drawZoneList();
      const again = document.querySelector(".izagis-sort[data-key='" + sortKey + "']");
      if (again) { again.focus(); }
    };
  });
  box.querySelectorAll(".izagis-zone-open").forEach((b) => {
    b.onclick = () => { showZone(b.dataset.code); };
  });
}

/* Distances on the page, from the layers already loaded (no request a zone): in km on a
   local equirectangular plane, exact to well under 0.1 km at the province's size; 0 inside. */
function planar(lat0) {
  const k = Math.cos(lat0 * Math.PI / 180);
  return (c) => [c[0] * 111.32 * k, c[1] * 110.57];
}

function segment(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const t = dx || dy ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy))) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function toPolygon(p, rings, xy) {
  let inside = false, best = Infinity;
  rings.forEach((ring) => {
    const pts = ring.map(xy);
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      const a = pts[i], b = pts[j];
      if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) { inside = !inside; }
      best = Math.min(best, segment(p, a, b));
    }
  });
  return inside ? 0 : best;
}

function nearest(feature) {
  const g = feature.geometry;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  if (!polygons.length || !places.length) { return null; }
  const xy = planar(polygons[0][0][0][1]);
  return Math.min(...places.map((c) => Math.min(...polygons.map((rings) => toPolygon(xy(c), rings, xy)))));
}

function measure() {
  if (!places || !state.zones.length) { return; }
  state.zones.forEach((f) => {
    const km = f.properties.distances_mapped === false ? null : nearest(f);
    if (km != null) { distances[f.properties.code] = km; }
  });
  drawZoneList();
}

/* The features the distance column is measured to, all of them (the map's transport layer
   holds only those of the views seen). */
function loadPlaces() {
  const kind = config.zoneListDistance;
  api.getJSON("/api/v1/infrastructure?kind=" + encodeURIComponent(kind), _("Transport and utilities could not be loaded"))
    .then((fc) => {
      places = fc.features.filter((f) => f.geometry.type === "Point").map((f) => f.geometry.coordinates);
      measure();
    }).catch(report);
}

export function zoneList(open) {
  control("bottomleft", () => el("div", "izagis-zonelist",
    "<details id='izagis-zonelist'" + (open ? " open" : "") + "><summary>" + esc(_("Zones and free land")) +
    " <span id='izagis-zonelist-count' class='izagis-muted'></span></summary>" +
    "<div id='izagis-zonelist-body'></div></details>"));
  state.map.on("moveend", drawZoneList);
  loadPlaces();
}

export function zonesLoaded() {
  drawZoneList();
  measure();
}
