/* The search box: zones by code or name (diacritics ignored), else a plot by its code. */

import * as api from "./api.js";
import { control, el, esc, report } from "./dom.js";
import { fold } from "./format.js";
import { _, nameOf } from "./i18n.js";
import { plotPopup, showZone } from "./sheet.js";
import { state } from "./state.js";

let zonesAsked = null;

/* Every zone, asked for with the first search: the map holds only those of the views seen. */
function everyZone() {
  zonesAsked = zonesAsked || api.getJSON("/api/v1/zones", _("Zones could not be loaded")).then((fc) => fc.features);
  return zonesAsked;
}

export function searchBox() {
  const placeholder = esc(_("Find a zone or plot (code or name)"));
  control("topleft", () => el("div", "izagis-search",
    "<input type='search' id='izagis-search-input' placeholder='" + placeholder + "' aria-label='" +
    placeholder + "'><div id='izagis-search-results' aria-live='polite'></div>"));
  const input = document.getElementById("izagis-search-input");
  const out = document.getElementById("izagis-search-results");

  function choose(feature) {
    out.innerHTML = "";
    state.map.fitBounds(L.geoJSON(feature).getBounds(), {maxZoom: 16});
  }

  function findPlot(text) {
    return api.plotByCode(text.toUpperCase()).then((fc) => {
      if (!fc.features.length) {
        out.innerHTML = "<div class='izagis-search-none'>" + esc(_("Nothing found")) + "</div>";
        return;
      }
      const f = fc.features[0];
      choose(f);
      plotPopup(f.properties, L.geoJSON(f).getBounds().getCenter());
    }).catch(report);
  }

  function run(submit) {
    const q = fold(input.value.trim());
    out.innerHTML = "";
    if (!q) { return; }
    everyZone().then((zones) => {
      if (fold(input.value.trim()) === q) { found(q, zones, submit); }  // else a newer search runs
    }).catch(report);
  }

  function found(q, zones, submit) {
    const hits = zones.filter((f) => {
      const p = f.properties;
      return [p.code, p.name_vi, p.name_en].some((s) => fold(s).indexOf(q) >= 0);
    });
    hits.forEach((f) => {
      const item = el("div", "izagis-search-hit", esc(f.properties.code) + " · " + esc(nameOf(f.properties)));
      item.onclick = () => { choose(f); showZone(f.properties.code); };
      out.appendChild(item);
    });
    if (submit && hits.length === 0) {
      findPlot(input.value.trim());
    } else if (submit) {
      choose(hits[0]);
      showZone(hits[0].properties.code);
    }
  }

  input.addEventListener("input", () => run(false));
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") { run(true); } });
}
