/* izagis map pages: starts the page once Folium's inline script has built the map.

   The server writes window.IZAGIS.config in the page's head (web/pages.py); Folium's script
   then builds the map, its controls and the plot layer, and hands them over as
   IZAGIS.page. Module scripts run after the whole document has been parsed, so both exist
   when this one runs. */

import { control, el, esc, notify } from "./dom.js";
import { url } from "./api.js";
import { config } from "./i18n.js";
import { loadLayers } from "./layers.js";
import { legend } from "./legend.js";
import { searchBox } from "./search.js";
import { loginPrompt, plotPopup, sheetPanel, showZone } from "./sheet.js";
import { findSites, sitePanel } from "./sites.js";
import { state } from "./state.js";

const IZAGIS = window.IZAGIS;

function languageSwitch() {
  const other = config.languages.find((l) => l.code !== config.lang);
  const path = config.audience === "investor" ? "/" + other.code : "/" + config.audience + "?lang=" + other.code;
  control("topright", () => el("div", "izagis-lang",
    "<a id='izagis-lang-switch' href='" + esc(url(path)) + "' hreflang='" + esc(other.code) + "' lang='" +
    esc(other.code) + "'>" + esc(other.name) + "</a>"));
}

function start(page) {
  state.map = IZAGIS.map = page.map;
  state.control = page.layerControl;
  state.plots = page.plotLayer;
  sheetPanel();
  state.plots.on("click", (e) => plotPopup(e.layer.properties, e.latlng));
  languageSwitch();
  legend();
  if (config.audience === "investor") {
    searchBox();
    sitePanel();
  } else {
    loginPrompt();
  }
  IZAGIS.ready = loadLayers().then((failures) => {
    failures.forEach((err) => notify(err.message || String(err)));
    document.body.dataset.izagisReady = failures.length ? "failed" : "1";
  });
}

IZAGIS.showZone = showZone;
IZAGIS.findSites = findSites;
start(IZAGIS.page);
