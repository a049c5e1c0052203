/* Numbers, money and dates by Babel's (CLDR) rules for the page language: the server sends
   the symbols and patterns in config.format (web/i18n.py, number_format). */

import { config } from "./i18n.js";

const F = config.format;
const NONE = "—";

/* "#,##0.00 ¤" -> its literal prefix and suffix, grouping and fraction digits. */
function parse(pattern) {
  const m = pattern.split(";")[0].match(/^([^#0,.]*)([#0,.]+)(.*)$/);
  const body = m ? m[2] : "#,##0.###";
  const parts = body.split(".");
  const frac = parts[1] || "";
  return {
    prefix: m ? m[1] : "", suffix: m ? m[3] : "", grouping: parts[0].indexOf(",") >= 0,
    minFrac: (frac.match(/0/g) || []).length, maxFrac: frac.length
  };
}

function digits(value, minFrac, maxFrac, grouping) {
  let [whole, frac = ""] = Math.abs(value).toFixed(maxFrac).split(".");
  while (frac.length > minFrac && frac.endsWith("0")) { frac = frac.slice(0, -1); }
  if (grouping) { whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, F.group); }
  const negative = value < 0 && /[1-9]/.test(whole + frac);
  return (negative ? F.minus : "") + whole + (frac ? F.decimal + frac : "");
}

function missing(value) { return value == null || value === "" || !isFinite(Number(value)); }

/* A number with at most `maxFrac` decimals: 12345.6 -> "12,345.6" (en), "12.345,6" (vi). */
export function num(value, maxFrac) {
  if (missing(value)) { return NONE; }
  const p = parse(F.decimalPattern);
  return digits(Number(value), 0, maxFrac == null ? p.maxFrac : maxFrac, p.grouping);
}

/* A ratio as a percentage: 0.453 -> "45.3%" (en), "45,3%" (vi). */
export function percent(ratio, maxFrac) {
  if (missing(ratio)) { return NONE; }
  const p = parse(F.percentPattern);
  const sign = (s) => s.replace(/%/g, F.percentSign);
  return sign(p.prefix) + digits(100 * Number(ratio), 0, maxFrac || 0, p.grouping) + sign(p.suffix);
}

/* An amount of a currency: 80 USD -> "$80.00" (en), "80,00 US$" (vi). */
export function money(value, code) {
  if (missing(value)) { return NONE; }
  const p = parse(F.currencyPattern);
  const currency = F.currencies[code] || {symbol: code, digits: 2};
  const sign = (s) => s.replace(/¤/g, currency.symbol);
  return sign(p.prefix) + digits(Number(value), currency.digits, currency.digits, p.grouping) + sign(p.suffix);
}

/* An ISO date "2054-12-31" -> "December 31, 2054" (en), "31 tháng 12, 2054" (vi). */
export function date(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!m) { return iso ? String(iso) : NONE; }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return F.datePattern.replace(/'([^']*)'|d+|M+|y+/g, (token, literal) => {
    if (literal !== undefined) { return literal; }
    const pad = (n) => String(n).padStart(token.length, "0");
    switch (token[0]) {
      case "d": return pad(day);
      case "M": return token.length >= 4 ? F.months[month - 1] : token.length === 3 ? F.monthsShort[month - 1] : pad(month);
      default: return token.length === 2 ? String(year).slice(-2) : String(year);
    }
  });
}

/* "Gián Khẩu" -> "gian khau": to compare without diacritics or case. */
export function fold(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}
