/* The page's words and vocabularies, all from the page config that the server writes
   (web/pages.py): `_()` looks up the page language's catalogue, `label()` a vocabulary. */

export const config = window.IZAGIS.config;

/* The translation of an English message (marked for extraction by Babel, see babel.cfg). */
export function _(message) {
  return Object.prototype.hasOwnProperty.call(config.messages, message) ? config.messages[message] : message;
}

/* "Plot {code}" with {code: "GK-001"} -> "Plot GK-001". */
export function fmt(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

const lookup = {};
Object.keys(config.vocab).forEach((name) => {
  lookup[name] = new Map(config.vocab[name].map((entry) => [entry.value, entry.label]));
});

/* The values of a vocabulary, in the server's order: [{value, label}]. */
export function vocabulary(name) {
  return config.vocab[name] || [];
}

/* The label of one value; an unknown value shows as itself. */
export function label(name, value) {
  const labels = lookup[name];
  return labels && labels.has(value) ? labels.get(value) : String(value);
}

/* A feature kind or place that a distance is measured to. */
export function placeLabel(kind) {
  const vocab = ["infrastructure_kind", "constraint_kind", "place"].find((n) => lookup[n] && lookup[n].has(kind));
  return vocab ? label(vocab, kind) : String(kind);
}

/* The style of a value (server-side presentation data), or its vocabulary's neutral one. */
export function styleOf(name, value) {
  const styles = config.styles[name] || {values: {}, fallback: {}};
  return Object.assign({}, styles.values[value] || styles.fallback);
}

/* "KCN Gián Khẩu" / "Gian Khau Industrial Zone" -> "Gián Khẩu" / "Gian Khau", for labels. */
export function shortNameOf(props) {
  return nameOf(props).replace(/^KCN\s+/, "").replace(/\s+Industrial Zone$/, "");
}

/* A zone's or feature's name in the page language. */
export function nameOf(props) {
  return config.lang === "en" ? (props.name_en || props.name || props.name_vi) : (props.name_vi || props.name);
}
