// Issue 18 item 9: limits are clear. Against the fixture kiosk with a 30 000 ₸ limit: the screen
// says how much more may go in, a note over it is returned with the room left in tenge, reaching
// the limit says so, and no amount on screen can wrap (non-breaking spaces, decimal comma in kk/ru).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  actionButton, chooseLanguage, clickAction, eventually, fieldText, launchBrowser, openCustomer, openSimConsole,
  simAction, startServer, waitForScreen,
} from "./lib.mjs";

const FIXTURE = process.env.KIOSK_UI_FIXTURE;
if (!FIXTURE) throw new Error("set KIOSK_UI_FIXTURE to the ui_fixture_server binary");

// Every amount on the screen is held together: no plain space inside "30 000 ₸" or before a sign.
async function assertAmountsUnbreakable(page) {
  const text = await page.locator("main#screen").textContent();
  const loose = text.match(/\d \d{3}\b|\d ₸|\d %|\d [A-Z]{3,5}\b/g);
  assert.equal(loose, null, `an amount with a breakable space: ${JSON.stringify(loose)}`);
}

describe("limits against the fixture kiosk (30 000 ₸)", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ command: FIXTURE, args: ["--port", "0", "--max-kzt", "30000"] });
    browser = await launchBrowser({ viewport: { width: 800, height: 1280 } });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [lang, room, over, reached, comma] of [
    ["kk", "Тағы салуға болады", /тағы 10 000 ₸ дейін/, /лимитке жеттіңіз.*30 000 ₸/, true],
    ["ru", "Можно ещё внести", /ещё до 10 000 ₸/, /достигли лимита.*30 000 ₸/, true],
    ["en", "You can still insert", /up to 10 000 ₸ more/, /reached your limit.*30 000 ₸/, false],
  ]) {
    test(`in ${lang}: the room left, a note over it, the limit reached`, async () => {
      const page = await openCustomer(browser, server.baseUrl);
      const sim = await openSimConsole(browser, server.baseUrl);
      await waitForScreen(page, "welcome");
      await chooseLanguage(page, lang);
      await clickAction(page, "choose_asset", "BTC/bitcoin");
      await simAction(sim, "present_qr", { asset: "BTC/bitcoin", valid: true });
      await waitForScreen(page, "insert_notes");
      assert.equal(await fieldText(page, "remaining_kzt"), "30 000 ₸");

      await simAction(sim, "insert_note", { kzt: 20000 });
      await eventually(async () => (await fieldText(page, "remaining_kzt")) === "10 000 ₸",
        { what: "10 000 ₸ left" });
      const label = await page.locator('main#screen [data-field="remaining_kzt"]')
        .locator("xpath=preceding-sibling::span").textContent();
      assert.equal(label, room);
      assert.ok(!/20\s000/.test(await fieldText(page, "denominations")), "a 20 000 note no longer fits");
      assert.equal(await fieldText(page, "crypto"),
        comma ? "0,00040637 BTC" : "0.00040637 BTC", "decimal comma in kk and ru");

      await simAction(sim, "insert_note", { kzt: 20000 });
      await eventually(async () => over.test(await fieldText(page, "message") ?? ""),
        { what: "the note over the limit told with the room left" });
      await assertAmountsUnbreakable(page);

      await simAction(sim, "insert_note", { kzt: 10000 });
      await eventually(async () => reached.test(await fieldText(page, "limit_reached") ?? ""),
        { what: "the limit reached said" });
      assert.equal(await page.locator('main#screen [data-field="remaining_kzt"]').count(), 0);
      assert.equal(await page.locator('main#screen [data-field="denominations"]').count(), 0);
      assert.ok(await actionButton(page, "confirm").isEnabled(), "confirm is the way on");
      assert.ok(await actionButton(page, "confirm").isVisible());
      await assertAmountsUnbreakable(page);

      await clickAction(page, "confirm");
      await waitForScreen(page, "done");
      await assertAmountsUnbreakable(page);
      await clickAction(page, "finish");
      await waitForScreen(page, "welcome");
      await sim.close();
      await page.close();
    });
  }
});
