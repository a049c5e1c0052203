/* The workers planned at the regional minimum wage (GET /api/v1/labour-cost): a year's wages
   from the lowest region to the highest, with the decree the rates come from; loaded with the
   first search that states its workers. */

import * as api from "./api.js";
import { el, esc, report } from "./dom.js";
import { money, num } from "./format.js";
import { _, fmt } from "./i18n.js";

/* Adds the estimate to the summary above the results in `out`. */
export function showLabour(out, jobs) {
  const summary = out.querySelector(".izagis-summary");
  const failure = _("The labour cost could not be estimated");
  return api.getJSON("/api/v1/labour-cost?jobs=" + encodeURIComponent(jobs), failure).then((c) => {
    const regions = c.wages.map((w) => w.region);
    summary.appendChild(el("div", "izagis-labour", esc(fmt(
      _("Labour at the minimum wage: {jobs} workers cost {low}–{high} a year in wages alone (regions {lowest}–{highest} of {source}; the site's region is not on file)."),
      {jobs: num(c.jobs, 0), low: money(c.low_vnd, "VND"), high: money(c.high_vnd, "VND"),
        lowest: regions[regions.length - 1], highest: regions[0], source: c.source}
    ))));
  }).catch(report);
}
