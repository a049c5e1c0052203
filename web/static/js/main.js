/* izagis map pages: starts the page once Folium's inline script has built the map.

   The server writes window.IZAGIS.config in the page's head (web/pages.py); Folium's script
   then builds the map, its controls and the plot layer, and hands them over as
   IZAGIS.page. Module scripts run after the whole document has been parsed, so both exist
   when this one runs. */

import { control, el, esc, notify } from "./dom.js";
import { url } from "./api.js";
import { readHash, viewOf, writeHash } from "./hash.js";
import { _, config } from "./i18n.js";
import { loadLayers } from "./layers.js";
import { legend } from "./legend.js";
import { searchBox } from "./search.js";
import { loginPrompt, plotPopup, sheetPanel, showZone } from "./sheet.js";
import { findSites, restoreSearch, sitePanel } from "./sites.js";
import { state } from "./state.js";
import { zoneList } from "./zonelist.js";

const IZAGIS = window.IZAGIS;
// A phone: panels start collapsed, so that nothing covers the search.
const SMALL = window.matchMedia("(max-width: 640px), (max-height: 500px)").matches;

/* The first Tab reaches "Skip to the search" (staff and planners: to their workspace) rather
   than the map's shapes. */
function skipLink() {
  const investor = config.audience === "investor";
  const link = el("a", "izagis-skip", esc(investor ? _("Skip to the search") : _("Skip to the workspace")));
  link.href = investor ? "#izagis-search-input" : "#izagis-" + config.audience;
  link.onclick = (e) => {
    e.preventDefault();
    const target = investor
      ? document.getElementById("izagis-search-input")
      : document.querySelector("#izagis-" + config.audience + " :is(input, select, button, summary, a[href])");
    const input = target || document.querySelector("#izagis-zonelist summary");
    if (input) { input.focus(); }
  };
  document.body.insertBefore(link, document.body.firstChild);
}

/* Leaflet's layer list, made "collapsed: false" by Folium, folds on a phone and opens with
   its button (a click or the keyboard). */
function foldLayerList() {
  const layers = state.control;
  const box = layers.getContainer();
  const toggle = box.querySelector(".leaflet-control-layers-toggle");
  if (toggle) {
    toggle.setAttribute("aria-label", _("Layers"));
    toggle.title = _("Layers");
    L.DomEvent.on(toggle, "click", (e) => {
      L.DomEvent.preventDefault(e);
      layers.expand();
    });
  }
  if (SMALL) {
    layers.options.collapsed = true;  // or Leaflet expands it again as each overlay is added
    layers.collapse();
    state.map.on("click", () => { layers.collapse(); });
  }
}

/* The site search and the zone list share the left side: opening one folds the other. */
function oneOpenAtATime(ids) {
  const panels = ids.map((id) => document.getElementById(id)).filter(Boolean);
  panels.forEach((panel) => panel.addEventListener("toggle", () => {
    if (panel.open) { panels.filter((p) => p !== panel).forEach((p) => { p.open = false; }); }
  }));
}

/* The view in the address, and the address's view at the start; without one, every map
   opens on every zone on file (their bounds come with the page's config: no request),
   unless its usual view already shows them all. */
function keepView() {
  const view = viewOf(readHash());
  if (view) {
    state.map.setView(view.center, view.zoom, {animate: false});  // the layers load for it
  } else if (config.zones && !state.map.getBounds().contains(config.zones.bounds)) {
    state.map.fitBounds(config.zones.bounds, {animate: false, padding: [10, 10]});
  }
  state.map.on("moveend", () => {
    const c = state.map.getCenter();
    writeHash({map: [state.map.getZoom(), c.lat.toFixed(5), c.lng.toFixed(5)].join("/")});
  });
}

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
  document.body.classList.toggle("izagis-small", SMALL);
  // The map is the page's main landmark, named by a heading that only screen readers see.
  const container = state.map.getContainer();
  container.setAttribute("role", "main");
  container.insertBefore(el("h1", "izagis-visually-hidden", esc(document.title)), container.firstChild);
  skipLink();
  sheetPanel();
  state.plots.on("click", (e) => plotPopup(e.layer.properties, e.latlng));
  languageSwitch();
  foldLayerList();
  legend(!SMALL);
  keepView();
  if (config.audience === "investor") {
    searchBox();
    sitePanel();
  } else {
    loginPrompt();
  }
  zoneList(!SMALL);
  oneOpenAtATime(["izagis-find", "izagis-zonelist"]);
  const hash = readHash();
  IZAGIS.ready = loadLayers().then((failures) => {
    failures.forEach((err) => notify(err.message || String(err)));
    document.body.dataset.izagisReady = failures.length ? "failed" : "1";
    if (hash.get("zone")) { showZone(hash.get("zone")); }
    if (config.audience === "investor" && hash.get("find")) { return restoreSearch(hash); }
    return null;
  });
}

IZAGIS.showZone = showZone;
IZAGIS.findSites = findSites;
start(IZAGIS.page);
