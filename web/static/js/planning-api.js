/* The planning page's requests: sign-in by session cookie, and the planners' analytics
   (GET /api/v1/planning/...). Every failure says what could not be loaded and why, in the
   API's words where it gave them. */

import { ApiError, url } from "./api.js";
import { _, fmt } from "./i18n.js";

async function call(path, failure, init) {
  let response;
  try {
    response = await fetch(url(path), Object.assign({credentials: "same-origin"}, init || {}));
  } catch (err) {
    throw new ApiError(failure, _("the server could not be reached"), 0, null);
  }
  if (response.status === 204) { return null; }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = null;
  }
  if (!response.ok) {
    const reason = body && body.message ? body.message : fmt(_("the request was refused ({status})"), {status: response.status});
    throw new ApiError(failure, reason, response.status, body);
  }
  return body;
}

function get(path, failure) {
  return call(path, failure, {headers: {Accept: "application/json"}});
}

/* Who is signed in; an ApiError with status 401 when nobody is. */
export function me() {
  return get("/api/v1/auth/me", _("Your sign-in could not be checked"));
}

export function login(email, password) {
  return call("/api/v1/auth/login", _("Signing in failed"), {
    method: "POST",
    headers: {Accept: "application/json", "Content-Type": "application/json"},
    body: JSON.stringify({email: email, password: password})
  });
}

export function logout(csrf) {
  return call("/api/v1/auth/logout", _("Signing out failed"), {method: "POST", headers: {"X-CSRF-Token": csrf || ""}});
}

export function occupancy() {
  return get("/api/v1/planning/occupancy", _("Occupancy could not be loaded"));
}

export function forecast() {
  return get("/api/v1/planning/forecast", _("The forecast could not be loaded"));
}

export function reclaimable() {
  return get("/api/v1/planning/reclaimable", _("Reclaimable land could not be loaded"));
}

export function reclaimableLayer() {
  return get("/api/v1/planning/reclaimable.geojson", _("Reclaimable land could not be loaded"));
}

export function phases() {
  return get("/api/v1/phases", _("Zone phases could not be loaded"));
}

export function download(kind) {
  return url("/api/v1/planning/reclaimable." + kind);
}

/* A proposed boundary's check (a GeoJSON Polygon, MultiPolygon or Feature in WGS 84). */
export function checkProposal(geojson, csrf) {
  return call("/api/v1/proposals/check", _("The proposal could not be checked"), {
    method: "POST",
    headers: {Accept: "application/json", "Content-Type": "application/json", "X-CSRF-Token": csrf || ""},
    body: JSON.stringify(geojson)
  });
}

/* The suitability heat layer's tiles (XYZ, read from the server's cached surface). */
export function suitabilityTiles() {
  return url("/api/v1/planning/suitability/{z}/{x}/{y}.png");
}

export function suitabilityDownload() {
  return url("/api/v1/planning/suitability.tif");
}

/* The same check of a boundary file (KML, zipped Shapefile, GeoPackage, GeoJSON; VN-2000
   accepted), read on the server as imports are. */
export function checkProposalFile(file, csrf) {
  const form = new FormData();
  form.append("file", file, file.name);
  return call("/api/v1/proposals/check-file", _("The proposal could not be checked"), {
    method: "POST", headers: {Accept: "application/json", "X-CSRF-Token": csrf || ""}, body: form
  });
}

function send(method, path, failure, body, csrf) {
  return call(path, failure, {
    method: method,
    headers: {Accept: "application/json", "Content-Type": "application/json", "X-CSRF-Token": csrf || ""},
    body: JSON.stringify(body)
  });
}

/* The KPIs of ``year`` (default: the latest with a target) against their targets. */
export function kpis(year) {
  return get("/api/v1/planning/kpis" + (year ? "?year=" + encodeURIComponent(year) : ""), _("The KPIs could not be loaded"));
}

export function recordKpi(entry, csrf) {
  return send("PUT", "/api/v1/planning/kpis", _("The figure could not be saved"), entry, csrf);
}

export function proposals() {
  return get("/api/v1/proposals", _("The saved proposals could not be loaded"));
}

export function saveProposal(body, csrf) {
  return send("POST", "/api/v1/proposals", _("The proposal could not be saved"), body, csrf);
}

export function addProposalVersion(id, body, csrf) {
  return send("POST", "/api/v1/proposals/" + encodeURIComponent(id) + "/versions", _("The proposal could not be saved"), body, csrf);
}

/* Two versions side by side: each side "ID" (the latest version) or "ID:VERSION". */
export function compareProposals(a, b) {
  return get("/api/v1/proposals/compare?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b),
    _("The proposals could not be compared"));
}

export function proposalPdf(id) {
  return url("/api/v1/proposals/" + encodeURIComponent(id) + "/report.pdf");
}
