// One renderer per screen: (lang, data, act) -> DOM nodes. Renderers only show what the kiosk sent:
// no amounts are computed and nothing is decided here. `act(action, value)` sends a touch back.

import { CASH_OUT_RENDERERS } from "./cash_out_screens.js";
import { KYC_RENDERERS, limitRow, selfieButton } from "./kyc_screens.js";
import { actionButton, el, notice, resultColumns, row } from "./dom.js";
import { helpBlock } from "./help.js";
import { LANGUAGE_NAMES, LANGUAGES, message, setNumberLanguage, t } from "./i18n.js";
import { serviceButton, TECHNICIAN_RENDERERS } from "./technician_screens.js";

function assetBadge(asset) {
  if (!asset) return null;
  return el("div", { class: "asset-badge", "data-field": "asset" },
    el("span", { class: "symbol" }, asset.symbol),
    el("span", { class: "name" }, asset.name));
}

// The welcome screen's language. Idle, the kiosk's first language (Kazakh). A customer's pick holds
// while the kiosk re-sends the screen (prices change) and until their session's next screen comes;
// every screen of the session, results included, is then in the session's language (the kiosk's
// "lang"). When the session ends, the welcome stays in that language for whoever is still there
// (another purchase, a cancel meant as "back") and returns to the default after a minute untouched.
let welcomeLang = null;
let welcomeLangSince = 0;  // performance.now() of the last pick or session screen
const WELCOME_KEEPS_LANGUAGE_MS = 60000;
let welcomeIdleTimer = null;

// Every rendered screen passes here: a screen of a session (not the welcome, not out of service)
// makes its language the one the welcome comes back in.
function noteScreen(name, lang) {
  if (name === "welcome" || name === "out_of_service" || !LANGUAGES.includes(lang)) return;
  welcomeLang = lang;
  welcomeLangSince = performance.now();
}

// The kiosk's live prices per coin: what a customer pays to buy, and gets when selling.
function priceTable(l, data) {
  const prices = Array.isArray(data.prices) ? data.prices : [];
  if (!prices.length) return null;
  const sell = data.cash_out && data.sell_kzt && typeof data.sell_kzt === "object" ? data.sell_kzt : null;
  return el("table", { class: "prices", "data-field": "prices" },
    el("thead", {}, el("tr", {},
      el("th", {}, ""),
      el("th", {}, t(l, "welcome.price_buy")),
      sell ? el("th", {}, t(l, "welcome.price_sell")) : null)),
    el("tbody", {}, prices.map((p) => el("tr", {},
      el("td", {}, el("span", { class: "symbol" }, p.symbol), " ", p.name),
      el("td", { "data-field": "buy_kzt" }, p.price_kzt),
      sell ? el("td", { "data-field": "sell_kzt" }, sell[p.id] ?? "—") : null))));
}

