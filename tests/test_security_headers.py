"""Defence in depth: if a script ever gets past the cleaner, the browser still refuses it.

Every page carries a Content-Security-Policy (as <meta http-equiv>, for hosts that send
no headers) that lets only the theme's own inline scripts run, by hash; `_headers` sends
it, with nosniff and a referrer policy, on Netlify and Cloudflare Pages.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser import serve_folder, wait_until
from conftest import GOOD_BRIEF, briefing, make_project

FOUNDING = "/2024/07/assad-putin-moscow/"
REFERRER = "strict-origin-when-cross-origin"
_SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)
_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def inline_scripts(html: str) -> list[str]:
    """The texts of a page's inline scripts: not those with a src, nor JSON data."""
    return [text for attributes, text in _SCRIPT.findall(html)
            if "src=" not in attributes and "json" not in attributes]


def allowed(script: str) -> str:
    """The CSP source that allows exactly this script text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def meta_policy(html: str) -> str | None:
    found = _META_POLICY.findall(html)
    assert len(found) <= 1
    return found[0].replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&") if found else None


def headers(site: Path) -> dict[str, dict[str, str]]:
    """`_headers` as Netlify and Cloudflare Pages read it: a path line, then indented headers."""
    rules: dict[str, dict[str, str]] = {}
    path = None
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        if not line[0].isspace():
            path = line.strip()
            rules.setdefault(path, {})
        else:
            name, value = line.strip().split(":", 1)
            rules[path][name.strip()] = value.strip()
    return rules


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def build(root: Path) -> Path:
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def with_policy(root: Path, setting: str) -> None:
    """`content_security_policy:` set in the project's plugin settings (YAML, indented)."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"      content_security_policy: {setting}\n")


# --- the policy in the built pages ----------------------------------------------------


def test_every_page_allows_its_theme_scripts_by_hash_and_nothing_inline_else(sample_site):
    pages = html_pages(sample_site)
    # Pages at every depth, the 404 page (base URL "/") and a shortlink's redirect page.
    assert {"index.html", "search/index.html", "404.html", "p/4ii5H/index.html",
            FOUNDING.strip("/") + "/index.html"} <= pages.keys()
    for name, html in pages.items():
        policy = meta_policy(html)
        assert policy, f"{name}: no Content-Security-Policy"
        rules = directives(policy)
        assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"], name
        assert rules["object-src"] == ["'none'"] and rules["base-uri"] == ["'self'"], name
        scripts = inline_scripts(html)
        assert scripts, name
        for script in scripts:
            assert allowed(script) in rules["script-src"], f"{name}: not allowed: {script[:80]}"
        assert f'<meta name="referrer" content="{REFERRER}">' in html, name


def test_headers_send_the_policy_nosniff_and_the_referrer_policy_for_every_page(sample_site):
    rules = headers(sample_site)["/*"]
    assert rules["X-Content-Type-Options"] == "nosniff"
    assert rules["Referrer-Policy"] == REFERRER
    script_src = directives(rules["Content-Security-Policy"])["script-src"]
    assert "'wasm-unsafe-eval'" in script_src  # Pagefind's search is WebAssembly
    for name, html in html_pages(sample_site).items():
        for script in inline_scripts(html):
            assert allowed(script) in script_src, f"{name}: not allowed by _headers: {script[:80]}"


def test_a_sites_own_headers_come_first_and_a_sub_path_is_covered(tmp_path):
    own = "/assets/*\n  Cache-Control: public, max-age=31536000\n"
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF, "_headers": own},
                 site_url="https://news.example.org/briefs/")
    site = build(tmp_path)
    assert (site / "_headers").read_text(encoding="utf-8").startswith(own)
    assert headers(site)["/assets/*"] == {"Cache-Control": "public, max-age=31536000"}
    script_src = directives(headers(site)["/*"]["Content-Security-Policy"])["script-src"]
    pages = html_pages(site)
    assert "new URL(\"/briefs/\",location)" in pages["404.html"]  # its base URL is the sub-path
    for name, html in pages.items():
        for script in inline_scripts(html):
            assert allowed(script) in script_src, f"{name}: {script[:80]}"
            assert allowed(script) in directives(meta_policy(html))["script-src"], f"{name}: {script[:80]}"


def test_a_script_in_a_trusted_brief_is_not_allowed(tmp_path):
    """The hashes come from the theme, never from a page: a brief's own script gets none."""
    body = GOOD_BRIEF + '\n<script>window.fromBrief = "ran"</script>\n'
    make_project(tmp_path, {"2024/03/harbour.md": body})
    with_policy(tmp_path, "true")
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      trust_html: true\n")
    html = (build(tmp_path) / "2024/03/harbour/index.html").read_text(encoding="utf-8")
    (script,) = [s for s in inline_scripts(html) if "fromBrief" in s]
    assert allowed(script) not in directives(meta_policy(html))["script-src"]
    assert allowed(script) not in headers(tmp_path / "site")["/*"]["Content-Security-Policy"]


