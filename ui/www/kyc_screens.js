// Identification screens (the cash-in compliance gate): consent, document, checking, selfie.
// (lang, data, act) -> DOM nodes, like screens.js. The camera's guidance ("move closer", ...)
// arrives as its own message and is shown in the [data-field=guidance] line by app.js.

import { actionButton as button, el, notice, row } from "./dom.js";
import { message, t } from "./i18n.js";

function cameraView(kind = "id-frame") {
  return el("div", { class: `qr-frame ${kind}`, "aria-hidden": "true" },
    el("img", { class: "camera-preview", "data-field": "camera_preview", alt: "", hidden: true }));
}

// The camera's advice; app.js fills it in once the camera has had a moment to look. `held` is a
// kiosk message that is advice too (e.g. "several_faces"): it shows on this one line, not twice.
function guidanceLine(held) {
  return el("p", { class: "notice info guidance", "data-field": "guidance", "data-held": held, hidden: true });
}

// Refusals of a selfie that are the camera's advice in other words: shown as guidance.
const SELFIE_ADVICE = ["no_face", "several_faces", "document_in_view"];

function identify(lang, data, act) {
  return [
    el("h1", {}, t(lang, "kyc.identify_title")),
    el("p", { class: "instruction" }, t(lang, "kyc.identify_why")),
    el("div", { class: "consent", "data-field": "consent" },
      el("p", {}, t(lang, "kyc.consent_text")),
      el("p", { class: "hint" }, t(lang, "kyc.consent_version", { version: data.consent_version ?? "" }))),
    el("div", { class: "choices" },
      button(act, "consent", t(lang, "kyc.consent_agree"), { kind: "primary big" }),
      data.anonymous_allowed
        ? button(act, "continue_anonymous",
          t(lang, "kyc.continue_anonymous", { kzt: data.anonymous_max_kzt ?? "" }))
        : null),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "action.cancel"))),
  ];
}

function scanDocument(lang, data, act) {
  return [
    el("h1", {}, t(lang, "kyc.document_title")),
    cameraView(),
    el("p", { class: "instruction" }, t(lang, "kyc.document_instruction")),
    guidanceLine(),
    notice(message(lang, data.error), "error", "error"),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "action.cancel"))),
  ];
}

function checkingCustomer(lang) {
  return [
    el("h1", {}, t(lang, "kyc.checking_title")),
    el("div", { class: "spinner", "aria-hidden": "true" }),
  ];
}

function selfie(lang, data, act) {
  return [
    el("h1", {}, t(lang, "kyc.selfie_title")),
    cameraView("face-frame"),
    el("p", { class: "instruction" }, t(lang, "kyc.selfie_instruction")),
    guidanceLine(SELFIE_ADVICE.includes(data.error) ? data.error : undefined),
    SELFIE_ADVICE.includes(data.error) ? null : notice(message(lang, data.error), "error", "error"),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "kyc.selfie_skip"))),
  ];
}

// Which limit sets the maximum, when it is the customer's own (compliance) rather than the kiosk's.
const LIMIT_KEYS = {
  daily: "kyc.limit_daily",
  monthly: "kyc.limit_monthly",
  retail_monthly: "kyc.limit_retail_monthly",
  tier: "kyc.limit_tier",
};

// The person's limit row on the insert-notes and sell-amount screens (nothing for the kiosk's own).
export function limitRow(lang, data) {
  const key = LIMIT_KEYS[data.limit_binding];
  return key ? row(t(lang, key), "limit_binding", data.max_kzt) : null;
}

// The "take a photo for more" button, when the kiosk says a selfie would raise the limit.
export function selfieButton(lang, data, act, label) {
  return data.can_take_selfie
    ? button(act, "take_selfie", t(lang, label, { kzt: data.max_kzt ?? "" }))
    : null;
}

export const KYC_RENDERERS = {
  identify,
  scan_document: scanDocument,
  checking_customer: checkingCustomer,
  selfie,
};

// The screens that show the camera and its guidance.
export const CAMERA_SCREENS = ["scan_wallet", "scan_document", "selfie", "redeem_enter"];
