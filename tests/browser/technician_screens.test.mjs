// The technician's screens on the page alone (screen_gallery.mjs plays the kiosk): the "Service"
// control, the PIN keypad and the count forms send exactly one touch with what was typed, only
// what the kiosk offered can be pressed, and the opened forms fit every screen size in every
// language (the fit test covers the screens as the kiosk sends them, not forms opened on the page).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { launchBrowser } from "./lib.mjs";
import { fitProblems } from "./fit_check.mjs";
import { openGallery, smallText } from "./screen_gallery.mjs";
import { TECHNICIAN_SAMPLES } from "./technician_samples.mjs";

const SIZES = [[1080, 1920], [1920, 1080], [800, 1280]];  // as screen_fit.test.mjs

const sample = (name) => TECHNICIAN_SAMPLES.find(([n]) => n === name)[1];
const touchesOf = (g, action) => g.touches.filter((m) => m.type === "action" && m.action === action);

describe("technician screens", () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  test("Service on welcome names the language picked; no Service unless the kiosk offers it", async () => {
    const g = await openGallery(browser, { width: 1080, height: 1920 });
    await g.show({ ...sample("welcome-service"), lang: "kk" });
    await g.page.click('main#screen button[data-local="show_language"][data-value="ru"]');
    await g.page.click('main#screen button[data-action="service"]');
    assert.deepEqual(touchesOf(g, "service").map((m) => m.value), ["ru"]);
    const plain = sample("welcome-service");
    await g.show({ ...plain, lang: "kk", data: { ...plain.data, service: false } });
    assert.equal(await g.page.locator('main#screen button[data-action="service"]').count(), 0);
    await g.page.close();
  });

  test("the PIN is sent once, whole, after four digits at least; the field then clears", async () => {
    const g = await openGallery(browser, { width: 800, height: 1280 });
    await g.show({ ...sample("technician-pin"), lang: "en" });
    const enter = g.page.locator('main#screen button[data-action="pin"]');
    for (const d of "246") await g.page.click(`main#screen button[data-key="${d}"]`);
    assert.ok(await enter.isDisabled(), "three digits are not a PIN");
    assert.equal((await g.page.locator('[data-field="pin_dots"]').textContent()), "•••");
    await g.page.click('main#screen button[data-key="8"]');
    await enter.click();
    assert.deepEqual(touchesOf(g, "pin").map((m) => m.value), ["2468"]);
    assert.equal((await g.page.locator('[data-field="pin_dots"]').textContent()), "—");
    await g.page.close();
  });

  test("the refill form sends one count per cassette; unavailable actions cannot be pressed", async () => {
    const g = await openGallery(browser, { width: 1920, height: 1080 });
    await g.show({ ...sample("technician-desk"), lang: "ru" });
    for (const id of ["test_dispense", "validator_self_test", "set_config"])
      assert.ok(await g.page.locator(`main#screen button[data-offered="${id}"]`).isDisabled(), id);
    await g.page.click('main#screen button[data-local="open_refill"]');
    await g.page.click('main#screen button[data-local="count_field"][data-index="1"]');
    for (const d of "1205") await g.page.click(`main#screen button[data-key="${d}"]`);
    await g.page.click('main#screen button[data-key="⌫"]');
    await g.page.click('main#screen button[data-action="refill"]');
    assert.deepEqual(touchesOf(g, "refill").map((m) => m.value), ["0,120,0,0"]);
    await g.page.click('main#screen button[data-local="close_panel"]');
    assert.equal(await g.page.locator('main#screen button[data-action="refill"]').count(), 0);
    await g.page.close();
  });

  test("a badge for refilling only shows only the refill", async () => {
    const g = await openGallery(browser, { width: 1080, height: 1920 });
    await g.show({ ...sample("technician-desk-refill-only"), lang: "kk" });
    const offered = await g.page.locator("main#screen [data-offered]").evaluateAll((els) => els.map((e) => e.dataset.offered));
    assert.deepEqual(offered, ["refill"]);
    await g.page.close();
  });

  test("the opened forms fit every size in every language", async () => {
    const problems = [];
    for (const [width, height] of SIZES) {
      const g = await openGallery(browser, { width, height });
      for (const lang of ["kk", "ru", "en"]) {
        for (const form of ["open_refill", "open_collect_cash_box"]) {
          await g.show({ ...sample("technician-desk"), lang });
          await g.page.click(`main#screen button[data-local="${form}"]`);
          for (const bad of await fitProblems(g.page)) problems.push(`${width}x${height} ${lang} ${form}: ${bad}`);
          if (width === 1080) {
            for (const small of await smallText(g.page)) problems.push(`${width}x${height} ${lang} ${form}: small ${small}`);
          }
        }
      }
      await g.page.close();
    }
    assert.deepEqual(problems, []);
  });
});