# --- the setting ----------------------------------------------------------------------


def test_false_sends_no_policy_but_keeps_nosniff_and_the_referrer_policy(tmp_path):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    with_policy(tmp_path, "false")
    site = build(tmp_path)
    assert all(meta_policy(html) is None for html in html_pages(site).values())
    rules = headers(site)["/*"]
    assert "Content-Security-Policy" not in rules
    assert rules["X-Content-Type-Options"] == "nosniff" and rules["Referrer-Policy"] == REFERRER


def test_a_policy_string_is_the_sites_own_and_the_meta_tag_leaves_out_what_it_cannot_carry(tmp_path):
    carried = "default-src 'self'; script-src 'self' 'unsafe-inline' https://widgets.example.com"
    own = carried + "; frame-ancestors 'none'"
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    with_policy(tmp_path, f'"{own}"')
    site = build(tmp_path)
    assert headers(site)["/*"]["Content-Security-Policy"] == own
    # A <meta> policy cannot carry frame-ancestors (browsers ignore it there, with an error).
    for name, html in html_pages(site).items():
        assert meta_policy(html) == carried, name


def test_a_mapping_adds_sources_to_briefings_policy(tmp_path):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    with_policy(tmp_path, "{script-src: https://widgets.example.com, frame-src: https://www.youtube-nocookie.com}")
    site = build(tmp_path)
    for policy in [headers(site)["/*"]["Content-Security-Policy"], meta_policy(html_pages(site)["index.html"])]:
        rules = directives(policy)
        assert "https://widgets.example.com" in rules["script-src"] and "'self'" in rules["script-src"]
        assert any(source.startswith("'sha256-") for source in rules["script-src"])  # the theme's scripts
        assert rules["frame-src"] == ["https://www.youtube-nocookie.com"]
        assert rules["object-src"] == ["'none'"]


def test_unsafe_inline_added_to_briefings_policy_is_not_turned_off_by_hashes(tmp_path):
    """Beside a hash, browsers ignore 'unsafe-inline': a site that adds it gets no hashes there."""
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    with_policy(tmp_path, "{script-src: \"'unsafe-inline' https://widgets.example.com\"}")
    rules = directives(headers(build(tmp_path))["/*"]["Content-Security-Policy"])
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'", "https://widgets.example.com"]
    assert any(source.startswith("'sha256-") for source in rules["style-src"])


@pytest.mark.parametrize("setting, found", [
    ("3", "found 3"),
    ('"script-src \'self\'\\nX-Evil: 1"', "X-Evil: 1"),
    ('""', "found ''"),
    ("{script-src: {https://a.example: 1}}", "script-src: not sources"),
    ("{img-src: [https://a.example, 'https://b.example;']}", "https://b.example;"),
    ('{"script-src; img-src": https://a.example}', "script-src; img-src"),
])
def test_a_bad_setting_is_one_clear_error(tmp_path, setting, found):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    with_policy(tmp_path, setting)
    result = briefing("build", cwd=tmp_path)
    assert result.returncode != 0
    assert "content_security_policy" in result.stderr and found in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_changed_policy_is_never_served_from_the_page_cache(tmp_path):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF, "2024/04/second.md": GOOD_BRIEF.replace(
        "2024-03-04", "2024-04-04")})
    build(tmp_path)
    with_policy(tmp_path, "{img-src: https://images.example.org}")
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name, html in html_pages(tmp_path / "site").items():
        assert "https://images.example.org" in meta_policy(html), name


# --- in the browser ---------------------------------------------------------------------


@contextmanager
def serve_with_headers(site: Path):
    """Serve a built site as Netlify and Cloudflare Pages do: with the headers of `_headers`
    (a path pattern's `*` matches anything). Its workers get the policy only this way."""
    rules = [(re.compile(re.escape(path).replace(r"\*", ".*")), values) for path, values in headers(site).items()]

    class WithHeaders(SimpleHTTPRequestHandler):
        def end_headers(self):
            for pattern, values in rules:
                if pattern.fullmatch(self.path.split("?")[0]):
                    for name, value in values.items():
                        self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithHeaders, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


WATCH_VIOLATIONS = """
    window.__violations = [];
    document.addEventListener("securitypolicyviolation",
        (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


@pytest.fixture
def watched(browser):
    """A tab that records every policy violation: the event on each page, and chromium's
    console errors (which stay when a page navigates away, as a redirect page does)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.console_errors = []
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    yield tab
    context.close()


