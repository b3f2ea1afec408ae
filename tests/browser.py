"""A real browser for tests and screenshots: Debian's chromium, driven by Playwright."""

from __future__ import annotations

import functools
import shutil
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Flags for a root user on a machine with no network but the loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("chromium is not installed: run `make test`, which installs it")
    return path


@contextmanager
def serve_folder(folder: Path):
    """Serve a built site on a free loopback port, as plain static hosting would."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wait_until(tab, predicate: str, arg=None, timeout: float = 10) -> None:
    """Wait until a JavaScript predicate holds on the page, asking it every 50 ms.

    Playwright's wait_for_function compiles its predicate with eval in the page, which
    the site's Content-Security-Policy refuses; evaluate() is not held to the policy.
    """
    deadline = time.monotonic() + timeout
    while not tab.evaluate(predicate, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} s: {predicate}")
        time.sleep(0.05)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
