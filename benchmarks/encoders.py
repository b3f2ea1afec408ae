"""Encoders compared at a matched visual quality: Pillow against pyvips (libvips).

For each library, on N photo-like pictures (scripts/photolike.py, stored as JPEG q85 like
an editor's upload): decode, resize to every width of the ladder, and encode AVIF, WebP
and JPEG. The quality setting of each library, format and width is the lowest whose
SSIMULACRA2 against the resized source reaches the target (80: "looks the same"), found
by bisection on the first pictures; then every picture is encoded at it, and the CPU
seconds and bytes per picture are printed. CPU seconds (all threads), not wall time: the
machine is shared, and the pipeline runs one encoder per core anyway.

    .venv/bin/python benchmarks/encoders.py                 # 6 pictures, both libraries
    .venv/bin/python benchmarks/encoders.py -n 2 --libraries pillow --widths 480 1280

Needs numpy and scipy (for the python `ssimulacra2`), and pyvips with Debian's libvips42
for the pyvips side. Debian's libjxl-devtools 0.7 has no ssimulacra2 binary (only
ssimulacra_main, the older metric on another scale, and butteraugli_main).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from PIL import Image  # noqa: E402
from ssimulacra2 import compute_ssimulacra2  # noqa: E402

from generator.engine import encoding  # noqa: E402
from scripts.photolike import photo  # noqa: E402

LADDER = (320, 480, 640, 960, 1280, 1600, 2048)
FORMATS = ("avif", "webp", "jpeg")


def score(reference: bytes, encoded: bytes) -> float:
    """SSIMULACRA2 of `encoded` against `reference` (a PNG): 90 and up is visually lossless."""
    return compute_ssimulacra2(io.BytesIO(reference), io.BytesIO(encoded))


class Pillow:
    """What generator/engine/encoding.py does, with the quality made a parameter."""

    name = "pillow"

    def load(self, path: str):
        return encoding.load(path)

    def resized(self, image, width: int):
        return encoding.resized(image, width)

    def png(self, image) -> bytes:
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)
        return out.getvalue()

    def encode(self, image, fmt: str, quality: int) -> bytes:
        options = dict(encoding.FORMATS[fmt].options_at(image.width), quality=quality)
        out = io.BytesIO()
        image.save(out, fmt.upper(), **options)
        return out.getvalue()


class Vips:
    """libvips with settings like Pillow's: Lanczos 3, the same encoder speeds."""

    name = "pyvips"

    def __init__(self):
        import pyvips
        self.vips = pyvips

    def load(self, path: str):
        return self.vips.Image.new_from_file(path, access="sequential").copy_memory()

    def resized(self, image, width: int):
        return image if width >= image.width else image.resize(width / image.width, kernel="lanczos3")

    def png(self, image) -> bytes:
        return image.pngsave_buffer(compression=1)

    def encode(self, image, fmt: str, quality: int) -> bytes:
        options = encoding.FORMATS[fmt].options_at(image.width)
        if fmt == "avif":  # libvips counts effort up (0-9) where libavif counts speed down (0-10)
            return image.heifsave_buffer(compression="av1", Q=quality, effort=max(0, 9 - options["speed"]),
                                         subsample_mode="off" if options.get("subsampling") == "4:4:4" else "on")
        if fmt == "webp":
            return image.webpsave_buffer(Q=quality, effort=options.get("method", 4))
        return image.jpegsave_buffer(Q=quality, optimize_coding=True, interlace=True,
                                     subsample_mode="off" if options.get("subsampling") == "4:4:4" else "on")


def matched(lib, sources: list[str], fmt: str, width: int, target: float) -> int:
    """The lowest quality whose mean score over `sources` at `width` reaches `target`."""
    images = [lib.resized(lib.load(path), width) for path in sources]
    references = [lib.png(image) for image in images]
    low, high = 20, 98
    while low < high:  # bisection: the score rises with the quality setting
        middle = (low + high) // 2
        got = statistics.mean(score(ref, lib.encode(im, fmt, middle)) for ref, im in zip(references, images))
        low, high = (low, middle) if got >= target else (middle + 1, high)
    return low


def measure(lib, sources: list[str], widths, qualities: dict, formats) -> dict:
    """CPU seconds and bytes per picture: decode, each resize, each encode at its quality."""
    times: dict = {}
    for path in sources:
        start = time.process_time()
        image = lib.load(path)
        times.setdefault(("decode", 0), []).append((time.process_time() - start, 0, 0))
        for width in widths:
            start = time.process_time()
            small = lib.resized(image, width)
            if hasattr(small, "copy_memory"):
                small = small.copy_memory()  # libvips is lazy: make it resize now, not in the encoder
            times.setdefault(("resize", width), []).append((time.process_time() - start, 0, 0))
            reference = lib.png(small)
            for fmt in formats:
                start = time.process_time()
                data = lib.encode(small, fmt, qualities[fmt, width])
                spent = time.process_time() - start
                times.setdefault((fmt, width), []).append((spent, len(data), score(reference, data)))
    return times


