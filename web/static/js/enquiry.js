/* "Enquire about this site": the public enquiry form (POST /api/v1/public/enquiries), opened
   from a result or a zone's fact sheet with the site filled in. Contact data go to the
   authority only with the investor's consent; the answer is the enquiry's number alone. */

import * as api from "./api.js";
import { esc } from "./dom.js";
import { _, fmt } from "./i18n.js";
import { industryCode, industryPicker, loadIndustries, noIndustry } from "./industries.js";
import { sheet } from "./sheet.js";

// The consent text's version, stored with the enquiry: change it whenever the text changes.
export const CONSENT_VERSION = "2026-11-28";

/* The site as the form names it: "Gián Khẩu: plots GK-065 + GK-066 (20.3 ha)". */
function siteText(site) {
  if (!site.plots || !site.plots.length) { return fmt(_("Site: zone {zone}"), {zone: site.zone}); }
  return fmt(_("Site: zone {zone}, plots {plots}"), {zone: site.zone, plots: site.plots.join(" + ")});
}

function field(id, text, attrs, required) {
  return "<label for='" + id + "'>" + esc(text) + (required ? " *" : "") + "</label><input id='" + id + "' " + attrs +
    (required ? " required aria-required='true'" : "") + ">";
}

/* The answer to a refused or failed form, by cause: the API's words and the field for a
   refusal, "try again" when the server is unavailable, "no connection" without one. */
function failure(err) {
  if (err.status === 0) { return _("No connection to the server: check the network, then send again."); }
  if (err.status === 429) { return _("Too many enquiries from this address: please try again later.") + " (" + err.reason + ")"; }
  if (err.status === 503) { return _("The server is unavailable at the moment: please try again in a minute."); }
  if (err.status === 422 || err.status === 400) {
    const at = String((err.body && err.body.field) || "");
    const input = at && document.getElementById("enq-" + at.split(".")[0].replace(/_/g, "-"));
    if (input) { input.setAttribute("aria-invalid", "true"); }
    return _("Invalid input") + " (" + err.reason + ")";
  }
  return err.message;
}

/* Opens the form in the fact sheet's panel; `site` = {zone, plots, needs}. */
export function openEnquiry(site) {
  sheet("<h3 class='izagis-sheet-title'>" + esc(_("Enquire about this site")) + "</h3>" +
    "<p class='izagis-muted'>" + esc(_("Your enquiry goes to the Ninh Binh Industrial Zones Authority (Ban Quản lý các khu công nghiệp tỉnh Ninh Bình), which answers by e-mail.")) + "</p>" +
    "<form id='izagis-enquiry-form' class='izagis-enquiry-form' novalidate>" +
    "<p id='enq-site' class='izagis-enquiry-site'>" + esc(siteText(site)) + "</p>" +
    field("enq-company", _("Company"), "type='text' maxlength='200' autocomplete='organization'", true) +
    field("enq-contact-name", _("Your name"), "type='text' maxlength='200' autocomplete='name'", true) +
    field("enq-email", _("E-mail"), "type='email' maxlength='254' autocomplete='email'", true) +
    field("enq-phone", _("Phone"), "type='tel' maxlength='40' autocomplete='tel'", false) +
    "<div>" + field("enq-industry", _("Industry (words or VSIC code)"), "type='text'", false) + "</div>" +
    field("enq-jobs", _("Workers planned"), "type='number' min='0' step='1'", false) +
    field("enq-investment-usd-m", _("Investment (million USD)"), "type='number' min='0' step='any'", false) +
    "<label for='enq-notes'>" + esc(_("Your message")) + "</label><textarea id='enq-notes' rows='4' maxlength='2000'>" +
    esc(siteText(site) + "\n") + "</textarea>" +
    // A field people never see: a form that fills it is a robot's, and nothing is stored.
    "<div class='izagis-honeypot' aria-hidden='true'><label for='enq-website'>Website</label>" +
    "<input id='enq-website' type='text' tabindex='-1' autocomplete='off'></div>" +
    "<label class='izagis-check izagis-consent'><input id='enq-consent' type='checkbox' required aria-required='true'> " +
    esc(_("I agree that the authority stores my contact details to answer this enquiry, and for nothing else.")) + "</label>" +
    "<button type='submit'>" + esc(_("Send the enquiry")) + "</button>" +
    "<div id='enq-status' class='izagis-status' role='status' aria-live='polite'></div></form>");
  const industry = document.getElementById("enq-industry");
  if (site.needs && site.needs.industry) { industry.value = site.needs.industry; }
  if (site.needs && site.needs.jobs != null) { document.getElementById("enq-jobs").value = site.needs.jobs; }
  industryPicker(industry);
  const form = document.getElementById("izagis-enquiry-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    send(form, site);
  });
  document.getElementById("enq-company").focus();
}

function text(id) {
  const v = document.getElementById(id).value.trim();
  return v === "" ? null : v;
}

function send(form, site) {
  const status = document.getElementById("enq-status");
  form.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
  const missing = ["enq-company", "enq-contact-name", "enq-email"].filter((id) => !text(id));
  if (missing.length || !document.getElementById("enq-consent").checked) {
    missing.forEach((id) => document.getElementById(id).setAttribute("aria-invalid", "true"));
    status.innerHTML = "<span class='izagis-error' role='alert'>" +
      esc(missing.length ? _("Please fill in the fields marked *.") : _("Please tick the consent box to send the enquiry.")) + "</span>";
    return Promise.resolve(null);
  }
  return loadIndustries().then(() => post(form, site, status)).catch((err) => failed(form, status, err));
}

function failed(form, status, err) {
  form.querySelector("button[type=submit]").disabled = false;
  status.innerHTML = "<span class='izagis-error' role='alert'>" +
    esc(err && err.name === "ApiError" ? failure(err) : _("The enquiry could not be sent")) + "</span>";
}

function post(form, site, status) {
  const industry = text("enq-industry") ? industryCode(text("enq-industry")) : null;
  if (industry === null && text("enq-industry")) {
    document.getElementById("enq-industry").setAttribute("aria-invalid", "true");
    status.innerHTML = "<span class='izagis-error' role='alert'>" + esc(noIndustry(text("enq-industry"))) + "</span>";
    return Promise.resolve(null);
  }
  const body = {
    company: text("enq-company"), contact_name: text("enq-contact-name"), email: text("enq-email"),
    phone: text("enq-phone"), industry: industry,
    jobs: text("enq-jobs") == null ? null : Number(text("enq-jobs")),
    investment_usd_m: text("enq-investment-usd-m") == null ? null : Number(text("enq-investment-usd-m")),
    notes: text("enq-notes"), needs: site.needs || null,
    consent: true, consent_text_version: CONSENT_VERSION, website: text("enq-website")
  };
  if (body.needs && industry) { body.needs = Object.assign({}, body.needs, {industry: industry}); }
  status.textContent = _("Sending…");
  form.querySelector("button[type=submit]").disabled = true;
  return api.postJSON("/api/v1/public/enquiries", body, _("The enquiry could not be sent")).then((answer) => {
    form.innerHTML = "<p class='izagis-enquiry-sent' role='status'>" +
      esc(fmt(_("Thank you: enquiry no. {id} has reached the authority, which will answer by e-mail."), {id: answer.id})) + "</p>";
  });
}
