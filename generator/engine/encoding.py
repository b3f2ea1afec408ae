"""Pictures decoded, resized, cropped and encoded: the pixel work of the picture pipeline.

Pillow does it (see the encoder comparison in benchmarks/README.md). Every function here
is pure: pixels in, pixels or bytes out; the pipeline (engine/pictures.py) decides what
to make and where it goes.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from generator.model.pictures import MAX_PIXELS, transparent
from generator.outputs.pictures import FORMATS


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
    return upright.convert("RGBA" if transparent(upright) else "RGB")


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
