/* Zone phases on the public maps: those whose status is not their zone's (an extension, a
   later phase), in a dotted style of their own, so that land not yet open never looks like
   the zone's operating land. layers.js imports this module once the map is zoomed in far
   enough to tell them apart, so the opening view loads nothing for them. The planning page
   draws every phase itself. */

import { ApiError, url } from "./api.js";
import { _, config, fmt, label, nameOf, shortNameOf } from "./i18n.js";
import { esc, notify } from "./dom.js";
import { showZone } from "./sheet.js";
import { state } from "./state.js";

function style(f) {
  const styles = config.planning.phases;
  return Object.assign({}, styles.values[f.properties.status] || styles.fallback,
    {className: "izagis-phase izagis-phase-" + f.properties.code});
}

function bind(f, layer) {
  const p = f.properties;
  layer.bindTooltip(esc(shortNameOf({name_vi: p.zone_name_vi, name_en: p.zone_name_en}) + " · " + nameOf(p) + " · " +
    label("zone_status", p.status) + (p.leasable_from ? " · " + fmt(_("leasable from {year}"), {year: p.leasable_from}) : "")));
  layer.on("click", (e) => {
    L.DomEvent.stopPropagation(e);
    showZone(p.zone_code);
  });
}

/* Resolves to the layer; rejects with an ApiError that says why. */
function load() {
  const failure = _("Zone phases could not be loaded");
  return fetch(url("/api/v1/phases?unlike_zone=true"), {headers: {Accept: "application/json"}})
    .catch(() => { throw new ApiError(failure, _("the server could not be reached"), 0, null); })
    .then((response) => {
      if (!response.ok) {
        throw new ApiError(failure, fmt(_("the request was refused ({status})"), {status: response.status}), response.status, null);
      }
      return response.json();
    })
    .then((fc) => L.geoJSON(fc, {style: style, onEachFeature: bind}));
}

/* Adds the layer and its entry in the layer list; a failure is shown like any layer's. */
export function addPhases(title) {
  return load().then((layer) => {
    state.layers.phases = layer;
    state.control.addOverlay(layer, title);
    layer.addTo(state.map);
    document.body.dataset.izagisPhases = "1";
  }).catch((err) => notify(err.message || String(err)));
}
