#!/usr/bin/python3
"""Independent MRZ test frames (issue 14), written apart from sim/camera: Pillow's own text path
(OCR-B drawn at 2-4x and downsampled, or drawn at size with hinting off), its own card and
passport layouts (guilloche-like lines, a photo box, a third printed line near the MRZ), desk
clutter, fingers, uneven light, blur, noise, perspective and JPEG 35-90. Identities for KAZ
(ID card TD1, passport TD3), RUS, KGZ, UZB passports, with check digits computed here.

Usage: render_frames.py OUT_DIR [--count N] [--seed S] [--split dev|heldout] [--empty K]
Writes OUT_DIR/NNNN.jpg and OUT_DIR/manifest.jsonl (one JSON object per frame: file, split,
difficulty, kind, lines; lines empty for a frame with no document). The split only changes the
seed stream: dev frames are for looking at, heldout frames for the figures nothing is tuned on.
Needs python3-pil and python3-numpy (Debian).
"""
import argparse
import json
import math
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def value(c):
    if c.isdigit():
        return int(c)
    if c == "<":
        return 0
    return ord(c) - 55


def check(s):
    return str(sum(value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def iin_check(first11):
    d = [int(c) for c in first11]
    c = sum(a * b for a, b in zip(d, range(1, 12))) % 11
    if c == 10:
        c = sum(a * b for a, b in zip(d, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))) % 11
    return None if c == 10 else str(c)


SURNAMES = ["TOKTAROV", "ZHUMABAEV", "SMAGULOVA", "KIM", "ORLOVA", "YUSUPOV", "SADYKOVA",
            "BAIMUKHANOV", "DZHAKSYLYKOV", "POPOVA", "MAMYTOV", "RAKHIMOVA", "TEN", "LI",
            "KARIMOV", "OSPANOVA", "AKHMETZHANOV", "SULTANBEKOVA", "VOLKOV", "ISMAILOV"]
GIVEN = ["DAULET", "AIZHAN", "YERLAN", "GULNARA", "TIMUR", "DINARA", "ARMAN", "ZARINA",
         "OLZHAS", "SVETLANA", "BAKYT", "NURSULTAN", "KAMILA", "ASKAR", "MADI", "ELENA"]


def fill(s, n):
    return (s + "<" * n)[:n]


def identity(rng):
    kind = rng.choice(["kaz_card", "kaz_card", "kaz_card", "kaz_passport", "rus", "kgz", "uzb"])
    male = rng.random() < 0.5
    by = rng.randint(1950, 2007)
    birth = "%02d%02d%02d" % (by % 100, rng.randint(1, 12), rng.randint(1, 28))
    expiry = "%02d%02d%02d" % (rng.randint(27, 36), rng.randint(1, 12), rng.randint(1, 28))
    sex = "M" if male else "F"
    sur = rng.choice(SURNAMES)
    if not male and sur.endswith("OV"):
        sur += "A"
    name = sur + "<<" + rng.choice(GIVEN)
    if rng.random() < 0.3:
        name += "<" + rng.choice(GIVEN)
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))
    while True:
        century = (3 if by < 2000 else 5) + (0 if male else 1)
        first11 = birth + str(century) + digits(4)
        c = iin_check(first11)
        if c is not None:
            iin = first11 + c
            break
    if kind == "kaz_card":
        number = digits(9)
        l1 = "IDKAZ" + number + check(number) + fill(iin, 15)
        l2 = birth + check(birth) + sex + expiry + check(expiry) + "KAZ" + "<" * 11
        l2 += check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
        return kind, [l1, l2, fill(name, 30)]
    state = {"kaz_passport": "KAZ", "rus": "RUS", "kgz": "KGZ", "uzb": "UZB"}[kind]
    if state == "KAZ":
        number, personal = "N" + digits(8), iin if rng.random() < 0.7 else ""
    elif state == "RUS":
        number, personal = digits(9), ""
    else:
        letters = "ABCEFGHKLMNPRSTXYZ"
        number = rng.choice(letters) + rng.choice(letters) + digits(7)
        personal = digits(14) if rng.random() < 0.5 else ""
    p = fill(personal, 14)
    pc = check(p) if personal else "<"
    l2 = number + check(number) + state + birth + check(birth) + sex + expiry + check(expiry)
    l2 += p + pc
    l2 += check(l2[0:10] + l2[13:20] + l2[21:43])
    return kind, ["P<" + state + fill(name, 39), l2]


