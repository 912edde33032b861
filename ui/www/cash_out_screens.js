// Cash-out and redeem screens: (lang, data, act) -> DOM nodes, like screens.js. The kiosk sends
// every amount already formatted and the deposit QR as an SVG document; nothing is computed here.

import { actionButton as button, el, notice, resultColumns, row, svgImage } from "./dom.js";
import { helpBlock } from "./help.js";
import { keepTogether, message, t } from "./i18n.js";
import { limitRow, selfieButton } from "./kyc_screens.js";

function badge(asset) {
  if (!asset) return null;
  return el("div", { class: "asset-badge", "data-field": "asset" },
    el("span", { class: "symbol" }, asset.symbol), el("span", { class: "name" }, asset.name));
}

function cancelFooter(lang, act, label = "action.cancel") {
  return el("div", { class: "footer" }, button(act, "cancel", t(lang, label)));
}

function chooseAsset(lang, data, act) {
  const assets = Array.isArray(data.assets) ? data.assets : [];
  return [
    el("h1", {}, t(lang, "sell.asset_title")),
    el("div", { class: "choices assets" }, assets.map((a) => el("button", {
      type: "button",
      class: "action asset",
      "data-action": "choose_asset",
      "data-value": a.id,
      on: { click: () => act("choose_asset", a.id) },
    },
    el("span", { class: "symbol" }, a.symbol),
    el("span", { class: "name" }, a.name),
    el("span", { class: "price" }, t(lang, "sell.price", { symbol: a.symbol }), ": ", a.price_kzt)))),
    notice(message(lang, data.message), "warning"),
    cancelFooter(lang, act),
  ];
}

// "37000" -> "37 000 ₸" with non-breaking spaces, for the amount being typed (the payable amounts
// come formatted from the kiosk; this only groups the digits the customer pressed).
function typedText(digits) {
  return digits ? keepTogether(digits.replace(/\B(?=(\d{3})+$)/g, " ") + " ₸") : "— ₸";
}

// A few preset amounts and a keypad for any other. The kiosk sends every payable amount; the page
// only looks the typed amount up in that list (and names the nearest ones) before offering
// "Continue". The kiosk checks the amount again when it is chosen.
function chooseAmount(lang, data, act) {
  const amounts = Array.isArray(data.amounts) ? data.amounts : [];
  const presets = Array.isArray(data.presets) ? data.presets : [];
  if (!amounts.length) {
    return [
      el("h1", {}, t(lang, "sell.amount_title")),
      badge(data.asset),
      notice(t(lang, "sell.no_amounts"), "warning", "amounts"),
      cancelFooter(lang, act),
    ];
  }
  const first = amounts[0];
  const last = amounts[amounts.length - 1];
  let typed = "";
  const display = el("div", { class: "code-entry amount-entry", "data-field": "typed_amount" });
  const verdict = el("div", { class: "amount-verdict", "data-field": "amount_verdict" });
  const go = el("button", {
    type: "button",
    class: "action primary",
    "data-action": "choose_amount",
    on: { click: () => { if (typed) act("choose_amount", typed); } },
  }, t(lang, "sell.continue"));

  const nearest = (a) => el("button", {
    type: "button",
    class: "action secondary",
    "data-local": "nearest",
    "data-value": String(a.kzt),
    on: { click: () => { typed = String(a.kzt); update(); } },
  }, keepTogether(a.text));

  function update() {
    display.textContent = typedText(typed);
    const kzt = Number(typed || "0");
    const exact = amounts.find((a) => a.kzt === kzt);
    go.disabled = !exact;
    if (exact) go.dataset.value = String(exact.kzt);
    else delete go.dataset.value;
    let says = [];
    if (typed && !exact) {
      if (kzt > last.kzt) says = [el("p", {}, t(lang, "sell.above_max", { max: last.text }))];
      else if (kzt < first.kzt) says = [el("p", {}, t(lang, "sell.below_min", { min: first.text }))];
      else {
        const below = [...amounts].reverse().find((a) => a.kzt < kzt);
        const above = amounts.find((a) => a.kzt > kzt);
        says = [el("p", {}, t(lang, "sell.not_payable")),
          el("div", { class: "choices nearest" }, [below, above].filter(Boolean).map(nearest))];
      }
    }
    verdict.replaceChildren(...says);
  }

  function press(key) {
    if (key === "⌫") typed = typed.slice(0, -1);
    else for (const d of key) if (typed.length < 7 && !(typed === "" && d === "0")) typed += d;
    update();
  }
  update();

  // A phone's keypad (three columns, four rows), beside the presets.
  const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "000", "0", "⌫"];
  return [
    el("h1", {}, t(lang, "sell.amount_title")),
    badge(data.asset),
    el("div", { class: "amount-layout" },
    el("div", { class: "amount-presets" },
      el("div", { class: "choices amounts presets", "data-field": "amounts" }, presets.map((a) =>
        button(act, "choose_amount", keepTogether(a.text), { value: String(a.kzt), kind: "primary" }))),
      el("p", { class: "hint", "data-field": "amount_range" },
        t(lang, "sell.range", { min: first.text, max: last.text })),
      // The person's limit and the way to raise it, beside the presets they bound.
      data.max_kzt ? el("div", { class: "summary" }, limitRow(lang, data)) : null,
      selfieButton(lang, data, act, "kyc.sell_take_selfie")),
    el("div", { class: "amount-keypad" },
      el("p", { class: "label" }, t(lang, "sell.other_amount")),
      display,
      el("div", { class: "keypad digits" }, keys.map((k) => el("button", {
        type: "button",
        class: "action secondary key",
        "data-key": k,
        on: { click: () => press(k) },
      }, k))),
      verdict)),
    notice(message(lang, data.message), "warning"),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "action.cancel")), go),
  ];
}

