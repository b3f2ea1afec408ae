"""Photo-like pictures drawn from a seed: what a picture pipeline meets in a newsroom.

Real photographs cost encoders what gradients do not: detail at every scale, edges and
sensor grain. These have all three (a sky with clouds, ridges, a textured foreground,
a few hard-edged shapes, grain), so bytes and encoding times measured on them are
those of photographs, and no downloaded picture is needed. Same seed, same pixels.

    from scripts.photolike import photo
    photo(7).save("seven.jpg", quality=85)
"""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = (2400, 1600)


def photo(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    """An RGB picture of `size`, a landscape of its own for every seed."""
    rng = random.Random(seed)
    width, height = size
    picture = Image.merge("RGB", [_channel(rng, size, *_palette(rng, band)) for band in range(3)])
    _shapes(picture, rng)
    grain = _noise(rng, size, 1)  # sensor grain: fine, faint, different in every channel
    grain = Image.merge("RGB", [grain, _noise(rng, size, 1), _noise(rng, size, 1)])
    return Image.blend(picture, ImageChops.overlay(picture, grain), 0.18)


def _palette(rng: random.Random, band: int) -> tuple[int, int, int]:
    """Sky, horizon and ground levels of one colour band."""
    sky = [rng.randint(60, 140), rng.randint(110, 190), rng.randint(170, 250)][band]
    return sky, rng.randint(120, 230), rng.randint(30, 120)


def _channel(rng: random.Random, size: tuple[int, int], sky: int, horizon: int, ground: int) -> Image.Image:
    """One colour band: a vertical sky-to-ground ramp shaped by clouds and a ridge line."""
    width, height = size
    ramp = Image.linear_gradient("L").resize(size)  # 0 at the top, 255 at the bottom
    levels = [round(sky + (horizon - sky) * min(1, 2 * i / 255) if i < 128
                    else horizon + (ground - horizon) * (2 * i / 255 - 1)) for i in range(256)]
    base = ramp.point(levels)
    texture = _octaves(rng, size)
    return Image.blend(base, texture, 0.35)


def _octaves(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Value noise summed over scales from a fifth of the picture down to a few pixels."""
    total = None
    for cells, weight in ((5, 1.0), (12, 0.7), (30, 0.5), (80, 0.35), (240, 0.25), (700, 0.15)):
        layer = _noise(rng, size, cells)
        total = layer if total is None else Image.blend(total, layer, weight / (1 + weight))
    return total.filter(ImageFilter.UnsharpMask(radius=3, percent=120, threshold=2))


def _noise(rng: random.Random, size: tuple[int, int], cells: int) -> Image.Image:
    """Random grey levels on a grid `cells` wide (1: one per pixel), smoothly enlarged."""
    width, height = size
    grid = (width, height) if cells == 1 else (cells, max(2, cells * height // width))
    small = Image.frombytes("L", grid, rng.randbytes(grid[0] * grid[1]))
    return small if cells == 1 else small.resize(size, Image.Resampling.BICUBIC)


def _shapes(picture: Image.Image, rng: random.Random) -> None:
    """Buildings, poles and a sun: the hard edges and flat areas photographs have."""
    width, height = picture.size
    draw = ImageDraw.Draw(picture)
    x = rng.randint(0, width // 4)
    while x < width:
        w, h = rng.randint(40, 200), rng.randint(height // 10, height // 2)
        shade = rng.randint(20, 110)
        draw.rectangle([x, height - h, x + w, height], fill=(shade, shade - 10 if shade > 10 else 0, shade + 15))
        for wy in range(height - h + 20, height - 20, 36):  # windows
            draw.rectangle([x + 8, wy, x + w - 8, wy + 10], fill=(rng.randint(150, 255),) * 3)
        x += w + rng.randint(20, 300)
    cx, cy, r = rng.randint(0, width), rng.randint(0, height // 3), rng.randint(30, 90)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 240, 200))
