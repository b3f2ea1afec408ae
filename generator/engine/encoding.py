"""Pictures decoded, resized, cropped and encoded: the pixel work of the picture pipeline.

Pillow does it (see the encoder comparison in benchmarks/README.md). Every function here
is pure: pixels in, pixels or bytes out; the pipeline (engine/pictures.py) decides what
to make and where it goes.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from generator.model.pictures import MAX_PIXELS


@dataclass(frozen=True)
class Format:
    extension: str
    mime: str
    options: tuple  # Pillow save() keyword arguments, as pairs
    # (widest, pairs), narrowest first: options that replace some of those above in pictures
    # up to `widest` pixels wide. Small pictures pack a photograph's detail densely, and need
    # a higher quality (and, for AVIF and JPEG, full-resolution colour) to look the same.
    narrow: tuple = ()

    def options_at(self, width: int) -> dict:
        """The save() keyword arguments for a picture `width` pixels wide."""
        chosen = dict(self.options)
        for widest, pairs in self.narrow:
            if width <= widest:
                chosen.update(pairs)
                break
        return chosen


# Chosen so that a photograph looks the same to a reader: SSIMULACRA2 of at least 80 against
# the resized source at every width from 320 to 2048 px (tests/engine/test_encoding_quality.py;
# the lowest qualities that reach it, measured by benchmarks/encoders.py, plus a margin for
# other pictures). AVIF: full-resolution colour (4:2:0 cannot reach 80 at 320 px, and costs
# as many bytes at 1280); speed 8 up to 960 px, where it is cheap, 9 above (3x faster than 8
# for 9 % more bytes). WebP's colour is always half-resolution: it stays under 80 at 320 px
# whatever its quality, and it is no smaller than JPEG from 1280 px up (see the README there).
FORMATS = {
    "avif": Format("avif", "image/avif", (("quality", 76), ("speed", 9), ("subsampling", "4:4:4")),
                   ((320, (("quality", 88), ("speed", 8))), (960, (("quality", 70), ("speed", 8))),
                    (1280, (("quality", 72),)))),
    "webp": Format("webp", "image/webp", (("quality", 89), ("method", 4))),
    "jpeg": Format("jpg", "image/jpeg", (("quality", 85), ("optimize", True), ("progressive", True)),
                   ((320, (("quality", 94), ("subsampling", "4:4:4"))),
                    (480, (("quality", 80), ("subsampling", "4:4:4"))))),
    "png": Format("png", "image/png", (("optimize", True),)),
}
# Everything that changes the bytes made from the same source: part of every cache key.
SETTINGS = repr((Image.__version__, sorted((name, f.options, f.narrow) for name, f in FORMATS.items())))


class BadPicture(Exception):
    """A picture that cannot be decoded: what is wrong, and what was found."""

    def __init__(self, problem: str, found: str):
        super().__init__(problem)
        self.problem, self.found = problem, found


def load(path: str, smallest: int = 0) -> Image.Image:
    """The picture at `path` decoded whole, turned upright, as RGB or RGBA.

    `smallest`: the widest picture to be made of it, for a quicker JPEG decode at a
    fraction of its size where that is still as wide."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # larger ones are refused, not decoded (bombs)
    try:
        # Pillow raises only past twice its limit, and just warns between: refuse those too
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            if smallest and image.format == "JPEG":
                image.draft("RGB", (smallest, smallest * image.height // image.width))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise BadPicture("too large to decode", str(error)) from None
    except (OSError, ValueError, SyntaxError) as error:
        raise BadPicture("not a whole picture", f"{error}") from None
    alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    return upright.convert("RGBA" if alpha else "RGB")


def resized(image: Image.Image, width: int) -> Image.Image:
    """`image` at `width`, its height in proportion."""
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def cropped(image: Image.Image, width: int, height: int, focus: tuple[float, float]) -> Image.Image:
    """The largest `width`:`height` part of `image` that keeps `focus` (x, y from 0 to 1)
    as near its centre as the edges allow, scaled to `width` x `height` (never up)."""
    ratio = width / height
    w, h = (image.width, round(image.width / ratio)) if image.width / image.height <= ratio \
        else (round(image.height * ratio), image.height)
    left = min(max(0, round(focus[0] * image.width - w / 2)), image.width - w)
    top = min(max(0, round(focus[1] * image.height - h / 2)), image.height - h)
    part = image.crop((left, top, left + w, top + h))
    return part if w <= width else part.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image: Image.Image, name: str) -> bytes:
    """`image` encoded in the format named (a key of FORMATS)."""
    out = io.BytesIO()
    picture = image.convert("RGB") if name == "jpeg" and image.mode != "RGB" else image
    picture.save(out, name.upper(), **FORMATS[name].options_at(image.width))
    return out.getvalue()
