// What a customer cannot see on the screen as it stands (no scrolling, no guessing): every line of
// text, every control and every picture must lie inside the viewport and inside every box that
// clips it, and must not be covered by anything else (the sticky footer, the header, a neighbour).
// A box that scrolls may hide content only while it shows a visible scroll cue ([data-scroll-cue]),
// and never a control. Nothing may be wider than the screen, and no text may spill out of its
// button. Used by screen_fit.test.mjs; returns a list of problems (empty when the screen fits).
//
//   const problems = await fitProblems(page);   // ["text \"Осы кодты…\" covered by footer", ...]

export async function fitProblems(page) {
  return page.evaluate(() => {
    window.scrollTo(0, 0);
    const screen = document.getElementById("screen");
    const problems = [];
    const say = (what, node) => {
      const text = (node.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      const field = node.closest?.("[data-field]")?.dataset.field;
      return `${what} ${field ? `[${field}] ` : ""}"${text}"`;
    };
    const clips = (s) => s.overflowX !== "visible" || s.overflowY !== "visible";
    const scrolls = (e, s) =>
      /auto|scroll/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
    const cueShown = (box) => [...box.querySelectorAll("[data-scroll-cue]")].some((c) => {
      const r = c.getBoundingClientRect();
      return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && getComputedStyle(c).visibility !== "hidden";
    });

    // The visible part of `node`'s box: the viewport cut by every ancestor that clips. Returns the
    // rectangle and the scrolling ancestors with a cue (whose hidden part can be scrolled to).
    function visibleArea(node) {
      let l = 0, t = 0, r = innerWidth, b = innerHeight;
      const cued = [];
      // A fixed element (the corner "Service" control) is placed against the viewport: the boxes
      // it sits in do not clip it.
      if (getComputedStyle(node).position === "fixed") return { l, t, r, b, cued };
      for (let a = node.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (!clips(s)) continue;
        const box = a.getBoundingClientRect();
        if (scrolls(a, s) && cueShown(a)) { cued.push(a); continue; }
        if (s.overflowX !== "visible") { l = Math.max(l, box.left); r = Math.min(r, box.right); }
        if (s.overflowY !== "visible") { t = Math.max(t, box.top); b = Math.min(b, box.bottom); }
      }
      return { l, t, r, b, cued };
    }
    const inside = (rect, area) => rect.left >= area.l - 1 && rect.top >= area.t - 1 &&
      rect.right <= area.r + 1 && rect.bottom <= area.b + 1;
    // What is on top at a point, unless it is `owner` itself (or inside it).
    function coverAt(owner, x, y) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
      const hit = document.elementFromPoint(x, y);
      if (!hit || owner === hit || owner.contains(hit)) return null;
      return hit;
    }
    const name = (e) => e.closest(".footer") ? "footer" : e.closest("#bar") ? "header"
      : `${e.tagName.toLowerCase()}${e.className ? "." + String(e.className).split(" ").join(".") : ""}`;
    // Covered where the cover scrolls away with a cued scroller: reachable, so not a problem.
    const reachable = (cover, cued) => cued.some((box) => box.contains(cover));

    // With a question open only its box counts: the screen behind it is covered on purpose.
    const root = screen.querySelector("[role=alertdialog]") ?? screen;

    // Every line of text.
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const owner = n.parentElement;
      if (!owner.getClientRects().length || getComputedStyle(owner).visibility === "hidden") continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const area = visibleArea(owner);
      const button = owner.closest("button");
      for (const line of range.getClientRects()) {
        if (line.width < 1 || line.height < 1) continue;
        if (!inside(line, area)) {
          if (!area.cued.length) problems.push(say("text clipped or off screen at " +
            `${Math.round(line.left)},${Math.round(line.top)}-${Math.round(line.right)},${Math.round(line.bottom)}:`, owner));
          break;
        }
        if (button && !inside(line, (({ left, top, right, bottom }) => ({ l: left, t: top, r: right, b: bottom }))(button.getBoundingClientRect()))) {
          problems.push(say("text spills out of its button:", owner));
          break;
        }
        let cover = null;
        for (const y of [line.top + line.height * 0.3, line.bottom - line.height * 0.3]) {
          for (const x of [line.left + 2, (line.left + line.right) / 2, line.right - 2]) cover ??= coverAt(owner, x, y);
        }
        if (cover && !reachable(cover, area.cued)) {
          problems.push(say(`text covered by ${name(cover)}:`, owner));
          break;
        }
      }
    }

    // Every control and picture, whole: never hidden, not even in a cued scroller for controls.
    for (const e of root.querySelectorAll("button, img, svg, .qr-frame")) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;  // hidden
      const isControl = e.tagName === "BUTTON";
      const what = isControl ? `control ${e.dataset.action ?? e.dataset.key ?? e.dataset.local}` : `picture ${e.dataset.field ?? e.className}`;
      const area = visibleArea(e);
      if (!inside(r, area) && (isControl || !area.cued.length)) {
        problems.push(`${what} clipped or off screen at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
        continue;
      }
      const inset = Math.min(6, r.width / 4, r.height / 4);
      for (const [x, y] of [[(r.left + r.right) / 2, (r.top + r.bottom) / 2], [r.left + inset, r.top + inset],
        [r.right - inset, r.top + inset], [r.left + inset, r.bottom - inset], [r.right - inset, r.bottom - inset]]) {
        const cover = coverAt(e, x, y);
        if (cover && (isControl || !reachable(cover, area.cued))) {
          problems.push(`${what} covered by ${name(cover)} at ${Math.round(x)},${Math.round(y)}`);
          break;
        }
      }
    }

    // A box that scrolls without a cue hides what is below it from a customer who does not know.
    for (const e of [screen, ...screen.querySelectorAll("*")]) {
      const s = getComputedStyle(e);
      if (scrolls(e, s) && !cueShown(e))
        problems.push(`${e.id ? "#" + e.id : name(e)} scrolls (${e.scrollHeight} > ${e.clientHeight} px) with no scroll cue`);
    }
    if (document.documentElement.scrollWidth > innerWidth + 1)
      problems.push(`page ${document.documentElement.scrollWidth} px wide`);
    return problems;
  });
}
