/* One enquiry: the investor, the project and its needs, the stages it went through (when and
   by whom) with a selector to move it on, and its search, shortlist, comparison and holds.
   The sections share a context: the enquiry, its shortlist, and what to redraw on a change. */

import * as sapi from "./staff-api.js";
import { esc, report } from "./dom.js";
import { date, money, num } from "./format.js";
import { _, fmt, label, vocabulary } from "./i18n.js";
import { auditSection } from "./staff-audit.js";
import { compareSection } from "./staff-compare.js";
import { needsFieldset, needsOf, refused } from "./staff-enquiry-form.js";
import { holdsSection } from "./staff-holds.js";
import { clearAll } from "./staff-map.js";
import { searchSection } from "./staff-search.js";
import { shortlistSection } from "./staff-shortlist.js";

/* "2026-11-28T06:01:02+00:00" -> "November 28, 2026 06:01". */
function moment(iso) {
  return date(iso) + " " + String(iso).slice(11, 16);
}

function facts(e) {
  const rows = [
    [_("Contact person"), e.contact_name], [_("E-mail"), e.email], [_("Phone"), e.phone], [_("Country"), e.country],
    [_("Industry (VSIC code)"), e.industry], [_("Investment (million USD)"), e.investment_usd_m == null ? null : num(e.investment_usd_m, 1)],
    [_("Jobs"), e.jobs == null ? null : num(e.jobs, 0)], [_("Timeline"), e.timeline], [_("Notes"), e.notes]
  ].filter((r) => r[1] != null && r[1] !== "");
  return "<table class='izagis-facts'>" + rows.map((r) => "<tr><th scope='row'>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>").join("") +
    "</table>";
}

function needsLine(needs) {
  if (!needs) { return _("No site needs recorded: the search needs at least the area."); }
  const parts = [fmt(needs.area_ha.max ? _("{min}–{max} ha") : _("from {min} ha"), {min: num(needs.area_ha.min, 2), max: num(needs.area_ha.max, 2)})];
  if (needs.max_lease_price_usd_m2 != null) { parts.push(fmt(_("at most {price}/m²"), {price: money(needs.max_lease_price_usd_m2, "USD")})); }
  if (needs.industry) { parts.push(fmt(_("industry {code}"), {code: needs.industry})); }
  if (needs.zones) { parts.push(fmt(_("in {zones}"), {zones: needs.zones.join(", ")})); }
  return _("Site needs:") + " " + parts.join(" · ");
}

function timeline(history) {
  return "<ol class='izagis-staff-timeline' id='izagis-staff-timeline'>" + history.map((h) => "<li><b>" +
    esc(label("enquiry_stage", h.stage)) + "</b> <span class='izagis-muted'>" + esc(moment(h.at)) +
    (h.by ? " · " + esc(h.by) : "") + "</span></li>").join("") + "</ol>";
}

function stageForm(stage) {
  return "<form id='izagis-staff-stage-form' class='izagis-staff-inline'><label>" + esc(_("Move to stage")) +
    " <select name='stage'>" + vocabulary("enquiry_stage").map((v) => "<option value='" + esc(v.value) + "'" +
      (v.value === stage ? " selected" : "") + ">" + esc(v.label) + "</option>").join("") + "</select></label> <button type='submit'>" +
    esc(_("Move")) + "</button></form>";
}

function needsEditor(e) {
  return "<details id='izagis-staff-needs-edit'><summary>" + esc(_("Change the site needs")) + "</summary>" +
    "<form id='izagis-staff-needs-form' novalidate>" + needsFieldset(e.needs) + "<button type='submit'>" + esc(_("Save the needs")) +
    "</button><div class='izagis-status' role='status' aria-live='polite'></div></form></details>";
}

/* The needs as the form says, the enquiry's other needs (industry, weights...) kept. */
function changedNeeds(e, chosen) {
  const kept = Object.assign({}, e.needs || {});
  ["area_ha", "max_lease_price_usd_m2", "zones"].forEach((k) => { delete kept[k]; });
  if (e.industry && !kept.industry) { kept.industry = e.industry; }
  return Object.assign(kept, chosen);
}

