/* The layers from the API, bottom to top (plots are vector tiles). The investor map loads
   zones, transport and protected areas by view, again after a move, each feature once. */

import * as api from "./api.js";
import { esc, report } from "./dom.js";
import { num } from "./format.js";
import { _, config, fmt, label, nameOf, shortNameOf, styleOf } from "./i18n.js";
import { showZone } from "./sheet.js";
import { state } from "./state.js";
import { zonesLoaded } from "./zonelist.js";

const PHASE_ZOOM = 12;
const BY_VIEW = config.audience === "investor";

/* A GeoJSON layer of what is in view (all off the investor map); added() sees all so far. */
function byView(key, failure, options, added) {
  const layer = L.geoJSON(null, options), seen = {};
  let wait;
  const load = () => {
    const box = state.map.getBounds().toBBoxString().split(",").map((v) => Math.max(-180, Math.min(180, v)));
    return api.getJSON("/api/v1/" + key + (BY_VIEW ? "?bbox=" + box : ""), failure).then((fc) => {
      layer.addData(fc.features.filter((f) => !seen[f.properties.code] && (seen[f.properties.code] = f)));
      if (added) { added(layer, Object.values(seen)); }
      return layer;
    });
  };
  if (BY_VIEW) {
    state.map.on("moveend", () => { clearTimeout(wait); wait = setTimeout(() => load().catch(report), 300); });
  }
  return load();
}

/* "Tam Điệp II · 190 ha free"; a planned zone with no free land yet says so, not "0 ha", and
   a zone with no plots on file (its free land unknown: free_area_ha null) says that. */
export function zoneLabel(props) {
  const free = Number(props.free_area_ha || 0);
  let tail;
  if (!(free > 0) && styleOf("zone_status", props.status).future) {
    tail = label("zone_status", props.status);
  } else if (props.plots_on_file === false) {
    tail = _("no plots on file");
  } else {
    tail = fmt(_("{ha} ha free"), {ha: num(free, free >= 10 ? 0 : 1)});
  }
  return shortNameOf(props) + " · " + tail;
}

/* A zone's status outline; a fill stronger the more free land (square root: small ones show),
   the faintest for a zone with no plots on file (its free land unknown). */
function zoneStyle(feature, maxFree) {
  const p = feature.properties;
  const style = styleOf("zone_status", p.status);
  const share = maxFree > 0 ? Math.sqrt(Number(p.free_area_ha || 0) / maxFree) : 0;
  style.fillColor = config.freeLandColour;
  style.fillOpacity = 0.05 + 0.45 * share;
  style.className = "izagis-zone izagis-zone-" + p.status + " izagis-zone-code-" + p.code +
    (p.plots_on_file === false ? " izagis-zone-no-plots" : "");
  return style;
}

function province() {
  return api.boundaries().then((fc) => (
    L.geoJSON(fc, {style: {color: "#525252", weight: 2, fill: false}, interactive: false})
  ));
}

function zones() {
  let maxFree = 0;
  return byView("zones", _("Zones could not be loaded"), {
    style: (f) => zoneStyle(f, maxFree),
    onEachFeature: (f, layer) => {
      const color = styleOf("zone_status", f.properties.status).color;
      layer.bindTooltip(esc(zoneLabel(f.properties)), {
        permanent: true, direction: "right", offset: [8, 0],
        className: "izagis-label izagis-label-" + f.properties.status
      });
      layer.on("tooltipopen", (e) => { e.tooltip.getElement().style.borderLeftColor = color; });
      layer.on("click", (e) => { L.DomEvent.stopPropagation(e); showZone(f.properties.code); });
    }
  }, (layer, all) => {
    state.zones = all;
    maxFree = Math.max(0, ...all.map((f) => Number(f.properties.free_area_ha || 0)));
    layer.setStyle((f) => zoneStyle(f, maxFree));
    zonesLoaded();
  });
}

function named(f, layer) { layer.bindTooltip(esc(nameOf(f.properties))); }

function infrastructure() {
  const style = (f) => styleOf("infrastructure_kind", f.properties.kind);
  return byView("infrastructure", _("Transport and utilities could not be loaded"), {
    style: style, onEachFeature: named, pointToLayer: (f, latlng) => L.circleMarker(latlng, style(f))
  });
}

function constraints() {
  return byView("constraints", _("Protected areas could not be loaded"), {
    style: (f) => styleOf("constraint_kind", f.properties.kind), onEachFeature: named
  });
}

/* Extensions and later phases (phases.js) once zoomed in to tell them apart; the planning
   page draws every phase itself. */
function phasesWhenZoomed() {
  const check = () => {
    if (state.map.getZoom() < PHASE_ZOOM) { return; }
    state.map.off("zoomend", check);
    import("./phases.js").then((m) => m.addPhases(_("Extensions and later phases")));
  };
  state.map.on("zoomend", check);
  check();
}

/* Resolves to the failures (ApiErrors), after adding every layer that did load. */
export function loadLayers() {
  const order = [
    ["constraints", constraints, _("Protected areas, heritage, rivers")],
    // The outline on file is Ninh Bình's before the 2025 merger: with zones outside it (the
    // former Hà Nam's and Nam Định's), the layer is named for what it shows.
    ["boundaries", province, config.zones && config.zones.outsideProvince
      ? _("Ninh Binh before 2025 (outline on file)") : _("Province boundary")],
    ["infrastructure", infrastructure, _("Transport and utilities")],
    ["zones", zones, _("Industrial zones")]
  ];
  return Promise.allSettled(order.map((o) => o[1]())).then((results) => {
    const failures = [];
    results.forEach((result, i) => {
      if (result.status === "rejected") {
        failures.push(result.reason);
        return;
      }
      const [key, , title] = order[i];
      state.layers[key] = result.value;
      state.control.addOverlay(result.value, title);
      result.value.addTo(state.map);
    });
    if (config.audience !== "planning") { phasesWhenZoomed(); }
    return failures;
  });
}
