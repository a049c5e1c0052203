/* Saved proposals on the planning page: the boundary last checked saved under a name (or as
   the next version of a saved one), the saved proposals listed and drawn on the map, two
   versions compared side by side (land in common and apart, overlaps, each rule's verdict),
   and each one's PDF. */

import { esc } from "./dom.js";
import { num } from "./format.js";
import { _, config, fmt, nameOf, placeLabel } from "./i18n.js";
import * as papi from "./planning-api.js";
import { lastChecked } from "./planning-proposal.js";
import { state } from "./state.js";

const saved = {list: [], csrf: null, addLayer: null};

export function savedSection() {
  return "<details id='izagis-plan-saved'><summary>" + esc(_("Saved proposals")) + "</summary>" +
    "<form id='izagis-plan-save'><label>" + esc(_("Name of the proposal")) +
    " <input name='name' maxlength='200' required></label>" +
    "<button type='submit'>" + esc(_("Save the checked boundary")) + "</button>" +
    "<label>" + esc(_("or as the next version of")) + " <select name='of' id='izagis-plan-save-of'></select></label>" +
    "<button type='button' id='izagis-plan-save-version'>" + esc(_("Save as a version")) + "</button>" +
    " <span id='izagis-plan-save-said' class='izagis-muted' aria-live='polite'></span></form>" +
    "<ul id='izagis-plan-saved-list' class='izagis-plan-needs'></ul>" +
    "<h3>" + esc(_("Compare two")) + "</h3><label>A <select id='izagis-plan-compare-a'></select></label>" +
    "<label>B <select id='izagis-plan-compare-b'></select></label>" +
    "<button type='button' id='izagis-plan-compare'>" + esc(_("Compare")) + "</button>" +
    "<div id='izagis-plan-comparison' aria-live='polite'></div></details>";
}

function say(text) {
  document.getElementById("izagis-plan-save-said").textContent = text;
}

function versionOptions() {
  return saved.list.map((p) => {
    const opts = [];
    for (let v = p.versions; v >= 1; v -= 1) {
      opts.push("<option value='" + p.id + ":" + v + "'>" + esc(p.name + " · " + fmt(_("version {n}"), {n: v})) + "</option>");
    }
    return opts.join("");
  }).join("");
}

function listHtml() {
  if (!saved.list.length) { return "<li>" + esc(_("No proposal saved yet.")) + "</li>"; }
  return saved.list.map((p) => {
    const check = p.latest.check;
    const versions = p.versions === 1 ? fmt(_("version {n}"), {n: 1}) : fmt(_("{n} versions"), {n: p.versions});
    return "<li><strong>" + esc(p.name) + "</strong> · " + esc(versions) + " · " +
      esc(num(check.area_ha, 1)) + " ha · <span class='" + (check.passed ? "izagis-plus" : "izagis-minus") + "'>" +
      esc(check.passed ? _("passed") : _("failed")) + "</span> · <a href='" + esc(papi.proposalPdf(p.id)) + "' download>PDF</a>" +
      "<br><span class='izagis-muted'>" + esc((p.latest.created_by || "") + " · " + p.updated_at.slice(0, 10)) + "</span></li>";
  }).join("");
}

function savedLayer() {
  return L.geoJSON({
    type: "FeatureCollection",
    features: saved.list.map((p) => ({type: "Feature", geometry: p.latest.geometry, properties: {id: p.id, name: p.name}}))
  }, {
    style: {color: "#6a3d9a", weight: 2, dashArray: "2 4", fillColor: "#cab2d6", fillOpacity: 0.3, className: "izagis-saved-proposal"},
    onEachFeature: (f, layer) => { layer.bindTooltip(esc(f.properties.name)); }
  });
}

function refresh() {
  return papi.proposals().then((list) => {
    saved.list = list;
    document.getElementById("izagis-plan-saved-list").innerHTML = listHtml();
    const options = versionOptions();
    document.getElementById("izagis-plan-compare-a").innerHTML = options;
    document.getElementById("izagis-plan-compare-b").innerHTML = options;
    if (list.length > 1) {  // the two latest proposals, by default
      document.getElementById("izagis-plan-compare-b").value = list[1].id + ":" + list[1].versions;
    }
    document.getElementById("izagis-plan-save-of").innerHTML = list.map((p) => (
      "<option value='" + p.id + "'>" + esc(p.name) + "</option>"
    )).join("");
    saved.addLayer("saved", savedLayer(), _("Saved proposals"), true);
    document.body.dataset.izagisSaved = String(list.length);
  });
}

function side(c, key) { return c[key] == null ? "—" : num(c[key], 2) + " ha"; }

function verdict(passed) {
  if (passed == null) { return "—"; }
  return "<span class='" + (passed ? "izagis-plus" : "izagis-minus") + "'>" + esc(passed ? _("passed") : _("failed")) + "</span>";
}

