/* The staff page's own layers on the map, one per concern ("candidates", "compared"), each
   in the layer list while it is shown and above the plot tiles. */

import { esc } from "./dom.js";
import { state } from "./state.js";

const PANE = "izagis-staff-sites";
const shown = {};

function pane() {
  if (!state.map.getPane(PANE)) { state.map.createPane(PANE).style.zIndex = 650; }
  return PANE;
}

/* Removes the layer of `key` from the map and the layer list. */
export function clearLayer(key) {
  const layer = shown[key];
  if (!layer) { return; }
  // A permanent tooltip outlives its layer's removal (Leaflet): unbound first.
  layer.eachLayer((shape) => { shape.unbindTooltip(); });
  state.control.removeLayer(layer);
  state.map.removeLayer(layer);
  delete shown[key];
}

export function clearAll() {
  Object.keys(shown).forEach(clearLayer);
}

/* A new, empty layer for `key` (replacing the one before), named `title` in the layer list. */
export function freshLayer(key, title) {
  clearLayer(key);
  const layer = L.featureGroup().addTo(state.map);
  shown[key] = layer;
  state.control.addOverlay(layer, title);
  return layer;
}

/* A site's outline in `layer`, with a permanent label; the labels take turns right and left
   of their shapes, so that neighbours' labels do not cover each other. */
export function siteShape(layer, geometry, style, text, className) {
  const shape = L.geoJSON(geometry, {pane: pane(), style: Object.assign({className: className}, style)}).addTo(layer);
  const side = layer.getLayers().length % 2 ? "right" : "left";
  shape.bindTooltip(esc(text), {permanent: true, direction: side, className: "izagis-rank"});
  return shape;
}

export function fit(layer) {
  if (layer.getLayers().length) { state.map.fitBounds(layer.getBounds(), {maxZoom: 15}); }
}