// The first screen: the language (picked on the page, every word follows it) beside what to do,
// buy, sell or redeem, with the live prices. Kazakh, or the kiosk's first language, until picked.
function welcome(_lang, data, act) {
  const languages = Array.isArray(data.languages) && data.languages.length ? data.languages : LANGUAGES;
  const buyOff = data.offers && data.offers.buy === false;
  const box = el("div", { class: "welcome" });
  const go = (action, value) => {
    clearTimeout(welcomeIdleTimer);
    act(action, value);
  };
  const draw = () => {
    // A minute untouched (re-sent prices do not count): back to the kiosk's own language.
    const left = WELCOME_KEEPS_LANGUAGE_MS - (performance.now() - welcomeLangSince);
    if (left <= 0) welcomeLang = null;
    clearTimeout(welcomeIdleTimer);
    if (welcomeLang) welcomeIdleTimer = setTimeout(() => { if (box.isConnected) draw(); }, left);
    const l = languages.includes(welcomeLang) ? welcomeLang : languages[0];
    document.documentElement.lang = l;
    setNumberLanguage(l);
    box.replaceChildren(...[
      el("div", { class: "languages", role: "group" }, languages.map((code) => el("button", {
        type: "button",
        class: `action lang${code === l ? " chosen" : ""}`,
        "data-local": "show_language",
        "data-value": code,
        "aria-pressed": String(code === l),
        lang: code,
        on: { click: () => { welcomeLang = code; welcomeLangSince = performance.now(); draw(); } },
      }, LANGUAGE_NAMES[code] || code))),
      el("h1", {}, t(l, "welcome.title")),
      el("p", { class: "subtitle" }, t(l, "welcome.what")),
      buyOff ? notice(t(l, "asset.buy_unavailable"), "warning", "buy_unavailable") : null,
      el("div", { class: "welcome-main" },
        el("div", { class: "choices modes" },
          buyOff ? null : actionButton(go, "choose_language", t(l, "welcome.buy"), { value: l, kind: "primary big" }),
          data.cash_out ? actionButton(go, "start_cash_out", t(l, "menu.sell"), { value: l, kind: "primary big" }) : null,
          data.cash_out ? actionButton(go, "start_redeem", t(l, "menu.redeem"), { value: l, kind: "big" }) : null),
        priceTable(l, data)),
      serviceButton(l, data, go, l),
    ].filter(Boolean));
  };
  draw();
  return [box];
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

// With cash in, Cancel first asks: the notes cannot be given back, so cancelling buys crypto.
function cancelButton(lang, data, act) {
  if (!data.cancel_buys) return actionButton(act, "cancel", t(lang, "action.cancel"));
  return el("button", {
    type: "button",
    class: "action secondary",
    "data-local": "ask_cancel",
    on: {
      click: (event) => {
        const screen = event.currentTarget.closest("main");
        if (screen.querySelector("[data-field=cancel_confirm]")) return;
        const dialog = el("div", { class: "dialog", role: "alertdialog", "data-field": "cancel_confirm" },
          el("div", { class: "dialog-box" },
            el("h2", {}, t(lang, "cancel_confirm.title")),
            el("p", {}, t(lang, "cancel_confirm.text", { kzt: data.inserted_kzt ?? "" })),
            el("div", { class: "dialog-buttons" },
              el("button", {
                type: "button",
                class: "action primary",
                "data-local": "keep_inserting",
                on: { click: () => dialog.remove() },
              }, t(lang, "cancel_confirm.no")),
              actionButton(act, "cancel", t(lang, "cancel_confirm.yes")))));
        screen.append(dialog);
      },
    },
  }, t(lang, "action.cancel"));
}

function insertNotes(lang, data, act) {
  const denominations = Array.isArray(data.denominations) ? data.denominations : [];
  const symbol = data.asset?.symbol ?? "";
  return [
    el("h1", {}, t(lang, "insert.title")),
    assetBadge(data.asset),
    data.offline ? notice(t(lang, "insert.offline"), "warning", "offline") : null,
    el("div", { class: "summary" },
      row(t(lang, "insert.address"), "address", data.address),
      data.rate_kzt ? row(t(lang, "insert.rate", { symbol }), "rate_kzt", data.rate_kzt) : null,
      row(t(lang, "insert.inserted"), "inserted_kzt", data.inserted_kzt),
      row(t(lang, "insert.fee"), "fee_kzt", data.fee_kzt),
      el("div", { class: "row total" },
        el("span", { class: "label" }, t(lang, "insert.crypto")),
        el("span", { class: "value", "data-field": "crypto" }, data.crypto ?? "—")),
      // How much more may go in, above the limit itself: the customer never guesses.
      data.remaining_kzt && !data.limit_reached
        ? row(t(lang, "insert.remaining"), "remaining_kzt", data.remaining_kzt) : null,
      limitRow(lang, data) ?? row(t(lang, "insert.max"), "max_kzt", data.max_kzt)),
    data.limit_reached ? notice(t(lang, "insert.limit_reached", { kzt: data.inserted_kzt ?? "" }),
      "warning", "limit_reached") : null,
    data.fee_percent ? el("p", { class: "hint", "data-field": "fee_rule" },
      t(lang, "insert.fee_rule", { percent: data.fee_percent })) : null,
    selfieButton(lang, data, act, "kyc.take_selfie"),
    data.limit_reached ? null : el("div", { class: "denominations" },
      el("span", { class: "label" }, t(lang, "insert.accepted")),
      el("div", { class: "notes", "data-field": "denominations" },
        denominations.map((d) => el("span", { class: "note" }, d)))),
    notice(t(lang, "insert.no_return"), data.cancel_buys ? "info" : "warning", "no_return"),
    data.note_in_escrow ? notice(t(lang, "insert.escrow"), "info", "escrow") : null,
    notice(message(lang, data.message), "warning"),
    el("div", { class: "footer" },
      cancelButton(lang, data, act),
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

const ENDED_BY = ["cancelled", "timeout", "device_fault"];

function done(lang, data, act) {
  const endedBy = ENDED_BY.includes(data.ended_by) ? data.ended_by : null;
  const trouble = !data.receipt_printed || !!data.message;
  return [
    el("h1", {}, t(lang, "done.title")),
    resultColumns([
      endedBy ? notice(t(lang, "done.ended_" + endedBy, { kzt: data.fiat_kzt ?? "" }),
        endedBy === "device_fault" ? "warning" : "info", "ended_by") : null,
      el("p", { class: "lead", "data-field": "status" },
        t(lang, data.offline ? "done.offline" : "done.sent")),
      el("div", { class: "summary" },
        row(t(lang, "done.fiat"), "fiat_kzt", data.fiat_kzt),
        data.fee_kzt ? row(t(lang, "done.fee"), "fee_kzt", data.fee_kzt) : null,
        data.rate_kzt ? row(t(lang, "done.rate", { symbol: (data.crypto ?? "").split(" ").pop() }),
          "rate_kzt", data.rate_kzt) : null,
        row(t(lang, "done.crypto"), "crypto", data.crypto),
        row(t(lang, "done.address"), "address", data.address),
        row(t(lang, "done.tx"), "tx_id", data.tx_id)),
    ], [
      notice(t(lang, data.receipt_printed ? "done.receipt_printed" : "done.receipt_failed"),
        data.receipt_printed ? "info" : "warning", "receipt"),
      notice(message(lang, data.message), "info"),
      trouble || endedBy === "device_fault"
        ? helpBlock(lang, data.support, { tx: data.tx_id, qrSvg: data.receipt_qr_svg }) : null,
    ]),
    el("div", { class: "footer" },
      actionButton(act, "finish", t(lang, "action.finish"), { kind: "primary" })),
  ];
}

function sessionEnded(lang, data, act) {
  const reason = ["timeout", "cancelled", "device_fault"].includes(data.reason) ? data.reason : "cancelled";
  return [
    el("h1", { "data-field": "reason", "data-reason": reason }, t(lang, "ended." + reason)),
    resultColumns([
      data.owed_kzt ? el("div", { class: "summary owed" },
        row(t(lang, "ended.owed"), "owed_kzt", data.owed_kzt),
        el("p", { class: "hint" }, t(lang, "ended.owed_hint"))) : null,
      notice(message(lang, data.message), "info"),
    ], [
      data.owed_kzt || reason === "device_fault"
        ? helpBlock(lang, data.support, { tx: data.tx_id, qrSvg: data.receipt_qr_svg }) : null,
    ]),
    el("div", { class: "footer" },
      actionButton(act, "finish", t(lang, "action.finish"), { kind: "primary" })),
  ];
}

const OOS_REASONS = ["starting", "stopping", "no_rates", "maintenance", "operator", "device"];

// Never a raw code: the kiosk sends one of OOS_REASONS, anything else reads as a device problem.
// Nobody has chosen a language here: it speaks all three, Kazakh first.
function outOfService(lang, data, act) {
  const reason = OOS_REASONS.includes(data.reason) ? data.reason : "device";
  const langs = LANGUAGES;
  return [
    ...langs.map((l, i) => el("section", { class: i ? "oos other-lang" : "oos", lang: l },
      el(i ? "h2" : "h1", {}, t(l, "oos.title")),
      el("p", { class: "lead", "data-field": i ? undefined : "reason" },
        t(l, reason === "maintenance" ? "oos.being_serviced" : "oos.reason_" + reason)),
      // The operator's own words (out of service by the operator), shown once, as written.
      !i && reason === "operator" && data.message
        ? el("p", { class: "operator-message", "data-field": "operator_message" }, String(data.message))
        : null)),
    helpBlock(langs, data.support, { nearby: true }),
    serviceButton(lang, data, act),
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
  ...TECHNICIAN_RENDERERS,
};

export function renderScreen(name, lang, data, act) {
  noteScreen(name, lang);
  return (RENDERERS[name] || unknown)(lang, data || {}, act);
}