function comparisonHtml(c) {
  const head = (v) => esc(v.name + " · " + fmt(_("version {n}"), {n: v.version}));
  const rows = [
    [_("Area"), num(c.a.check.area_ha, 2) + " ha", num(c.b.check.area_ha, 2) + " ha"],
    [_("Verdict"), c.a.check.passed ? _("passed") : _("failed"), c.b.check.passed ? _("passed") : _("failed")]
  ].map((r) => "<tr><th scope='row'>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td><td>" + esc(r[2]) + "</td></tr>").join("");
  const overlaps = c.overlaps.map((o) => (
    "<tr><th scope='row'>" + esc(nameOf({name_vi: o.name, name_en: o.name_en}) + " (" + (o.kind === "zone" ? _("zone") : placeLabel(o.kind)) + ")") +
    "</th><td>" + esc(side(o, "a_ha")) + "</td><td>" + esc(side(o, "b_ha")) + "</td></tr>"
  )).join("");
  const rules = c.rules.filter((r) => r.a_passed != null || r.b_passed != null).map((r) => (
    "<tr><th scope='row'>" + esc(config.lang === "vi" ? r.rule_vi : r.rule) + "</th><td>" + verdict(r.a_passed) +
    "</td><td>" + verdict(r.b_passed) + "</td></tr>"
  )).join("");
  const land = fmt(_("In common: {shared} ha; only in A: {a} ha; only in B: {b} ha; difference: {diff} ha."), {
    shared: num(c.shared_ha, 2), a: num(c.a_only_ha, 2), b: num(c.b_only_ha, 2), diff: num(c.difference_ha, 2)
  });
  return "<p id='izagis-plan-difference'>" + esc(land) + "</p><div class='izagis-plan-scroll'><table class='izagis-plan-table' id='izagis-plan-compare-table'>" +
    "<thead><tr><th scope='col'></th><th scope='col'>A: " + head(c.a) + "</th><th scope='col'>B: " + head(c.b) + "</th></tr></thead><tbody>" +
    rows + (overlaps ? "<tr><th colspan='3' scope='colgroup'>" + esc(_("Overlaps")) + "</th></tr>" + overlaps : "") +
    "<tr><th colspan='3' scope='colgroup'>" + esc(_("Rules")) + "</th></tr>" + rules + "</tbody></table></div>";
}

function compareLayer(c) {
  const group = L.featureGroup();
  [[c.a, "#1f78b4", "a"], [c.b, "#ff7f00", "b"]].forEach(([v, colour, key]) => {
    L.geoJSON(v.geometry, {style: {color: colour, weight: 3, fillOpacity: 0.15, className: "izagis-compare-" + key}})
      .bindTooltip(esc(key.toUpperCase() + ": " + v.name + " · " + fmt(_("version {n}"), {n: v.version}))).addTo(group);
  });
  return group;
}

function save(asVersion) {
  const boundary = lastChecked();
  if (!boundary) {
    say(_("Check a drawn boundary or a GeoJSON file first."));
    return Promise.resolve(null);
  }
  const form = document.getElementById("izagis-plan-save");
  const done = asVersion
    ? papi.addProposalVersion(Number(form.of.value), {geometry: boundary}, saved.csrf)
    : papi.saveProposal({name: form.name.value.trim(), geometry: boundary}, saved.csrf);
  return done.then(() => refresh()).then(() => say(_("Saved.")))
    .catch((err) => say(err.message || String(err)));
}

/* Wires the section; ``addLayer(key, layer, title, show)`` puts a layer in the layer list. */
export function wireSaved(csrf, addLayer) {
  saved.csrf = csrf;
  saved.addLayer = addLayer;
  document.getElementById("izagis-plan-save").onsubmit = (e) => {
    e.preventDefault();
    save(false);
  };
  document.getElementById("izagis-plan-save-version").onclick = () => save(true);
  document.getElementById("izagis-plan-compare").onclick = () => {
    const a = document.getElementById("izagis-plan-compare-a").value;
    const b = document.getElementById("izagis-plan-compare-b").value;
    const box = document.getElementById("izagis-plan-comparison");
    if (!a || !b) { return; }
    papi.compareProposals(a, b).then((c) => {
      box.innerHTML = comparisonHtml(c);
      const layer = compareLayer(c);
      addLayer("compare", layer, _("Compared proposals"), true);
      state.map.fitBounds(layer.getBounds(), {maxZoom: 15});
      document.body.dataset.izagisCompared = "1";
    }).catch((err) => { box.innerHTML = "<p class='izagis-error' role='alert'>" + esc(err.message || String(err)) + "</p>"; });
  };
  return refresh();
}
