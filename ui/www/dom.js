// A tiny DOM builder. Text always goes in as text nodes: nothing from the kiosk is parsed as HTML.

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
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A label/value row; the value carries data-field so tests and styles can find it.
export function row(label, field, value) {
  return el("div", { class: "row" },
    el("span", { class: "label" }, label),
    el("span", { class: "value", "data-field": field }, value ?? "—"));
}
