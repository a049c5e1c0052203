/* The fact sheet of a zone, a plot's popup, and the staff pages' login notice. */

import * as api from "./api.js";
import { el, esc, report } from "./dom.js";
import { date, money, num, percent } from "./format.js";
import { writeHash } from "./hash.js";
import { _, config, fmt, label, nameOf, placeLabel, styleOf } from "./i18n.js";
import { state } from "./state.js";

/* The panel the sheets open in, on the map's top right. */
export function sheetPanel() {
  const panel = el("div", "izagis-sheet");
  panel.id = "izagis-sheet";
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", _("Fact sheet"));
  L.DomEvent.disableClickPropagation(panel);
  L.DomEvent.disableScrollPropagation(panel);
  state.map.getContainer().appendChild(panel);
}

export function sheet(html) {
  const panel = document.getElementById("izagis-sheet");
  panel.innerHTML = "<button class='izagis-close' title='" + esc(_("Close")) + "' aria-label='" +
    esc(_("Close")) + "'>×</button>" + html;
  panel.style.display = "block";
  // Left of the layer list and the language switch, never over them (a phone: a bottom sheet).
  const corner = state.map.getContainer().querySelector(".leaflet-top.leaflet-right");
  panel.style.right = (corner ? corner.offsetWidth + 10 : 10) + "px";
  panel.querySelector(".izagis-close").onclick = () => {
    panel.style.display = "none";
    writeHash({zone: null});
  };
}

/* The one-page PDF sheet of a zone or a plot (/api/v1/sheets), to take away. */
export function pdfLink(kind, code, text) {
  return "<a class='izagis-pdf' href='" + esc(api.url("/api/v1/sheets/" + kind + "/" + encodeURIComponent(code) + ".pdf")) +
    "' target='_blank' rel='noopener'>" + esc(text || _("PDF sheet")) + "</a>";
}

export function enquiryButton() {
  return "<button type='button' class='izagis-enquire'>" + esc(_("Enquire about this site")) + "</button>";
}

/* The enquiry form for `site` ({zone, plots, needs}). */
export function enquire(site) {
  return import("./enquiry.js").then((m) => m.openEnquiry(site));
}

/* Who to ask about a site. */
function enquiry() {
  return "<div class='izagis-enquiry'>" + enquiryButton() + "<br><span class='izagis-muted'>" +
    esc(_("Ninh Binh Industrial Zones Authority (Ban Quản lý các khu công nghiệp tỉnh Ninh Bình)")) + "</span></div>";
}


/* A field in the page language: its English column on the English page, else the Vietnamese
   (marked so for screen readers); "—" for none. */
function text(vi, en) {
  if (document.documentElement.lang === "en" && en) { return esc(en); }
  return vi ? "<span lang='vi'>" + esc(vi) + "</span>" : "—";
}

function row(title, value) { return "<tr><th>" + esc(title) + "</th><td>" + value + "</td></tr>"; }

function usage(used, capacity, unit) {
  return esc(fmt(_("used {used} of {capacity} {unit}"), {used: num(used, 0), capacity: num(capacity, 0), unit: unit}));
}

/* A zone's land account in ha; a zone with no plots on file has none (unknown, not 0 ha). */
function landHa(p, ha) {
  return p.plots_on_file === false
    ? "<span class='izagis-no-plots'>" + esc(_("no plots on file")) + "</span>"
    : esc(num(ha, 2)) + " ha";
}

