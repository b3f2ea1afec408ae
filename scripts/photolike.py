"""Photo-like pictures drawn from a seed: what a picture pipeline meets in a newsroom.

Encoders spend their bytes where a photograph has detail, and real photographs have it
in parts: a smooth sky and flat walls take little, foliage, ground and edges take much,
and sensor grain lies faintly over all of it. These pictures have the same mix (a sky
with soft clouds, hazy far hills, a near ground textured at every scale, buildings with
hard edges, faint grain), so the bytes and encoding times measured on them are those of
photographs, and no downloaded picture is needed. Same seed, same pixels; each is more
than 300 KB as JPEG at quality 85 at 2400x1600.

    from scripts.photolike import photo
    photo(7).save("seven.jpg", quality=85)
"""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

SIZE = (2400, 1600)
GRAIN = 0.05  # how strongly grain shows: a clean daylight photograph, not a high-ISO one


def photo(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    """An RGB picture of `size`, a landscape of its own for every seed."""
    rng = random.Random(seed)
    width, height = size
    horizon = rng.uniform(0.4, 0.6) * height
    picture = _sky(rng, size, horizon)
    far = _ground(rng, size, detail=0.35, haze=0.55, colour=_hue(rng, 0.6))
    picture.paste(far, mask=_ridge(rng, size, horizon - 0.08 * height, 0.10 * height))
    near = _ground(rng, size, detail=1.0, haze=0.0, colour=_hue(rng, 1.0))
    picture.paste(near, mask=_ridge(rng, size, horizon + 0.05 * height, 0.05 * height))
    if rng.random() < 0.7:  # a town on most of them: flat walls and hard edges
        _buildings(picture, rng, horizon + 0.1 * height)
    grain = Image.merge("RGB", [_noise(rng, size, 1)] * 3)  # luminance grain, as sensors make
    return Image.blend(picture, ImageChops.overlay(picture, grain), GRAIN)


def _hue(rng: random.Random, light: float) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two ground colours (say grass and earth) that the ground varies between."""
    grass = (rng.randint(55, 95), rng.randint(80, 120), rng.randint(35, 65))
    earth = (rng.randint(105, 145), rng.randint(85, 115), rng.randint(55, 85))
    return tuple(tuple(round(c * light + 150 * (1 - light)) for c in col) for col in (grass, earth))


def _sky(rng: random.Random, size: tuple[int, int], horizon: float) -> Image.Image:
    """A smooth blue ramp, lighter towards the horizon, with soft clouds."""
    width, height = size
    top = (rng.randint(40, 110), rng.randint(90, 160), rng.randint(170, 240))
    low = tuple(min(255, c + rng.randint(50, 90)) for c in top)
    ramp = Image.linear_gradient("L").resize((width, max(1, round(horizon)) + height // 8))
    bands = [ramp.point([round(a + (b - a) * i / 255) for i in range(256)]) for a, b in zip(top, low)]
    sky = Image.new("RGB", size, low)
    sky.paste(Image.merge("RGB", bands))
    clouds = _blend([_noise(rng, size, cells) for cells in (3, 7, 16, 40)], (1, 0.6, 0.35, 0.2))
    cover = rng.uniform(0.45, 0.75)  # how much of the sky they hide
    mask = clouds.point([max(0, min(220, round((i / 255 - cover) * 500))) for i in range(256)])
    sky.paste(Image.new("RGB", size, (245, 245, 248)), mask=mask)
    return sky


def _ground(rng: random.Random, size: tuple[int, int], detail: float, haze: float,
            colour: tuple[tuple[int, ...], tuple[int, ...]]) -> Image.Image:
    """Land textured at every scale (fields, bushes, leaves), hazier with distance."""
    texture = _blend([_noise(rng, size, cells) for cells in (10, 30, 90, 270, 800, 2400)],
                     (1, 0.8, 0.7 * detail, 0.6 * detail, 0.5 * detail, 0.4 * detail))
    texture = texture.filter(ImageFilter.UnsharpMask(radius=2, percent=int(100 * detail), threshold=0))
    mix = _noise(rng, size, 6).point(lambda i: max(0, min(255, (i - 96) * 4)))  # patches of earth
    layers = []
    for a, b in zip(*colour):
        low, high = Image.new("L", size, a), Image.new("L", size, b)
        base = Image.composite(high, low, mix)
        # the texture scales brightness (shade and light), as leaves and furrows do
        layers.append(ImageChops.multiply(base, texture.point(lambda i: round(90 + i * 0.65))))
    ground = Image.merge("RGB", [band.point(lambda i: min(255, round(i * 1.9))) for band in layers])
    return Image.blend(ground, Image.new("RGB", size, (170, 180, 195)), haze) if haze else ground


def _ridge(rng: random.Random, size: tuple[int, int], level: float, swing: float) -> Image.Image:
    """A mask of everything below a wavy ridge line at `level`, softened like a lens does."""
    width, height = size
    line = [0.0] * (width // 8 + 1)  # the ridge's height every 8 pixels, summed over scales
    for cells, weight in ((6, 1.0), (24, 0.35), (100, 0.12)):
        knots = [rng.uniform(-1, 1) for _ in range(cells + 2)]
        for i in range(len(line)):
            at = i * cells / (len(line) - 1)
            k, t = int(at), at - int(at)
            t = t * t * (3 - 2 * t)  # smooth steps between knots, no corners
            line[i] += weight * (knots[k] * (1 - t) + knots[k + 1] * t)
    points = [(i * 8, level + swing * v) for i, v in enumerate(line)]
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(points + [(width, height), (0, height)], fill=255)
    return mask.filter(ImageFilter.GaussianBlur(1.2))


def _buildings(picture: Image.Image, rng: random.Random, base: float) -> None:
    """A row of buildings: flat walls, windows, hard edges, the sun on one side."""
    width, height = picture.size
    draw = ImageDraw.Draw(picture)
    x, end = rng.randint(0, width // 2), rng.randint(width // 2, width)
    while x < end:
        w, h = rng.randint(60, 260), rng.randint(height // 14, height // 4)
        grey = rng.randint(90, 200)
        wall = tuple(grey + rng.randint(-15, 15) for _ in range(3))
        top = round(base) - h
        draw.rectangle([x, top, x + w, height], fill=wall)
        draw.rectangle([x + w * 2 // 3, top, x + w, height], fill=tuple(c * 3 // 4 for c in wall))  # shade
        for wy in range(top + 16, height - 16, 40):  # windows
            for wx in range(x + 10, x + w - 24, 30):
                draw.rectangle([wx, wy, wx + 14, wy + 20], fill=(rng.randint(30, 200),) * 3)
        x += w + rng.randint(0, 120)


def _blend(layers: list[Image.Image], weights: tuple[float, ...]) -> Image.Image:
    """Layers averaged with the weights given, stretched back to the whole grey range."""
    total, sum_weights = layers[0], weights[0]
    for layer, weight in zip(layers[1:], weights[1:]):
        sum_weights += weight
        total = Image.blend(total, layer, weight / sum_weights)
    return ImageOps.autocontrast(total, cutoff=1)


def _noise(rng: random.Random, size: tuple[int, int], cells: int) -> Image.Image:
    """Random grey levels on a grid `cells` wide (1: one per pixel), smoothly enlarged."""
    width, height = size
    grid = (width, height) if cells == 1 else (cells, max(2, cells * height // width))
    small = Image.frombytes("L", grid, rng.randbytes(grid[0] * grid[1]))
    return small if cells == 1 or grid == size else small.resize(size, Image.Resampling.BICUBIC)
