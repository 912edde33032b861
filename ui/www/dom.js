// A tiny DOM builder. Text always goes in as text nodes: nothing from the kiosk is parsed as HTML.

import { keepTogether } from "./i18n.js";

// The customer screen turns this on: every text then goes through keepTogether, so no amount on
// any screen wraps or misses its decimal comma. The console shows receipts as printed: off there.
let amountsTogether = false;
export function keepAmountsTogether(on) {
  amountsTogether = on;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    const text = amountsTogether ? keepTogether(child) : String(child);
    node.append(child instanceof Node ? child : document.createTextNode(text));
  }
  return node;
}

// A label/value row; the value carries data-field so tests and styles can find it.
export function row(label, field, value) {
  return el("div", { class: "row" },
    el("span", { class: "label" }, label),
    el("span", { class: "value", "data-field": field }, value == null ? "—" : keepTogether(value)));
}

// A touch button: data-action (and data-value) tell the kiosk which touch it is.
export function actionButton(act, action, label, { value, kind = "secondary", disabled = false } = {}) {
  return el("button", {
    type: "button",
    class: `action ${kind}`,
    "data-action": action,
    "data-value": value,
    disabled,
    on: { click: () => act(action, value) },
  }, label);
}

// A message line for the customer (nothing when there is no text).
export function notice(text, kind = "info", field = "message") {
  return text ? el("p", { class: `notice ${kind}`, role: "alert", "data-field": field }, text) : null;
}

// An SVG document sent by the kiosk (a QR code) as an image; nothing unless it is an SVG.
export function svgImage(svg, field, cls) {
  if (typeof svg !== "string" || !svg.startsWith("<svg")) return null;
  return el("img", {
    class: cls,
    "data-field": field,
    alt: "",
    src: "data:image/svg+xml;base64," + btoa(svg),
  });
}

// A result screen's body: what happened (`main`) beside what to keep or do about it (`side`: the
// receipt, help). Side by side in landscape, one under the other in portrait (style.css).
export function resultColumns(main, side) {
  const kept = (nodes) => nodes.filter(Boolean);
  return el("div", { class: "result" },
    el("div", { class: "result-main" }, kept(main)),
    kept(side).length ? el("div", { class: "result-side" }, kept(side)) : null);
}
