/* Holds: a shortlisted site held for the enquiry until a day, a refusal said in words (which
   plot, held by whom for which enquiry until when), the enquiry's holds released, and every
   live hold listed. Days are Vietnam's calendar, as the API counts them. */

import { plotByCode } from "./api.js";
import * as sapi from "./staff-api.js";
import { esc, report } from "./dom.js";
import { date } from "./format.js";
import { _, fmt } from "./i18n.js";
import { clearLayer, freshLayer, siteShape } from "./staff-map.js";

const DAY = 24 * 3600 * 1000;
const VIETNAM = 7 * 3600 * 1000;  // UTC+7, no summer time
const HELD = {color: "#8a6d00", weight: 3, dashArray: "6 4", fillColor: "#ffd92f", fillOpacity: 0.6};

/* The day `days` from today in Vietnam, "YYYY-MM-DD". */
function dayFromToday(days) {
  return new Date(Date.now() + VIETNAM + days * DAY).toISOString().slice(0, 10);
}

/* A hold's last day: it ends at the next day's midnight in Vietnam. */
function lastDay(ends) {
  return ends ? new Date(Date.parse(ends) - 1 + VIETNAM).toISOString().slice(0, 10) : null;
}

function siteOf(item) {
  return item.plot_codes.join(" + ") + " (" + item.zone_code + ")";
}

/* Each conflicting hold in words, with its holder looked up. */
function heldWords(conflicts) {
  const holders = [...new Set(conflicts.map((c) => c.hold_id))].map((id) => sapi.hold(id).then((h) => [id, h.holder]));
  return Promise.all(holders).then((pairs) => {
    const holder = new Map(pairs);
    return conflicts.map((c) => fmt(_("Plot {plot} is already held by {holder} for enquiry {enquiry} until {until}."), {
      plot: c.plot_code, holder: holder.get(c.hold_id) || "—", enquiry: c.enquiry_id == null ? "—" : c.enquiry_id,
      until: c.until ? date(c.until) : "—"
    }));
  });
}

function refusal(err) {
  if (err.status === 409 && err.body && err.body.code === "plot_held" && err.body.conflicts) {
    return heldWords(err.body.conflicts).then((lines) => _("Refused: the site is held.") + " " + lines.join(" "));
  }
  return Promise.resolve(_("Refused:") + " " + err.reason);
}

/* The enquiry's held plots on the map, each labelled with its last day. */
function drawHolds(own) {
  if (!own.length) {
    clearLayer("holds");
    return null;
  }
  const layer = freshLayer("holds", _("Held for this enquiry"));
  const plots = own.flatMap((h) => h.plot_codes.map((code) => [code, h]));
  return Promise.all(plots.map(([code, h]) => plotByCode(code).then((fc) => {
    fc.features.forEach((f) => {
      siteShape(layer, f.geometry, HELD, fmt(_("{plots}: held until {until}"), {plots: code, until: date(lastDay(h.ends))}),
        "izagis-staff-held");
    });
  })));
}

function holdLine(h, releasable) {
  return "<li data-hold='" + esc(h.id) + "'>" + esc(fmt(_("{plots}: held by {holder} for enquiry {enquiry} until {until}"), {
    plots: h.plot_codes.join(" + "), holder: h.holder, enquiry: h.enquiry_id == null ? "—" : h.enquiry_id, until: date(lastDay(h.ends))
  })) + (releasable ? " <button type='button' class='izagis-staff-release' aria-label='" +
    esc(fmt(_("Release the hold on {plots}"), {plots: h.plot_codes.join(" + ")})) + "'>" + esc(_("Release")) + "</button>" : "") + "</li>";
}

/* The holds section of enquiry `ctx` in `box`. */
export function holdsSection(box, ctx) {
  box.innerHTML = "<form id='izagis-staff-hold-form'><label>" + esc(_("Site from the shortlist")) +
    " <select name='site' required></select></label><label>" + esc(_("Held until (last day)")) + " <input type='date' name='until' required min='" +
    dayFromToday(0) + "' value='" + dayFromToday(14) + "'></label><button type='submit'>" + esc(_("Hold the site")) + "</button></form>" +
    "<div id='izagis-staff-hold-status' role='status' aria-live='polite'></div>" +
    "<h4>" + esc(_("This enquiry's holds")) + "</h4><ul id='izagis-staff-enquiry-holds' class='izagis-staff-holds'></ul>" +
    "<details id='izagis-staff-all-holds'><summary>" + esc(_("Every live hold")) + "</summary><ul class='izagis-staff-holds'></ul></details>";
  const form = box.querySelector("#izagis-staff-hold-form");
  const status = box.querySelector("#izagis-staff-hold-status");
  const mine = box.querySelector("#izagis-staff-enquiry-holds");
  const all = box.querySelector("#izagis-staff-all-holds");

  function load() {
    return Promise.all([sapi.holds(ctx.id), sapi.holds(null)]).then(([own, live]) => {
      mine.innerHTML = own.length ? own.map((h) => holdLine(h, true)).join("") : "<li class='izagis-muted'>" + esc(_("None")) + "</li>";
      all.querySelector("ul").innerHTML = live.length ? live.map((h) => holdLine(h, false)).join("") :
        "<li class='izagis-muted'>" + esc(_("None")) + "</li>";
      mine.querySelectorAll(".izagis-staff-release").forEach((b) => {
        b.onclick = () => sapi.releaseHold(Number(b.closest("li").dataset.hold)).then(() => {
          status.textContent = _("The hold was released.");
          return load();
        }).catch(report);
      });
      return drawHolds(own);
    }).catch(report);
  }

  function sites(items) {
    form.site.innerHTML = items.map((i) => "<option value='" + esc(i.id) + "'>" + esc(siteOf(i)) + "</option>").join("");
    form.querySelector("button").disabled = !items.length;
  }

  form.onsubmit = (e) => {
    e.preventDefault();
    const item = ctx.items.find((i) => i.id === Number(form.site.value));
    if (!item) { return null; }
    status.textContent = _("Saving…");
    return sapi.placeHold(ctx.id, item.plot_codes, form.until.value).then((h) => {
      status.innerHTML = "<p id='izagis-staff-held'>" + esc(fmt(_("Held: {plots} until {until}."),
        {plots: h.plot_codes.join(" + "), until: date(lastDay(h.ends))})) + "</p>";
      ctx.stageChanged();
      return load();
    }).catch((err) => {
      if (err.name !== "ApiError") { throw err; }
      return refusal(err).then((words) => {
        status.innerHTML = "<p class='izagis-error' id='izagis-staff-hold-refused'>" + esc(words) + "</p>";
      });
    });
  };
  ctx.itemsChanged.push(sites);
  sites(ctx.items);
  return load();
}
