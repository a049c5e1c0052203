/* The legend: every value of the zone, plot, infrastructure and constraint vocabularies the
   server sent, drawn with its style. */

import { control, el, esc } from "./dom.js";
import { _, styleOf, vocabulary } from "./i18n.js";

function swatch(style) {
  switch (style.swatch) {
    case "line":
      return "<span class='izagis-line' style='border-top:" + Number(style.weight || 2) + "px " +
        (style.dashArray ? "dashed " : "solid ") + esc(style.color) + "'></span>";
    case "dot":
      return "<span class='izagis-dot' style='background:" + esc(style.fillColor) + "'></span>";
    case "outline":
      return "<span class='izagis-swatch" + (style.dashArray ? " dashed" : "") +
        "' style='border-color:" + esc(style.color) + "'></span>";
    default:
      return "<span class='izagis-swatch filled' style='background:" + esc(style.fillColor) +
        (style.color ? ";border-color:" + esc(style.color) : "") + "'></span>";
  }
}

/* One legend section; `first` picks the entries drawn before the others (lines before dots). */
function section(title, name, first) {
  const entries = vocabulary(name)
    .map((entry) => ({entry: entry, style: styleOf(name, entry.value)}))
    .filter((e) => !e.style.legend_as);
  const ordered = first ? entries.filter(first).concat(entries.filter((e) => !first(e))) : entries;
  return "<div class='izagis-legend-title'>" + esc(title) + "</div>" + ordered.map((e) => (
    "<div>" + swatch(e.style) + esc(e.entry.label) + "</div>"
  )).join("");
}

export function legend() {
  control("bottomright", () => el("div", "izagis-legend",
    "<b>" + esc(_("Legend")) + "</b>" +
    section(_("Industrial zones"), "zone_status") +
    section(_("Plots"), "plot_status") +
    section(_("Transport and utilities"), "infrastructure_kind", (e) => e.style.swatch === "line") +
    section(_("Protected areas, heritage, rivers"), "constraint_kind")
  ));
}
