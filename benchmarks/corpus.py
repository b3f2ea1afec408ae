"""A seeded synthetic briefing: N briefs with realistic front matter and Zipf-distributed words.

    python benchmarks/corpus.py 10000 /tmp/bench-10k
    python benchmarks/corpus.py 1000 /tmp/bench-1k-photos --distinct-pictures

writes /tmp/bench-10k/content/YYYY/MM/<slug>.md plus a few pictures under
content/media/, and a mkdocs.yml using Briefing. Same N and seed, same files.

With --distinct-pictures every brief has a photograph of its own instead (brief i:
scripts/photolike.py's photo(i), 2400x1600, JPEG quality 85, at least 300 KB), so a
picture pipeline pays for every picture as a real archive makes it. The text is the same
as without. Drawing a picture takes seconds, so each is kept in PICTURE_CACHE by its seed
and hard-linked into the corpus: a benchmark that edits a picture must write a new file,
not change the linked one.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import multiprocessing
import os
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240725
VOCABULARY = 40_000
ZIPF_S = 1.07  # word frequencies of natural text fall off roughly as 1/rank
ONSETS = ["", "b", "br", "c", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pr", "r",
          "s", "st", "t", "tr", "v", "w", "z", "sh", "ch", "th"]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ia"]
CODAS = ["", "n", "r", "s", "l", "nd", "st", "m", "t", "rk", "ng"]
TOPICS = [f"Topic {name}" for name in (
    "Politics Economy Climate Health Science Cities Shipping Sport Culture Energy Europe Africa "
    "Asia Americas Migration Technology Education Justice Defence Transport Farming Media "
    "Elections Trade Water Space Labour Housing Tourism Finance").split()]
AUTHORS = ["es", "rmt", "jk", "lm", "ab", "cd", "fg", "hk", "mp", "ns", "ot", "rw"]
AGENCIES = ["AP", "AFP", "Reuters", "dpa", "KNA", "epd", "EFE", "ANSA"]
PICTURES = sorted((ROOT / "content").rglob("*.jpg"))
# Kept by the drawing code's own digest: another photolike.py draws other pictures.
PICTURE_CACHE = (Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "briefing-bench-pictures"
                 / hashlib.blake2b((ROOT / "scripts/photolike.py").read_bytes(), digest_size=6).hexdigest())
MIN_PICTURE_BYTES = 300_000  # what issue 22 asks of each: a photograph's weight, not a gradient's

CONFIG = """\
site_name: Benchmark briefing
site_url: https://bench.example.org/
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
  font: false
  features: [navigation.tabs]
plugins:
  - briefing:
      timezone: Europe/Berlin
      authors: {{{roster}}}
{extra}"""


def words(n: int) -> list[str]:
    """A vocabulary of pronounceable made-up words, most frequent first."""
    rng = random.Random(SEED)
    seen, out = set(), []
    while len(out) < n:
        word = "".join(rng.choice(part) for part in (ONSETS, NUCLEI, CODAS, NUCLEI, CODAS)[: rng.randint(3, 5)])
        if len(word) > 2 and word not in seen:
            seen.add(word)
            out.append(word)
    return out


def draw_photo(seed: int) -> Path:
    """The photograph of `seed` in the cache, drawn (on a worker) only if it is not there yet."""
    target = PICTURE_CACHE / f"{seed}.jpg"
    if not target.exists():
        sys.path.insert(0, str(ROOT / "scripts"))
        from photolike import photo

        partial = target.with_suffix(f".{os.getpid()}.part")  # never a half-written picture
        photo(seed).save(partial, "JPEG", quality=85)
        if partial.stat().st_size < MIN_PICTURE_BYTES:
            raise RuntimeError(f"photo({seed}) is {partial.stat().st_size} bytes as JPEG: too light")
        partial.replace(target)
    return target


def photos(count: int) -> list[Path]:
    """Photographs 0..count-1 from the cache, the missing ones drawn on every core."""
    PICTURE_CACHE.mkdir(parents=True, exist_ok=True)
    missing = [seed for seed in range(count) if not (PICTURE_CACHE / f"{seed}.jpg").exists()]
    if missing:
        print(f"drawing {len(missing)} pictures into {PICTURE_CACHE}", file=sys.stderr)
        with multiprocessing.Pool(os.cpu_count()) as pool:
            pool.map(draw_photo, missing, chunksize=4)
    return [PICTURE_CACHE / f"{seed}.jpg" for seed in range(count)]


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system than the cache's
        shutil.copy(source, target)


def write_corpus(n: int, root: Path, extra_config: str = "", distinct_pictures: bool = False) -> Path:
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    (content / "media").mkdir(parents=True)
    if distinct_pictures:
        for seed, picture in enumerate(photos(n)):
            link_or_copy(picture, content / "media" / f"photo-{seed}.jpg")
    else:
        for picture in PICTURES:
            shutil.copy(picture, content / "media" / picture.name)
    vocabulary = words(VOCABULARY)
    weights = list(itertools.accumulate(1 / (rank ** ZIPF_S) for rank in range(1, VOCABULARY + 1)))
    rng = random.Random(SEED + n)

    def text(count: int) -> str:
        return " ".join(rng.choices(vocabulary, cum_weights=weights, k=count))

    def sentences(count: int) -> str:
        out, left = [], count
        while left > 0:
            length = min(left, rng.randint(8, 22))
            sentence = text(length)
            out.append(sentence[0].upper() + sentence[1:] + ".")
            left -= length
        return " ".join(out)

    start = datetime(2016, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    step = (datetime(2026, 1, 1, tzinfo=start.tzinfo) - start) / n
    for i in range(n):
        when = (start + step * i).replace(microsecond=0)
        title = text(rng.randint(5, 9)).capitalize()
        slug = f"b{i}-" + "-".join(title.lower().split()[:4])
        body_words = rng.randint(300, 600)
        third = body_words // 3
        picture = rng.choice(PICTURES).name  # drawn either way: the same text with distinct pictures
        if distinct_pictures:
            picture = f"photo-{i}.jpg"
        authors = rng.sample(AUTHORS, rng.randint(1, 2))
        agencies = rng.sample(AGENCIES, rng.randint(0, 3))
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        folder = content / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(
            f"""---
title: "{title}"
date: {when.isoformat()}
kicker: {text(1).capitalize()}
lead: "{sentences(rng.randint(20, 35))}"
shortlink: https://p.example.org/p/{i:x}
image:
  src: /media/{picture}
  alt: "{text(8).capitalize()}"
  caption: "{text(10).capitalize()}"
  credit: Benchmark art
authors: [{", ".join(authors)}]
agencies: [{", ".join(agencies)}]
topics: [{", ".join(topics)}]
---

{sentences(third)}

## {text(4).capitalize()}

{sentences(third)}

## {text(3).capitalize()}

{sentences(body_words - 2 * third)}
""",
            encoding="utf-8",
        )
    roster = ", ".join(f"{a}: {{name: Staff {a.upper()}}}" for a in AUTHORS)
    (root / "mkdocs.yml").write_text(
        CONFIG.format(theme=ROOT / "theme", roster=roster, extra=extra_config), encoding="utf-8"
    )
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--distinct-pictures", action="store_true", help="a photograph of its own a brief")
    args = parser.parse_args()
    write_corpus(args.count, args.target, distinct_pictures=args.distinct_pictures)
    print(f"{args.count} briefs in {args.target / 'content'}")
