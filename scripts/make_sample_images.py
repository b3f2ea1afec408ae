"""Draw the sample briefs' pictures, so the repository holds no downloaded or third-party images.

Each picture is abstract illustration (sky gradient, hills or skyline, a sun or moon),
drawn deterministically from a fixed seed and its name: running this again gives the
same files. Every picture is credited as "Illustration: Briefing sample art", except the
founding example's, which keeps the original photo's credit as a sample of the field.

    .venv/bin/pip install -e '.[art]' && .venv/bin/python scripts/make_sample_images.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

CONTENT = Path(__file__).resolve().parent.parent / "content"
SIZE = (1600, 900)
SEED = 20240725  # fixed, so the pictures never change between runs

# picture -> (sky top, sky bottom, ground, style)
PICTURES = {
    "2024/07/assad-putin-moscow.jpg": ((40, 52, 92), (214, 170, 110), (38, 30, 40), "domes"),
    "2024/03/harbour-cranes-idle-during-port-strike.jpg": ((96, 140, 180), (220, 228, 232), (40, 60, 80), "cranes"),
    "2024/06/heat-warning-for-river-valley.jpg": ((250, 170, 60), (255, 232, 170), (150, 90, 40), "hills"),
    "2024/09/central-bank-holds-rates.jpg": ((30, 40, 60), (110, 130, 160), (20, 24, 32), "skyline"),
    "2025/02/weather-satellite-reaches-orbit.jpg": ((6, 8, 24), (40, 50, 110), (10, 12, 20), "orbit"),
}


def gradient(top, bottom) -> Image.Image:
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        t = y / (SIZE[1] - 1)
        draw.line([(0, y), (SIZE[0], y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    return image


def draw_picture(name: str, top, bottom, ground, style: str) -> Image.Image:
    rng = random.Random(f"{SEED}:{name}")
    image = gradient(top, bottom)
    glow = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    x, y, r = rng.randint(300, 1300), rng.randint(120, 360), rng.randint(60, 120)
    g.ellipse([x - r, y - r, x + r, y + r], fill=(255, 240, 200, 200))
    image.paste(glow.filter(ImageFilter.GaussianBlur(18)), (0, 0), glow.filter(ImageFilter.GaussianBlur(18)))
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


def main() -> None:
    for name, (top, bottom, ground, style) in PICTURES.items():
        target = CONTENT / name
        target.parent.mkdir(parents=True, exist_ok=True)
        draw_picture(name, top, bottom, ground, style).save(
            target, "JPEG", quality=78, progressive=True, optimize=True
        )
        print(f"{target.relative_to(CONTENT.parent)}: {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
