/* The staff page's requests: sign-in by session cookie, enquiries and their pipeline, the
   search with an enquiry's needs, its shortlist and comparison, and holds. Every unsafe call
   carries the session's CSRF token (X-CSRF-Token); every failure says what could not be done
   and why, in the API's words where it gave them. */

import { ApiError, reason, url } from "./api.js";
import { _, fmt } from "./i18n.js";

/* Who is signed in, the token the unsafe calls send, and what to do when the sign-in has
   ended (a 401 while signed in). */
export const session = {who: null, csrf: null, ended: null};

async function call(method, path, failure, body) {
  const headers = {Accept: "application/json"};
  if (method !== "GET") { headers["X-CSRF-Token"] = session.csrf || ""; }
  if (body !== undefined) { headers["Content-Type"] = "application/json"; }
  let response;
  try {
    response = await fetch(url(path), {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (err) {
    throw new ApiError(failure, _("the server could not be reached"), 0, null);
  }
  if (response.status === 204) { return null; }
  let answer = null;
  try {
    answer = await response.json();
  } catch (err) {
    answer = null;
  }
  if (response.status === 401 && session.who && session.ended) { session.ended(); }
  if (!response.ok) { throw new ApiError(failure, reason(response.status, answer), response.status, answer); }
  return answer;
}

function enquiryPath(id, rest) {
  return "/api/v1/enquiries/" + encodeURIComponent(id) + (rest || "");
}

/* --- signing in */

/* Who is signed in; an ApiError with status 401 when nobody is. */
export function me() {
  return call("GET", "/api/v1/auth/me", _("Your sign-in could not be checked"));
}

export function login(email, password) {
  return call("POST", "/api/v1/auth/login", _("Signing in failed"), {email: email, password: password});
}

export function logout() {
  return call("POST", "/api/v1/auth/logout", _("Signing out failed"));
}

/* --- enquiries and the pipeline */

export function enquiries(stage, limit, offset) {
  const query = new URLSearchParams({limit: String(limit), offset: String(offset)});
  if (stage) { query.set("stage", stage); }
  return call("GET", "/api/v1/enquiries?" + query, _("Enquiries could not be loaded"));
}

export function funnel() {
  return call("GET", "/api/v1/enquiries/funnel", _("The pipeline could not be loaded"));
}

export function createEnquiry(body) {
  return call("POST", "/api/v1/enquiries", _("The enquiry could not be recorded"), body);
}

export function enquiry(id) {
  return call("GET", enquiryPath(id), fmt(_("Enquiry {id} could not be loaded"), {id: id}));
}

export function changeEnquiry(id, changes) {
  return call("PATCH", enquiryPath(id), fmt(_("Enquiry {id} could not be changed"), {id: id}), changes);
}

/* --- search, shortlist, comparison */

/* The site search with the enquiry's needs; `weights` (or null) replace its weighting. */
export function search(id, weights) {
  return call("POST", enquiryPath(id, "/search"), _("The site search failed"), weights ? {weights: weights} : {});
}

export function shortlist(id) {
  return call("GET", enquiryPath(id, "/shortlist"), _("The shortlist could not be loaded"));
}

export function addToShortlist(id, plotCodes, note) {
  return call("POST", enquiryPath(id, "/shortlist"), _("The site could not be added to the shortlist"),
    {plot_codes: plotCodes, note: note || null});
}

export function changeItem(id, itemId, changes) {
  return call("PATCH", enquiryPath(id, "/shortlist/" + encodeURIComponent(itemId)),
    _("The shortlist could not be changed"), changes);
}

export function removeItem(id, itemId) {
  return call("DELETE", enquiryPath(id, "/shortlist/" + encodeURIComponent(itemId)),
    _("The site could not be removed from the shortlist"));
}

export function compare(id, itemIds, weights) {
  const scored = weights ? "&weights=" + encodeURIComponent(JSON.stringify(weights)) : "";
  return call("GET", enquiryPath(id, "/compare?items=" + itemIds.map(encodeURIComponent).join(",") + scored),
    _("The sites could not be compared"));
}

/* A download of the enquiry: "shortlist.csv", "shortlist.geojson" or "proposal.pdf". */
export function download(id, name) {
  return url(enquiryPath(id, "/" + name));
}

/* --- holds */

/* Live holds (active or to come), of one enquiry or (id null) of all. */
export function holds(id) {
  return call("GET", "/api/v1/holds" + (id ? "?enquiry_id=" + encodeURIComponent(id) : ""),
    _("Holds could not be loaded"));
}

export function hold(holdId) {
  return call("GET", "/api/v1/holds/" + encodeURIComponent(holdId), _("The hold could not be loaded"));
}

export function placeHold(id, plotCodes, until) {
  return call("POST", "/api/v1/holds", _("The site could not be held"),
    {enquiry_id: id, plot_codes: plotCodes, until: until});
}

export function releaseHold(holdId) {
  return call("DELETE", "/api/v1/holds/" + encodeURIComponent(holdId), _("The hold could not be released"));
}

/* --- the audit log (admins) */

export function audit(table, key) {
  return call("GET", "/api/v1/audit?" + new URLSearchParams({table: table, key: key}), _("The change history could not be loaded"));
}

/* --- imports (admins) */

/* Uploads `form` (a FormData with "file" and maybe "mapping") to POST /api/v1/imports/{layer}
   with the options in `params`; `progress(sent, total)` follows the upload. Resolves with the
   import's report, whether or not it was written (its "applied" says). */
export function uploadImport(layer, form, params, progress) {
  const failure = _("The import failed");
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();  // fetch cannot report an upload's progress
    request.open("POST", url("/api/v1/imports/" + encodeURIComponent(layer) + "?" + params));
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRF-Token", session.csrf || "");
    request.responseType = "json";
    request.upload.onprogress = (e) => { if (e.lengthComputable) { progress(e.loaded, e.total); } };
    request.onerror = () => reject(new ApiError(failure, _("the server could not be reached"), 0, null));
    request.onload = () => {
      const answer = request.response;
      if (request.status === 401 && session.who && session.ended) { session.ended(); }
      if (request.status >= 200 && request.status < 300 && answer) {
        resolve(answer);
        return;
      }
      reject(new ApiError(failure, reason(request.status, answer), request.status, answer));
    };
    request.send(form);
  });
}
