#!/usr/bin/python3
"""An independent QR frame generator for bench-qr (and nothing else).

Independent of sim/camera/synthetic_qr on purpose: the symbol comes from python3-qrcode (not
ZXing's writer), the scene is drawn with Pillow and numpy (not OpenCV), and the looks differ:
paper receipts, stickers and phone screens (with moire and glare) on cluttered desks, PIL's
perspective transform, line-kernel motion blur, pillbox defocus, low contrast, dark exposure,
uneven light and shadows, a fingertip over a finder pattern, dense BOLT11 invoices, frame sizes
640x480 to 1920x1080, JPEG quality 30..90. Frames without a code show clutter, text, stripes
and dot textures.

Deterministic: the same --seed and --split give byte-identical files. The split decides the
seed stream, so "dev" (look at it, tune on it) and "held" (never tuned on) share no frame.

Usage: qr_frames.py --out DIR [--split dev|held] [--codes N] [--blank N] [--seed N]
Writes DIR/NNNN.jpg and DIR/labels.tsv: file, split, tier, conditions, payload (hex UTF-8; empty
for a frame without a code).
"""
import argparse
import io
import math
import os
import random

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFilter

BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
HEX = "0123456789abcdef"
SIZES = [(1280, 720), (1920, 1080), (640, 480), (1280, 960)]
CONDITIONS = ["motion", "defocus", "low_contrast", "dark", "uneven", "finger_finder",
              "dense", "screen", "receipt", "plain"]


def payload(rng, dense):
    s = lambda alphabet, n: "".join(rng.choice(alphabet) for _ in range(n))
    if dense:
        body = "lnbc" + str(rng.randint(1, 999)) + rng.choice("munp") + "1" + s(BECH32, rng.randint(480, 640))
        return "lightning:" + (body.upper() if rng.random() < 0.5 else body)
    kind = rng.randrange(6)
    amount = "%d.%04d" % (rng.randint(0, 3), rng.randint(0, 9999))
    if kind == 0:
        return "bitcoin:bc1q" + s(BECH32, 38) + ("?amount=" + amount if rng.random() < 0.5 else "")
    if kind == 1:
        return "bitcoin:" + rng.choice("13") + s(BASE58, 33)
    if kind == 2:
        return "ethereum:0x" + s(HEX, 40) + ("@1?value=%de15" % rng.randint(1, 9999) if rng.random() < 0.4 else "")
    if kind == 3:
        return "tron:T" + s(BASE58, 33)
    if kind == 4:
        return "litecoin:ltc1q" + s(BECH32, 38)
    return "lightning:lnbc" + str(rng.randint(1, 99)) + "u1" + s(BECH32, rng.randint(180, 300))


def symbol(text, rng):
    """Module matrix (True = dark) with a 4-module quiet zone, and its module count."""
    level = rng.choice([qrcode.constants.ERROR_CORRECT_L, qrcode.constants.ERROR_CORRECT_M,
                        qrcode.constants.ERROR_CORRECT_Q])
    q = qrcode.QRCode(error_correction=level, box_size=1, border=4)
    q.add_data(text)
    q.make(fit=True)
    return np.array(q.get_matrix(), dtype=bool)


