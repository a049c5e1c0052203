/* The staff page (/staff): after sign-in as staff or an admin, the pipeline (the funnel and
   the enquiry list), a form to record an enquiry, and one enquiry at a time with its stages,
   search, shortlist, comparison and holds, its sites on the map. Runs after main.js, which
   has built the map and its common layers. */

import * as sapi from "./staff-api.js";
import { esc, notify, report } from "./dom.js";
import { readHash, writeHash } from "./hash.js";
import { _ } from "./i18n.js";
import { panel as makePanel, signedInBar as panelBar, signInForm } from "./workspace.js";
import { openEnquiry } from "./staff-detail.js";
import { enquiryFormHtml, wireEnquiryForm } from "./staff-enquiry-form.js";
import { importHtml, wireImport } from "./staff-import.js";
import { clearAll } from "./staff-map.js";
import { enquiryList, showFunnel } from "./staff-pipeline.js";
import { state } from "./state.js";

const IZAGIS = window.IZAGIS;
// Set once this tab has signed in, so that an anonymous visit shows the form without first
// asking the server (whose 401 every browser logs as an error).
const SIGNED_IN = "izagis-staff-signed-in";
// Opens an enquiry while signed in: the address's "#enquiry=ID" changed by hand or a link.
let opener = null;

function panel() {
  return makePanel("izagis-staff", _("Staff workspace"));
}

function mark(value) {
  document.body.dataset.izagisStaff = value;
}

function loginForm(message) {
  signInForm(panel(), "izagis-staff", _("Staff: sign in"), message, sapi.login, () => {
    window.sessionStorage.setItem(SIGNED_IN, "1");
    return start();
  });
  mark("login");
}

/* The sign-in ended while working (expired, or signed out in another tab): the form again. */
sapi.session.ended = () => {
  signedOut();
  loginForm(_("Your sign-in has ended: please sign in again."));
};

function signedOut() {
  window.sessionStorage.removeItem(SIGNED_IN);
  sapi.session.who = sapi.session.csrf = null;
  opener = null;
  clearAll();
  writeHash({enquiry: null});
  loginForm(null);
}

function signedInBar(who) {
  return panelBar("izagis-staff", who);
}

function show(who) {
  const box = panel();
  box.innerHTML = signedInBar(who) + "<h2>" + esc(_("Investment promotion: pipeline and shortlists")) + "</h2>" +
    "<details open id='izagis-staff-funnel'><summary>" + esc(_("Pipeline")) + "</summary><div></div></details>" +
    "<details open id='izagis-staff-enquiries'><summary>" + esc(_("Enquiries")) + "</summary><div></div></details>" +
    "<details id='izagis-staff-new'><summary>" + esc(_("Record an enquiry")) + "</summary>" + enquiryFormHtml() + "</details>" +
    (who.role === "admin" ? importHtml() : "") +
    "<section id='izagis-staff-enquiry' aria-live='polite'></section>";
  box.querySelector("#izagis-staff-logout").onclick = () => {
    sapi.logout().then(signedOut).catch(report);
  };
  const funnelBox = box.querySelector("#izagis-staff-funnel > div");
  const listBox = box.querySelector("#izagis-staff-enquiries > div");
  const detail = box.querySelector("#izagis-staff-enquiry");

  const reloadList = enquiryList(listBox, open);

  function pipeline() {
    return Promise.all([sapi.funnel().then((f) => showFunnel(funnelBox, f)), reloadList()]).catch(report);
  }

  function open(id) {
    writeHash({enquiry: id});
    return openEnquiry(detail, id, pipeline).then(() => {
      const title = detail.querySelector("h3");  // none when another enquiry was asked for since
      if (title) {
        title.tabIndex = -1;  // the keyboard continues from the enquiry just opened
        title.focus();
        mark("enquiry");
      }
    }).catch(report);
  }

  opener = open;
  wireImport(box);
  wireEnquiryForm(box, (id) => {
    box.querySelector("#izagis-staff-new").open = false;
    pipeline();
    open(id);
  });
  return pipeline().then(() => {
    mark("1");
    const asked = Number(readHash().get("enquiry"));
    return asked > 0 ? open(asked) : null;
  });
}

function start() {
  if (!window.sessionStorage.getItem(SIGNED_IN)) {
    loginForm(null);
    return Promise.resolve(null);
  }
  return sapi.me().then((who) => {
    sapi.session.who = who;
    sapi.session.csrf = who.csrf_token;
    const sheet = document.getElementById("izagis-sheet");
    if (sheet) { sheet.style.display = "none"; }  // main.js's "please log in"
    if (who.role !== "staff" && who.role !== "admin") {
      panel().innerHTML = signedInBar(who) + "<p class='izagis-error'>" + esc(_("This page is for promotion staff and admins.")) + "</p>";
      panel().querySelector("#izagis-staff-logout").onclick = () => { sapi.logout().then(signedOut).catch(report); };
      mark("refused");
      return null;
    }
    state.plots.addTo(state.map);  // the plots' status, held ones as reserved
    return show(who);
  }).catch((err) => {
    if (err && err.status === 401) {
      window.sessionStorage.removeItem(SIGNED_IN);
      loginForm(null);
      return null;
    }
    notify(err.message || String(err));
    mark("failed");
    return null;
  });
}

window.addEventListener("hashchange", () => {
  const id = Number(readHash().get("enquiry"));
  if (opener && id > 0) { opener(id); }
});

/* The zones come with main.js's layers: the enquiry form's zone list needs them. */
const folded = document.getElementById("izagis-zonelist");
if (folded) { folded.open = false; }
IZAGIS.staff = Promise.resolve(IZAGIS.ready).then(start);