# The four sharing crops every picture gets (Open Graph, and JSON-LD's three ratios), in JPEG.
CROPS = ((1200, 630), (1200, 675), (1200, 900), (1200, 1200))


def plan(sources: list[str], ladder: dict[int, tuple[str, ...]], chained: bool) -> tuple[float, dict]:
    """CPU seconds per picture for all a picture costs the pipeline: decode, the ladder in its
    formats, the sharing crops; and bytes per picture of each format and width. `chained`:
    each width resized from the next wider one made, instead of from the source."""
    spent, sizes = 0.0, {}
    for path in sources:
        start = time.process_time()
        image = encoding.load(path)
        previous = image
        for width in sorted(ladder, reverse=True):
            small = encoding.resized(previous if chained else image, width)
            previous = small
            for fmt in ladder[width]:
                sizes.setdefault((fmt, width), []).append(len(encoding.encode(small, fmt)))
        for width, height in CROPS:
            encoding.encode(encoding.cropped(image, width, height, (0.5, 0.5)), "jpeg")
        spent += time.process_time() - start
    return spent / len(sources), {key: statistics.mean(v) for key, v in sizes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=6, help="pictures (default 6)")
    parser.add_argument("--widths", type=int, nargs="+", default=list(LADDER))
    parser.add_argument("--libraries", nargs="+", default=["pillow", "pyvips"])
    parser.add_argument("--target", type=float, default=80.0, help="SSIMULACRA2 to match")
    parser.add_argument("--tune", type=int, default=2, help="pictures the qualities are matched on")
    parser.add_argument("--formats", nargs="+", default=list(FORMATS))
    parser.add_argument("--plan", nargs="+", metavar="WIDTH:FORMAT,FORMAT",
                        help="instead: the whole cost per picture of this ladder, e.g. 480:avif,jpeg 1600:jpeg")
    parser.add_argument("--avif-speed", type=int, help="instead of encoding.py's (0 slowest, 10 fastest)")
    args = parser.parse_args()
    if args.avif_speed is not None:
        avif = encoding.FORMATS["avif"]
        options = dict(avif.options, speed=args.avif_speed)
        encoding.FORMATS["avif"] = encoding.Format(avif.extension, avif.mime, tuple(options.items()), avif.narrow)
    with tempfile.TemporaryDirectory() as folder:
        sources = []
        for seed in range(args.n):
            path = os.path.join(folder, f"{seed}.jpg")
            photo(1000 + seed).save(path, quality=85)  # seeds the tests do not use
            sources.append(path)
        print(f"{args.n} pictures 2400x1600, JPEG q85, {statistics.mean(map(os.path.getsize, sources)) / 1e3:.0f} KB"
              f" on average" + ("\n" if args.plan else
                                f"; qualities matched to SSIMULACRA2 {args.target} on {args.tune} of them\n"))
        if args.plan:
            ladder = {int(w): tuple(f.split(",")) for w, f in (item.split(":") for item in args.plan)}
            for chained in (False, True):
                seconds, sizes = plan(sources, ladder, chained)
                print(f"{'chained' if chained else 'from the source'}: {seconds:.3f} CPU s per picture "
                      f"(decode, {len(sizes)} variants, {len(CROPS)} JPEG crops)")
            for (fmt, width), size in sorted(sizes.items(), key=lambda item: (item[0][1], item[0][0])):
                print(f"  {width} {fmt}: {size / 1e3:.1f} KB")
            return
        print("| library | step | width | quality | CPU s/picture | KB/picture | SSIMULACRA2 (min) |")
        print("|---|---|---|---|---|---|---|")
        for name in args.libraries:
            try:
                lib = Pillow() if name == "pillow" else Vips()
            except (ImportError, OSError) as missing:  # pyvips, or Debian's libvips42, not installed
                print(f"| {name} | not installed: {missing} | | | | | |")
                continue
            qualities = {(fmt, width): matched(lib, sources[:args.tune], fmt, width, args.target)
                         for fmt in args.formats for width in args.widths}
            for (step, width), rows in measure(lib, sources, args.widths, qualities, args.formats).items():
                seconds = statistics.mean(r[0] for r in rows)
                if step in args.formats:
                    print(f"| {name} | {step} | {width} | {qualities[step, width]} | {seconds:.3f} "
                          f"| {statistics.mean(r[1] for r in rows) / 1e3:.1f} | {min(r[2] for r in rows):.1f} |")
                else:
                    print(f"| {name} | {step} | {width or ''} | | {seconds:.3f} | | |")
                sys.stdout.flush()


if __name__ == "__main__":
    Image.MAX_IMAGE_PIXELS = encoding.MAX_PIXELS
    main()
