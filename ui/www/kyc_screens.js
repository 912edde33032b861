// Identification screens (the cash-in compliance gate): consent, document, checking, selfie.
// (lang, data, act) -> DOM nodes, like screens.js. The camera's guidance ("move closer", ...)
// arrives as its own message and is shown in the [data-field=guidance] line by app.js.

import { actionButton as button, el, notice } from "./dom.js";
import { message, t } from "./i18n.js";

function cameraView() {
  return el("div", { class: "qr-frame id-frame", "aria-hidden": "true" },
    el("img", { class: "camera-preview", "data-field": "camera_preview", alt: "", hidden: true }));
}

function guidanceLine() {
  return el("p", { class: "notice info guidance", "data-field": "guidance", hidden: true });
}

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
    cameraView(),
    el("p", { class: "instruction" }, t(lang, "kyc.selfie_instruction")),
    guidanceLine(),
    notice(message(lang, data.error), "error", "error"),
    el("div", { class: "footer" }, button(act, "cancel", t(lang, "kyc.selfie_skip"))),
  ];
}

export const KYC_RENDERERS = {
  identify,
  scan_document: scanDocument,
  checking_customer: checkingCustomer,
  selfie,
};

// The screens that show the camera and its guidance.
export const CAMERA_SCREENS = ["scan_wallet", "scan_document", "selfie"];
