/* The site search with an enquiry's needs (at most two sites of a zone): ranked candidates in
   a list and on the map, weight sliders for the next search, and each candidate added to the
   shortlist with a note. */

import * as sapi from "./staff-api.js";
import { el, esc } from "./dom.js";
import { num, percent } from "./format.js";
import { _, fmt, label, vocabulary } from "./i18n.js";
import { fit, freshLayer, siteShape } from "./staff-map.js";
import { state } from "./state.js";

const STYLE = {color: "#ff00aa", weight: 3, fillOpacity: 0.2};
const LIT = {color: "#b30059", weight: 6};

function sliders(box, answer, custom, rerun) {
  const names = vocabulary("criterion").filter((v) => v.value in answer.weights);
  box.innerHTML = "<p class='izagis-muted'>" + esc(custom.weights ? _("Your weights (used in this search)") :
    fmt(_("The weights of the profile {profile}"), {profile: answer.profile})) + "</p>" +
    names.map((v) => "<label class='izagis-slider'>" + esc(v.label) + " <output>" + esc(percent(answer.weights[v.value], 0)) +
      "</output><input type='range' min='0' max='1' step='0.01' data-criterion='" + esc(v.value) + "' value='" +
      esc(answer.weights[v.value]) + "'></label>").join("") +
    "<button type='button' class='izagis-staff-rerun'>" + esc(_("Search again with these weights")) + "</button> " +
    "<button type='button' class='izagis-staff-reset'" + (custom.weights ? "" : " disabled") + ">" +
    esc(_("Restore the profile's weights")) + "</button>";
  const inputs = box.querySelectorAll("input[type=range]");
  inputs.forEach((input) => {
    input.addEventListener("input", () => {
      custom.weights = {};
      inputs.forEach((i) => { custom.weights[i.dataset.criterion] = Number(i.value); });
      input.previousElementSibling.textContent = percent(Number(input.value), 0);
    });
  });
  box.querySelector(".izagis-staff-rerun").onclick = rerun;
  box.querySelector(".izagis-staff-reset").onclick = () => {
    custom.weights = null;
    rerun();
  };
}

/* The three criteria that gave the most. */
function mostFrom(c) {
  return Object.keys(c.criteria).map((k) => [k, c.criteria[k].contribution]).filter((kv) => kv[1] > 0)
    .sort((a, b) => b[1] - a[1]).slice(0, 3).map((kv) => label("criterion", kv[0]) + " " + num(kv[1], 3)).join(", ");
}

function candidate(c) {
  const codes = c.plot_codes.join(" + ");
  return "<button type='button' class='izagis-zone-open izagis-staff-show'>#" + esc(c.rank) + " " + esc(c.zone_code) + "</button> " + esc(codes) + " · " + esc(num(c.area_ha, 2)) + " ha · " +
    esc(_("Score")) + " " + esc(num(c.score, 3)) + "<div class='izagis-reasons'>" + esc(fmt(_("Most from: {parts}"), {parts: mostFrom(c)})) +
    "</div><form class='izagis-staff-add izagis-staff-inline'><label>" + esc(fmt(_("Note for {site}"), {site: codes})) +
    " <input name='note' type='text' maxlength='500'></label> <button type='submit'>" +
    esc(_("Add to the shortlist")) + "</button></form>";
}

function draw(out, answer, ctx) {
  const layer = freshLayer("candidates", _("Sites found for the enquiry"));
  const list = el("ol", "izagis-candidates izagis-staff-candidates");
  answer.candidates.forEach((c) => {
    const shape = siteShape(layer, c.geometry, STYLE, "#" + c.rank, "izagis-staff-candidate");
    const item = el("li", "izagis-candidate", candidate(c));
    item.value = c.rank;
    item.dataset.plots = c.plot_codes.join(" ");
    const light = (on) => { shape.setStyle(on ? LIT : STYLE); item.classList.toggle("izagis-lit", on); };
    item.addEventListener("mouseenter", () => light(true));
    item.addEventListener("mouseleave", () => light(false));
    item.querySelector(".izagis-staff-show").onclick = () => state.map.fitBounds(shape.getBounds(), {maxZoom: 16});
    item.querySelector("form").onsubmit = (e) => {
      e.preventDefault();
      const button = e.target.querySelector("button");
      button.disabled = true;
      sapi.addToShortlist(ctx.id, c.plot_codes, e.target.note.value.trim()).then(() => {
        button.textContent = _("On the shortlist");
        ctx.shortlistChanged();
        ctx.stageChanged();
      }).catch((err) => {
        button.disabled = false;
        if (err.name !== "ApiError") { throw err; }
        e.target.appendChild(el("div", "izagis-error", esc(err.message)));
      });
    };
    list.appendChild(item);
  });
  out.appendChild(list);
  if (answer.held_back > 0) {
    out.appendChild(el("div", "izagis-why izagis-held-back",
      esc(fmt(_("{n} more sites in the same zones are not shown"), {n: num(answer.held_back, 0)}))));
  }
  fit(layer);
}

/* The search section of enquiry `ctx` in `box`. */
export function searchSection(box, ctx) {
  // The weights staff set belong to the enquiry's context: the comparison scores with them too.
  const custom = ctx;
  ctx.weights = null;
  box.innerHTML = "<button type='button' id='izagis-staff-search-run'>" + esc(_("Search for sites")) + "</button>" +
    "<details class='izagis-more-needs' id='izagis-staff-weights-box'><summary>" + esc(_("Weights")) + "</summary>" +
    "<div id='izagis-staff-weights'><p class='izagis-muted'>" + esc(_("Search once to see the profile's weights.")) + "</p></div></details>" +
    "<div id='izagis-staff-search-status' class='izagis-status' role='status' aria-live='polite'></div><div id='izagis-staff-found'></div>";
  const status = box.querySelector("#izagis-staff-search-status");
  const out = box.querySelector("#izagis-staff-found");
  const run = box.querySelector("#izagis-staff-search-run");

  function search() {
    run.disabled = true;
    out.innerHTML = "";
    status.innerHTML = "<span class='izagis-spinner' aria-hidden='true'></span>" + esc(_("Searching…"));
    return sapi.search(ctx.id, custom.weights).then((answer) => {
      run.disabled = false;
      status.textContent = answer.candidates.length
        ? fmt(_("{n} sites found ({passed} met every need)"), {n: num(answer.candidates.length, 0), passed: num(answer.passed, 0)})
        : _("No site meets these needs");
      sliders(box.querySelector("#izagis-staff-weights"), answer, custom, search);
      draw(out, answer, ctx);
    }).catch((err) => {
      run.disabled = false;
      if (err.name !== "ApiError") { throw err; }
      status.innerHTML = "<span class='izagis-error'>" + esc(err.message) + "</span>";
    });
  }

  run.onclick = search;
}