def clutter(rng, size, tone):
    """A desk/counter: gradient, blotches, shapes, text-like strokes."""
    w, h = size
    base = Image.new("L", size, tone)
    d = ImageDraw.Draw(base)
    for _ in range(rng.randint(4, 14)):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randint(20, max(21, w // 4))
        shade = max(0, min(255, tone + rng.randint(-70, 70)))
        if rng.random() < 0.5:
            d.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=shade)
        else:
            d.rectangle([x - r, y - r // 3, x + r // 2, y + r], fill=shade)
    for _ in range(rng.randint(0, 8)):  # text-like lines
        x, y = rng.randrange(w), rng.randrange(h)
        for k in range(rng.randint(2, 8)):
            d.text((x, y + 14 * k), "".join(rng.choice(BASE58 + "   ") for _ in range(rng.randint(5, 30))),
                   fill=rng.randint(0, 90))
    for _ in range(rng.randint(0, 6)):
        d.line([rng.randrange(w), rng.randrange(h), rng.randrange(w), rng.randrange(h)],
               fill=rng.randint(0, 255), width=rng.randint(1, 6))
    return base.filter(ImageFilter.GaussianBlur(rng.uniform(0, 2.5)))


def carrier(rng, matrix, module_px, kind, dark_mode):
    """The code on its carrier (receipt, sticker, phone screen), drawn flat, and the code's box."""
    n = matrix.shape[0]
    code_px = n * module_px
    if kind == "screen":
        pad = int(code_px * rng.uniform(0.15, 0.5))
        w, h = code_px + 2 * pad, int((code_px + 2 * pad) * rng.uniform(1.6, 2.0))
        screen_tone = rng.randint(215, 255)
        img = Image.new("L", (w + 2 * pad // 4 + 4, h + 2 * pad // 4 + 4), rng.randint(5, 40))
        d = ImageDraw.Draw(img)
        x0, y0 = pad // 4 + 2, pad // 4 + 2
        d.rectangle([x0, y0, x0 + w, y0 + h], fill=screen_tone)
        cx, cy = x0 + pad, y0 + (h - code_px) // 2
        for _ in range(rng.randint(2, 6)):  # app text
            ty = y0 + rng.randint(5, max(6, (h - code_px) // 2 - 12))
            d.text((x0 + rng.randint(5, 30), ty), "".join(rng.choice(BASE58) for _ in range(rng.randint(4, 20))), fill=40)
    elif kind == "receipt":
        pad = int(code_px * rng.uniform(0.2, 0.4))
        w, h = code_px + 2 * pad, int(code_px * rng.uniform(1.8, 2.6))
        img = Image.new("L", (w, h), rng.randint(220, 250))
        d = ImageDraw.Draw(img)
        cx, cy = pad, h - code_px - pad
        for k in range(max(1, (cy - 10) // 14)):  # printed lines above the code
            d.text((6, 6 + 14 * k), "".join(rng.choice(BASE58 + " .:") for _ in range(rng.randint(6, 40))), fill=30)
    else:  # sticker / printed card
        pad = int(code_px * rng.uniform(0.05, 0.3)) + module_px
        w = h = code_px + 2 * pad
        img = Image.new("L", (w, h), rng.randint(200, 255))
        cx, cy = pad, pad
    dark_v = rng.randint(0, 40)
    light_v = img.getpixel((cx, cy))
    mod = np.where(matrix, dark_v, light_v).astype(np.uint8)
    if kind == "receipt":  # thermal print: uneven dark
        mod = np.clip(mod.astype(int) + np.where(matrix, rng.randint(0, 50), 0), 0, 255).astype(np.uint8)
    code = Image.fromarray(mod).resize((code_px, code_px), Image.NEAREST)
    img.paste(code, (cx, cy))
    if kind == "screen" and dark_mode:
        img = Image.fromarray(255 - np.asarray(img))
    if kind == "screen":  # pixel grid of the display
        a = np.asarray(img).astype(np.float32)
        yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]]
        period = rng.uniform(2.2, 3.4)
        a *= 1 - 0.08 * (0.5 + 0.5 * np.sin(2 * math.pi * xx / period)) * (0.5 + 0.5 * np.sin(2 * math.pi * yy / period))
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return img, (cx, cy, code_px)


def place(rng, scene, card, code_box, tilt):
    """Pastes `card` into `scene` through a random perspective; returns the code's 4 corners."""
    W, H = scene.size
    cw, ch = card.size
    ang = math.radians(rng.uniform(-180, 180) if rng.random() < 0.3 else rng.uniform(-25, 25))
    # destination quad: rotated rectangle with jittered corners
    scale = 1.0
    diag = math.hypot(cw, ch)
    if diag > 0.95 * min(W, H):
        scale = 0.95 * min(W, H) / diag
    cxs = rng.uniform(diag * scale / 2, max(diag * scale / 2 + 1, W - diag * scale / 2))
    cys = rng.uniform(diag * scale / 2, max(diag * scale / 2 + 1, H - diag * scale / 2))
    src = [(0, 0), (cw, 0), (cw, ch), (0, ch)]
    dst = []
    for (x, y) in src:
        x, y = (x - cw / 2) * scale, (y - ch / 2) * scale
        x += rng.uniform(-tilt, tilt) * cw * scale
        y += rng.uniform(-tilt, tilt) * ch * scale
        dst.append((cxs + x * math.cos(ang) - y * math.sin(ang), cys + x * math.sin(ang) + y * math.cos(ang)))
    coeffs = perspective_coeffs(dst, src)  # PIL maps output -> input
    warped = card.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=0)
    mask = Image.new("L", card.size, 255).transform((W, H), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    scene.paste(warped, (0, 0), mask)
    fwd = perspective_coeffs(src, dst)
    x0, y0, s = code_box
    return [apply(fwd, x, y) for (x, y) in [(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s)]]


def perspective_coeffs(to_pts, from_pts):
    """Coefficients of the homography that maps `to_pts` onto `from_pts` (PIL's convention)."""
    m = []
    for (x, y), (u, v) in zip(to_pts, from_pts):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    b = [c for p in from_pts for c in p]
    return np.linalg.solve(np.array(m, dtype=float), np.array(b, dtype=float)).tolist()


def apply(c, x, y):
    d = c[6] * x + c[7] * y + 1
    return ((c[0] * x + c[1] * y + c[2]) / d, (c[3] * x + c[4] * y + c[5]) / d)


def convolve(a, kernel):
    """2-D convolution through the FFT (same size, edges wrap a little; fine for a scene)."""
    kh, kw = kernel.shape
    sh = (a.shape[0] + kh, a.shape[1] + kw)
    out = np.fft.irfft2(np.fft.rfft2(a, sh) * np.fft.rfft2(kernel, sh), sh)
    return out[kh // 2:kh // 2 + a.shape[0], kw // 2:kw // 2 + a.shape[1]]


def motion_kernel(length, angle):
    n = int(math.ceil(length)) | 1
    k = np.zeros((n, n))
    c = n // 2
    for t in np.linspace(-length / 2, length / 2, 4 * n):
        k[int(round(c + t * math.sin(angle))), int(round(c + t * math.cos(angle)))] += 1
    return k / k.sum()


def disk_kernel(radius):
    n = int(math.ceil(radius)) * 2 + 1
    yy, xx = np.mgrid[0:n, 0:n] - n // 2
    k = np.clip(radius + 0.5 - np.hypot(xx, yy), 0, 1)
    return k / k.sum()


def finger(rng, scene, at, size, away):
    """A fingertip on `at`, the finger reaching in from the side `away` points to (radians)."""
    d = ImageDraw.Draw(scene)
    x, y = at
    ang = away + rng.uniform(-0.8, 0.8)
    wdt = size * rng.uniform(0.9, 1.4)
    tone = rng.randint(120, 190)
    for t in np.linspace(0, 6, 40):
        px, py = x + math.cos(ang) * t * wdt, y + math.sin(ang) * t * wdt
        d.ellipse([px - wdt / 2, py - wdt / 2, px + wdt / 2, py + wdt / 2], fill=tone)


def frame_with_code(rng, tier, text_rng):
    condition = rng.choice(CONDITIONS)
    conds = [condition]
    extra = {"easy": 0, "medium": 1, "hard": 2}[tier]
    for _ in range(extra):
        c = rng.choice(["motion", "defocus", "low_contrast", "dark", "uneven", "screen", "receipt", "noise", "glare"])
        if c not in conds:
            conds.append(c)
    dense = "dense" in conds
    text = payload(text_rng, dense)
    matrix = symbol(text, rng)
    W, H = rng.choice(SIZES)
    n = matrix.shape[0]
    lo = {"easy": 5.0, "medium": 3.5, "hard": 2.8}[tier]
    if dense:
        lo = max(lo - 1.0, 2.6)
    hi = max(lo + 0.5, min(14.0, 0.8 * min(W, H) / n))
    module_px = int(round(rng.uniform(lo, hi) * 2))  # drawn at twice the size, then down
    kind = "screen" if "screen" in conds else "receipt" if "receipt" in conds else "sticker"
    dark_mode = kind == "screen" and rng.random() < 0.4
    card, box = carrier(rng, matrix, module_px, kind, dark_mode)
    card = card.resize((card.size[0] // 2, card.size[1] // 2), Image.BOX)
    box = (box[0] / 2, box[1] / 2, box[2] / 2)
    scene = clutter(rng, (W, H), rng.randint(60, 200))
    tilt = {"easy": 0.03, "medium": 0.07, "hard": 0.12}[tier]
    corners = place(rng, scene, card, box, tilt)
    if condition == "finger_finder":
        which = rng.randrange(3)  # finder patterns: top-left, top-right, bottom-left (4-module quiet zone)
        q = 4 / n
        f = (3.5 + 4) / n
        u, v = [(f, f), (1 - f, f), (f, 1 - f)][which]
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
        px = (1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3
        py = (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3
        side = math.dist((x0, y0), (x1, y1)) * (1 - 2 * q)
        mx, my = (x0 + x2) / 2, (y0 + y2) / 2  # the code's centre: the finger comes from outside
        finger(rng, scene, (px + rng.uniform(-1, 1) * side * 0.03, py + rng.uniform(-1, 1) * side * 0.03),
               side * 7 / (n - 8) * rng.uniform(0.9, 1.3), math.atan2(py - my, px - mx))
    a = np.asarray(scene).astype(np.float32)
    return text, conds, degrade(rng, a, conds, tier)


def degrade(rng, a, conds, tier):
    strength = {"easy": 0.5, "medium": 0.8, "hard": 1.0}[tier]
    H, W = a.shape
    if "uneven" in conds:
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        if rng.random() < 0.5:  # spotlight / vignette
            cx, cy = rng.uniform(0, W), rng.uniform(0, H)
            r = np.hypot(xx - cx, yy - cy) / max(W, H)
            a *= np.clip(1.1 - strength * 1.3 * r, 0.15, 1.2)
        else:  # a shadow edge across the frame
            ang = rng.uniform(0, math.pi)
            off = rng.uniform(-0.3, 0.3) * W
            side = (xx - W / 2) * math.cos(ang) + (yy - H / 2) * math.sin(ang) - off
            soft = rng.uniform(5, 60)
            a *= 1 - strength * 0.6 / (1 + np.exp(np.clip(-side / soft, -50, 50)))
    if "glare" in conds or ("screen" in conds and rng.random() < 0.5):
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        cx, cy = rng.uniform(0, W), rng.uniform(0, H)
        rx, ry = rng.uniform(30, W / 4), rng.uniform(20, H / 5)
        a += rng.uniform(60, 160) * np.exp(-(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2))
    if "low_contrast" in conds:
        mid = rng.uniform(90, 170)
        k = rng.uniform(0.18, 0.35) if tier == "hard" else rng.uniform(0.25, 0.45)
        a = mid + (a - a.mean()) * k
    if "defocus" in conds:
        a = convolve(a, disk_kernel(rng.uniform(1.0, 2.0 + 1.5 * strength)))
    if "motion" in conds:
        a = convolve(a, motion_kernel(rng.uniform(3, 4 + 7 * strength), rng.uniform(0, math.pi)))
    if "dark" not in conds and "low_contrast" not in conds and rng.random() < 0.5:
        a = convolve(a, disk_kernel(rng.uniform(0.5, 1.2)))  # a lens is never perfect
    gain = 1.0
    if "dark" in conds:
        k = rng.uniform(0.08, 0.2) if tier == "hard" else rng.uniform(0.15, 0.3)
        a = a * k
        gain = 1 / k
    noise = rng.uniform(1, 3) + (rng.uniform(2, 6) if "noise" in conds else 0)
    a = a + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 1, a.shape) * noise * min(gain, 4) ** 0.5 / 2
    return np.clip(a, 0, 255).astype(np.uint8)


def blank_frame(rng):
    W, H = rng.choice(SIZES)
    scene = clutter(rng, (W, H), rng.randint(40, 220))
    d = ImageDraw.Draw(scene)
    what = rng.randrange(4)
    x, y = rng.randrange(W // 2), rng.randrange(H // 2)
    s = rng.randint(60, min(W, H) // 2)
    if what == 0:  # random dot matrix (a QR's texture without its structure)
        n = rng.randint(21, 45)
        m = np.random.default_rng(rng.randrange(1 << 30)).random((n, n)) < 0.5
        scene.paste(Image.fromarray(np.where(m, 20, 235).astype(np.uint8)).resize((s, s), Image.NEAREST), (x, y))
    elif what == 1:  # a 1-D barcode
        px = x
        while px < x + s:
            wdt = rng.randint(1, 4)
            d.rectangle([px, y, px + wdt - 1, y + s // 2], fill=10)
            px += wdt + rng.randint(1, 4)
    elif what == 2:  # a page of text
        for k in range(s // 14):
            d.text((x, y + 14 * k), "".join(rng.choice(BASE58 + "  ") for _ in range(rng.randint(10, 50))), fill=20)
    else:  # checkerboard
        c = rng.randint(4, 16)
        for i in range(s // c):
            for j in range(s // c):
                if (i + j) % 2:
                    d.rectangle([x + i * c, y + j * c, x + i * c + c - 1, y + j * c + c - 1], fill=15)
    a = np.asarray(scene).astype(np.float32)
    conds = [rng.choice(["plain", "motion", "defocus", "dark", "uneven", "low_contrast"])]
    return degrade(rng, a, conds, rng.choice(["easy", "medium", "hard"])), conds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--split", choices=["dev", "held"], default="dev")
    ap.add_argument("--codes", type=int, default=150)
    ap.add_argument("--blank", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    base = args.seed * 1000 + (1 if args.split == "dev" else 2)
    rows = []
    tiers = ["easy"] * 3 + ["medium"] * 4 + ["hard"] * 3
    for i in range(args.codes + args.blank):
        rng = random.Random(base * 100003 + i)
        name = "%04d.jpg" % i
        if i < args.codes:
            tier = tiers[i % len(tiers)]
            text, conds, img = frame_with_code(rng, tier, random.Random(base * 7919 + i))
            hexp = text.encode().hex()
        else:
            tier = "none"
            img, conds = blank_frame(rng)
            hexp = ""
        buf = io.BytesIO()
        Image.fromarray(img).convert("RGB").save(buf, "JPEG", quality=rng.randint(30, 90))
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(buf.getvalue())
        rows.append("\t".join([name, args.split, tier, ",".join(conds), hexp]))
    with open(os.path.join(args.out, "labels.tsv"), "w") as f:
        f.write("file\tsplit\ttier\tconditions\tpayload_hex\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
