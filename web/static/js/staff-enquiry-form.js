/* The form that records an enquiry: the investor, the project and its site needs (area
   range, lease price ceiling, zones) in the site-search format. Each input is named by its
   place in the request, so that a refusal's "field" marks the input at fault. */

import * as sapi from "./staff-api.js";
import { esc } from "./dom.js";
import { _, shortNameOf } from "./i18n.js";
import { state } from "./state.js";

function fields() {
  const number = "type='number' min='0' step='any'";
  return [
    {name: "company", label: _("Company"), attrs: "type='text' maxlength='200' required"},
    {name: "contact_name", label: _("Contact person"), attrs: "type='text' maxlength='200' autocomplete='off'"},
    {name: "email", label: _("E-mail"), attrs: "type='email' maxlength='254' autocomplete='off'"},
    {name: "phone", label: _("Phone"), attrs: "type='tel' maxlength='40' autocomplete='off'"},
    {name: "country", label: _("Country (ISO code, e.g. JP)"), attrs: "type='text' maxlength='2' pattern='[A-Za-z]{2}'"},
    {name: "industry", label: _("Industry (VSIC code)"), attrs: "type='text' inputmode='numeric' pattern='[0-9]{2,5}'"},
    {name: "investment_usd_m", label: _("Investment (million USD)"), attrs: number},
    {name: "jobs", label: _("Jobs"), attrs: "type='number' min='0' step='1'"},
    {name: "timeline", label: _("Timeline"), attrs: "type='text' maxlength='200'"}
  ];
}

function needFields() {
  const number = "type='number' min='0' step='any'";
  return [
    {name: "needs.area_ha.min", label: _("Minimum area (ha)"), attrs: number},
    {name: "needs.area_ha.max", label: _("Maximum area (ha)"), attrs: number},
    {name: "needs.max_lease_price_usd_m2", label: _("Lease price ceiling (USD/m²)"), attrs: number}
  ];
}

function input(f, value) {
  return "<label>" + esc(f.label) + " <input name='" + esc(f.name) + "' " + f.attrs + (value == null ? "" : " value='" + esc(value) + "'") +
    "></label>";
}

function zoneBoxes(ticked) {
  return "<fieldset class='izagis-availability'><legend>" + esc(_("Zones (none ticked: every zone)")) +
    "</legend>" + state.zones.map((f) => "<label class='izagis-check'><input type='checkbox' name='needs.zones' value='" +
      esc(f.properties.code) + "'" + (ticked.has(f.properties.code) ? " checked" : "") + "> " + esc(shortNameOf(f.properties)) +
      "</label>").join("") + "</fieldset>";
}

/* The site-needs inputs, filled from `needs` (an enquiry's, or null). */
export function needsFieldset(needs) {
  const n = needs || {}, area = n.area_ha || {};
  const values = {"needs.area_ha.min": area.min, "needs.area_ha.max": area.max, "needs.max_lease_price_usd_m2": n.max_lease_price_usd_m2};
  return "<fieldset class='izagis-staff-needs'><legend>" + esc(_("Site needs")) + "</legend>" +
    needFields().map((f) => input(f, values[f.name])).join("") + zoneBoxes(new Set(n.zones || [])) + "</fieldset>";
}

export function enquiryFormHtml() {
  return "<form id='izagis-staff-new-form' novalidate>" + fields().map((f) => input(f, null)).join("") +
    "<label>" + esc(_("Notes")) + " <textarea name='notes' rows='2' maxlength='4000'></textarea></label>" +
    needsFieldset(null) + "<button type='submit'>" + esc(_("Record the enquiry")) + "</button>" +
    "<div class='izagis-status' id='izagis-staff-new-status' role='status' aria-live='polite'></div></form>";
}

function text(form, name) {
  const v = form.querySelector("[name='" + name + "']").value.trim();
  return v === "" ? null : v;
}

/* The form as the API's enquiry body. */
function body(form) {
  const out = {company: text(form, "company") || ""};
  ["contact_name", "email", "phone", "timeline", "notes", "industry"].forEach((k) => {
    if (text(form, k) !== null) { out[k] = text(form, k); }
  });
  if (text(form, "country") !== null) { out.country = text(form, "country").toUpperCase(); }
  ["investment_usd_m", "jobs"].forEach((k) => {
    if (text(form, k) !== null) { out[k] = Number(text(form, k)); }
  });
  const needs = needsOf(form);
  if (needs) {
    if (out.industry) { needs.industry = out.industry; }
    if (out.jobs != null) { needs.jobs = out.jobs; }
    out.needs = needs;
  }
  return out;
}

/* The needs inputs of `form` as a site-search body; null without a minimum area. */
export function needsOf(form) {
  const min = text(form, "needs.area_ha.min");
  if (min === null) { return null; }
  const needs = {area_ha: {min: Number(min)}};
  const max = text(form, "needs.area_ha.max"), price = text(form, "needs.max_lease_price_usd_m2");
  if (max !== null) { needs.area_ha.max = Number(max); }
  if (price !== null) { needs.max_lease_price_usd_m2 = Number(price); }
  const zones = Array.from(form.querySelectorAll("input[name='needs.zones']:checked"), (b) => b.value);
  if (zones.length) { needs.zones = zones; }
  return needs;
}

/* A refusal: the API's words, and the input it names marked invalid. */
export function refused(form, err) {
  const field = String((err.body && err.body.field) || "");
  const named = field ? Array.from(form.querySelectorAll("[name]")).filter((i) => i.name === field || i.name.indexOf(field + ".") === 0 ||
    field.indexOf(i.name + ".") === 0) : [];
  named.forEach((i) => i.setAttribute("aria-invalid", "true"));
  const labels = new Map([...fields(), ...needFields()].map((f) => [f.name, f.label]));
  labels.set("notes", _("Notes")).set("needs.zones", _("Zones (none ticked: every zone)"));
  const what = named.length ? labels.get(named[0].name) + ": " : "";
  return what + (err.reason || err.message);
}

/* Wires the form in `box`: `recorded(id)` is called with a new enquiry's id. */
export function wireEnquiryForm(box, recorded) {
  const form = box.querySelector("#izagis-staff-new-form");
  const status = box.querySelector("#izagis-staff-new-status");
  form.onsubmit = (e) => {
    e.preventDefault();
    form.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
    if (!text(form, "company")) {
      form.company.setAttribute("aria-invalid", "true");
      status.innerHTML = "<span class='izagis-error'>" + esc(_("The company's name is needed.")) + "</span>";
      form.company.focus();
      return null;
    }
    status.textContent = _("Saving…");
    return sapi.createEnquiry(body(form)).then((created) => {
      form.reset();
      status.textContent = _("The enquiry was recorded.");
      recorded(created.id);
    }).catch((err) => {
      if (err.name !== "ApiError") { throw err; }
      status.innerHTML = "<span class='izagis-error'>" + esc(refused(form, err)) + "</span>";
    });
  };
}
