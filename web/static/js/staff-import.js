/* Admins' import of one layer on the staff page, the same as `izagis import`: a file and its
   options, checked as a dry run first (the default), then written on request. The report is the
   API's: what every feature needs fixed, and the change set (added, changed with the fields,
   retired, kept). Nothing is written unless the report says "applied". */

import * as sapi from "./staff-api.js";
import { esc } from "./dom.js";
import { num } from "./format.js";
import { _, config, fmt } from "./i18n.js";

// Rows of findings and of changes shown; the rest are counted (the CLI's --report has all).
const SHOWN = 200;

function check(name, label, on) {
  return "<label class='izagis-check'><input type='checkbox' name='" + name + "'" + (on ? " checked" : "") +
    "> " + esc(label) + "</label>";
}

/* The import form, for admins only. */
export function importHtml() {
  const layers = config.importLayers.map((l) => "<option value='" + esc(l.value) + "'>" + esc(l.label) + "</option>").join("");
  return "<details id='izagis-staff-import'><summary>" + esc(_("Import data")) + "</summary>" +
    "<form id='izagis-import-form'>" +
    "<label>" + esc(_("Layer")) + " <select name='layer'>" + layers + "</select></label>" +
    "<label>" + esc(_("File (GeoJSON, GeoPackage, zipped Shapefile, KML or CSV)")) +
    " <input name='file' type='file' required accept='.geojson,.json,.gpkg,.zip,.kml,.csv'></label>" +
    "<label>" + esc(_("Field mapping (YAML or JSON, optional)")) + " <input name='mapping' type='file' accept='.yaml,.yml,.json'></label>" +
    "<label>" + esc(_("Layer in the file (a GeoPackage of several; optional)")) +
    " <input name='layer_name' pattern='[A-Za-z0-9_.-]+'></label>" +
    "<label>" + esc(_("CRS, for a file that states none (e.g. EPSG:5897)")) +
    " <input name='crs' pattern='EPSG:[0-9]{4,5}' placeholder='EPSG:5897'></label>" +
    "<label>" + esc(_("Statuses took effect on")) + " <input name='as_of' type='date'></label>" +
    check("dry_run", _("Check only (dry run): write nothing"), true) +
    check("retire_missing", _("Retire what the file no longer has"), false) +
    check("force", _("Also retire held, leased or occupied plots"), false) +
    check("take_statuses", _("Take the file's statuses for existing plots"), false) +
    check("strict", _("Refuse invalid geometries instead of repairing them"), false) +
    "<button type='submit'>" + esc(_("Upload and check")) + "</button></form>" +
    "<progress hidden max='1' value='0'></progress>" +
    "<div class='izagis-import-report' role='status' aria-live='polite'></div></details>";
}

function params(form) {
  const query = new URLSearchParams();
  for (const name of ["dry_run", "retire_missing", "force", "take_statuses", "strict"]) {
    if (form.elements[name].checked) { query.set(name, "true"); }
  }
  for (const name of ["crs", "as_of", "layer_name"]) {
    if (form.elements[name].value) { query.set(name, form.elements[name].value); }
  }
  return query;
}

function table(caption, head, rows, total) {
  if (!total) { return ""; }
  const more = total > rows.length ? "<p>" + esc(fmt(_("and {n} more"), {n: num(total - rows.length, 0)})) + "</p>" : "";
  return "<table><caption>" + esc(caption) + "</caption><thead><tr>" +
    head.map((h) => "<th scope='col'>" + esc(h) + "</th>").join("") + "</tr></thead><tbody>" +
    rows.map((r) => "<tr>" + r.map((c) => "<td>" + esc(c) + "</td>").join("") + "</tr>").join("") +
    "</tbody></table>" + more;
}

function outcome(report) {
  if (report.applied) { return _("Imported: the changes below are written."); }
  if (!report.ok) { return _("Nothing was written: fix the errors below and upload the file again."); }
  return _("Dry run: nothing was written. Import the file to apply the changes below.");
}

function showReport(out, report) {
  const c = report.counts;
  const changes = report.changes;
  out.innerHTML = "<p class='" + (report.ok ? "izagis-ok" : "izagis-error") + "'>" + esc(outcome(report)) + "</p>" +
    "<p>" + esc(fmt(_("{file} ({crs}): {features} features; {added} added, {changed} changed, {retired} retired, {kept} kept, {unchanged} unchanged."), {
      file: report.file, crs: report.source_crs || "—", features: num(report.features, 0), added: num(c.added, 0),
      changed: num(c.changed, 0), retired: num(c.retired, 0), kept: num(c.kept, 0), unchanged: num(c.unchanged, 0)
    })) + "</p>" +
    table(_("Findings"), [_("Feature"), _("Code"), _("Problem"), _("Severity"), _("What was done")],
      report.issues.slice(0, SHOWN).map((i) => [i.feature === null ? "" : String(i.feature), i.source_id, i.problem, i.severity, i.action]),
      report.issues.length) +
    table(_("Changes"), [_("Code"), _("Change"), _("Fields")],
      changes.slice(0, SHOWN).map((x) => [x.code, x.change, (x.details.length ? x.details : x.fields).join("; ")]), changes.length);
  if (report.ok && report.dry_run) {
    const apply = document.createElement("button");
    apply.type = "button";
    apply.id = "izagis-import-apply";
    apply.textContent = _("Import these changes");
    out.appendChild(apply);
    return apply;
  }
  return null;
}

/* Wires the form inside `box`, if the page shows it. */
export function wireImport(box) {
  const form = box.querySelector("#izagis-import-form");
  if (!form) { return; }
  const bar = box.querySelector("#izagis-staff-import progress");
  const out = box.querySelector("#izagis-staff-import .izagis-import-report");

  /* Sends what the form holds now; "Import these changes" sends exactly what its dry run
     checked (the same file, mapping and options), never the form as changed since. */
  function send(dryRun, checked) {
    const sent = checked || {
      layer: form.elements.layer.value, query: params(form),
      file: form.elements.file.files[0], mapping: form.elements.mapping.files[0] || null
    };
    const query = new URLSearchParams(sent.query);
    if (dryRun) { query.set("dry_run", "true"); } else { query.delete("dry_run"); }
    const body = new FormData();
    body.append("file", sent.file);
    if (sent.mapping) { body.append("mapping", sent.mapping); }
    form.querySelector("button[type=submit]").disabled = true;
    bar.hidden = false;
    bar.removeAttribute("value");  // indeterminate until the upload reports its size
    out.textContent = _("Uploading and checking…");
    return sapi.uploadImport(sent.layer, body, query, (done, total) => {
      bar.max = total;
      bar.value = done;
      if (done >= total) {
        bar.removeAttribute("value");  // the server is checking now
        out.textContent = _("Uploaded; checking every feature…");
      }
    }).then((report) => {
      const apply = showReport(out, report);
      if (apply) { apply.onclick = () => send(false, sent); }
    }).catch((err) => {
      out.innerHTML = "<p class='izagis-error' role='alert'>" + esc(err.message || String(err)) + "</p>";
    }).finally(() => {
      bar.hidden = true;
      form.querySelector("button[type=submit]").disabled = false;
    });
  }

  form.onsubmit = (e) => {
    e.preventDefault();
    send(form.elements.dry_run.checked);
  };
}
