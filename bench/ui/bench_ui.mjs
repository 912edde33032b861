// bench-ui: the customer screen in Debian's headless Chromium against the fixture kiosk
// (tests/browser/ui_fixture_server: the real UiServer and socket, a scripted cash-in).
//   * tap-to-paint: from a touch on the page to the first frame painted after the screen it
//     brought (kiosk round trip + render), median and p99 over the cash-in journeys in kk, ru, en
//     (language, coin, confirm, finish; cancel, finish), plus the sell keypad's local taps;
//   * page weight: bytes of every file the page loads; socket bytes to the first screen;
//   * baseline, same run: the browser's own frame interval (two requestAnimationFrame apart).
// Goals (issue 18): p99 < 100 ms, page < 300 KB. One JSON object on the last line.
//
//   node bench/ui/bench_ui.mjs FIXTURE_BINARY [--rounds N]

import { launchBrowser, simAction, startServer, waitConnected, waitForScreen } from "../../tests/browser/lib.mjs";
import { openGallery } from "../../tests/browser/screen_gallery.mjs";
import { SAMPLES } from "../../tests/browser/screen_samples.mjs";

const fixture = process.argv[2];
if (!fixture) {
  console.error("usage: bench_ui.mjs FIXTURE_BINARY [--rounds N]");
  process.exit(2);
}
const roundsAt = process.argv.indexOf("--rounds");
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 5;

// Taps a button inside the page and resolves with ms until the frame after the next render.
// `local`: the tap repaints without the kiosk (a keypad key): wait for the next frame only.
const slowest = [];
async function tapToPaint(page, selector, local = false) {
  const ms = await page.evaluate(async ([sel, isLocal]) => {
    const screen = document.getElementById("screen");
    const before = screen.dataset.shown;
    const button = document.querySelector(sel);
    if (!button) throw new Error(`no ${sel}`);
    const t0 = performance.now();
    button.click();
    if (!isLocal) {
      await new Promise((resolve) => {
        const seen = new MutationObserver(() => {
          if (screen.dataset.shown !== before) { seen.disconnect(); resolve(); }
        });
        seen.observe(screen, { attributes: true, attributeFilter: ["data-shown"] });
      });
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));  // painted
    return performance.now() - t0;
  }, [selector, local]);
  slowest.push([Math.round(ms), selector.replace("main#screen button", "")]);
  return ms;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x) => Math.round(x * 10) / 10;

const server = await startServer({ command: fixture, args: ["--port", "0", "--deadline", "90"] });
const browser = await launchBrowser({ viewport: { width: 1080, height: 1920 } });
const taps = [];
let pageBytes = 0;
let pageFiles = 0;
let socketBytes = null;
let frameMs = [];
try {
  // Page weight and socket bytes to the first screen, on a first load.
  const page = await browser.newPage();
  page.on("response", async (r) => {
    try {
      const n = (await r.body()).length;  // read before adding: the bodies arrive concurrently
      pageBytes += n;
      pageFiles += 1;
    } catch { /* a socket upgrade has no body */ }
  });
  page.on("websocket", (ws) => {
    let bytes = 0;
    ws.on("framereceived", ({ payload }) => {
      if (socketBytes !== null) return;
      bytes += Buffer.byteLength(payload);
      if (/"type":"screen"/.test(String(payload))) socketBytes = bytes;
    });
  });
  await page.goto(`${server.baseUrl}/`);
  await waitConnected(page);
  await waitForScreen(page, "welcome");
  const sim = await browser.newPage();
  await sim.goto(`${server.baseUrl}/sim`);
  await waitConnected(sim);
  await page.bringToFront();  // a background tab's frames and timers are throttled to 1 s

  frameMs = await page.evaluate(async () => {
    const out = [];
    let last = await new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < 30; i++) {
      const now = await new Promise((r) => requestAnimationFrame(r));
      out.push(now - last);
      last = now;
    }
    return out;
  });

  const b = (action, value) => `main#screen button[data-action="${action}"]${value ? `[data-value="${value}"]` : ""}`;
  for (let i = 0; i < ROUNDS; i++) {
    for (const lang of ["kk", "ru", "en"]) {
      await page.click(`main#screen button[data-local="show_language"][data-value="${lang}"]`);
      taps.push(await tapToPaint(page, b("choose_language", lang)));
      taps.push(await tapToPaint(page, b("choose_asset", "BTC/bitcoin")));
      await simAction(sim, "present_qr", { asset: "BTC/bitcoin", valid: true });
      await waitForScreen(page, "insert_notes");
      await simAction(sim, "insert_note", { kzt: 5000 });
      await page.waitForSelector('main#screen button[data-action="confirm"]:not([disabled])');
      taps.push(await tapToPaint(page, b("confirm")));
      await waitForScreen(page, "done");
      taps.push(await tapToPaint(page, b("finish")));
      // Cancel before any cash, then finish.
      await page.click(`main#screen button[data-local="show_language"][data-value="${lang}"]`);
      taps.push(await tapToPaint(page, b("choose_language", lang)));
      taps.push(await tapToPaint(page, b("cancel")));
      taps.push(await tapToPaint(page, b("finish")));
    }
  }
  await sim.close();
  await page.close();

  // The sell keypad repaints on the page alone.
  const g = await openGallery(browser, { width: 1080, height: 1920 });
  await g.show({ ...SAMPLES.find(([n]) => n === "sell-amount")[1], lang: "ru" });
  for (let i = 0; i < ROUNDS * 4; i++) {
    for (const key of ["3", "7", "000", "⌫", "⌫", "⌫"])
      taps.push(await tapToPaint(g.page, `main#screen button[data-key="${key}"]`, true));
  }
  await g.page.close();
} finally {
  await browser.close();
  await server.stop();
}

const result = {
  bench: "ui",
  taps: taps.length,
  tap_to_paint_ms: { median: round(pct(taps, 50)), p99: round(pct(taps, 99)), max: round(Math.max(...taps)) },
  page_bytes: pageBytes,
  page_files: pageFiles,
  socket_bytes_to_first_screen: socketBytes,
  baseline: { frame_interval_ms: round(pct(frameMs, 50)) },
  goals: { tap_to_paint_p99_ms: 100, page_bytes: 300000 },
};
result.goals_met = result.tap_to_paint_ms.p99 < 100 && pageBytes < 300000;
slowest.sort((a, b) => b[0] - a[0]);
console.error(`bench-ui: slowest taps ${JSON.stringify(slowest.slice(0, 5))}`);
console.log(JSON.stringify(result));
