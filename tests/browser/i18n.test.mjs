// The string table of the customer screen: every key in every language, non-empty, with the same
// {placeholders}; Kazakh and Russian in Cyrillic. Runs in Node without a browser.

import assert from "node:assert/strict";
import { test } from "node:test";

import { LANGUAGE_NAMES, LANGUAGES, message, STRINGS, t } from "../../ui/www/i18n.js";

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("every language has every key, non-empty, with the same placeholders", () => {
  assert.deepEqual([...LANGUAGES].sort(), Object.keys(STRINGS).sort());
  const keys = Object.keys(STRINGS.en).sort();
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(STRINGS[lang]).sort(), keys, `keys of ${lang}`);
    for (const key of keys) {
      const text = STRINGS[lang][key];
      assert.ok(typeof text === "string" && text.trim().length > 0, `${lang}.${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(STRINGS.en[key]), `${lang}.${key} placeholders`);
    }
    assert.ok(LANGUAGE_NAMES[lang], `name of ${lang}`);
  }
});

test("Kazakh and Russian strings are Cyrillic, and Kazakh uses its own letters", () => {
  for (const lang of ["kk", "ru"]) {
    for (const [key, text] of Object.entries(STRINGS[lang])) {
      const words = text.replace(/\{\w+\}/g, "").replace(/QR/g, "");
      assert.ok(!/[A-Za-z]/.test(words), `${lang}.${key} has Latin letters: ${text}`);
    }
  }
  const kazakhLetters = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;
  const withOwnLetters = Object.values(STRINGS.kk).filter((s) => kazakhLetters.test(s));
  assert.ok(withOwnLetters.length > Object.keys(STRINGS.kk).length / 3, "Kazakh text, not Russian");
});

test("t() fills placeholders and falls back visibly", () => {
  assert.equal(t("ru", "countdown.value", { n: 42 }), "42 с");
  assert.equal(t("en", "scan.hint", { name: "Bitcoin", symbol: "BTC" }), "Only an address for Bitcoin (BTC) is accepted");
  assert.equal(t("xx", "action.cancel"), "Cancel");
  assert.equal(t("en", "no.such.key"), "no.such.key");
});

test("message() translates known keys and shows other text as is", () => {
  assert.equal(message("ru", "note_rejected"), "Купюра не принята. Попробуйте другую.");
  assert.equal(message("kk", { key: "limit_reached" }), "Ең жоғары сомаға жетті.");
  assert.equal(message("en", "Call 8-800-000"), "Call 8-800-000");
  assert.equal(message("en", null), "");
  assert.equal(message("en", { nokey: 1 }), "");
  assert.equal(message("en", "constructor"), "constructor");
});
