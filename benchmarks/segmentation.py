"""What cutting Chinese (and Japanese) into words costs the search index: the writer's time
for N briefs in Chinese against N English briefs of the same length in characters, in one
run, side by side (search/segment.py segments zh and ja; English is only split at spaces).

    .venv/bin/python benchmarks/segmentation.py              # 1,000 and 10,000 briefs
    .venv/bin/python benchmarks/segmentation.py 1000 --ja    # Japanese too (lindera, extra ja)

Prints a table of wall seconds (CPU seconds); the machine is shared, so compare the
figures of one run with each other, and the CPU ratio more than the wall one. A Chinese
brief of 600 characters is about three times as many words as an English one.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.search import pagefind, segment, writer  # noqa: E402
from generator.search.documents import SearchDocument, index_document  # noqa: E402

BRIEF_CHARACTERS = 600  # of text in a brief's body, about a short news brief's


def sentences(language: str) -> list[str]:
    """Our own sentences: the index tests' for zh and ja, the sample briefs' for English."""
    if language == "en":
        texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*.md"))]
        text = " ".join(found.split("---", 2)[2] for found in texts if found.startswith("---"))
        found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"[#>*_\[\]()]", " ", text))]
        return [s for s in found if len(s) > 40 and "http" not in s and "{" not in s]
    return (ROOT / "tests/search/sentences" / f"{language}.txt").read_text(encoding="utf-8").splitlines()


def briefs(language: str, count: int) -> list:
    lines, chance = sentences(language), random.Random(7)

    def text(size: int) -> str:
        found = ""
        while len(found) < size:
            found += chance.choice(lines) + (" " if language == "en" else "")
        return found[:size]

    return [index_document(SearchDocument(
        path=f"2024/05/b{n}/", title=text(30), lead=text(120), body="\n\n".join(text(BRIEF_CHARACTERS // 3)
                                                                                for _ in range(3)),
        date="1", stamp=f"2024-05-{n % 28 + 1:02d}T00:00:00Z", year="2024", week="2024-18", kicker=None,
        image=None, figure=text(60), sign_off="ab/cd", filters=(("topic", "World"),),
    )) for n in range(count)]


def timed_write(documents: list, language: str, work: Path) -> tuple[float, float]:
    """Wall and CPU seconds of writing the bundle, dictionaries loaded already."""
    runtime = pagefind.runtime(work / f"runtime-{language}", language)
    output = work / f"{language}-{len(documents)}"
    shutil.rmtree(output, ignore_errors=True)
    wall, cpu = time.perf_counter(), time.process_time()
    writer.write(documents, output, language, runtime)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--ja", action="store_true", help="Japanese as well (needs lindera: extra ja)")
    options = parser.parse_args()
    languages = ["en", "zh"] + (["ja"] if options.ja else [])
    for language in languages[1:]:  # the dictionaries' load, once a build, apart from the writing
        started = time.perf_counter()
        segment.Segmenter(language).tokens("東京" if language == "ja" else "国际社会")
        print(f"{language}: dictionary loaded in {time.perf_counter() - started:.2f} s")
    print(f"\n| briefs | {' | '.join(f'{lang} s (CPU)' for lang in languages)} | "
          f"{' | '.join(f'{lang}/en (CPU)' for lang in languages[1:])} |")
    print("|---" * (1 + 2 * len(languages) - 1) + "|")
    with tempfile.TemporaryDirectory(prefix="briefing-segmentation-") as work:
        for size in options.sizes:
            times = {lang: timed_write(briefs(lang, size), lang, Path(work)) for lang in languages}
            (wall_en, cpu_en) = times["en"]
            cells = [f"{wall:.2f} ({cpu:.2f})" for wall, cpu in times.values()]
            ratios = [f"{times[lang][0] / wall_en:.1f}x ({times[lang][1] / cpu_en:.1f}x)"
                      for lang in languages[1:]]
            print(f"| {size:,} | {' | '.join(cells)} | {' | '.join(ratios)} |", flush=True)


if __name__ == "__main__":
    main()
