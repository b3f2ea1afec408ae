"""Search benchmark: Briefing's Pagefind search against Material's built-in (lunr) search.

    .venv/bin/python benchmarks/search.py 1000 10000 [100000] [--no-lunr-above 20000]

For each size: a seeded corpus (benchmarks/corpus.py) is built three times on the
same briefs: without search (the baseline), with Pagefind, and with Material's
search plugin. Then headless chromium opens a brief page, focuses the search box,
types a query and waits for the first result, counting the bytes fetched over a
local server that compresses like a static host. Prints a Markdown table and
writes it to benchmarks/results/search.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import re
import subprocess
import sys
import tempfile
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from browser import chromium  # noqa: E402
from corpus import VOCABULARY, words, write_corpus  # noqa: E402

WORK = Path(os.environ.get("BENCH_DIR", "/tmp/briefing-bench"))
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".wasm", ".xml", ".svg")
SUMMARY = re.compile(r"([\d.]+) s of indexing alongside the build \(peak ([\d,]+) MiB\), ([\d.]+) s after it")


def run(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes) and output of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{text[-2000:]}")
    return seconds, usage.ru_maxrss * 1024, text


class Compressing(SimpleHTTPRequestHandler):
    """Static hosting as it is in production: text assets gzipped on the wire."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file():
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            from io import BytesIO
            return BytesIO(body)
        return super().send_head()


def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Compressing, directory=str(folder)))
    Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def queries() -> list[str]:
    """Words a reader might look for: neither stop words nor one-offs."""
    vocabulary = words(VOCABULARY)
    return [vocabulary[rank] for rank in (120, 450, 900, 1500, 2600)]


def measure_browser(site: Path, kind: str, page_path: str) -> dict:
    """Bytes and milliseconds for the first query after page load, then for further queries."""
    input_selector = "#briefing-search-input" if kind == "pagefind" else "input.md-search__input"
    result_selector = ("#briefing-search-results [role=option]" if kind == "pagefind"
                       else ".md-search-result__item")
    server, base = serve(site)
    try:
        with chromium() as browser:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.set_default_timeout(180_000)
            # Only what search itself fetches counts (the page, and result thumbnails, which
            # are the briefs' own pictures, do not).
            search_asset = ("/pagefind/", "/assets/search.js") if kind == "pagefind" else ("search_index.json", "/workers/search")
            sizes: list[int] = []

            def finished(request):
                if any(part in request.url for part in search_asset):
                    sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])

            tab.on("requestfinished", finished)
            tab.goto(base + page_path)
            tab.wait_for_load_state("networkidle")
            before = 0  # lunr fetches its whole index with the page: that counts for its first query
            figures = []
            for number, query in enumerate(queries()):
                mark = len(sizes)
                if number == 0:
                    if kind == "lunr":
                        tab.locator("label.md-header__button[for=__search]").click() if tab.locator("input.md-search__input").is_hidden() else None
                    tab.locator(input_selector).focus()
                tab.evaluate(
                    """(results) => {
                        const seen = () => document.querySelector(results);
                        const watch = new MutationObserver(() => {
                            if (seen()) { watch.disconnect(); window.__t1 = performance.now(); }
                        });
                        watch.observe(document.body, {childList: true, subtree: true});
                    }""",
                    result_selector,
                )
                tab.evaluate("""([input, q]) => {
                    const box = document.querySelector(input);
                    box.value = q;
                    window.__t0 = performance.now();
                    box.dispatchEvent(new Event('input', {bubbles: true}));
                    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'a'}));
                }""", [input_selector, query])
                tab.wait_for_function("window.__t1 !== undefined")
                elapsed = tab.evaluate("window.__t1 - window.__t0")
                tab.wait_for_load_state("networkidle")
                fetched = sum(sizes[(before if number == 0 else mark):])
                figures.append((elapsed, fetched))
                tab.evaluate("delete window.__t1")
                tab.evaluate(f"document.querySelector({input_selector!r}).value = ''")
                tab.evaluate(f"""document.querySelectorAll({result_selector!r}).forEach(n => n.remove())""")
            context.close()
    finally:
        server.shutdown()
    first_ms, first_bytes = figures[0]
    return {
        "first_bytes": first_bytes,
        "first_ms": first_ms,
        "next_ms": statistics.median(ms for ms, _ in figures[1:]),
        "next_bytes": statistics.median(b for _, b in figures[1:]),
    }


