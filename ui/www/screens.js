// One renderer per screen: (lang, data, act) -> DOM nodes. Renderers only show what the kiosk sent:
// no amounts are computed and nothing is decided here. `act(action, value)` sends a touch back.

import { CASH_OUT_RENDERERS } from "./cash_out_screens.js";
import { KYC_RENDERERS, limitRow, selfieButton } from "./kyc_screens.js";
import { actionButton, el, notice, row } from "./dom.js";
import { LANGUAGE_NAMES, LANGUAGES, message, t } from "./i18n.js";

function assetBadge(asset) {
  if (!asset) return null;
  return el("div", { class: "asset-badge", "data-field": "asset" },
    el("span", { class: "symbol" }, asset.symbol),
    el("span", { class: "name" }, asset.name));
}

function welcome(lang, data, act) {
  const languages = Array.isArray(data.languages) && data.languages.length ? data.languages : LANGUAGES;
  return [
    el("h1", {}, t(lang, "welcome.title")),
    el("p", { class: "subtitle" }, languages.map((code) => t(code, "welcome.subtitle")).join(" · ")),
    el("div", { class: "choices languages" }, languages.map((code) =>
      actionButton(act, "choose_language", LANGUAGE_NAMES[code] || code,
        { value: code, kind: "primary big" }))),
  ];
}

function chooseAsset(lang, data, act) {
  const assets = Array.isArray(data.assets) ? data.assets : [];
  const buyOff = data.offers && data.offers.buy === false;  // the validator cannot take notes
  return [
    el("h1", {}, t(lang, "asset.title")),
    buyOff ? notice(t(lang, "asset.buy_unavailable"), "warning", "buy_unavailable") : null,
    el("div", { class: "choices assets" }, assets.map((a) => el("button", {
      type: "button",
      class: "action asset",
      "data-action": "choose_asset",
      "data-value": a.id,
      on: { click: () => act("choose_asset", a.id) },
    },
    el("span", { class: "symbol" }, a.symbol),
    el("span", { class: "name" }, a.name),
    el("span", { class: "price" }, t(lang, "asset.price", { symbol: a.symbol }), ": ", a.price_kzt)))),
    data.cash_out ? el("div", { class: "choices modes" },
      actionButton(act, "start_cash_out", t(lang, "menu.sell")),
      actionButton(act, "start_redeem", t(lang, "menu.redeem"))) : null,
    el("div", { class: "footer" }, actionButton(act, "cancel", t(lang, "action.cancel"))),
  ];
}

function scanWallet(lang, data, act) {
  const asset = data.asset || {};
  return [
    el("h1", {}, t(lang, "scan.title")),
    assetBadge(data.asset),
    el("div", { class: "qr-frame", "aria-hidden": "true" },
      el("img", { class: "camera-preview", "data-field": "camera_preview", alt: "", hidden: true })),
    el("p", { class: "instruction" }, t(lang, "scan.instruction")),
    el("p", { class: "hint" }, t(lang, "scan.hint", { name: asset.name ?? "", symbol: asset.symbol ?? "" })),
    notice(message(lang, data.error), "error", "error"),
    el("div", { class: "footer" }, actionButton(act, "cancel", t(lang, "action.cancel"))),
  ];
}

function insertNotes(lang, data, act) {
  const denominations = Array.isArray(data.denominations) ? data.denominations : [];
  return [
    el("h1", {}, t(lang, "insert.title")),
    assetBadge(data.asset),
    data.offline ? notice(t(lang, "insert.offline"), "warning", "offline") : null,
    el("div", { class: "summary" },
      row(t(lang, "insert.address"), "address", data.address),
      row(t(lang, "insert.inserted"), "inserted_kzt", data.inserted_kzt),
      row(t(lang, "insert.fee"), "fee_kzt", data.fee_kzt),
      el("div", { class: "row total" },
        el("span", { class: "label" }, t(lang, "insert.crypto")),
        el("span", { class: "value", "data-field": "crypto" }, data.crypto ?? "—")),
      row(t(lang, "insert.max"), "max_kzt", data.max_kzt),
      limitRow(lang, data)),
    selfieButton(lang, data, act, "kyc.take_selfie"),
    el("div", { class: "denominations" },
      el("span", { class: "label" }, t(lang, "insert.accepted")),
      el("div", { class: "notes", "data-field": "denominations" },
        denominations.map((d) => el("span", { class: "note" }, d)))),
    data.note_in_escrow ? notice(t(lang, "insert.escrow"), "info", "escrow") : null,
    notice(message(lang, data.message), "warning"),
    el("div", { class: "footer" },
      actionButton(act, "cancel", t(lang, "action.cancel")),
      actionButton(act, "confirm", t(lang, "action.confirm"),
        { kind: "primary", disabled: !data.can_confirm })),
  ];
}

function processing(lang, data) {
  return [
    el("h1", {}, t(lang, "processing.title")),
    el("div", { class: "spinner big", "aria-hidden": "true" }),
    notice(message(lang, data.message), "info"),
  ];
}

function done(lang, data, act) {
  return [
    el("h1", {}, t(lang, "done.title")),
    el("p", { class: "lead", "data-field": "status" },
      t(lang, data.offline ? "done.offline" : "done.sent")),
    el("div", { class: "summary" },
      row(t(lang, "done.fiat"), "fiat_kzt", data.fiat_kzt),
      row(t(lang, "done.crypto"), "crypto", data.crypto),
      row(t(lang, "done.address"), "address", data.address),
      row(t(lang, "done.tx"), "tx_id", data.tx_id)),
    notice(t(lang, data.receipt_printed ? "done.receipt_printed" : "done.receipt_failed"),
      data.receipt_printed ? "info" : "warning", "receipt"),
    notice(message(lang, data.message), "info"),
    el("div", { class: "footer" },
      actionButton(act, "finish", t(lang, "action.finish"), { kind: "primary" })),
  ];
}

function sessionEnded(lang, data, act) {
  const reason = ["timeout", "cancelled", "device_fault"].includes(data.reason) ? data.reason : "cancelled";
  return [
    el("h1", { "data-field": "reason", "data-reason": reason }, t(lang, "ended." + reason)),
    data.owed_kzt ? el("div", { class: "summary owed" },
      row(t(lang, "ended.owed"), "owed_kzt", data.owed_kzt),
      el("p", { class: "hint" }, t(lang, "ended.owed_hint"))) : null,
    notice(message(lang, data.message), "info"),
    el("div", { class: "footer" },
      actionButton(act, "finish", t(lang, "action.finish"), { kind: "primary" })),
  ];
}

function outOfService(lang, data) {
  return [
    el("h1", {}, t(lang, "oos.title")),
    el("p", { class: "lead" }, t(lang, "oos.sorry")),
    notice(message(lang, data.reason), "info", "reason"),
  ];
}

function unknown(lang) {
  return [el("h1", {}, t(lang, "processing.title")), el("div", { class: "spinner big" })];
}

const RENDERERS = {
  welcome,
  choose_asset: chooseAsset,
  scan_wallet: scanWallet,
  insert_notes: insertNotes,
  processing,
  done,
  session_ended: sessionEnded,
  out_of_service: outOfService,
  ...CASH_OUT_RENDERERS,
  ...KYC_RENDERERS,
};

export function renderScreen(name, lang, data, act) {
  return (RENDERERS[name] || unknown)(lang, data || {}, act);
}