function header(e) {
  return "<h3 id='izagis-staff-enquiry-title'>" + esc(fmt(_("Enquiry {id}: {company}"), {id: e.id, company: e.company})) + "</h3>" +
    facts(e) + "<p id='izagis-staff-needs'>" + esc(needsLine(e.needs)) + "</p>" + needsEditor(e) + "<h4>" + esc(fmt(_("Stage: {stage}"),
      {stage: label("enquiry_stage", e.stage)})) + "</h4>" + timeline(e.history) + stageForm(e.stage);
}

// The enquiry asked for last: an answer for one asked for before it is not shown.
let latest = 0;

/* Shows enquiry `id` in `box`; `pipelineChanged()` redraws the funnel and the list. */
export function openEnquiry(box, id, pipelineChanged) {
  const asked = latest += 1;
  clearAll();
  box.innerHTML = "<p class='izagis-status'><span class='izagis-spinner' aria-hidden='true'></span>" + esc(_("Loading…")) + "</p>";
  const ctx = {id: id, enquiry: null, items: [], itemsChanged: [], stageChanged: null, weights: null};

  function drawHeader() {
    const head = box.querySelector("#izagis-staff-enquiry-head");
    head.innerHTML = header(ctx.enquiry);
    head.querySelector("#izagis-staff-stage-form").onsubmit = (e) => {
      e.preventDefault();
      sapi.changeEnquiry(id, {stage: e.target.stage.value}).then((changed) => {
        ctx.enquiry = changed;
        drawHeader();
        pipelineChanged();
      }).catch(report);
    };
    head.querySelector("#izagis-staff-needs-form").onsubmit = (e) => {
      e.preventDefault();
      const form = e.target, status = form.querySelector(".izagis-status");
      const chosen = needsOf(form);
      if (!chosen) {
        form.querySelector("input").setAttribute("aria-invalid", "true");
        status.innerHTML = "<span class='izagis-error'>" + esc(_("The search needs at least the minimum area.")) + "</span>";
        return null;
      }
      return sapi.changeEnquiry(id, {needs: changedNeeds(ctx.enquiry, chosen)}).then((changed) => {
        ctx.enquiry = changed;
        drawHeader();
        head.querySelector("#izagis-staff-needs-edit").open = true;
        head.querySelector("#izagis-staff-needs-form .izagis-status").textContent = _("The needs were saved.");
      }).catch((err) => {
        if (err.name !== "ApiError") { throw err; }
        status.innerHTML = "<span class='izagis-error'>" + esc(refused(form, err)) + "</span>";
      });
    };
  }

  /* The stage may have moved on (a site shortlisted or held): the header and the pipeline. */
  ctx.stageChanged = () => sapi.enquiry(id).then((e) => {
    ctx.enquiry = e;
    drawHeader();
    pipelineChanged();
  }).catch(report);

  return sapi.enquiry(id).then((e) => {
    if (asked !== latest) { return null; }
    ctx.enquiry = e;
    box.innerHTML = "<div id='izagis-staff-enquiry-head'></div>" +
      "<details open id='izagis-staff-search'><summary>" + esc(_("Search for this enquiry")) + "</summary><div></div></details>" +
      "<details open id='izagis-staff-shortlist'><summary>" + esc(_("Shortlist")) + "</summary><div></div></details>" +
      "<details open id='izagis-staff-compare'><summary>" + esc(_("Compare")) + "</summary><div></div></details>" +
      "<details open id='izagis-staff-holds'><summary>" + esc(_("Holds")) + "</summary><div></div></details>" +
      "<div id='izagis-staff-history'></div>";
    drawHeader();
    if (sapi.session.who && sapi.session.who.role === "admin") {
      auditSection(box.querySelector("#izagis-staff-history"), "enquiries", String(id));
    }
    searchSection(box.querySelector("#izagis-staff-search > div"), ctx);
    compareSection(box.querySelector("#izagis-staff-compare > div"), ctx);
    holdsSection(box.querySelector("#izagis-staff-holds > div"), ctx);
    return shortlistSection(box.querySelector("#izagis-staff-shortlist > div"), ctx);
  });
}
