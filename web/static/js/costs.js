/* What a site costs, loaded with the first answer: per result its land lease (area times the
   zone's price, for the zone's term), the zone's yearly service fees and the two together in
   the first year (GET /api/v1/cost-estimate); above the results the workers planned at the
   regional minimum wage (GET /api/v1/labour-cost); and in a zone's sheet the investment
   incentives with their conditions and legal basis (GET /api/v1/incentives). Each figure
   says where it comes from. */

import * as api from "./api.js";
import { el, esc, report } from "./dom.js";
import { date, money, num } from "./format.js";
import { _, config, fmt } from "./i18n.js";

/* Adds the labour estimate to the summary above the results in `out`. */
export function showLabour(out, jobs) {
  const summary = out.querySelector(".izagis-summary");
  const failure = _("The labour cost could not be estimated");
  return api.getJSON("/api/v1/labour-cost?jobs=" + encodeURIComponent(jobs), failure).then((c) => {
    const regions = c.wages.map((w) => w.region);
    summary.appendChild(el("div", "izagis-labour", esc(fmt(
      _("Labour at the minimum wage: {jobs} workers cost {low}–{high} a year in wages alone (regions {lowest}–{highest} of {source}; the site's region is not on file)."),
      {jobs: num(c.jobs, 0), low: money(c.low_vnd, "VND"), high: money(c.high_vnd, "VND"),
        lowest: regions[regions.length - 1], highest: regions[0], source: c.source}
    ))));
  }).catch(report);
}

/* The lines of one site's estimate. */
function costLines(c) {
  const price = money(c.lease_price_usd_m2, "USD");
  const area = num(c.area_m2 / 10000, 2);
  const lines = [c.lease_term_end
    ? fmt(_("Land lease about {total} ({area} ha × {price}/m², for the term until {until})"),
      {total: money(Math.round(c.lease_usd), "USD"), area: area, price: price, until: date(c.lease_term_end)})
    : fmt(_("Land lease about {total} ({area} ha × {price}/m²)"),
      {total: money(Math.round(c.lease_usd), "USD"), area: area, price: price})];
  if (c.service_fees_usd_year != null) {
    lines.push(fmt(_("Service fees about {fees} a year ({area} ha × {fee}/m² a year); first year with the lease: {first}"), {
      fees: money(Math.round(c.service_fees_usd_year), "USD"), area: area,
      fee: money(c.service_fee_usd_m2_year, "USD"), first: money(Math.round(c.first_year_usd), "USD")}));
  } else {
    lines.push(_("Service fees: not on file for this zone"));
  }
  lines.push(_("Sources: the lease price is the zone's in the registry; the service fees are illustrative (not published)."));
  return lines;
}

/* Each result's estimate, under its PDF links (one request for the page: POST
   /api/v1/cost-estimates); the labour above the list when jobs are stated. */
export function showCosts(out, body) {
  if (body.jobs) { showLabour(out, body.jobs); }
  const items = [...out.querySelectorAll(".izagis-candidate[data-plots]")];
  if (!items.length) { return null; }
  const sites = {sites: items.map((item) => item.dataset.plots.split(","))};
  return api.postJSON("/api/v1/cost-estimates", sites, _("The costs could not be estimated")).then((costs) => {
    costs.forEach((c, i) => {
      if (c.lease_usd == null) { return; }
      const box = el("div", "izagis-reasons izagis-cost", costLines(c).map((t) => "<div>" + esc(t) + "</div>").join(""));
      box.dataset.usd = c.lease_usd;
      box.dataset.feesUsd = c.service_fees_usd_year == null ? "" : c.service_fees_usd_year;
      box.dataset.firstYearUsd = c.first_year_usd == null ? "" : c.first_year_usd;
      const links = items[i].querySelector(".izagis-reasons");
      items[i].insertBefore(box, links ? links.nextSibling : null);
    });
  }).catch(report);
}

/* A plot's estimate at the end of its popup. */
export function plotCost(popup, code) {
  return api.getJSON("/api/v1/cost-estimate?plots=" + encodeURIComponent(code), _("The costs could not be estimated")).then((c) => {
    const content = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-content");
    if (!content || c.lease_usd == null) { return; }
    // The popup's own nodes (their handlers with them) move into new content, so that
    // Leaflet lays the popup out again without drawing its first text anew.
    const box = el("div");
    while (content.firstChild) { box.appendChild(content.firstChild); }
    box.insertAdjacentHTML("beforeend", "<div class='izagis-cost' data-usd='" + esc(c.lease_usd) + "'>" +
      costLines(c).map((t) => "<div>" + esc(t) + "</div>").join("") + "</div>");
    popup.setContent(box);
  }).catch(report);
}

/* The incentives, in the page language, at the end of the zone sheet in `panel`. */
export function showIncentives(panel) {
  const en = config.lang === "en";
  return api.getJSON("/api/v1/incentives", _("The incentives could not be loaded")).then((rows) => {
    const items = rows.map((r) => "<li><details><summary>" + esc(en ? r.title_en : r.title_vi) + "</summary>" +
      esc(en ? r.condition_en : r.condition_vi) + " <span class='izagis-muted'>(" +
      esc(en ? r.legal_basis_en : r.legal_basis) + ")</span></details></li>").join("");
    panel.querySelector(".izagis-facts").insertAdjacentHTML("afterend",
      "<div class='izagis-incentives'><b>" + esc(_("Investment incentives")) + "</b><p class='izagis-muted'>" +
      esc(_("Rules with their conditions: whether a project qualifies depends on its industry and on the zone's commune, which izagis does not judge.")) +
      "</p><ul>" + items + "</ul></div>");
  }).catch(report);
}
