"""The encoder's settings keep a photograph looking the same, and load() refuses what is
not a whole, reasonably sized picture without ever decoding it into memory.

"Looks the same": SSIMULACRA2 of at least 80 against the resized source (90 is visually
lossless at a close look, 70 is "high quality" with visible artefacts when flipping).
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from functools import lru_cache

import pytest
from PIL import Image
from ssimulacra2 import compute_ssimulacra2

from generator.engine.encoding import FORMATS, BadPicture, encode, load, resized
from scripts.photolike import photo

PHOTO_FORMATS = ("avif", "jpeg")  # what the pipeline makes of a photograph


@lru_cache(maxsize=None)
def source() -> Image.Image:
    """A photo-like picture as an editor uploads it: 2400x1600, JPEG q85, decoded by load()."""
    out = io.BytesIO()
    photo(22).save(out, "JPEG", quality=85)
    return Image.open(out).convert("RGB")


def png(image: Image.Image) -> io.BytesIO:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    out.seek(0)
    return out


@pytest.mark.parametrize("width", [200, 320, 480, 800, 1080, 1280, 1600])  # each width's own settings
@pytest.mark.parametrize("name", PHOTO_FORMATS)
def test_a_photograph_looks_the_same_in_every_format(name, width):
    small = resized(source(), width)
    score = compute_ssimulacra2(png(small), io.BytesIO(encode(small, name)))
    assert score >= 80, f"{name} at {width} px: SSIMULACRA2 {score:.1f}"


@pytest.mark.parametrize("name", ["avif", "png"])
def test_alpha_is_kept_through_load_and_encode(tmp_path, name):
    picture = Image.new("RGBA", (64, 48), (200, 30, 30, 255))
    picture.paste((0, 0, 0, 0), (0, 0, 32, 48))  # left half transparent
    picture.save(tmp_path / "graphic.png")
    loaded = load(str(tmp_path / "graphic.png"))
    assert loaded.mode == "RGBA"
    again = Image.open(io.BytesIO(encode(loaded, name)))
    assert again.mode in ("RGBA", "RGBa")
    assert again.getpixel((8, 24))[3] == 0 and again.getpixel((56, 24))[3] == 255


def test_a_palette_picture_with_a_transparent_colour_keeps_it(tmp_path):
    picture = Image.new("P", (20, 20), 1)
    picture.putpalette([0, 0, 0, 255, 0, 0])
    picture.save(tmp_path / "icon.png", transparency=1)
    assert load(str(tmp_path / "icon.png")).getpixel((5, 5))[3] == 0


def test_an_exif_rotated_picture_is_turned_upright(tmp_path):
    picture = Image.new("RGB", (60, 40), (255, 0, 0))
    picture.paste((0, 0, 255), (0, 0, 30, 40))  # blue on the left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to show": the camera was held on its side
    picture.save(tmp_path / "phone.jpg", exif=exif, quality=95)
    upright = load(str(tmp_path / "phone.jpg"))
    assert upright.size == (40, 60)
    assert upright.getpixel((20, 5))[2] > 200  # the stored left is now the top


def truncated(tmp_path, kind: str) -> str:
    out = io.BytesIO()
    photo(3, (600, 400)).save(out, kind)
    path = tmp_path / f"cut.{kind.lower()}"
    path.write_bytes(out.getvalue()[: len(out.getvalue()) // 2])
    return str(path)


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_truncated_picture_is_refused(tmp_path, kind):
    with pytest.raises(BadPicture) as refused:
        load(truncated(tmp_path, kind))
    assert refused.value.problem == "not a whole picture"


def test_random_bytes_are_refused(tmp_path):
    (tmp_path / "noise.jpg").write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BadPicture):
        load(str(tmp_path / "noise.jpg"))


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` and holds one compressed row of zeros."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * (1 + 3 * width))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


# Pillow raises for more than twice its pixel limit but only warns between once and twice
# it: 12000x12000 (144 MP) is in that gap, and would take 430 MB to decode.
@pytest.mark.parametrize("size", [(40000, 40000), (12000, 12000)])
def test_a_decompression_bomb_is_refused_without_allocating_it(tmp_path, size):
    (tmp_path / "bomb.png").write_bytes(png_header(*size))
    script = (
        "from generator.engine.encoding import BadPicture, load\n"
        "try:\n"
        f"    load({str(tmp_path / 'bomb.png')!r})\n"
        "except BadPicture as refused:\n"
        "    print(refused.problem)\n"
        # the peak memory of this process since exec (ru_maxrss would count pytest's, from before it)
        "print(next(int(line.split()[1]) // 1024 for line in open('/proc/self/status')\n"
        "           if line.startswith('VmHWM:')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    problem, megabytes = done.stdout.split("\n")[:2]
    assert problem == "too large to decode", done.stdout + done.stderr
    assert int(megabytes) < 150  # the interpreter and Pillow; a decoded bomb would be gigabytes


def test_every_format_encodes_a_small_picture():
    small = resized(source(), 320)
    for name in FORMATS:
        assert Image.open(io.BytesIO(encode(small, name))).size == small.size
