/* The layers the page loads from the API (the plots come as vector tiles, set up by Folium),
   fetched together and added in one fixed order, bottom to top. */

import * as api from "./api.js";
import { esc } from "./dom.js";
import { num } from "./format.js";
import { _, config, fmt, label, nameOf, shortNameOf, styleOf } from "./i18n.js";
import { showZone } from "./sheet.js";
import { state } from "./state.js";
import { placesLoaded, zonesLoaded } from "./zonelist.js";

const PHASE_ZOOM = 12;


/* The label at province zoom says what an investor looks for first: "Tam Điệp II · 190 ha
   free"; a planned or proposed zone with no free land yet says so instead of "0 ha". */
export function zoneLabel(props) {
  const free = Number(props.free_area_ha || 0);
  const future = Boolean(styleOf("zone_status", props.status).future);
  const tail = free > 0 || !future
    ? fmt(_("{ha} ha free"), {ha: num(free, free >= 10 ? 0 : 1)})
    : label("zone_status", props.status);
  return shortNameOf(props) + " · " + tail;
}

/* Zones keep their status's outline; the fill is the free land's colour, stronger the more
   free land the zone has (the square root, so that small zones still show). */
function zoneStyle(feature, maxFree) {
  const p = feature.properties;
  const style = styleOf("zone_status", p.status);
  const share = maxFree > 0 ? Math.sqrt(Number(p.free_area_ha || 0) / maxFree) : 0;
  style.fillColor = config.freeLandColour;
  style.fillOpacity = 0.05 + 0.45 * share;
  style.className = "izagis-zone izagis-zone-" + p.status + " izagis-zone-code-" + p.code;
  return style;
}

function province() {
  return api.boundaries().then((fc) => (
    L.geoJSON(fc, {style: {color: "#525252", weight: 2, fill: false}, interactive: false})
  ));
}

function zones() {
  return api.zones().then((fc) => {
    state.zones = fc.features;
    const maxFree = Math.max(0, ...fc.features.map((f) => Number(f.properties.free_area_ha || 0)));
    zonesLoaded();
    return L.geoJSON(fc, {
      style: (f) => zoneStyle(f, maxFree),
      onEachFeature: (f, layer) => {
        const color = styleOf("zone_status", f.properties.status).color;
        layer.bindTooltip(esc(zoneLabel(f.properties)), {
          permanent: true, direction: "right", offset: [8, 0],
          className: "izagis-label izagis-label-" + f.properties.status
        });
        layer.on("tooltipopen", (e) => { e.tooltip.getElement().style.borderLeftColor = color; });
        layer.on("click", (e) => {
          L.DomEvent.stopPropagation(e);
          showZone(f.properties.code);
        });
      }
    });
  });
}

function infrastructure() {
  return api.infrastructure().then((fc) => {
    placesLoaded(fc.features);
    return fc;
  }).then((fc) => L.geoJSON(fc, {
    style: (f) => styleOf("infrastructure_kind", f.properties.kind),
    pointToLayer: (f, latlng) => L.circleMarker(latlng, styleOf("infrastructure_kind", f.properties.kind)),
    onEachFeature: (f, layer) => { layer.bindTooltip(esc(nameOf(f.properties))); }
  }));
}

function constraints() {
  return api.constraints().then((fc) => L.geoJSON(fc, {
    style: (f) => styleOf("constraint_kind", f.properties.kind),
    onEachFeature: (f, layer) => { layer.bindTooltip(esc(nameOf(f.properties))); }
  }));
}

/* Extensions and later phases (phases.js), above the zones, once the map is zoomed in far
   enough to tell them apart; the planning page draws every phase itself. */
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
    ["boundaries", province, _("Province boundary")],
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