def bundle(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return len(files), sum(p.stat().st_size for p in files)


def fastest(command: list[str], cwd: Path, repeat: int) -> tuple[float, int, str]:
    """The fastest of `repeat` runs: on a shared machine, the least disturbed one."""
    return min((run(command, cwd) for _ in range(repeat)), key=lambda result: result[0])


def measure(n: int, lunr: bool, repeat: int) -> dict:
    root = write_corpus(n, WORK / f"{n}", extra_config="      search: false\n")
    config = root / "mkdocs.yml"
    briefing = [sys.executable, "-m", "generator.cli", "build", "--site-dir"]
    base_s, base_rss, _ = fastest(briefing + [str(root / "site")], root, repeat)
    config.write_text(config.read_text().replace("search: false", "search: true"))
    total_s, _, output = fastest(briefing + [str(root / "site")], root, repeat)
    cpu, peak, after = SUMMARY.search(output).groups()
    files, size = bundle(root / "site" / "pagefind")
    row = {"n": n, "build_s": base_s, "build_rss": base_rss, "total_s": total_s,
           "index_s": total_s - base_s, "index_cpu_s": float(cpu), "index_after_s": float(after),
           "index_rss": int(peak.replace(",", "")) * 1048576, "files": files, "bundle_bytes": size,
           "browser": measure_browser(root / "site", "pagefind", first_brief(root / "site"))}
    if lunr:
        config.write_text(config.read_text().replace("search: true", "search: false") + "  - search\n")
        lunr_s, lunr_rss, _ = fastest(briefing + [str(root / "site-lunr")], root, repeat)
        index = root / "site-lunr" / "search" / "search_index.json"
        row["lunr"] = {
            "index_s": lunr_s - base_s, "total_s": lunr_s, "index_rss": lunr_rss - base_rss,
            "files": 1, "bundle_bytes": index.stat().st_size,
            "browser": measure_browser(root / "site-lunr", "lunr", first_brief(root / "site-lunr")),
        }
    return row


def first_brief(site: Path) -> str:
    page = sorted(site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))[0]
    return "/" + page.parent.relative_to(site).as_posix() + "/"


def table(rows: list[dict]) -> str:
    """Markdown: one row per size and search, in the units the targets are set in."""
    kib, mib = 1024, 1024 * 1024
    lines = [
        "| briefs | search | first query: bytes | first query: typing to result | further queries: bytes / ms "
        "| build time added by the index | share of build | index peak memory | files in bundle | bundle size |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for name, data in (("Briefing (Pagefind)", row), ("Material (lunr)", row.get("lunr"))):
            if data is None:
                lines.append(f"| {row['n']:,} | Material (lunr) | not run (see notes) | | | | | | | |")
                continue
            b = data["browser"]
            share = max(data["index_s"], 0) / data["total_s"]
            lines.append(
                f"| {row['n']:,} | {name} | {b['first_bytes'] / kib:,.0f} KiB | {b['first_ms']:,.0f} ms "
                f"| {b['next_bytes'] / kib:,.1f} KiB / {b['next_ms']:,.0f} ms | {data['index_s']:.1f} s "
                f"| {share:.0%} | {data['index_rss'] / mib:,.0f} MiB | {data['files']:,} | {data['bundle_bytes'] / mib:,.1f} MiB |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--no-lunr-above", type=int, default=20000,
                        help="skip Material's search above this many briefs (its index grows too large to load)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each variant this many times and keep the fastest")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        print(f"measuring {n:,} briefs...", file=sys.stderr, flush=True)
        rows.append(measure(n, lunr=n <= args.no_lunr_above, repeat=args.repeat))
        print(table(rows), file=sys.stderr, flush=True)
    result = table(rows)
    print(result)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "search.md").write_text(
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores with "
        "`.venv/bin/python benchmarks/search.py " + " ".join(str(r["n"]) for r in rows)
        + (f" --repeat {args.repeat}" if args.repeat > 1 else "") + "` (build times: the fastest of each).\n\n"
        + result + "\n\n"
        + "\n".join(
            f"- {r['n']:,} briefs: build without search {r['build_s']:.1f} s (peak {r['build_rss'] / 1048576:,.0f} MiB), "
            f"with Pagefind {r['total_s']:.1f} s; Pagefind worked {r['index_cpu_s']:.1f} s CPU alongside the "
            f"build and {r['index_after_s']:.1f} s after its last page."
            + (f" With Material's search {r['lunr']['total_s']:.1f} s." if r.get("lunr") else "")
            for r in rows
        ) + "\n"
    )


if __name__ == "__main__":
    main()