function qrImage(svg) {
  return svgImage(svg, "deposit_qr", "deposit-qr");
}

function deposit(lang, data, act) {
  const status = ["waiting", "seen", "confirming"].includes(data.status) ? data.status : "waiting";
  return [
    el("h1", {}, t(lang, "sell.deposit_title", { crypto: data.crypto ?? "" })),
    badge(data.asset),
    // Once the payment is seen the QR goes (it would invite a second payment); the progress stays.
    el("div", { class: "deposit" },
      status === "waiting" ? qrImage(data.qr_svg) : null,
      el("div", { class: "summary" },
        row(t(lang, "sell.send"), "crypto", data.crypto),
        row(t(lang, "sell.to_address"), "address", data.address),
        row(t(lang, "sell.you_get"), "fiat_kzt", data.fiat_kzt))),
    el("p", { class: "lead", "data-field": "status", "data-status": status },
      t(lang, "sell.status_" + status,
        { n: data.confirmations ?? 0, m: data.required_confirmations ?? 1 })),
    data.redeem_code ? el("p", { class: "hint" }, t(lang, "sell.leave_hint")) : null,
    notice(message(lang, data.message), "info"),
    cancelFooter(lang, act, status === "waiting" ? "action.cancel" : "sell.leave"),
  ];
}

function waiting(lang, data) {
  return [
    el("h1", {}, t(lang, "processing.title")),
    el("div", { class: "spinner big", "aria-hidden": "true" }),
    notice(message(lang, data.message), "info"),
  ];
}

function done(lang, data, act) {
  const result = ["complete", "partial", "unknown"].includes(data.result) ? data.result : "complete";
  return [
    el("h1", { "data-field": "result", "data-result": result }, t(lang, "sell.done_" + result)),
    resultColumns([
      el("div", { class: "summary" },
        row(t(lang, "sell.delivered"), "delivered_kzt", data.delivered_kzt),
        data.shortfall_kzt ? row(t(lang, "sell.shortfall"), "shortfall_kzt", data.shortfall_kzt) : null,
        row(t(lang, "done.tx"), "tx_id", data.tx_id)),
      result !== "complete" ? el("p", { class: "hint" }, t(lang, "ended.owed_hint")) : null,
    ], [
      data.receipt_printed === undefined ? null
        : notice(t(lang, data.receipt_printed ? "done.receipt_printed" : "done.receipt_failed"),
          data.receipt_printed ? "info" : "warning", "receipt"),
      result !== "complete" || data.receipt_printed === false
        ? helpBlock(lang, data.support, { tx: data.tx_id, qrSvg: data.receipt_qr_svg }) : null,
    ]),
    el("div", { class: "footer" },
      button(act, "finish", t(lang, "action.finish"), { kind: "primary" })),
  ];
}

const ENDED_REASONS = ["offline", "expired", "cancelled", "timeout", "unavailable", "refused",
  "already_paid", "unknown_code", "not_confirmed", "redeem_later", "not_served", "limit"];

function ended(lang, data, act) {
  const reason = ENDED_REASONS.includes(data.reason) ? data.reason : "cancelled";
  return [
    el("h1", { "data-field": "reason", "data-reason": reason },
      t(lang, reason === "redeem_later" && data.payment_seen === false
        ? "sell.ended_redeem_unpaid" : "sell.ended_" + reason)),
    data.redeem_code ? el("div", { class: "summary redeem" },
      row(t(lang, "sell.redeem_code"), "redeem_code", data.redeem_code),
      el("p", { class: "hint" }, t(lang, "sell.redeem_hint"))) : null,
    notice(message(lang, data.message), "info"),
    el("div", { class: "footer" },
      button(act, "finish", t(lang, "action.finish"), { kind: "primary" })),
  ];
}

const KEYS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".split("");

function redeemEnter(lang, data, act) {
  return [
    el("h1", {}, t(lang, "redeem.title")),
    // The receipt's QR to the camera, or the code on the keypad.
    el("div", { class: "redeem-layout" },
      el("div", { class: "redeem-scan" },
        el("div", { class: "qr-frame small", "aria-hidden": "true" },
          el("img", { class: "camera-preview", "data-field": "camera_preview", alt: "", hidden: true })),
        el("p", { class: "instruction" }, t(lang, "redeem.scan_instruction"))),
      el("div", { class: "redeem-entry" },
        el("p", { class: "hint" }, t(lang, "redeem.instruction")),
        el("div", { class: "code-entry", "data-field": "code" }, data.code || "R-"),
        el("div", { class: "keypad" }, KEYS.map((k) => button(act, "key", k, { value: k }))),
        notice(message(lang, data.message), "warning"))),
    el("div", { class: "footer" },
      button(act, "cancel", t(lang, "action.cancel")),
      button(act, "backspace", "⌫"),
      button(act, "submit", t(lang, "action.confirm"), { kind: "primary", disabled: !data.can_submit })),
  ];
}

export const CASH_OUT_RENDERERS = {
  sell_asset: chooseAsset,
  sell_amount: chooseAmount,
  sell_deposit: deposit,
  sell_wait: waiting,
  sell_done: done,
  sell_ended: ended,
  redeem_enter: redeemEnter,
};
