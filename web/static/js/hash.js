/* What the address holds, so that a link re-opens the same answer: the view ("map=z/lat/lng"),
   the zone whose sheet is open ("zone=GK") and the site search's needs ("find=1&area=10-20..."),
   all in the fragment (never sent to the server), updated in place (no new history entry). */

export function readHash() {
  return new URLSearchParams(window.location.hash.replace(/^#/, ""));
}

/* Sets (or, with null, removes) the given keys and keeps the others. */
export function writeHash(values) {
  const params = readHash();
  Object.keys(values).forEach((key) => {
    if (values[key] == null || values[key] === "") { params.delete(key); } else { params.set(key, String(values[key])); }
  });
  const text = params.toString();
  window.history.replaceState(null, "", window.location.pathname + window.location.search + (text ? "#" + text : ""));
}

/* "11/20.22/105.93" -> {zoom, center} or null. */
export function viewOf(params) {
  const parts = String(params.get("map") || "").split("/").map(Number);
  if (parts.length !== 3 || parts.some((n) => !isFinite(n))) { return null; }
  return {zoom: parts[0], center: [parts[1], parts[2]]};
}
