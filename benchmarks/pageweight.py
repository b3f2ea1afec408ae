"""Page weight in a real browser: what a reader's phone and desktop fetch from a built site.

    .venv/bin/python benchmarks/pageweight.py --site site/            # Lighthouse 5 times a page
    .venv/bin/python benchmarks/pageweight.py --site site/ --runs 1 --no-lighthouse

Builds nothing: serves the folder on 127.0.0.1 as a static host would (text gzipped,
cache headers, the site's own `_headers`), opens the front page, a brief (or more), a topic
page and the search page with a query in Debian's chromium at 390x844 (DPR 3, a phone) and
1280x800 (DPR 1), each page in a fresh context (empty cache), and reports the bytes
transferred (images and all) and the Largest Contentful Paint. Then Lighthouse 12.2.3
(`cd benchmarks && npm install`), mobile default config, all four categories, `--runs`
times a page: the median scores (with the audits any run failed) and what its "properly
size images" and "next-gen formats" audits say. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Flags for a root user on a machine with no network but the loopback (as tests/browser.py).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MOBILE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/130.0.0.0 Mobile Safari/537.36")
VIEWPORTS = {  # name -> Playwright context options
    "390x844 DPR 3": dict(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                          is_mobile=True, has_touch=True, user_agent=MOBILE_UA),
    "1280x800 DPR 1": dict(viewport={"width": 1280, "height": 800}, device_scale_factor=1),
}
GZIPPED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest"}
AUDITS = {"uses-responsive-images": "properly size images", "modern-image-formats": "next-gen formats"}

# The last LCP candidate the browser reported, with its element (evaluate() is not held
# to the site's Content-Security-Policy, as an injected script would be).
LCP_SCRIPT = """() => new Promise(resolve => {
  new PerformanceObserver(list => {
    const last = list.getEntries().at(-1);
    const el = last.element;
    const what = el ? el.tagName.toLowerCase() + (last.url ? ' ' + last.url.split('/').pop() : '') : '?';
    resolve({ms: last.startTime, what});
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve({ms: null, what: 'none'}), 3000);
})"""


def site_headers(site: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The site's `_headers` (Netlify/Cloudflare format): [(pattern, [(name, value)])]."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    path = site / "_headers"
    for line in path.read_text().splitlines() if path.exists() else []:
        if line.strip() and not line[0].isspace():
            rules.append((line.strip(), []))
        elif ":" in line and rules:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def cache_control(path: str) -> str:
    """HTML revalidates on every visit; Material's assets carry a hash in their names; the rest an hour."""
    if path.endswith("/") or path.endswith(".html"):
        return "no-cache"
    if path.startswith("/assets/"):
        return "public, max-age=31536000, immutable"
    return "public, max-age=3600"


@contextmanager
def serve(site: Path):
    """Serve `site` on a free loopback port: HTTP/1.1, text gzipped, cache and site headers."""
    rules = site_headers(site)
    squeezed: dict[Path, bytes] = {}  # each text file compressed once, not once a request

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as any real host

        def log_message(self, *args):
            pass

        def end_headers(self):
            path = self.path.split("?")[0]
            self.send_header("Cache-Control", cache_control(path))
            for pattern, headers in rules:
                if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                    for name, value in headers:
                        self.send_header(name, value)
            super().end_headers()

        def do_GET(self):
            file = Path(self.translate_path(self.path))
            if file.is_dir() and self.path.split("?")[0].endswith("/"):
                file = file / "index.html"
            if (file.suffix not in GZIPPED or not file.is_file()
                    or "gzip" not in self.headers.get("Accept-Encoding", "")):
                return super().do_GET()
            if file not in squeezed:
                squeezed[file] = gzip.compress(file.read_bytes(), 6, mtime=0)
            body = squeezed[file]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Handler(*a, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def weigh(browser, url: str, options: dict) -> dict:
    """One page view, cold: bytes over the wire (DevTools' "transferred"), image bytes, LCP."""
    context = browser.new_context(**options)
    tab = context.new_page()
    devtools = context.new_cdp_session(tab)
    devtools.send("Network.enable")
    kinds: dict[str, str] = {}
    sizes: dict[str, int] = {}
    devtools.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    devtools.on("Network.loadingFinished",
                lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    tab.goto(url, wait_until="networkidle")
    lcp = tab.evaluate(LCP_SCRIPT)
    context.close()
    images = [size for rid, size in sizes.items() if kinds.get(rid) == "Image"]
    return {"total": sum(sizes.values()), "requests": len(sizes), "images": sum(images),
            "image_count": len(images), "lcp": lcp}


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile default config, simulated throttling), all four categories."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    out = subprocess.run(
        [str(LIGHTHOUSE), url, f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}",
         "--output=json", "--output-path=stdout", "--quiet"],
        env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    result = {"score": round(100 * report["categories"]["performance"]["score"]),
              "lcp": report["audits"]["largest-contentful-paint"]["numericValue"]}
    for category in CATEGORIES[1:]:
        found = report["categories"][category]
        failed = [ref["id"] for ref in found["auditRefs"] if ref["weight"]
                  and (report["audits"][ref["id"]]["score"] or 0) < 1]
        result[category] = (round(100 * found["score"]), failed)
    for audit in AUDITS:
        found = report["audits"][audit]
        # Lighthouse lists an audit under "passed" from a score of 0.9; not applicable passes too
        passed = found["score"] is None or found["score"] >= 0.9
        wasted = (found.get("details") or {}).get("overallSavingsBytes", 0) / 1024
        result[audit] = (passed, wasted)
    return result


def first_topic(site: Path) -> str:
    """The first topic page (by name) that shows a picture: a page of cards without any weighs nothing."""
    pages = sorted((site / "topics").glob("*/index.html"))
    if not pages:
        sys.exit(f"{site}/topics/ has no topic pages: give one with --topic")
    chosen = next((page for page in pages if "<img" in page.read_text()), pages[0])
    return f"/topics/{chosen.parent.name}/"


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="a built site folder")
    parser.add_argument("--brief", action="append", help="a brief's address, more than one allowed "
                        "(default: /2024/07/assad-putin-moscow/)")
    parser.add_argument("--topic", help="default: the first under /topics/ with a picture")
    parser.add_argument("--query", default="port+strike", help="the search page's query, URL-encoded")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs a page (median)")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"{site} holds no built site (no index.html): build one first")
    briefs = args.brief or ["/2024/07/assad-putin-moscow/"]
    topic = args.topic or first_topic(site)
    pages = [("front", "/"), *(("brief", path) for path in briefs), ("topic", topic),
             ("search", f"/search/?q={args.query}")]
    if not args.no_lighthouse and not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `cd benchmarks && npm install`")

    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print("| page | viewport | image bytes (images) | total bytes (requests) | LCP | LCP element |")
        print("|---|---|---:|---:|---:|---|")
        for name, path in pages:
            for viewport, options in VIEWPORTS.items():
                seen = weigh(browser, base + path, options)
                lcp = seen["lcp"]["ms"]
                print(f"| {name} `{path}` | {viewport} | {kib(seen['images'])} ({seen['image_count']}) "
                      f"| {kib(seen['total'])} ({seen['requests']}) "
                      f"| {'-' if lcp is None else f'{lcp:.0f} ms'} | {seen['lcp']['what']} |")
        browser.close()
        if args.no_lighthouse:
            return
        print(f"\nLighthouse 12.2.3, mobile, median of {args.runs} runs (score range in brackets):\n")
        others = CATEGORIES[1:]
        print("| page | performance | LCP (simulated) | " + " | ".join(others) + " | "
              + " | ".join(AUDITS.values()) + " |")
        print("|---|---:|---:|" + "---:|" * len(others) + "---|" * len(AUDITS))
        for name, path in pages:
            runs = [lighthouse(base + path) for _ in range(args.runs)]
            scores = [run["score"] for run in runs]
            cells = []
            for category in others:  # the median score, and the audits any run failed
                failed = sorted({audit for run in runs for audit in run[category][1]})
                score = statistics.median(run[category][0] for run in runs)
                cells.append(f"{score:.0f}" + (f" ({', '.join(failed)})" if failed else ""))
            for audit in AUDITS:
                passes = sum(run[audit][0] for run in runs)
                wasted = statistics.median(run[audit][1] for run in runs)
                verdict = "pass" if passes == len(runs) else "fail" if not passes else "mixed"
                cells.append(f"{verdict} ({passes}/{len(runs)}), {wasted:,.0f} KiB wasted")
            lcp = statistics.median(run["lcp"] for run in runs) / 1000
            print(f"| {name} `{path}` | {statistics.median(scores):.0f} ({min(scores)}-{max(scores)}) "
                  f"| {lcp:.1f} s | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()
