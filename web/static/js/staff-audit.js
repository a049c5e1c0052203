/* For admins: an object's recorded changes (the database's audit log), oldest first, each
   with when, who, what was done and which fields changed from what to what. */

import * as sapi from "./staff-api.js";
import { esc } from "./dom.js";
import { date } from "./format.js";
import { _, label } from "./i18n.js";

const SKIP = new Set(["updated_at", "created_at"]);  // every change moves these

function shown(value) {
  if (value == null) { return "—"; }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/* The fields a change touched: "stage: new → qualified". */
function changes(row) {
  const before = row.before || {}, after = row.after || {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !SKIP.has(k) && shown(before[k]) !== shown(after[k]))
    .map((k) => "<li>" + esc(k + ": " + (row.action === "insert" ? "" : shown(before[k]) + " → ") + shown(after[k])) + "</li>").join("");
}

function entry(row) {
  return "<li><b>" + esc(label("audit_action", row.action)) + "</b> <span class='izagis-muted'>" +
    esc(date(row.at) + " " + String(row.at).slice(11, 16) + " · " + row.actor) + "</span><ul class='izagis-staff-changes'>" +
    changes(row) + "</ul></li>";
}

/* The history of `table`'s object `key` into `box`, fetched when it is first opened. */
export function auditSection(box, table, key) {
  box.innerHTML = "<details id='izagis-staff-audit'><summary>" + esc(_("Change history (audit log)")) + "</summary>" +
    "<ol class='izagis-staff-timeline'></ol></details>";
  const details = box.querySelector("details");
  details.addEventListener("toggle", () => {
    if (!details.open) { return; }
    const list = details.querySelector("ol");
    sapi.audit(table, key).then((rows) => {
      list.innerHTML = rows.length ? rows.map(entry).join("") : "<li class='izagis-muted'>" + esc(_("None")) + "</li>";
    }).catch((err) => {
      if (err.name !== "ApiError") { throw err; }
      list.innerHTML = "<li class='izagis-error'>" + esc(err.message) + "</li>";
    });
  });
}