function zoneSheet(p, names) {
  // none for a zone outside the area the transport data cover: said so, never a far-off km
  const distances = p.distances_mapped === false
    ? "<span class='izagis-not-mapped'>" + esc(_("transport network not mapped here")) + "</span>"
    : Object.keys(p.distances_km || {}).map((k) => (
      esc(placeLabel(k)) + ": " + esc(num(p.distances_km[k], 1)) + " km"
    )).join("<br>");
  const area = fmt(_("{mapped} ha mapped; {planned} ha planned"), {
    mapped: num(p.area_ha, 1), planned: num(p.planned_area_ha, 0)
  });
  const price = p.lease_price_usd_m2 == null ? "—" : money(p.lease_price_usd_m2, "USD") + "/m²";
  return "<h3 class='izagis-sheet-title'>" + esc(nameOf(p)) + "</h3><table class='izagis-facts'>" +
    row(_("Status"), esc(label("zone_status", p.status))) +
    row(_("Area"), esc(area)) +
    row(_("Occupancy"), esc(percent(p.occupancy_rate, 1))) +
    row(_("Free land"), p.plots_on_file !== false && !Number(p.free_area_ha) && styleOf("zone_status", p.status).future
      ? esc(fmt(_("none leasable yet ({status} zone)"), {status: label("zone_status", p.status).toLocaleLowerCase(document.documentElement.lang)}))
      : landHa(p, p.free_area_ha)) +
    row(_("Leased"), landHa(p, p.leased_area_ha)) +
    row(_("Lease price"), esc(price)) +
    row(_("Lease term until"), esc(date(p.lease_term_end))) +
    row(_("Power"), usage(p.power_used_mva, p.power_mva, "MVA")) +
    row(_("Water supply"), usage(p.water_used_m3_day, p.water_m3_day, _("m³/day"))) +
    row(_("Wastewater treatment"), usage(p.wastewater_used_m3_day, p.wastewater_m3_day, _("m³/day"))) +
    row(_("Distances"), distances || "—") +
    row(_("Target industries"), names.industryNames(p.target_industries)) +
    row(_("Industries not admitted"), names.industryNames(p.excluded_industries)) +
    row(_("Infrastructure developer"), text(p.developer, p.developer_en)) +
    row(_("Legal basis"), text(p.legal_basis, p.legal_basis_en)) +
    (p.notes_vi ? row(_("Notes"), text(p.notes_vi, p.notes_en)) : "") + "</table><p>" + pdfLink("zones", p.code) + "</p>" + enquiry();
}

/* Opens a zone's fact sheet; resolves to the zone's feature, or null when it failed. */
export function showZone(code) {
  const names = import("./industries.js").then((m) => m.loadIndustries().then(() => m, report).then(() => m));
  return Promise.all([api.zone(code), names]).then(([f, m]) => {
    sheet(zoneSheet(f.properties, m));
    import("./costs.js").then((c) => c.showIncentives(document.getElementById("izagis-sheet")));
    document.querySelector("#izagis-sheet .izagis-enquire").onclick = () => { enquire({zone: code}); };
    writeHash({zone: code});
    return f;
  }).catch(report);
}

export function plotPopup(props, latlng) {
  if (!props.code) {  // a low-zoom tile: look the plot up where it was clicked
    api.plotAt(latlng).then((fc) => {
      if (fc.features.length) { plotPopup(fc.features[0].properties, latlng); }
    }).catch(report);
    return;
  }
  const html = "<b>" + esc(fmt(_("Plot {code}"), {code: props.code})) + "</b><br>" +
    esc(_("Zone")) + ": " + esc(props.zone_code) + "<br>" +
    esc(_("Area")) + ": " + esc(num(props.area_ha, 2)) + " ha<br>" +
    esc(_("Status")) + ": " + esc(label("plot_status", props.status)) +
    "<br><a href='#' class='izagis-zone-link'>" + esc(_("Zone fact sheet")) + "</a> · " + pdfLink("plots", props.code);
  const popup = L.popup({className: "izagis-plot-popup"}).setLatLng(latlng).setContent(html).openOn(state.map);
  if (config.leasableLandUses.includes(props.land_use) && config.availability.includes(props.status)) {
    import("./costs.js").then((m) => m.plotCost(popup, props.code));
  }
  popup.getElement().querySelector(".izagis-zone-link").onclick = (e) => {
    e.preventDefault();
    showZone(props.zone_code);
  };
}

export function loginPrompt() {
  sheet("<h3 class='izagis-sheet-title'>" + esc(_("Log in")) + "</h3><p id='izagis-login-required'>" +
    esc(_("This page is for staff; please log in.")) + "</p>");
}
