/* The pipeline: the funnel (enquiries per stage, and per month the stages they entered) and
   the enquiry list, filtered by stage and paged, each enquiry a button that opens it. */

import * as sapi from "./staff-api.js";
import { esc, report } from "./dom.js";
import { date, num } from "./format.js";
import { _, config, fmt, label, vocabulary } from "./i18n.js";

const PAGE = 25;
const MONTHS = 12;  // the newest months shown in the table

function th(text) { return "<th scope='col'>" + esc(text) + "</th>"; }

/* "2026-03" -> "Mar 2026" / "thg 3 2026", by Babel's month names. */
function monthName(month) {
  const [year, m] = month.split("-").map(Number);
  return config.format.monthsShort[m - 1] + " " + year;
}

function stageBars(stages) {
  const counts = new Map(stages.map((s) => [s.stage, s.count]));
  const most = Math.max(1, ...stages.map((s) => s.count));
  return "<table class='izagis-staff-funnel'><caption class='izagis-visually-hidden'>" + esc(_("Enquiries per stage")) +
    "</caption>" + vocabulary("enquiry_stage").map((v) => {
    const n = counts.get(v.value) || 0;
    return "<tr data-stage='" + esc(v.value) + "'><th scope='row'>" + esc(v.label) + "</th><td><span class='izagis-staff-bar' style='width:" +
      (100 * n / most).toFixed(1) + "%'></span></td><td class='izagis-staff-count'>" + esc(num(n, 0)) + "</td></tr>";
  }).join("") + "</table>";
}

function monthTable(months) {
  const names = [...new Set(months.map((m) => m.month))].sort().slice(-MONTHS);
  if (!names.length) { return "<p class='izagis-muted'>" + esc(_("No enquiry has entered a stage yet.")) + "</p>"; }
  const count = new Map(months.map((m) => [m.month + " " + m.stage, m.count]));
  const stages = vocabulary("enquiry_stage");
  return "<div class='izagis-staff-scroll'><table class='izagis-staff-table' id='izagis-staff-months'><caption>" +
    esc(_("Stages entered per month")) + "</caption><thead><tr>" + th(_("Month")) + stages.map((v) => th(v.label)).join("") +
    "</tr></thead><tbody>" + names.map((month) => "<tr><th scope='row'>" + esc(monthName(month)) + "</th>" +
      stages.map((v) => "<td>" + esc(num(count.get(month + " " + v.value) || 0, 0)) + "</td>").join("") + "</tr>").join("") +
    "</tbody></table></div>";
}

/* The funnel into `box`. */
export function showFunnel(box, funnel) {
  box.innerHTML = stageBars(funnel.stages) + monthTable(funnel.months);
}

function row(e) {
  return "<tr><td>" + esc(e.id) + "</td><th scope='row'><button type='button' class='izagis-zone-open' data-enquiry='" +
    esc(e.id) + "'>" + esc(e.company) + "</button></th><td>" + esc(e.country || "—") + "</td><td>" +
    esc(label("enquiry_stage", e.stage)) + "</td><td>" + esc(date(e.created_at)) + "</td></tr>";
}

/* The enquiry list into `box`, filtered by its stage selector; `open(id)` opens one. The
   answer loads (or reloads) the list, keeping the stage chosen and the length shown. */
export function enquiryList(box, open) {
  const state = {stage: "", shown: PAGE};
  box.innerHTML = "<label>" + esc(_("Stage")) + " <select id='izagis-staff-stage-filter'><option value=''>" +
    esc(_("All stages")) + "</option>" + vocabulary("enquiry_stage").map((v) => "<option value='" + esc(v.value) + "'>" +
    esc(v.label) + "</option>").join("") + "</select></label><div id='izagis-staff-list' aria-live='polite'></div>";
  const out = box.querySelector("#izagis-staff-list");

  function load() {
    return sapi.enquiries(state.stage, state.shown, 0).then((page) => {
      out.innerHTML = page.items.length
        ? "<p class='izagis-muted'>" + esc(fmt(_("{shown} of {total} enquiries"), {shown: num(page.items.length, 0), total: num(page.total, 0)})) +
          "</p><div class='izagis-staff-scroll'><table class='izagis-staff-table izagis-staff-enquiries'><thead><tr>" + th("#") + th(_("Company")) +
          th(_("Country")) + th(_("Stage")) + th(_("Recorded")) + "</tr></thead><tbody>" + page.items.map(row).join("") + "</tbody></table></div>" +
          (page.total > page.items.length ? "<button type='button' id='izagis-staff-more'>" + esc(_("Show more enquiries")) + "</button>" : "")
        : "<p class='izagis-muted'>" + esc(_("No enquiry at this stage.")) + "</p>";
      out.querySelectorAll("button[data-enquiry]").forEach((b) => { b.onclick = () => open(Number(b.dataset.enquiry)); });
      const more = out.querySelector("#izagis-staff-more");
      if (more) {
        more.onclick = () => {
          state.shown += PAGE;
          load();
        };
      }
    }).catch(report);
  }

  box.querySelector("#izagis-staff-stage-filter").onchange = (e) => {
    state.stage = e.target.value;
    state.shown = PAGE;
    load();
  };
  return load;
}