def text_layer(lines, pitch, rng):
    """The MRZ drawn by Pillow: a supersampled OCR-B line downsampled (or drawn at size)."""
    ss = rng.choice([1, 2, 3, 4])
    size = pitch * ss / 0.72 * rng.uniform(0.95, 1.05)  # OCR-B advance is about 0.72 em
    font = ImageFont.truetype(FONT, max(4, int(round(size))))
    adv = font.getlength("0")
    line_h = pitch * ss * 1.7
    w = int(adv * max(len(l) for l in lines) + 4 * ss)
    h = int(line_h * len(lines) + 4 * ss)
    img = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(img)
    for i, l in enumerate(lines):
        d.text((2 * ss, 2 * ss + i * line_h), l, fill=255, font=font)
    if ss > 1:
        img = img.resize((max(1, w // ss), max(1, h // ss)), Image.LANCZOS)
    return img


def document(lines, kind, rng, pitch):
    card = kind == "kaz_card"
    wmm, hmm = (85.6, 54.0) if card else (125.0, 88.0)
    ppm = pitch / 2.54
    W, H = int(wmm * ppm), int(hmm * ppm)
    base = np.array([rng.randint(190, 245), rng.randint(195, 245), rng.randint(185, 240)], float)
    y, x = np.mgrid[0:H, 0:W]
    grad = 1 - 0.12 * (x / W) * rng.random() - 0.1 * (y / H) * rng.random()
    arr = base[None, None, :] * grad[:, :, None]
    # guilloche-like waves
    for _ in range(rng.randint(3, 8)):
        f, ph, amp = rng.uniform(2, 9), rng.uniform(0, 6.3), rng.uniform(0.02, 0.08)
        yy = (0.5 + 0.4 * np.sin(2 * math.pi * f * x / W + ph)) * H
        mask = np.abs(y - yy) < max(1.0, ppm * 0.15)
        arr[mask] *= 1 - amp * 3
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    # photo box and printed fields
    pw = int(W * 0.28)
    d.rectangle([int(W * 0.05), int(H * 0.12), int(W * 0.05) + pw, int(H * 0.12 + pw * 1.25)],
                fill=tuple(int(c * 0.8) for c in base))
    sans = ImageFont.truetype(SANS, max(6, int(pitch * 0.8)))
    for i in range(rng.randint(3, 6)):
        d.text((int(W * 0.4), int(H * (0.12 + 0.09 * i))),
               rng.choice(["SURNAME", "GIVEN NAMES", "DATE OF BIRTH", "ISSUED", "PASSPORT",
                           "REPUBLIC OF KAZAKHSTAN", "IDENTITY CARD", "NATIONALITY"]),
               fill=(60, 60, 90), font=sans)
    mrz = text_layer(lines, pitch, rng)
    margin = int(ppm * rng.uniform(1.0, 2.0))
    top = H - margin - mrz.size[1]
    left = int(ppm * rng.uniform(2.0, 4.0))
    if rng.random() < 0.6:  # a third printed line near the MRZ (card design, signature)
        d.text((left, top - int(pitch * 1.6)),
               rng.choice(["KAZAKHSTAN  QAZAQSTAN", "<<< SPECIMEN DESIGN LINE >>>",
                           "0123456789 ABCDEFGH", "SIGNATURE"]), fill=(40, 40, 60), font=sans)
    ink = Image.new("RGB", mrz.size, (rng.randint(0, 40),) * 3)
    img.paste(ink, (left, top), mrz)
    return img


def perspective(img, rng, hard):
    W, H = img.size
    j = (0.08 if hard else 0.03) * min(W, H)
    src = [(0, 0), (W, 0), (W, H), (0, H)]
    dst = [(x + rng.uniform(-j, j), y + rng.uniform(-j, j)) for x, y in src]
    return img, dst


def coeffs(dst, src):
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, float), np.array(b, float)).tolist()


def desk(size, rng):
    W, H = size
    img = Image.new("RGB", size, tuple(rng.randint(30, 150) for _ in range(3)))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(2, 12)):  # clutter: papers, pens, printed text
        x, y = rng.randint(0, W), rng.randint(0, H)
        w, h = rng.randint(20, W // 3), rng.randint(5, H // 3)
        d.rectangle([x, y, x + w, y + h], fill=tuple(rng.randint(0, 255) for _ in range(3)))
        if rng.random() < 0.4:
            f = ImageFont.truetype(SANS, rng.randint(10, 30))
            d.text((x, y), "RECEIPT 0042 TOTAL", fill=(0, 0, 0), font=f)
    return img


def frame(rng, difficulty, with_document=True):
    size = rng.choice([(1280, 720), (1920, 1080)])
    out = desk(size, rng)
    kind, lines = identity(rng)
    hard = difficulty == "hard"
    if with_document:
        pitch = {"easy": rng.uniform(16, 30), "medium": rng.uniform(12, 24),
                 "hard": rng.uniform(10, 20)}[difficulty]
        doc = document(lines, kind, rng, pitch)
        W, H = doc.size
        scale = min(1.0, 0.9 * size[0] / W, 0.9 * size[1] / H)
        if scale < 1:
            doc = doc.resize((int(W * scale), int(H * scale)), Image.LANCZOS)
            W, H = doc.size
        ox = rng.randint(0, size[0] - W)
        oy = rng.randint(0, size[1] - H)
        angle = math.radians(rng.uniform(-3, 3) if difficulty == "easy" else rng.uniform(-12, 12))
        cx, cy = ox + W / 2, oy + H / 2
        corners = []
        for x, y in [(0, 0), (W, 0), (W, H), (0, H)]:
            x, y = x - W / 2, y - H / 2
            corners.append((cx + x * math.cos(angle) - y * math.sin(angle),
                            cy + x * math.sin(angle) + y * math.cos(angle)))
        j = (0.06 if hard else 0.02) * min(W, H)
        corners = [(x + rng.uniform(-j, j), y + rng.uniform(-j, j)) for x, y in corners]
        c = coeffs(corners, [(0, 0), (W, 0), (W, H), (0, H)])
        warped = doc.transform(size, Image.PERSPECTIVE, c, Image.BICUBIC)
        mask = Image.new("L", doc.size, 255).transform(size, Image.PERSPECTIVE, c, Image.BICUBIC)
        out.paste(warped, (0, 0), mask)
        if difficulty != "easy" and rng.random() < 0.5:  # a finger on the card's edge
            d = ImageDraw.Draw(out)
            fx, fy = corners[rng.choice([0, 1, 3])]
            r = max(W, H) * 0.06
            d.ellipse([fx - r, fy - 2.2 * r, fx + r, fy + 0.4 * r],
                      fill=(rng.randint(170, 220), rng.randint(120, 160), rng.randint(100, 130)))
    else:
        lines = []
        kind = "none"
    arr = np.asarray(out).astype(float)
    H2, W2 = arr.shape[:2]
    y, x = np.mgrid[0:H2, 0:W2]
    strength = {"easy": 0.15, "medium": 0.35, "hard": 0.5}[difficulty]
    light = 1 - strength * rng.random() * ((x / W2) if rng.random() < 0.5 else (y / H2))
    arr *= light[:, :, None]
    contrast = {"easy": 1.0, "medium": rng.uniform(0.7, 1.0), "hard": rng.uniform(0.5, 0.9)}
    arr = 128 + (arr - 128) * contrast[difficulty]
    noise = {"easy": 2, "medium": 5, "hard": 8}[difficulty]
    arr += np.random.default_rng(rng.randint(0, 2**31)).normal(0, noise, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    blur = {"easy": rng.uniform(0, 0.6), "medium": rng.uniform(0.4, 1.1),
            "hard": rng.uniform(0.8, 1.6)}[difficulty]
    if blur > 0.05:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    quality = {"easy": rng.randint(60, 90), "medium": rng.randint(45, 75),
               "hard": rng.randint(35, 60)}[difficulty]
    return img, quality, kind, lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", choices=["dev", "heldout"], default="heldout")
    ap.add_argument("--empty", type=int, default=10)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    # Separate seed streams: the held-out split never shares a seed with dev.
    base = a.seed * 1000003 + (0 if a.split == "dev" else 500000)
    with open(os.path.join(a.out, "manifest.jsonl"), "w") as m:
        for i in range(a.count + a.empty):
            rng = random.Random(base + i)
            difficulty = ("easy", "medium", "hard")[i % 3]
            img, q, kind, lines = frame(rng, difficulty, i < a.count)
            name = "%s-%04d.jpg" % (a.split, i)
            img.save(os.path.join(a.out, name), quality=q)
            m.write(json.dumps({"file": name, "split": a.split, "difficulty": difficulty,
                                "kind": kind, "lines": lines}) + "\n")


if __name__ == "__main__":
    main()
