/* The legend: every value of the zone, plot, infrastructure and constraint vocabularies the
   server sent, drawn with its style. */

import { control, el, esc } from "./dom.js";
import { _, config, styleOf, vocabulary } from "./i18n.js";

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
    .filter((e) => !e.style.legend_as && e.style.swatch);
  const ordered = first ? entries.filter(first).concat(entries.filter((e) => !first(e))) : entries;
  return "<div class='izagis-legend-title'>" + esc(title) + "</div>" + ordered.map((e) => (
    "<div>" + swatch(e.style) + esc(e.entry.label) + "</div>"
  )).join("");
}

/* Zone phases by status, in their dotted style (an extension or a later phase). */
function phaseSection() {
  const styles = config.planning.phases;
  return "<div class='izagis-legend-title'>" + esc(_("Extensions and later phases")) + "</div>" +
    vocabulary("zone_status").filter((entry) => (styles.values[entry.value] || {}).fillColor).map((entry) => {
      const style = styles.values[entry.value];
      return "<div><span class='izagis-swatch dotted' style='border-color:" + esc(style.color) + ";background:" +
        esc(style.fillColor) + "'></span>" + esc(entry.label) + "</div>";
    }).join("");
}

/* Open on a wide screen, collapsed on a phone (its summary stays, to open it). */
export function legend(open) {
  control("bottomright", () => el("div", "izagis-legend",
    "<details id='izagis-legend'" + (open ? " open" : "") + "><summary><b>" + esc(_("Legend")) + "</b></summary>" +
    "<div class='izagis-legend-body'>" +
    section(_("Industrial zones"), "zone_status") +
    "<div>" + swatch({swatch: "area", fillColor: config.freeLandColour}) +
    esc(_("Zone fill: the stronger, the more free land")) + "</div>" +
    phaseSection() +
    section(_("Plots"), "plot_status") +
    section(_("Other land in the zones"), "land_use") +
    section(_("Transport and utilities"), "infrastructure_kind", (e) => e.style.swatch === "line") +
    section(_("Protected areas, heritage, rivers"), "constraint_kind") + "</div></details>"
  ));
}
