"""What languages cost: the same briefs built as a site of one language and as a site of five.

    .venv/bin/python benchmarks/languages.py --sizes 2000 10000 --rounds 3

The seeded briefs of benchmarks/corpus.py, once as they are (one language) and once with
every fifth brief in each of English, German, Arabic, Russian and Spanish (`lang:`) on a
site that names those five (`languages:`): five front pages, five sets of topic, author,
agency and archive pages, five feeds and search indexes. Built cold, then warm, round after
round, the order swapped every round; prints the medians and their ratio (five / one).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import copy_of, measure  # noqa: E402
from corpus import write_corpus  # noqa: E402

LANGUAGES = ("en", "de", "ar", "ru", "es")


def in_five_languages(project: Path) -> None:
    """Every brief's `lang` by its place in the archive, and the site's five languages."""
    for number, path in enumerate(sorted((project / "content").rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        language = LANGUAGES[number % len(LANGUAGES)]
        path.unlink()  # a hard link to the corpus' file (build.copy_of): this copy's own from here
        path.write_text(text.replace("\ndate: ", f"\nlang: {language}\ndate: ", 1), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").rstrip("\n") + "\n      languages: {"
                      + ", ".join(f"{code}: {{}}" for code in LANGUAGES) + "}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="briefing-languages-"))
    command = [sys.executable, "-m", "generator.cli", "build"]
    rows = []
    try:
        for size in args.sizes:
            print(f"{size:,} briefs", flush=True)
            corpus = write_corpus(size, workdir / f"corpus-{size}")
            seconds: dict[tuple[str, str], list[float]] = {}
            for round_ in range(args.rounds):
                for name in (("one", "five") if round_ % 2 == 0 else ("five", "one")):
                    project = copy_of(corpus, f"{name}-{round_}")
                    if name == "five":
                        in_five_languages(project)
                    for kind in ("cold", "warm"):
                        run = measure(f"{name} language(s), {kind}", size, command, project, project / "site")
                        seconds.setdefault((name, kind), []).append(run.seconds)
                    shutil.rmtree(project, ignore_errors=True)
            for kind in ("cold", "warm"):
                one, five = (statistics.median(seconds[(name, kind)]) for name in ("one", "five"))
                rows.append(f"| {size:,} | {kind} | {one:.2f} s | {five:.2f} s | {five / one:.2f} |")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nThe same briefs in one language and in five, medians of {args.rounds} rounds:\n")
    print("| briefs | build | one language | five languages | five / one |\n|---:|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
