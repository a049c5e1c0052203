/* Small DOM helpers, and the visible notice of what went wrong. */

import { state } from "./state.js";

export function esc(text) {
  return String(text == null ? "" : text).replace(/[&<>"']/g, (c) => (
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]
  ));
}

export function el(tag, cls, html) {
  const node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (html != null) { node.innerHTML = html; }
  return node;
}

/* A Leaflet control whose clicks and scrolls stay its own. */
export function control(position, build) {
  const box = L.control({position: position});
  box.onAdd = function () {
    const div = build();
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  box.addTo(state.map);
  return box;
}

/* Shows a failure on top of the map, once per text; screen readers announce it. */
export function notify(text) {
  let banner = document.getElementById("izagis-banner");
  if (!banner) {
    banner = el("div", "izagis-banner");
    banner.id = "izagis-banner";
    banner.setAttribute("role", "alert");
    (state.map ? state.map.getContainer() : document.body).appendChild(banner);
  }
  const seen = Array.prototype.some.call(banner.children, (line) => line.textContent === text);
  if (!seen) { banner.appendChild(el("div", "izagis-alert", esc(text))); }
}

/* A failed request's message shown, or any other error passed on. */
export function report(err) {
  if (err && err.name === "ApiError") {
    notify(err.message);
    return null;
  }
  throw err;
}
