// Helpers for browser tests of the kiosk UI, reusable against any server that speaks the protocol in
// ui/README.md: the fixture server here, or the real `kiosk run --sim`.
//
//   const server = await startServer({ command: fixture, args: ["--port", "0"] });
//   const browser = await launchBrowser();
//   const page = await openCustomer(browser, server.baseUrl);
//   await waitForScreen(page, "welcome");
//   await chooseLanguage(page, "en");  // on the welcome screen: English, then "Buy"
//
// Only Debian's /usr/bin/chromium is used (KIOSK_CHROMIUM overrides the path); no browser is ever
// downloaded.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.KIOSK_CHROMIUM || "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Starts a server process and resolves once it serves /healthz. Its port is `port` when given,
// otherwise read from the first "port=N" on a line of its output that mentions "listening"
// (the UI server logs "event=ui.listening bind=127.0.0.1 port=N"); `portPattern` narrows that.
export async function startServer({ command, args = [], env = {}, port, readyTimeoutMs = 15000,
                                   portPattern = /listening[^\n]*\bport=(\d+)/ }) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let exited = null;
  let resolvePort;
  const portSeen = new Promise((resolve) => { resolvePort = resolve; });
  if (port) resolvePort(port);
  const onData = (chunk) => {
    output += chunk.toString();
    const m = output.match(portPattern);
    if (m) resolvePort(Number(m[1]));
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  child.on("exit", (code, signal) => { exited = { code, signal }; resolvePort(null); });

  const timeout = sleep(readyTimeoutMs).then(() => null);
  const found = await Promise.race([portSeen, timeout]);
  if (!found) {
    child.kill("SIGKILL");
    throw new Error(`server did not report its port (exit ${JSON.stringify(exited)}):\n${output}`);
  }
  const baseUrl = `http://127.0.0.1:${found}`;
  await waitForHealthz(baseUrl, readyTimeoutMs);
  return {
    baseUrl,
    port: found,
    process: child,
    output: () => output,
    async stop() {
      if (exited) return exited;
      const done = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
      child.kill("SIGTERM");
      const result = await Promise.race([done, sleep(5000).then(() => null)]);
      if (!result) child.kill("SIGKILL");
      return result ?? (await done);
    },
  };
}

export async function waitForHealthz(baseUrl, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok && (await res.text()) === "ok") return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${baseUrl}/healthz not ready after ${timeoutMs} ms`);
    await sleep(50);
  }
}

// A headless Chromium with a fresh profile; close it with `await browser.close()`.
// Returns a Playwright BrowserContext (pages come from browser.newPage()).
export async function launchBrowser({ viewport = { width: 1280, height: 1024 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "kiosk-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}

// Opens the customer screen and waits until its WebSocket is up.
export async function openCustomer(browser, baseUrl) {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/`);
  await waitConnected(page);
  return page;
}

// Opens the simulator console (served only with the sim console on) and waits for its socket.
export async function openSimConsole(browser, baseUrl) {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/sim`);
  await waitConnected(page);
  return page;
}

export async function waitConnected(page, timeout = 10000) {
  await page.waitForSelector('body[data-connected="true"]', { state: "attached", timeout });
}

export async function waitDisconnected(page, timeout = 10000) {
  await page.waitForSelector('body[data-connected="false"]', { state: "attached", timeout });
}

// Waits until the customer screen shows `name`, then returns the page.
export async function waitForScreen(page, name, timeout = 10000) {
  await page.waitForSelector(`main#screen[data-screen="${name}"]`, { state: "attached", timeout });
  return page;
}

function attr(value) {
  return String(value).replace(/["\\]/g, "\\$&");
}

// Clicks a customer button: button[data-action=action][data-value=value] (value optional).
export async function clickAction(page, action, value) {
  let selector = `main#screen button[data-action="${attr(action)}"]`;
  if (value !== undefined) selector += `[data-value="${attr(value)}"]`;
  await page.click(selector);
}

// On the welcome screen: picks `lang` (on the page), then `action` in it: "choose_language" is
// Buy; "start_cash_out" and "start_redeem" sell and redeem.
export async function chooseLanguage(page, lang, action = "choose_language") {
  await page.click(`main#screen button[data-local="show_language"][data-value="${attr(lang)}"]`);
  await page.click(`main#screen button[data-action="${attr(action)}"][data-value="${attr(lang)}"]`);
}

export function actionButton(page, action, value) {
  let selector = `main#screen button[data-action="${attr(action)}"]`;
  if (value !== undefined) selector += `[data-value="${attr(value)}"]`;
  return page.locator(selector);
}

// Clicks a sim console button: button[data-sim=action] with one data-* per parameter, e.g.
// simAction(console, "insert_note", { kzt: 5000 }) or simAction(console, "present_qr",
// { asset: "BTC/bitcoin", valid: true }).
export async function simAction(page, action, params = {}) {
  let selector = `button[data-sim="${attr(action)}"]`;
  for (const [k, v] of Object.entries(params)) selector += `[data-${k}="${attr(v)}"]`;
  await page.click(selector);
}

// The text of a [data-field] element on the current customer screen.
export async function fieldText(page, field) {
  // Amounts are shown with non-breaking spaces ("5\u00A0000\u00A0₸"); tests compare plain spaces.
  return (await page.locator(`main#screen [data-field="${attr(field)}"]`).first().textContent())
    ?.replace(/[\u00A0\u202F]/g, " ").trim();
}

export async function heading(page) {
  return (await page.locator("main#screen h1").first().textContent())?.trim();
}

// Seconds shown by the countdown, or null when it is hidden.
export async function countdownSeconds(page) {
  return page.evaluate(() => {
    const el = document.getElementById("countdown");
    return el.hidden || el.dataset.seconds === undefined ? null : Number(el.dataset.seconds);
  });
}

// Waits until `fn()` resolves to a truthy value; returns it.
export async function eventually(fn, { timeout = 5000, interval = 50, what = "condition" } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(interval);
  }
}

// Every enabled control of the screen is inside the viewport once scrolled to (the footer stays
// in view), and no screen mentions the operator without the phone to call.
export async function assertControlsInView(page) {
  const off = await page.evaluate(() => {
    const bad = [];
    for (const b of document.querySelectorAll("main#screen button")) {
      b.scrollIntoView({ block: "nearest" });
      const r = b.getBoundingClientRect();
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1)
        bad.push(`${b.dataset.action ?? b.dataset.key ?? b.dataset.local} at ${Math.round(r.top)}`);
    }
    return bad;
  });
  assert.deepEqual(off, [], "controls off screen");
  const text = await page.locator("main#screen").textContent();
  if (/operator|оператор/i.test(text)) {
    assert.ok(await page.locator('main#screen [data-field="support_phone"]').isVisible(),
      "the operator is mentioned: the phone is on screen");
  }
  assert.ok(!/\b[a-z]+_[a-z_]+\b/.test(text), `a raw code on screen: ${text}`);
}
