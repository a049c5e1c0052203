/* The panel of the signed-in pages (staff, planning): its box on the map, the sign-in form and
   the line saying who is signed in. Each page names its parts with its own prefix
   ("izagis-staff": the form #izagis-staff-login, the button #izagis-staff-logout). */

import { el, esc } from "./dom.js";
import { _, fmt } from "./i18n.js";
import { state } from "./state.js";

/* The page's panel (made once): the box with id `id`, named `label` for screen readers;
   clicks and scrolls in it stay out of the map. */
export function panel(id, label) {
  let box = document.getElementById(id);
  if (!box) {
    box = el("section", "izagis-workspace " + id);
    box.id = id;
    box.setAttribute("aria-label", label);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    state.map.getContainer().appendChild(box);
  }
  return box;
}

/* The sign-in form in `box` under `title`, with `message` (or null) saying why it shows
   again; `login(email, password)` signs in (a promise), then `signedIn()` runs. A refusal
   shows the form again with the API's reason. */
export function signInForm(box, prefix, title, message, login, signedIn) {
  box.innerHTML = "<h2>" + esc(title) + "</h2>" +
    (message ? "<p class='izagis-error' role='alert'>" + esc(message) + "</p>" : "") +
    "<form id='" + prefix + "-login'><label>" + esc(_("E-mail")) +
    " <input name='email' type='email' autocomplete='username' required></label><label>" + esc(_("Password")) +
    " <input name='password' type='password' autocomplete='current-password' required></label>" +
    "<button type='submit'>" + esc(_("Sign in")) + "</button></form>";
  box.querySelector("form").onsubmit = (e) => {
    e.preventDefault();
    const form = e.target;
    login(form.email.value, form.password.value)
      .then(signedIn)
      .catch((err) => signInForm(box, prefix, title, err.reason || String(err), login, signedIn));
  };
}

/* Who is signed in, and the button that signs out (#`prefix`-logout). */
export function signedInBar(prefix, who) {
  return "<div class='izagis-workspace-who'>" + esc(fmt(_("Signed in as {email}"), {email: who.email})) +
    " <button type='button' id='" + prefix + "-logout'>" + esc(_("Sign out")) + "</button></div>";
}
