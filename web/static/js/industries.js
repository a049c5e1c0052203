/* VSIC 2018 industries (GET /api/v1/industries, from izagis/data/vsic2018.csv, loaded when
   first needed): their names in the page language, and the form's picker, which finds an
   industry by words in Vietnamese or English ("auto parts", "phụ tùng ô tô") or its code. */

import * as api from "./api.js";
import { esc } from "./dom.js";
import { fold } from "./format.js";
import { _, config, fmt } from "./i18n.js";

// The picker's and the enquiry form's styles come with this module, not with the page.
if (!document.getElementById("izagis-forms-css")) {
  const css = document.createElement("link");
  css.id = "izagis-forms-css";
  css.rel = "stylesheet";
  css.href = api.url("/static/forms.css");
  document.head.appendChild(css);
}
const MAX_HITS = 8;
let LIST = [];
let BY_CODE = new Map();
// Each industry's words, folded (no diacritics, lower case), for matching.
let WORDS = new Map();
let loading = null;

/* The list (GET /api/v1/industries), loaded once: titles in the page language where the list
   has one, else in the other language (marked so). */
export function loadIndustries() {
  if (!loading) {
    loading = api.getJSON("/api/v1/industries", _("The list of industries could not be loaded")).then((rows) => {
      LIST = rows.map((r) => {
        const own = config.lang === "vi" ? r.title_vi : r.title_en;
        const other = config.lang === "vi" ? r.title_en : r.title_vi;
        return {code: r.code, level: r.level, title: own || other, other: own ? other : "", keywords: r.keywords,
          lang: own ? config.lang : (config.lang === "vi" ? "en" : "vi")};
      });
      BY_CODE = new Map(LIST.map((i) => [i.code, i]));
      WORDS = new Map(LIST.map((i) => [i.code, fold([i.code, i.title, i.other, i.keywords].join(" "))
        .split(/[^0-9a-z]+/).filter(Boolean)]));
    }).catch((err) => {
      loading = null;  // tried again next time
      throw err;
    });
  }
  return loading;
}

/* "29 · Manufacture of motor vehicles, trailers and semi-trailers"; a title the list has
   only in the other language carries that language for screen readers. */
export function industryName(code) {
  const i = BY_CODE.get(code);
  if (!i) { return esc(code); }
  const title = i.lang === config.lang ? esc(i.title) : "<span lang='" + esc(i.lang) + "'>" + esc(i.title) + "</span>";
  return "<span class='izagis-industry' data-code='" + esc(code) + "'>" + esc(code) + " · " + title + "</span>";
}

/* Industries by name, one a line ("—" for none); by code while the list cannot be had. */
export function industryNames(codes) {
  return (codes || []).length ? codes.map(industryName).join("<br>") : "—";
}

/* The industries a query names, best first: a code or its beginning, else every word of the
   query beginning a word of the title, the other language's title or the search words. */
export function findIndustries(query) {
  const q = fold(query).trim();
  if (!q) { return []; }
  if (/^[0-9]+$/.test(q)) { return LIST.filter((i) => i.code.indexOf(q) === 0).slice(0, MAX_HITS); }
  const tokens = q.split(/[^0-9a-z]+/).filter(Boolean);
  const phrase = tokens.join(" ");
  const hits = LIST.filter((i) => tokens.every((t) => WORDS.get(i.code).some((w) => w.indexOf(t) === 0)));
  // The search words said as typed first ("auto parts"), then classes before divisions.
  const rank = (i) => (fold(i.keywords).indexOf(phrase) >= 0 ? 0 : 2) + (i.level === "class" ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_HITS);
}

/* The code the field holds: a code as typed, else the best match of its words; null when
   the words match nothing (the caller says so), "" when the field is empty. */
export function industryCode(text) {
  const value = String(text || "").trim();
  if (!value || /^[0-9]{2,5}$/.test(value)) { return value; }
  const hits = findIndustries(value);
  return hits.length ? hits[0].code : null;
}

