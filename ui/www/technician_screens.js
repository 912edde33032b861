// The technician's screens, opened by a badge QR (kiosk/runtime/technician_desk.hpp): the badge
// scan, a refusal, the PIN keypad and the technician screen. (lang, data, act) -> DOM nodes, like
// screens.js. The kiosk decides everything (which actions the badge permits, what a result was);
// the page only gathers the typed PIN and counts and sends them in one touch.

import { actionButton as button, el, notice, row } from "./dom.js";
import { t } from "./i18n.js";

// The small "Service" control on the welcome and out-of-service screens (a technician's way in;
// not meant for customers, so it stays out of the way in a corner).
export function serviceButton(lang, data, act, value) {
  if (!data.service) return null;
  return el("button", {
    type: "button",
    class: "action service-entry",
    "data-action": "service",
    "data-value": value,
    on: { click: () => act("service", value) },
  }, t(lang, "tech.service"));
}

const REFUSALS = ["malformed", "bad_signature", "wrong_kiosk", "expired", "pin_locked",
  "customer_in_session", "mode_refused", "journal_unwritable"];

function scan(lang, data, act) {
  return [
    el("h1", {}, t(lang, "tech.scan_title")),
    el("div", { class: "qr-frame", "aria-hidden": "true" },
      el("img", { class: "camera-preview", "data-field": "camera_preview", alt: "", hidden: true })),
    el("p", { class: "instruction" }, t(lang, "tech.scan_instruction")),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "action.cancel"))),
  ];
}

function refused(lang, data, act) {
  const reason = REFUSALS.includes(data.reason) ? data.reason : "unknown";
  return [
    el("h1", {}, t(lang, "tech.refused_title")),
    notice(t(lang, "tech.refused." + reason), "warning", "reason"),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "tech.back"))),
  ];
}

// Digits typed on the page, shown as dots, sent once on Enter; nothing is kept after.
function keypad(onKey) {
  const keys = ["1", "2", "3", "⌫", "4", "5", "6", "0", "7", "8", "9"];
  return el("div", { class: "keypad digits" }, keys.map((k) => el("button", {
    type: "button",
    class: "action secondary key",
    "data-key": k,
    on: { click: () => onKey(k) },
  }, k)));
}

function pin(lang, data, act) {
  let typed = "";
  const dots = el("div", { class: "code-entry", "data-field": "pin_dots" }, "—");
  const go = el("button", {
    type: "button",
    class: "action primary",
    "data-action": "pin",
    disabled: true,
    on: { click: () => { if (typed.length >= 4) act("pin", typed); typed = ""; update(); } },
  }, t(lang, "tech.pin_submit"));
  function update() {
    dots.textContent = typed ? "•".repeat(typed.length) : "—";
    go.disabled = typed.length < 4;
  }
  const tries = Number.isInteger(data.tries_left) ? data.tries_left : null;
  return [
    el("h1", {}, t(lang, "tech.pin_title")),
    el("p", { class: "subtitle", "data-field": "technician" }, t(lang, "tech.pin_for", { id: data.technician ?? "" })),
    tries !== null ? notice(t(lang, "tech.pin_tries_left", { n: tries }), "warning", "tries_left") : null,
    dots,
    keypad((k) => {
      if (k === "⌫") typed = typed.slice(0, -1);
      else if (typed.length < 8) typed += k;
      update();
    }),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "action.cancel")), go),
  ];
}

// The counts typed for a refill (per cassette) or a collection (per note), one field at a time.
function countForm(lang, act, action, title, labels, saveKey) {
  const counts = labels.map(() => "");
  let at = 0;
  const fields = labels.map((label, i) => el("button", {
    type: "button",
    class: "action secondary count-field",
    "data-local": "count_field",
    "data-index": String(i),
    on: { click: () => { at = i; update(); } },
  }));
  const save = el("button", {
    type: "button",
    class: "action primary",
    "data-action": action,
    on: { click: () => act(action, counts.map((c) => c || "0").join(",")) },
  }, t(lang, saveKey));
  function update() {
    fields.forEach((f, i) => {
      f.replaceChildren(el("span", { class: "label" }, labels[i]), " ",
        el("strong", { "data-field": `count_${i}` }, counts[i] || "0"));
      f.classList.toggle("chosen", i === at);
    });
    save.dataset.value = counts.map((c) => c || "0").join(",");
  }
  update();
  return [
    el("h2", {}, t(lang, title)),
    el("div", { class: "tech-form" },
      el("div", { class: "counts" }, fields),
      el("div", { class: "tech-side" },
        keypad((k) => {
          if (k === "⌫") counts[at] = counts[at].slice(0, -1);
          else if (counts[at].length < 5 && !(counts[at] === "" && k === "0")) counts[at] += k;
          update();
        }),
        save)),
  ];
}

