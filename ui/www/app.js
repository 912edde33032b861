// The customer screen: shows whatever screen the kiosk last pushed over /ws and sends touches back.
// It holds no business logic: no amounts are computed and no screen is chosen here.

import { LANGUAGES, t } from "./i18n.js";
import { addHelpWhereOperatorMentioned } from "./help.js";
import { CAMERA_SCREENS } from "./kyc_screens.js";
import { renderScreen } from "./screens.js";
import { ReconnectingSocket } from "./socket.js";

const screenEl = document.getElementById("screen");
const countdownEl = document.getElementById("countdown");
const countdownLabel = document.getElementById("countdown-label");
const countdownValue = document.getElementById("countdown-value");
const connectingText = document.getElementById("connecting-text");

let lang = null;
let deadlineAt = null;  // performance.now() at which the countdown reaches 0
let countdownTimer = null;
let preview = null;  // the newest camera preview (a data: URL) while a camera screen is up
let guidance = null;  // the camera's newest guidance key while a camera screen is up

const socket = new ReconnectingSocket("/ws", {
  onMessage: (msg) => {
    if (msg.type === "screen") show(msg);
    else if (msg.type === "camera_preview") showPreview(msg.src);
    else if (msg.type === "camera_guidance") showGuidance(msg.value);
  },
  onStatus: (connected) => {
    document.body.dataset.connected = String(connected);
    if (!connected) {
      connectingText.textContent = lang ? t(lang, "connecting")
        : LANGUAGES.map((code) => t(code, "connecting")).join(" · ");
    }
  },
});

// A touch names the screen it was made on: the kiosk refuses it if that screen has been replaced.
function act(action, value) {
  const msg = { type: "action", action, screen: screenEl.dataset.screen };
  if (value !== undefined) msg.value = value;
  socket.send(msg);
}

function show(msg) {
  lang = LANGUAGES.includes(msg.lang) ? msg.lang : "ru";
  document.documentElement.lang = lang;
  screenEl.dataset.screen = String(msg.screen ?? "");
  // Every renderer gets the operator's contact ("support") with the screen's own data.
  const data = { ...(msg.data && typeof msg.data === "object" ? msg.data : {}), support: msg.support };
  screenEl.replaceChildren(...renderScreen(msg.screen, lang, data, act).filter(Boolean));
  addHelpWhereOperatorMentioned(screenEl, lang, { ...msg, data });
  startCountdown(msg.deadline_s);
  if (CAMERA_SCREENS.includes(msg.screen)) {
    showPreview(preview);
    showGuidance(guidance);
  } else {
    preview = null;
    guidance = null;
  }
}

// What the camera wants the customer to do ("move_closer", ...), on the document and selfie screens.
function showGuidance(value) {
  guidance = typeof value === "string" && value !== "" ? value : null;
  const line = screenEl.querySelector("[data-field=guidance]");
  if (!line) return;
  line.textContent = guidance ? t(lang, "guide." + guidance) : "";
  line.hidden = !guidance;
}

// The scan screen's live camera view (a small JPEG a few times a second); kept only in memory.
function showPreview(src) {
  if (typeof src !== "string" || !src.startsWith("data:image/jpeg;base64,")) return;
  preview = src;
  const img = screenEl.querySelector("img.camera-preview");
  if (!img) return;
  img.src = src;
  img.hidden = false;
}

// The kiosk sends the seconds left with each screen; the page only ticks them down.
function startCountdown(seconds) {
  clearInterval(countdownTimer);
  countdownTimer = null;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    deadlineAt = null;
    countdownEl.hidden = true;
    delete countdownEl.dataset.seconds;
    return;
  }
  deadlineAt = performance.now() + seconds * 1000;
  countdownEl.hidden = false;
  tick();
  countdownTimer = setInterval(tick, 250);
}

function tick() {
  if (deadlineAt === null) return;
  const left = Math.max(0, Math.ceil((deadlineAt - performance.now()) / 1000));
  countdownEl.dataset.seconds = String(left);
  countdownEl.classList.toggle("urgent", left <= 10);
  countdownLabel.textContent = t(lang, "countdown.label");
  countdownValue.textContent = t(lang, "countdown.value", { n: left });
  if (left === 0) {
    clearInterval(countdownTimer);
    countdownTimer = null;
  }
}

socket.connect();
