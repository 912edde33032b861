// `make screenshots`: every screen and state of screen_samples.mjs in kk, ru and en at 1080x1920,
// 1920x1080 and 800x1280, into OUT/<lang>/<size>/NN-name.png, and OUT/index.html showing the three
// languages side by side for each screen and size. Debian's chromium, no kiosk needed.
//
//   node tests/browser/screenshots.mjs build/screenshots

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { launchBrowser } from "./lib.mjs";
import { openGallery } from "./screen_gallery.mjs";
import { SAMPLES } from "./screen_samples.mjs";

const OUT = resolve(process.argv[2] ?? "build/screenshots");
const LANGS = ["kk", "ru", "en"];
const SIZES = [[1080, 1920], [1920, 1080], [800, 1280]];

rmSync(OUT, { recursive: true, force: true });  // no picture of a screen that is gone
const browser = await launchBrowser();
const shots = [];  // [size, NN-name]
try {
  for (const [width, height] of SIZES) {
    const size = `${width}x${height}`;
    const g = await openGallery(browser, { width, height });
    for (const lang of LANGS) {
      const dir = join(OUT, lang, size);
      mkdirSync(dir, { recursive: true });
      for (const [i, [name, msg]] of SAMPLES.entries()) {
        const file = `${String(i + 1).padStart(2, "0")}-${name}.png`;
        await g.show({ ...msg, lang });
        await g.page.screenshot({ path: join(dir, file) });
        if (lang === LANGS[0]) shots.push([size, file]);
      }
    }
    await g.page.close();
  }
} finally {
  await browser.close();
}

const esc = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const rows = shots.map(([size, file]) => `<section><h2>${esc(size)} · ${esc(file.replace(/\.png$/, ""))}</h2><div class="row">${
  LANGS.map((l) => `<figure><a href="${l}/${size}/${file}"><img loading="lazy" src="${l}/${size}/${file}" alt="${l}"></a><figcaption>${l}</figcaption></figure>`).join("")
}</div></section>`).join("\n");
writeFileSync(join(OUT, "index.html"), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kiosk screens</title>
<style>
body { font-family: sans-serif; background: #222; color: #eee; margin: 16px; }
.row { display: flex; gap: 12px; align-items: flex-start; }
figure { margin: 0; } figcaption { text-align: center; }
img { max-width: 30vw; max-height: 60vh; border: 1px solid #555; }
h2 { font-size: 16px; margin: 24px 0 8px; }
</style></head><body>
<h1>Customer screens: ${SAMPLES.length} states × ${LANGS.length} languages × ${SIZES.length} sizes</h1>
${rows}
</body></html>
`);
console.log(`screenshots: ${shots.length * LANGS.length} images and ${join(OUT, "index.html")}`);
