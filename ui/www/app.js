// The customer screen: shows whatever screen the kiosk last pushed over /ws and sends touches back.
// It holds no business logic: no amounts are computed and no screen is chosen here.

import { keepAmountsTogether } from "./dom.js";
import { LANGUAGES, setNumberLanguage, t } from "./i18n.js";
import { addHelpWhereOperatorMentioned } from "./help.js";
import { CAMERA_SCREENS } from "./kyc_screens.js";
import { renderScreen } from "./screens.js";
import { ReconnectingSocket } from "./socket.js";

keepAmountsTogether(true);

const screenEl = document.getElementById("screen");
let shown = 0;  // screens rendered so far: main#screen[data-shown] tells tests a render is done
const countdownEl = document.getElementById("countdown");
const countdownLabel = document.getElementById("countdown-label");
const countdownValue = document.getElementById("countdown-value");
const connectingText = document.getElementById("connecting-text");

let lang = null;
let deadlineAt = null;  // performance.now() at which the countdown reaches 0
let countdownTimer = null;
let preview = null;  // the newest camera preview (a data: URL) while a camera screen is up
let guidance = null;  // the camera's newest guidance key while a camera screen is up
// Advice waits until the camera has looked: nobody is scolded on arrival ("no face" before they
// had time to step in front of it). The time the current camera screen first appeared.
const ADVICE_AFTER_MS = 2500;
let cameraScreenSince = null;
let adviceTimer = null;

const socket = new ReconnectingSocket("/ws", {
  onMessage: (msg) => {
    if (msg.type === "screen") show(msg);
    else if (msg.type === "camera_preview") showPreview(msg.src);
    else if (msg.type === "camera_guidance") showGuidance(msg.value);
  },
  onStatus: (connected) => {
    document.body.dataset.connected = String(connected);
    if (!connected) {
      // The language on screen: the welcome screen's is picked on the page, not sent by the kiosk.
      const shown = lang && LANGUAGES.includes(document.documentElement.lang) ? document.documentElement.lang : lang;
      connectingText.textContent = shown ? t(shown, "connecting")
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
  setNumberLanguage(lang);
  const previousScreen = screenEl.dataset.screen;
  screenEl.dataset.screen = String(msg.screen ?? "");
  // Every renderer gets the operator's contact ("support") with the screen's own data.
  const data = { ...(msg.data && typeof msg.data === "object" ? msg.data : {}), support: msg.support };
  screenEl.replaceChildren(...renderScreen(msg.screen, lang, data, act).filter(Boolean));
  addHelpWhereOperatorMentioned(screenEl, lang, { ...msg, data });
  startCountdown(msg.deadline_s);
  screenEl.dataset.shown = String(++shown);
  if (CAMERA_SCREENS.includes(msg.screen)) {
    if (previousScreen !== msg.screen) {
      cameraScreenSince = performance.now();
      preview = null;  // nothing of the last scan on a new one
      guidance = null;
    }
    showPreview(preview);
    showGuidance(guidance);
  } else {
    preview = null;
    guidance = null;
    cameraScreenSince = null;
  }
}

// What the camera wants the customer to do ("move_closer", ...), on the document and selfie screens.
// One line of advice: the camera's newest, else a refusal that is advice (data-held). The selfie
// screen has its own words for a face ("guide.selfie.no_face") where the document's differ.
function showGuidance(value) {
  guidance = typeof value === "string" && value !== "" ? value : null;
  const line = screenEl.querySelector("[data-field=guidance]");
  if (!line) return;
  const waited = cameraScreenSince === null ? 0 : performance.now() - cameraScreenSince;
  clearTimeout(adviceTimer);
  if (waited < ADVICE_AFTER_MS) {
    line.hidden = true;
    adviceTimer = setTimeout(() => showGuidance(guidance), ADVICE_AFTER_MS - waited);
    return;
  }
  const key = guidance ?? line.dataset.held ?? null;
  const own = `guide.${screenEl.dataset.screen}.${key}`;
  line.textContent = key ? t(lang, t(lang, own) !== own ? own : "guide." + key) : "";
  line.hidden = !key;
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
  // A minute or more reads as minutes and seconds ("9:59"), not "599 s".
  countdownValue.textContent = left >= 60
    ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`
    : t(lang, "countdown.value", { n: left });
  if (left === 0) {
    clearInterval(countdownTimer);
    countdownTimer = null;
  }
}

socket.connect();