def violations(tab) -> list[str]:
    return tab.evaluate("window.__violations") + [
        text for text in tab.console_errors if "Content Security Policy" in text]


@pytest.mark.parametrize("host", ["meta tag, no headers", "_headers, no meta tag"])
def test_a_script_injected_after_the_build_is_refused(watched, tmp_path, host):
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    site = build(tmp_path)
    page = site / "2024/03/harbour/index.html"
    html = page.read_text(encoding="utf-8")
    if host.startswith("_headers"):
        html = _META_POLICY.sub("", html)
    page.write_text(html.replace('<div id="content"', '<script>window.injected = "ran"</script><div id="content"', 1),
                    encoding="utf-8")
    with (serve_with_headers(site) if host.startswith("_headers") else serve_folder(site)) as url:
        watched.goto(url + "/2024/03/harbour/")
        wait_until(watched, "window.__violations.length > 0")
        assert watched.evaluate("window.injected") is None
        assert watched.evaluate("typeof __md_get") == "function"  # the theme's own scripts ran
        assert any(v.startswith("script-src") for v in watched.evaluate("window.__violations"))


def test_a_script_in_a_trusted_brief_is_refused_by_the_browser(watched, tmp_path):
    body = GOOD_BRIEF + '\n<script>window.fromBrief = "ran"</script>\n'
    make_project(tmp_path, {"2024/03/harbour.md": body})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      trust_html: true\n")
    with serve_folder(build(tmp_path)) as url:
        watched.goto(url + "/2024/03/harbour/")
        wait_until(watched, "window.__violations.length > 0")
        assert watched.evaluate("window.fromBrief") is None


@pytest.fixture(scope="module")
def headers_url(sample_site):
    with serve_with_headers(sample_site) as url:
        yield url


def test_the_sample_site_breaks_no_rule_of_its_policy(watched, headers_url):
    """Served with its headers, which also hold Pagefind's worker (its WebAssembly) to the policy."""
    base_url, seen = headers_url, {}
    for path in ["/", FOUNDING, "/topics/syria/", "/archive/2024/07/", "/corrections/", "/404.html"]:
        watched.goto(base_url + path)
        watched.wait_for_load_state("load")
        seen[path] = violations(watched)
    # Search on its page and in the header: Pagefind's script, WebAssembly and index chunks.
    watched.goto(base_url + "/search/?q=Kremlin")
    watched.locator(".briefing-results .briefing-result__title").first.wait_for()
    seen["/search/"] = violations(watched)
    watched.goto(base_url + "/")
    box = watched.locator("#briefing-search-input")
    box.click()
    box.type("harbour")
    watched.locator("#briefing-search-results [role=option]").first.wait_for()
    seen["header search"] = violations(watched)
    # The redirect page's own script keeps the fragment, which its meta refresh would not.
    watched.goto(base_url + "/p/4ii5H/#content")
    watched.wait_for_url(base_url + FOUNDING + "#content")
    watched.wait_for_load_state("load")
    seen["/p/4ii5H/"] = violations(watched)
    assert all(not found for found in seen.values()), seen


def test_the_preview_lets_its_live_reload_script_run(watched, tmp_path):
    """`briefing serve` adds an inline script to every page it serves, which reloads it."""
    from test_serve import free_port

    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                watched.goto(f"http://127.0.0.1:{port}/2024/03/harbour/")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                assert time.monotonic() < deadline, "the preview server did not answer"
                time.sleep(0.3)
        watched.wait_for_load_state("load")
        assert watched.evaluate("typeof livereload") == "function"
        assert violations(watched) == []
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.parametrize("trust_html", ["false", "true"])
def test_a_tables_column_alignment_is_not_refused(watched, tmp_path, trust_html):
    """Markdown tables align columns with a style attribute, the one the cleaner keeps."""
    table = "\n| Port | Ships |\n|:--|--:|\n| Hamburg | 12 |\n\n| Centred |\n|:-:|\n| x |\n"
    make_project(tmp_path, {"2024/03/harbour.md": GOOD_BRIEF + table})
    config = tmp_path / "mkdocs.yml"
    settings = config.read_text().replace("docs_dir: content", "docs_dir: content\nmarkdown_extensions: [tables]")
    config.write_text(settings + f"      trust_html: {trust_html}\n")
    with serve_with_headers(build(tmp_path)) as url:
        watched.goto(url + "/2024/03/harbour/")
        watched.wait_for_load_state("load")
        alignment = "[...document.querySelectorAll('article td')].map(td => getComputedStyle(td).textAlign)"
        assert watched.evaluate(alignment) == ["left", "right", "center"]
        assert violations(watched) == []
