"""Edit-to-page time in `briefing serve`: save a brief, time until the server returns the change.

    .venv/bin/python benchmarks/serve.py 10000

Writes a seeded briefing (benchmarks/corpus.py), starts `briefing serve`, edits one
brief's headline three times and prints how long each change took to be served.
(The open browser reloads right after the server has it.)
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

ADDRESS = "127.0.0.1:8765"


def fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode()
    except OSError:
        return ""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    root = write_corpus(count, Path(tempfile.mkdtemp(prefix="briefing-serve-")) / "project")
    brief = sorted((root / "content").glob("20*/*/*.md"))[-5]
    url = f"http://{ADDRESS}/{brief.relative_to(root / 'content').with_suffix('').as_posix()}/"
    server = subprocess.Popen([str(Path(sys.executable).parent / "briefing"), "serve", "-a", ADDRESS],
                              cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while "<h1" not in fetch(url):
            time.sleep(0.2)
        print(f"{count:,} briefs: first build served after {time.perf_counter() - started:.1f} s")
        time.sleep(3)
        for number in range(3):
            marker = f"Edited{number}"
            brief.write_text(re.sub(r'title: "', f'title: "{marker} ', brief.read_text(), count=1))
            saved = time.perf_counter()
            while marker not in fetch(url):
                time.sleep(0.05)
            print(f"edit {number + 1}: served after {time.perf_counter() - saved:.2f} s")
            time.sleep(2)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
