"""Draw the sample briefs' pictures, so the repository holds no downloaded or third-party images.

Each picture is abstract illustration (sky gradient, soft clouds, hills or skyline, a sun
or moon, or a map-like pattern), drawn deterministically from a fixed seed and its name:
running this again gives the same files. Every picture is credited as "Illustration: Briefing sample art", except the
founding example's, which keeps the original photo's credit as a sample of the field.

One brief's hero is a photograph instead (scripts/photolike.py, 2400x1600, JPEG quality 85,
as a camera or an agency delivers it): the picture a responsive image pipeline is measured
on, with the detail and grain that drawings lack. Name files to remake only those.

    .venv/bin/pip install -e '.[art]' && .venv/bin/python scripts/make_sample_images.py
    .venv/bin/python scripts/make_sample_images.py 2024/09/central-bank-holds-rates.jpg
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from photolike import photo
from PIL import Image, ImageDraw, ImageFilter

CONTENT = Path(__file__).resolve().parent.parent / "content"
SIZE = (1600, 900)
SEED = 20240725  # fixed, so the pictures never change between runs

# picture -> (sky top, sky bottom, ground, style)
PICTURES = {
    "2024/07/assad-putin-moscow.jpg": ((40, 52, 92), (214, 170, 110), (38, 30, 40), "domes"),
    "2024/03/harbour-cranes-idle-during-port-strike.jpg": ((96, 140, 180), (220, 228, 232), (40, 60, 80), "cranes"),
    "2024/06/heat-warning-for-river-valley.jpg": ((250, 170, 60), (255, 232, 170), (150, 90, 40), "hills"),
    "2025/02/weather-satellite-reaches-orbit.jpg": ((6, 8, 24), (40, 50, 110), (10, 12, 20), "orbit"),
    "2025/01/night-trains-link-three-capitals.jpg": ((168, 200, 214), (196, 222, 230), (226, 214, 176), "map"),
}

# photograph -> its photolike seed: 40 is a row of office towers before hills, as its alt text says
PHOTOS = {"2024/09/central-bank-holds-rates.jpg": 40}


def gradient(top, bottom) -> Image.Image:
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        t = y / (SIZE[1] - 1)
        draw.line([(0, y), (SIZE[0], y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    return image


def soft_clouds(image: Image.Image, rng: random.Random, style: str) -> None:
    """A few blurred, translucent ellipses in the upper sky."""
    if style == "orbit":
        return
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for _ in range(rng.randint(3, 6)):
        cx, cy = rng.randrange(SIZE[0]), rng.randint(60, 420)
        w, h = rng.randint(180, 420), rng.randint(30, 70)
        d.ellipse([cx - w, cy - h, cx + w, cy + h], fill=(255, 255, 255, rng.randint(40, 90)))
    layer = layer.filter(ImageFilter.GaussianBlur(40))
    image.paste(layer, (0, 0), layer)


def draw_map(image: Image.Image, rng: random.Random, land) -> Image.Image:
    """Sea and blobby land masses with contour rings, a graticule and a dotted route."""
    mask = Image.new("L", SIZE, 0)
    m = ImageDraw.Draw(mask)
    for _ in range(14):
        cx, cy = rng.randint(100, 1500), rng.randint(80, 820)
        r = rng.randint(140, 320)
        m.ellipse([cx - r, cy - int(r * 0.8), cx + r, cy + int(r * 0.8)], fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(30)).point(lambda v: 255 if v > 128 else 0)
    image.paste(Image.new("RGB", SIZE, land), (0, 0), mask)
    # contour rings: shrink the land mask step by step and outline each step
    for step, shade in ((24, 18), (60, 32), (110, 48)):
        inner = mask.filter(ImageFilter.MinFilter(9))
        for _ in range(step // 8):
            inner = inner.filter(ImageFilter.MinFilter(9))
        tint = tuple(max(0, c - shade) for c in land)
        image.paste(Image.new("RGB", SIZE, tint), (0, 0), inner)
        image.paste(Image.new("RGB", SIZE, tuple(min(255, c + 12) for c in tint)), (0, 0),
                    inner.filter(ImageFilter.MinFilter(5)))
    draw = ImageDraw.Draw(image)
    for gx in range(0, SIZE[0], 160):
        draw.line([(gx, 0), (gx, SIZE[1])], fill=(120, 150, 165), width=1)
    for gy in range(0, SIZE[1], 150):
        draw.line([(0, gy), (SIZE[0], gy)], fill=(120, 150, 165), width=1)
    stops = [(rng.randint(160, 380), rng.randint(520, 700)),
             (rng.randint(700, 900), rng.randint(360, 520)),
             (rng.randint(1220, 1420), rng.randint(180, 340))]
    for (x0, y0), (x1, y1) in zip(stops, stops[1:]):
        for i in range(0, 40, 2):
            a, b = i / 40, (i + 1) / 40
            draw.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                      fill=(170, 40, 50), width=7)
    for x, y in stops:
        draw.ellipse([x - 18, y - 18, x + 18, y + 18], fill=(255, 255, 255), outline=(170, 40, 50), width=6)
    return image


def draw_picture(name: str, top, bottom, ground, style: str) -> Image.Image:
    rng = random.Random(f"{SEED}:{name}")
    image = gradient(top, bottom)
    if style == "map":
        return draw_map(image, rng, ground)
    glow = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    x, y, r = rng.randint(300, 1300), rng.randint(120, 360), rng.randint(60, 120)
    g.ellipse([x - r, y - r, x + r, y + r], fill=(255, 240, 200, 200))
    image.paste(glow.filter(ImageFilter.GaussianBlur(18)), (0, 0), glow.filter(ImageFilter.GaussianBlur(18)))
    soft_clouds(image, rng, style)
    draw = ImageDraw.Draw(image)
    horizon = int(SIZE[1] * 0.68)
    if style == "hills":
        for layer in range(3):
            shade = tuple(max(0, c - 30 * layer) for c in ground)
            points = [(0, SIZE[1])]
            for px in range(0, SIZE[0] + 100, 100):
                points.append((px, horizon + layer * 60 + rng.randint(-70, 40)))
            points.append((SIZE[0], SIZE[1]))
            draw.polygon(points, fill=shade)
    elif style == "orbit":
        for _ in range(260):
            sx, sy = rng.randrange(SIZE[0]), rng.randrange(SIZE[1])
            draw.point((sx, sy), fill=(255, 255, 255))
        draw.ellipse([-400, 620, 2000, 2200], fill=(30, 80, 150))
        draw.rectangle([760, 300, 840, 360], fill=(200, 200, 210))
        draw.rectangle([620, 318, 750, 342], fill=(60, 90, 170))
        draw.rectangle([850, 318, 980, 342], fill=(60, 90, 170))
    else:
        # ground (or water) darkens toward the bottom, like a photo's foreground
        for gy in range(horizon, SIZE[1]):
            t = (gy - horizon) / (SIZE[1] - horizon)
            draw.line([(0, gy), (SIZE[0], gy)], fill=tuple(int(c * (1 - 0.45 * t)) for c in ground))
        if style == "cranes":  # light glinting on the harbour water
            for _ in range(120):
                wx, wy = rng.randrange(SIZE[0]), rng.randint(horizon + 8, SIZE[1] - 8)
                draw.line([(wx, wy), (wx + rng.randint(20, 90), wy)], fill=tuple(min(255, c + 45) for c in ground), width=2)
        px = 0
        while px < SIZE[0]:
            width, height = rng.randint(60, 160), rng.randint(80, 320)
            shade = tuple(min(255, c + rng.randint(0, 25)) for c in ground)
            if style == "domes":
                draw.rectangle([px, horizon - height, px + width, horizon], fill=shade)
                draw.ellipse([px, horizon - height - width // 2, px + width, horizon - height + width // 2], fill=shade)
            elif style == "cranes":
                draw.rectangle([px + width // 2 - 8, horizon - height - 120, px + width // 2 + 8, horizon], fill=shade)
                draw.rectangle([px, horizon - height - 130, px + width + 120, horizon - height - 110], fill=shade)
            else:
                draw.rectangle([px, horizon - height, px + width, horizon], fill=shade)
                for wy in range(horizon - height + 12, horizon - 10, 26):
                    for wx in range(px + 10, px + width - 10, 22):
                        if rng.random() < 0.4:
                            draw.rectangle([wx, wy, wx + 8, wy + 12], fill=(240, 210, 120))
            px += width + rng.randint(10, 80)
    return image


def main(names: list[str]) -> None:
    for name in names or [*PICTURES, *PHOTOS]:
        target = CONTENT / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in PHOTOS:
            photo(PHOTOS[name]).save(target, "JPEG", quality=85)
        else:
            draw_picture(name, *PICTURES[name]).save(target, "JPEG", quality=78, progressive=True, optimize=True)
        print(f"{target.relative_to(CONTENT.parent)}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
