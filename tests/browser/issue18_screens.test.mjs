// Issue 18, the problems a screen alone shows, pinned without a kiosk (screen_gallery.mjs plays the
// kiosk's messages from screen_samples.mjs): countdowns over a minute (item 5), the result says what
// happened and the rate used (items 2, 7), help wherever the operator is needed: phone, transaction
// number, the receipt's QR (item 8), buying not offered while the validator cannot take notes
// (item 4), no raw code or key from any message (item 3), every amount held together with a decimal
// comma in kk and ru (item 9), the redeem keypad (also-list).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { launchBrowser } from "./lib.mjs";
import { openGallery } from "./screen_gallery.mjs";
import { SAMPLES } from "./screen_samples.mjs";

const sample = (name) => SAMPLES.find(([n]) => n === name)[1];
const plain = (s) => s.replace(/[\u00A0\u202F\u2011]/g, (c) => (c === "\u2011" ? "-" : " "));

describe("issue 18 screens", () => {
  let browser;
  let g;
  before(async () => {
    browser = await launchBrowser();
    g = await openGallery(browser, { width: 1080, height: 1920 });
  });
  after(async () => { await browser?.close(); });
  const text = async (sel = "main#screen") => plain(await g.page.locator(sel).first().textContent());

  test("item 5: a countdown over a minute reads minutes and seconds", async () => {
    for (const [seconds, shown] of [[900, "15:00"], [599, "9:59"], [60, "1:00"], [59, "59 с"]]) {
      await g.show({ ...sample("sell-deposit"), lang: "ru", deadline_s: seconds });
      assert.equal((await g.page.textContent("#countdown-value")).trim(), shown, `${seconds} s`);
    }
  });

  test("items 2 and 7: the result says why crypto was bought, and the rate used", async () => {
    await g.show({ ...sample("done-cancelled-no-receipt"), lang: "en" });
    assert.equal(await text('[data-field="ended_by"]'), "You cancelled: we bought crypto for the 15 000 ₸ you inserted.");
    assert.equal(await text('[data-field="rate_kzt"]'), "48 231 000 ₸");
    await g.show({ ...sample("done-validator-failed"), lang: "ru" });
    assert.match(await text('[data-field="ended_by"]'), /купюроприёмник/i);
    assert.match(await text('[data-field="ended_by"]'), /15 000 ₸/);
  });

  test("item 8: wherever the operator is needed, the phone, the transaction number and the receipt's QR", async () => {
    for (const [name, tx] of [["done-cancelled-no-receipt", "TX-20261208-0042"], ["ended-owed", "TX-20261208-0042"],
      ["sell-done-partial", "TX-20261208-0043"]]) {
      for (const lang of ["kk", "ru", "en"]) {
        await g.show({ ...sample(name), lang });
        const help = 'main#screen [data-field="help"]';
        assert.ok(await g.page.isVisible(help), `${lang} ${name}: help`);
        assert.match(await text(`${help} [data-field="support_phone"]`), /\+7 717 000 00 00/, `${lang} ${name}`);
        assert.match(await text(`${help} [data-field="help_tx"]`), new RegExp(tx), `${lang} ${name}`);
        assert.ok(await g.page.isVisible(`${help} img[data-field="receipt_qr"]`), `${lang} ${name}: the QR`);
      }
    }
    await g.show({ ...sample("out-of-service"), lang: "en" });
    assert.match(await text('[data-field="support_phone"]'), /\+7 717 000 00 00/);
    assert.match(await text('[data-field="nearby"]'), /ТРЦ Keruen/);
    // Without a configured phone the screen says so rather than "contact the operator" alone.
    await g.show({ ...sample("ended-owed"), lang: "en", support: { phone: null, nearby: [] } });
    assert.ok((await text('[data-field="support_phone"]')).length > 10);
  });

  test("item 4: buying is not offered while the validator cannot take notes", async () => {
    await g.show({ ...sample("welcome-sell-only"), lang: "en" });
    assert.equal(await g.page.locator('main#screen button[data-action="choose_language"]').count(), 0);
    assert.equal(await g.page.locator('main#screen button[data-action="start_cash_out"]').count(), 1);
    assert.ok(await g.page.isVisible('main#screen [data-field="buy_unavailable"]'));
    await g.show({ ...sample("choose-asset-buy-off"), lang: "ru" });
    assert.equal(await g.page.locator('main#screen button[data-action="choose_asset"]').count(), 0);
    assert.match(await text('[data-field="buy_unavailable"]'), /Покупка криптовалюты сейчас недоступна/);
  });

  test("item 3: a code the page has no words for is never shown, on any screen that shows messages", async () => {
    for (const [screen, field] of [["processing", "message"], ["session_ended", "message"], ["scan_wallet", "error"],
      ["insert_notes", "message"], ["sell_ended", "message"], ["out_of_service", "reason"]]) {
      for (const code of ["validator_jammed", "printer_paper out", "deposit_short", "cassette_full"]) {
        const base = SAMPLES.find(([, m]) => m.screen === screen)[1];
        await g.show({ ...base, lang: "kk", data: { ...base.data, [field]: code } });
        const shown = await text();
        assert.ok(!shown.includes(code) && !/\b[a-z]+_[a-z_]+\b/.test(shown), `${screen} ${code}: ${shown}`);
      }
    }
  });

  test("item 9: every amount on every screen holds together, with a decimal comma in kk and ru", async () => {
    for (const lang of ["kk", "ru", "en"]) {
      for (const [name, msg] of SAMPLES) {
        await g.show({ ...msg, lang });
        const raw = await g.page.locator("main#screen").textContent();
        const loose = raw.match(/\d \d{3}\b|\d ₸|\d %|\d [A-Z]{3,5}\b/g);
        assert.equal(loose, null, `${lang} ${name}: an amount with a breakable space ${JSON.stringify(loose)}`);
        const point = raw.match(/\d\.\d+\u00A0(?:₸|BTC|%)/g);
        if (lang === "en") continue;
        assert.equal(point, null, `${lang} ${name}: a decimal point ${JSON.stringify(point)}`);
      }
    }
    await g.show({ ...sample("insert-cash-in"), lang: "kk" });
    assert.equal(await text('[data-field="crypto"]'), "0,00030167 BTC");
    await g.show({ ...sample("insert-cash-in"), lang: "en" });
    assert.equal(await text('[data-field="crypto"]'), "0.00030167 BTC");
  });

  test("also: the redeem keypad's keys do not touch and the typed code is the largest text", async () => {
    for (const size of [{ width: 1080, height: 1920 }, { width: 800, height: 1280 }, { width: 1920, height: 1080 }]) {
      await g.page.setViewportSize(size);
      await g.show({ ...sample("redeem-bad-code"), lang: "ru" });
      const { gaps, code, largest } = await g.page.evaluate(() => {
        const keys = [...document.querySelectorAll('main#screen .keypad button[data-action="key"]')]
          .map((b) => b.getBoundingClientRect());
        let gaps = Infinity;
        for (const a of keys) for (const b of keys) {
          if (a === b) continue;
          const dx = Math.max(b.left - a.right, a.left - b.right);
          const dy = Math.max(b.top - a.bottom, a.top - b.bottom);
          gaps = Math.min(gaps, Math.max(dx, dy));
        }
        const size = (e) => parseFloat(getComputedStyle(e).fontSize);
        const code = size(document.querySelector('main#screen [data-field="code"]'));
        const largest = Math.max(...[...document.querySelectorAll("main#screen *")]
          .filter((e) => e.tagName !== "H1" && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
          .map(size));
        return { gaps, code, largest };
      });
      assert.ok(gaps >= 8, `${size.width}: keys ${gaps} px apart`);
      assert.equal(code, largest, `${size.width}: the code is the largest text but the heading`);
    }
    await g.page.setViewportSize({ width: 1080, height: 1920 });
    // The receipt's QR is offered beside the keypad.
    assert.ok(await g.page.isVisible("main#screen .redeem-scan .qr-frame"));
  });
});
