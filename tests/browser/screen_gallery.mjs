// The customer page without a kiosk: ui/www served to Chromium from disk through Playwright's
// request routing, and its WebSocket answered by the test (page.routeWebSocket), so any screen in
// any state can be pushed at once. Used by the screen-fit test, `make screenshots` and bench-ui.
//
//   const g = await openGallery(browser, { width: 1080, height: 1920 });
//   await g.show({ screen: "welcome", lang: "kk", data: {...} });
//   ... g.page, g.touches (what the page sent), g.failed (files it asked for and did not get)

import { readFileSync } from "node:fs";
import { extname } from "node:path";

import { waitConnected } from "./lib.mjs";

const WWW = new URL("../../ui/www/", import.meta.url);
const ORIGIN = "http://kiosk.test";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

// `clock: true` installs Playwright's clock before the page loads (page.clock.fastForward(ms) then
// moves the page's timers on).
export async function openGallery(browser, viewport, { clock = false } = {}) {
  const page = await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  if (clock) await page.clock.install();
  const failed = [];
  const touches = [];
  await page.route(`${ORIGIN}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1) || "index.html";
    if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) {
      failed.push(name);
      return route.fulfill({ status: 404, body: "" });
    }
    try {
      return route.fulfill({ body: readFileSync(new URL(name, WWW)), contentType: TYPES[extname(name)] });
    } catch {
      failed.push(name);
      return route.fulfill({ status: 404, body: "" });
    }
  });
  let socket;
  const connected = new Promise((resolve) => {
    page.routeWebSocket(`ws://kiosk.test/ws`, (ws) => {
      socket = ws;
      ws.onMessage((text) => touches.push(JSON.parse(String(text))));
      resolve();
    });
  });
  await page.goto(`${ORIGIN}/`);
  await connected;
  await waitConnected(page);
  return {
    page,
    touches,
    failed,
    // Pushes a screen message and resolves once it is on screen and painted.
    async show({ screen, lang, data = {}, deadline_s = null, support = SUPPORT }) {
      const before = await page.evaluate(() => document.getElementById("screen").dataset.shown ?? "0");
      socket.send(JSON.stringify({ type: "screen", screen, lang, deadline_s, data, support }));
      await page.waitForFunction((n) => document.getElementById("screen").dataset.shown !== n, before);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    },
    // Any other message (camera_preview, camera_guidance).
    send(msg) {
      socket.send(JSON.stringify(msg));
    },
  };
}

export const SUPPORT = {
  phone: "+7 717 000 00 00",
  nearby: ["ТРЦ Keruen, Достық к-сі, 9, Астана", "Mega Silk Way, Қабанбай батыр даңғ., 62, Астана"],
};

// Text smaller than `min` px on the screen (each element that holds text of its own).
export async function smallText(page, min = 26) {
  return page.$$eval("main#screen *", (els, m) => els
    .filter((e) => e.offsetParent !== null || e.getClientRects().length)
    .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((e) => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])
    .filter(([, size]) => size < m), min);
}
