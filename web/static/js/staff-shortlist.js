/* An enquiry's shortlist in the staff's order: each site with its note, moved up or down or
   removed, ticked for the comparison; and the downloads (CSV, GeoJSON, the proposal PDF). */

import * as sapi from "./staff-api.js";
import { esc, report } from "./dom.js";
import { num } from "./format.js";
import { _, fmt } from "./i18n.js";

function item(i, n, count, ticked) {
  const site = i.plot_codes.join(" + ");
  const button = (cls, text, aria, disabled) => "<button type='button' class='" + cls + "' aria-label='" + esc(fmt(aria, {site: site})) +
    "'" + (disabled ? " disabled" : "") + ">" + text + "</button>";
  return "<li data-item='" + esc(i.id) + "'><label class='izagis-check'><input type='checkbox' class='izagis-staff-tick'" +
    (ticked ? " checked" : "") + "> <b>" + esc(i.zone_code) + "</b> " + esc(site) + "</label> · " + esc(num(i.area_ha, 2)) + " ha " +
    (i.note ? "<div class='izagis-reasons'>" + esc(i.note) + "</div>" : "") +
    "<span class='izagis-staff-moves'>" + button("izagis-staff-up", "↑", _("Move {site} up"), n === 0) +
    button("izagis-staff-down", "↓", _("Move {site} down"), n === count - 1) +
    button("izagis-staff-remove", esc(_("Remove")), _("Remove {site} from the shortlist"), false) + "</span></li>";
}

function downloads(id) {
  const link = (name, text) => "<a href='" + esc(sapi.download(id, name)) + "' download>" + esc(text) + "</a>";
  return "<p class='izagis-staff-downloads'>" + esc(_("Download:")) + " " + link("shortlist.csv", "CSV") + " · " +
    link("shortlist.geojson", "GeoJSON") + " · " + link("proposal.pdf", _("Proposal (PDF)")) + "</p>";
}

/* The shortlist section of enquiry `ctx` in `box`. */
export function shortlistSection(box, ctx) {
  const ticked = new Set();

  function draw(items) {
    ctx.items = items;
    const ids = new Set(items.map((i) => i.id));
    [...ticked].filter((t) => !ids.has(t)).forEach((t) => ticked.delete(t));
    box.innerHTML = items.length
      ? "<ol class='izagis-staff-shortlist' id='izagis-staff-shortlist-list'>" +
        items.map((i, n) => item(i, n, items.length, ticked.has(i.id))).join("") + "</ol>" + downloads(ctx.id)
      : "<p class='izagis-muted'>" + esc(_("No site on the shortlist yet: search, then add sites.")) + "</p>";
    box.querySelectorAll("li[data-item]").forEach((li) => {
      const i = items.find((x) => x.id === Number(li.dataset.item));
      li.querySelector(".izagis-staff-tick").onchange = (e) => {
        if (e.target.checked) { ticked.add(i.id); } else { ticked.delete(i.id); }
      };
      li.querySelector(".izagis-staff-up").onclick = () => change(sapi.changeItem(ctx.id, i.id, {position: i.position - 1}), li, ".izagis-staff-up");
      li.querySelector(".izagis-staff-down").onclick = () => change(sapi.changeItem(ctx.id, i.id, {position: i.position + 1}), li, ".izagis-staff-down");
      li.querySelector(".izagis-staff-remove").onclick = () => change(sapi.removeItem(ctx.id, i.id), li, null);
    });
    ctx.itemsChanged.forEach((redraw) => redraw(items));
  }

  /* After a change, the list again, with the focus on the same button of the moved site. */
  function change(request, li, focus) {
    const id = li.dataset.item;
    return request.then(load).then(() => {
      const again = box.querySelector("li[data-item='" + id + "'] " + (focus || "")) || box.querySelector("li button");
      if (again && !again.disabled) { again.focus(); }
    }).catch(report);
  }

  function load() {
    return sapi.shortlist(ctx.id).then(draw).catch(report);
  }

  ctx.shortlistChanged = load;
  ctx.ticked = () => ctx.items.filter((i) => ticked.has(i.id)).map((i) => i.id);
  return load();
}
