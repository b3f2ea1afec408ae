"""What cleaning brief bodies to the HTML allow-list costs, next to rendering their Markdown.

    .venv/bin/python benchmarks/cleaning.py [N]

Renders N seeded briefs' bodies (default 1,000) with the sample site's Markdown
settings, then cleans each with generator/outputs/rawhtml.py; prints both, per brief.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from generator.outputs.rawhtml import clean  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as folder:
        project = write_corpus(count, Path(folder) / "project")
        bodies = [p.read_text().split("\n---\n", 1)[1] for p in sorted((project / "content").glob("20*/*/*.md"))]
    md = markdown.Markdown(extensions=["toc", "attr_list", "admonition"], extension_configs={"toc": {"permalink": True}})
    started = time.perf_counter()
    pages = [md.reset().convert(body) for body in bodies]
    rendering = time.perf_counter() - started
    started = time.perf_counter()
    for page in pages:
        clean(page)
    cleaning = time.perf_counter() - started
    print(f"{len(bodies):,} bodies: Markdown {rendering * 1000 / len(bodies):.3f} ms a brief, "
          f"cleaning {cleaning * 1000 / len(bodies):.3f} ms a brief ({cleaning / rendering:.1%} of Markdown)")


if __name__ == "__main__":
    main()