function resultPanel(lang, result, act) {
  const ok = result.status === "executed";
  const rows = Array.isArray(result.rows) ? result.rows : [];
  return [
    el("h2", {}, t(lang, "tech.action." + result.action)),
    notice(ok ? t(lang, "tech.result.executed")
      : t(lang, "tech.result.failed") + (result.reason ? ": " + t(lang, "tech.reason." + result.reason) : ""),
    ok ? "info" : "warning", "result"),
    el("div", { class: "summary", "data-field": "result_rows" }, rows.map((r) => row(
      t(lang, "tech.row." + r.key, { n: r.n ?? "" }),
      r.key,
      r.value_key ? t(lang, "tech." + r.value_key) : r.value))),
    el("div", { class: "footer" }, button(act, "back", t(lang, "tech.back")),
      button(act, "finish", t(lang, "tech.finish"), { kind: "primary" })),
  ];
}

function desk(lang, data, act) {
  let panel = null;  // the form opened on the page (refill, collect_cash_box), until the next screen
  const offered = Array.isArray(data.offered) ? data.offered : [];
  const header = [
    el("h1", {}, t(lang, "tech.desk_title")),
    el("p", { class: "subtitle", "data-field": "technician" }, t(lang, "tech.desk_who", { id: data.technician ?? "" })),
  ];
  if (data.result && typeof data.result === "object") {
    return [...header, ...resultPanel(lang, data.result, act)];
  }
  const box = el("div", { class: "tech-desk" });
  const open = (p) => { panel = p; draw(); };
  const cassettes = Array.isArray(data.cassettes) ? data.cassettes : [];
  const notes = Array.isArray(data.notes) ? data.notes : [];
  function draw() {
    let body;
    if (panel === "refill") {
      body = countForm(lang, act, "refill", "tech.refill_title",
        cassettes.map((c) => t(lang, "tech.row.cassette", { n: c.n }) + " · " + c.kzt), "tech.save_refill");
    } else if (panel === "collect_cash_box") {
      body = countForm(lang, act, "collect_cash_box", "tech.collect_title", notes, "tech.save_collect");
    } else {
      body = [el("div", { class: "choices tech-actions", "data-field": "offered" }, offered.map((o) => {
        const label = t(lang, "tech.action." + o.id);
        if (!o.available) {
          return el("button", { type: "button", class: "action secondary", disabled: true, "data-offered": o.id },
            label, el("small", { class: "why" }, " — " + t(lang, "tech.unavailable." + (o.why || "not_in_this_version"))));
        }
        if (o.id === "refill" || o.id === "collect_cash_box") {
          return el("button", {
            type: "button", class: "action primary", "data-local": "open_" + o.id, "data-offered": o.id,
            on: { click: () => open(o.id) },
          }, label);
        }
        const b = button(act, o.id, label, { kind: "primary" });
        b.dataset.offered = o.id;
        return b;
      }))];
    }
    box.replaceChildren(...body.filter(Boolean),
      el("div", { class: "footer" },
        panel ? el("button", {
          type: "button", class: "action secondary", "data-local": "close_panel",
          on: { click: () => open(null) },
        }, t(lang, "tech.back")) : null,
        button(act, "finish", t(lang, "tech.finish"), { kind: "primary" })));
  }
  draw();
  return [...header, box];
}

export const TECHNICIAN_RENDERERS = {
  technician_scan: scan,
  technician_refused: refused,
  technician_pin: pin,
  technician_desk: desk,
};
