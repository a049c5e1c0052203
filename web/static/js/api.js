/* The one API client: every request of the page goes through here. URLs are built from the
   base the server puts in the config (FastAPI's root_path), so the app also works under a
   sub-path behind a reverse proxy; every failure says what could not be loaded and why. */

import { config, _, fmt } from "./i18n.js";

export const base = String(config.base || "").replace(/\/+$/, "");

/* "/api/v1/zones" -> "<base>/api/v1/zones". */
export function url(path) {
  return base + path;
}

export class ApiError extends Error {
  constructor(failure, reason, status, body) {
    super(failure + ": " + reason);
    this.name = "ApiError";
    this.failure = failure;
    this.reason = reason;
    this.status = status;
    this.body = body;
  }
}

/* Why a request was refused, by its cause: the API's own words for a wrong request, else the
   server's state. */
export function reason(status, body) {
  if (status >= 400 && status < 500 && body && body.message) { return body.message; }  // the API's own words
  if (status === 503) { return fmt(_("the data service is unavailable ({status})"), {status: status}); }
  if (status >= 500) { return fmt(_("the server had an error ({status})"), {status: status}); }
  return fmt(_("the request was refused ({status})"), {status: status});
}

async function request(path, failure, init) {
  let response;
  try {
    response = await fetch(url(path), init);
  } catch (err) {
    throw new ApiError(failure, _("the server could not be reached"), 0, null);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = null;
  }
  if (!response.ok) { throw new ApiError(failure, reason(response.status, body), response.status, body); }
  if (body === null) { throw new ApiError(failure, _("the answer could not be read"), response.status, null); }
  return body;
}

export function getJSON(path, failure) {
  return request(path, failure, {headers: {Accept: "application/json"}});
}

export function postJSON(path, data, failure) {
  return request(path, failure, {
    method: "POST", headers: {Accept: "application/json", "Content-Type": "application/json"},
    body: JSON.stringify(data)
  });
}

export function boundaries() {
  return getJSON("/api/v1/boundaries", _("The province boundary could not be loaded"));
}

export function zone(code) {
  return getJSON("/api/v1/zones/" + encodeURIComponent(code), fmt(_("Zone {code} could not be loaded"), {code: code}));
}

export function plotByCode(code) {
  const query = new URLSearchParams({limit: "1", code: code});
  return getJSON("/api/v1/plots?" + query, fmt(_("Plot {code} could not be looked up"), {code: code}));
}

/* The plot under a point: tiles below the plots' detail zoom carry no codes. */
export function plotAt(latlng) {
  const d = 1e-7, box = [latlng.lng - d, latlng.lat - d, latlng.lng + d, latlng.lat + d];
  const query = new URLSearchParams({limit: "1", bbox: box.map((v) => v.toFixed(7)).join(",")});
  return getJSON("/api/v1/plots?" + query, fmt(_("Plot {code} could not be looked up"), {code: ""}));
}

export function siteSearch(needs) {
  return postJSON("/api/v1/site-search", needs, _("The site search failed"));
}
