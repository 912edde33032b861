// Where a customer gets help: the operator's phone, the transaction number, a QR of the receipt's
// link and the kiosks nearby. Shown on the out-of-service screen, on every end screen that needs
// the operator, and (by app.js) on any screen whose text mentions the operator.

import { el, svgImage } from "./dom.js";
import { t } from "./i18n.js";

// `support` is the screen message's {"phone", "nearby"}; `tx` the transaction number (if any);
// `qrSvg` the receipt link's QR (if any); `nearby` lists the other kiosks.
// `lang` may be a list of languages (the idle screens speak all of them), joined with " · ".
export function helpBlock(lang, support, { tx, qrSvg, nearby = false } = {}) {
  const langs = Array.isArray(lang) ? lang : [lang];
  const say = (key, params) => langs.map((l) => t(l, key, params)).join(" · ");
  const phone = support && typeof support.phone === "string" && support.phone ? support.phone : null;
  const places = nearby && support && Array.isArray(support.nearby) ? support.nearby : [];
  return el("div", { class: "help", "data-field": "help" },
    el("div", { class: "help-text" },
      el("div", { class: "help-phone", "data-field": "support_phone" }, langs.map((l) => el("p", {},
        phone ? t(l, "help.call", { phone: phone.replace(/ /g, "\u00A0") }) : t(l, "help.no_phone")))),
      // The number never breaks at its hyphens (read out on the phone, it must stay whole).
      tx ? el("p", { class: "help-tx", "data-field": "help_tx" },
        say("help.tx", { tx: String(tx).replace(/-/g, "\u2011") })) : null,
      places.length ? el("div", { class: "nearby", "data-field": "nearby" },
        el("p", {}, say("help.nearby")),
        el("ul", {}, places.map((p) => el("li", {}, String(p))))) : null,
      // The caption beside the code, not squeezed under it.
      qrSvg ? el("p", { class: "help-qr-caption" }, say("help.qr")) : null),
    qrSvg ? el("figure", { class: "help-qr" }, svgImage(qrSvg, "receipt_qr", "receipt-qr")) : null);
}

// Adds the help block to a rendered screen that mentions the operator and has none yet, before its
// footer: no screen sends the customer to the operator without saying how to reach them.
export function addHelpWhereOperatorMentioned(screenEl, lang, msg) {
  if (screenEl.querySelector("[data-field=help]")) return;
  if (!/operator|оператор/i.test(screenEl.textContent)) return;
  const data = msg.data || {};
  const block = helpBlock(lang, msg.support, { tx: data.tx_id, qrSvg: data.receipt_qr_svg });
  const footer = screenEl.querySelector(".footer");
  if (footer) footer.before(block);
  else screenEl.append(block);
}