/* Puts the best code for the words in the field `input` before a search is sent, even when
   the form went before the list (loaded on first use) arrived; words that match nothing keep
   the form and say why. Resolves to whether the search may go. */
export function asCode(input) {
  const text = input.value.trim();
  return loadIndustries().then(() => {
    const code = industryCode(text);
    input.setCustomValidity(code === null ? noIndustry(text) : "");
    if (code === null) {
      input.setAttribute("aria-invalid", "true");
      input.reportValidity();
      return false;
    }
    input.value = code;
    pickerOf(input).refresh();
    return true;
  });
}

export function noIndustry(text) {
  return fmt(_("No industry matches “{text}”"), {text: text});
}

/* Makes the text field `input` a picker: suggestions as a list box under it (arrows, Enter,
   Escape, or a click), the chosen industry's name under the field. Leaving the field takes
   the best suggestion; words that match nothing make the field invalid, so that its form
   is not sent (the browser says why). */
export function industryPicker(input) {
  const list = document.createElement("ul");
  list.id = input.id + "-list";
  list.className = "izagis-picker";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", _("Industries"));
  list.hidden = true;
  const chosen = document.createElement("div");
  chosen.id = input.id + "-name";
  chosen.className = "izagis-muted izagis-industry-name";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  // The suggestions lie over what follows the field, so that closing them moves nothing
  // (the field itself stays where it is: moving it would take its focus away).
  input.parentNode.classList.add("izagis-picker-box");
  input.insertAdjacentElement("afterend", chosen);
  input.insertAdjacentElement("afterend", list);
  let hits = [];
  let active = -1;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function name() {
    const value = input.value.trim();
    const isCode = /^[0-9]{2,5}$/.test(value);
    chosen.innerHTML = isCode && BY_CODE.has(value) ? industryName(value) : "";
    chosen.title = chosen.textContent;  // one line always (nothing below moves): all of it here
    const none = Boolean(value) && !isCode && !findIndustries(value).length;
    input.setCustomValidity(!value || isCode ? "" : (none ? noIndustry(value) : _("Choose an industry from the list")));
    if (none) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  function highlight(i) {
    active = i;
    Array.prototype.forEach.call(list.children, (li, n) => li.setAttribute("aria-selected", n === i ? "true" : "false"));
    if (i >= 0) { input.setAttribute("aria-activedescendant", list.children[i].id); }
  }

  function pick(i) {
    input.value = hits[i].code;
    close();
    name();
  }

  function open() {
    hits = /^[0-9]{2,5}$/.test(input.value.trim()) && BY_CODE.has(input.value.trim()) ? [] : findIndustries(input.value);
    list.innerHTML = hits.map((i, n) => "<li role='option' id='" + list.id + "-" + n + "' data-code='" + esc(i.code) +
      "' aria-selected='false'>" + industryName(i.code) + "</li>").join("");
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    active = -1;
    Array.prototype.forEach.call(list.children, (li, n) => {
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(n); });
    });
    name();
  }

  input.addEventListener("input", () => { loadIndustries().then(open, () => null); });
  input.addEventListener("blur", () => {
    if (hits.length && !/^[0-9]{2,5}$/.test(input.value.trim())) { pick(Math.max(active, 0)); }
    close();
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) { return; }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + hits.length) % hits.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      pick(Math.max(active, 0));
    } else if (e.key === "Escape") {
      close();
    }
  });
  const refresh = () => loadIndustries().then(name, () => null);
  // Set up while the field is in use: what was typed meanwhile is looked up now.
  if (input.value.trim()) { loadIndustries().then(document.activeElement === input ? open : name, () => null); }
  return {refresh: refresh};
}

const pickers = new WeakMap();

/* The picker of the field `input`, set up on first use. */
export function pickerOf(input) {
  if (!pickers.has(input)) { pickers.set(input, industryPicker(input)); }
  return pickers.get(input);
}
