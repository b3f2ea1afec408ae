"""`briefing serve`: the editors' preview shows drafts, marked as such, and what they save;
it says where it serves and where a saved brief is; a brief saved with an error shows its
problems on the open page while the site keeps answering; it keeps seeing edits when
content/ is replaced."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import GOOD_BRIEF, make_project
from test_frame import luminance
from test_validators import AXE

DRAFT = GOOD_BRIEF.replace("topics: [Economy]\n", "topics: [Economy]\ndraft: true\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Serving:
    """A `briefing serve` in a subprocess: its address and every line it has printed."""

    def __init__(self, root: Path, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{self.port}", *options],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()

    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, line: str, within: float = 30) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline and line not in (said.rstrip("\n") for said in self.lines):
            time.sleep(0.1)
        assert line in (said.rstrip("\n") for said in self.lines), f"not said: {line!r}\n{self.output()}"

    def get(self, path: str, timeout: float = 10) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def page_with(self, path: str, text: str, within: float = 30) -> str:
        """The page once it holds `text` (the server may be starting or rebuilding)."""
        deadline, page = time.monotonic() + within, ""
        while time.monotonic() < deadline:
            try:
                page = self.get(path)[1]
            except OSError:
                page = ""
            if text in page:
                return page
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never in /{path}\n{self.output()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@contextmanager
def serving(root: Path, *options: str):
    server = Serving(root, *options)
    try:
        yield server
    finally:
        server.stop()


def test_preview_builds_drafts_with_a_banner(tmp_path):
    make_project(tmp_path, {"2024/03/draft.md": DRAFT})
    with serving(tmp_path) as server:
        page = server.page_with("2024/03/draft/", "Harbour cranes stand still", within=60)
        assert 'class="brief-draft"' in page
        # A save shows without a restart (the quick rebuild, told by file events).
        (tmp_path / "content/2024/03/draft.md").write_text(DRAFT.replace("Harbour cranes", "Harbour gantries"))
        server.page_with("2024/03/draft/", "Harbour gantries stand still")


def test_serve_says_where_it_serves_and_where_each_saved_brief_is(tmp_path):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF, "2024/03/draft.md": DRAFT})
    with serving(tmp_path) as server:
        server.wait_for_line(f"Serving on {server.url} - Ctrl-C to stop", within=60)
        time.sleep(1)
        (tmp_path / "content/2024/03/harbour.md").write_text(GOOD_BRIEF.replace("Harbour cranes", "Cranes"))
        server.wait_for_line(f"Rebuilt content/2024/03/harbour.md: {server.url}2024/03/harbour/")
        (tmp_path / "content/2024/03/draft.md").write_text(DRAFT.replace("Harbour cranes", "Cranes"))
        server.wait_for_line(f"Rebuilt content/2024/03/draft.md: {server.url}2024/03/draft/"
                             " (a draft: not published by briefing build)")
        (tmp_path / "content/2024/03/new.md").write_text(DRAFT.replace("Harbour cranes", "New cranes"))
        server.wait_for_line(f"Rebuilt content/2024/03/new.md: {server.url}2024/03/new/"
                             " (a draft: not published by briefing build)")
        assert "Traceback" not in server.output()


BROKEN = GOOD_BRIEF.replace("lead:", "lede:")


def test_a_brief_saved_with_an_error_leaves_the_site_answering_and_says_its_problems_once(tmp_path):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF, "2024/03/other.md": GOOD_BRIEF.replace(
        "Harbour cranes", "Other cranes")})
    with serving(tmp_path) as server:
        server.page_with("2024/03/harbour/", "Harbour cranes stand still", within=60)
        (tmp_path / "content/2024/03/harbour.md").write_text(BROKEN)
        problem = "content/2024/03/harbour.md:4: lede: unknown field"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and problem not in server.output():
            time.sleep(0.1)
        assert problem in server.output()
        # The last good build answers at once, the broken brief's page too.
        for path in ("2024/03/other/", "2024/03/harbour/", ""):
            status, page = server.get(path, timeout=5)
            assert status == 200 and "cranes stand still" in page, path
        time.sleep(1)
        output = server.output()
        assert output.count(problem) == 1, output
        assert "Traceback" not in output and "stuck" not in output, output
        # Mended: the page shows the edit.
        (tmp_path / "content/2024/03/harbour.md").write_text(GOOD_BRIEF.replace("Harbour cranes", "Mended cranes"))
        server.page_with("2024/03/harbour/", "Mended cranes stand still")


def test_a_preview_started_on_a_broken_site_serves_its_problems_until_mended(tmp_path, browser):
    make_project(tmp_path, {"2024/03/harbour.md": BROKEN})
    with serving(tmp_path) as server:
        page = server.page_with("2024/03/harbour/", "lede", within=60)
        assert "content/2024/03/harbour.md:4: lede: unknown field" in page
        assert server.get("")[1] == page  # every address: the site is not there yet
        assert server.process.poll() is None, server.output()
        context = browser.new_context(viewport={"width": 390, "height": 800})
        try:
            tab = context.new_page()
            tab.goto(server.url + "2024/03/harbour/")
            assert "lede: unknown field" in tab.inner_text("body")
            assert axe_violations(tab, "body") == []
            (tmp_path / "content/2024/03/harbour.md").write_text(GOOD_BRIEF)
            tab.locator("h1", has_text="Harbour cranes stand still").wait_for(timeout=20_000)  # reloaded itself
        finally:
            context.close()
        assert "Traceback" not in server.output()


def test_a_preview_started_with_a_refused_setting_serves_it_until_mended(tmp_path):
    settings = make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF}) / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("Europe/Berlin", "Mars/Base"))
    with serving(tmp_path) as server:
        assert "timezone: unknown time zone" in server.page_with("", "Mars/Base", within=60)
        settings.write_text(settings.read_text().replace("Mars/Base", "Europe/Berlin"))
        server.page_with("2024/03/harbour/", "Harbour cranes stand still")
        time.sleep(1)
        (tmp_path / "content/2024/03/harbour.md").write_text(GOOD_BRIEF.replace("Harbour cranes", "Port cranes"))
        server.wait_for_line(f"Rebuilt content/2024/03/harbour.md: {server.url}2024/03/harbour/")
        assert "internal error" not in server.output() and "Traceback" not in server.output()


HOSTILE = '"<img src=x onerror=window.pwned=1>": 1\n'


def axe_violations(tab, context: str) -> list[str]:
    """axe-core's serious and critical findings within `context` (a selector)."""
    tab.evaluate(AXE.read_text())
    result = tab.evaluate("context => axe.run(context, {resultTypes: ['violations']})", context)
    return [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def seen_contrast(tab, text: str, ground: str = ".briefing-problems") -> float:
    """The contrast of an element's text on its box's background, alpha blended."""
    fg, bg = tab.evaluate("""([text, ground]) => [text, ground].map((selector, i) => getComputedStyle(
        document.querySelector(selector))[i ? "backgroundColor" : "color"].match(/[\\d.]+/g).map(Number))""",
                          [text, ground])
    alpha = fg[3] if len(fg) > 3 else 1
    blended = [round(f * alpha + b * (1 - alpha)) for f, b in zip(fg[:3], bg[:3])]
    light, dark = sorted((luminance(f"rgb({blended})"), luminance(f"rgb({bg[:3]})")), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_open_page_shows_a_saved_brief_s_problems_over_it_until_mended(tmp_path, browser):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    brief = tmp_path / "content/2024/03/harbour.md"
    with serving(tmp_path) as server:
        server.page_with("2024/03/harbour/", "Harbour cranes stand still", within=60)
        context = browser.new_context(viewport={"width": 390, "height": 800})
        try:
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            tab.goto(server.url + "2024/03/harbour/")
            dialog = tab.locator('[role="alertdialog"]')
            assert dialog.count() == 0  # a good build: nothing over the page
            brief.write_text(BROKEN.replace("topics:", HOSTILE + "topics:"))
            dialog.wait_for()
            text = dialog.inner_text()
            assert "content/2024/03/harbour.md:4: lede: unknown field" in text, text
            assert "<img src=x onerror=window.pwned=1>" in text, text  # as text, never as markup
            assert dialog.locator("img").count() == 0 and tab.evaluate("window.pwned") is None
            assert tab.locator("h1", has_text="Harbour cranes stand still").count() == 1  # the last good page
            # Readable on a phone, in both schemes; named, and its button reached by keyboard.
            box = dialog.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390
            for scheme in ("default", "slate"):
                tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                assert seen_contrast(tab, ".briefing-problems") >= 4.5, scheme
                assert seen_contrast(tab, ".briefing-problems code") >= 4.5, scheme
                assert axe_violations(tab, ".briefing-problems") == [], scheme
            assert tab.evaluate("document.activeElement.getAttribute('role')") == "alertdialog"
            assert "problem" in tab.evaluate(
                "document.getElementById(document.activeElement.getAttribute('aria-labelledby')).textContent")
            tab.keyboard.press("Tab")
            assert tab.evaluate("document.activeElement.textContent") == "Hide"
            # Half mended: the list follows.
            brief.write_text(BROKEN)
            # (Live reload may reload the page meanwhile: the list is absent for a moment.)
            tab.wait_for_function("(list => list && !list.textContent.includes('<img')"
                                  " && list.textContent.includes('lede'))(document.querySelector('[role=alertdialog]'))")
            # Hidden by keyboard; mended: the page as built now, nothing over it.
            tab.focus(".briefing-problems__hide")
            tab.keyboard.press("Enter")
            assert dialog.count() == 0
            brief.write_text(GOOD_BRIEF.replace("Harbour cranes", "Mended cranes"))
            tab.locator("h1", has_text="Mended cranes stand still").wait_for()
            assert dialog.count() == 0
        finally:
            context.close()


@pytest.mark.parametrize("options", [(), ("--poll",)], ids=["events", "polling"])
def test_serve_sees_edits_after_content_is_replaced(tmp_path, options):
    project = make_project(tmp_path / "project", {"2024/03/harbour.md": GOOD_BRIEF})
    with serving(project, *options) as server:
        server.page_with("2024/03/harbour/", "Harbour cranes stand still", within=60)
        shutil.copytree(project / "content", tmp_path / "backup")
        shutil.rmtree(project / "content")
        time.sleep(1.5)  # long enough for polling to find it gone
        shutil.copytree(tmp_path / "backup", project / "content")
        time.sleep(2)
        (project / "content/2024/03/harbour.md").write_text(GOOD_BRIEF.replace("Harbour cranes", "Replaced cranes"))
        server.page_with("2024/03/harbour/", "Replaced cranes stand still", within=10)
