"""A brief's body keeps the classes the site's Markdown extensions give it, and no other:
no class lets a brief dress its text up as the page's own frame (a toast, a banner, a
header). Headings' ids never pose as the page's own either, so every link within a page
reaches what it names."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from browser import serve_folder
from conftest import GOOD_BRIEF, briefing, made_once, make_project, refused

FAKE_CHROME = """
<div class="md-dialog md-dialog--active"><div class="md-dialog__inner md-typeset">Your session expired</div></div>

[Sign in again](https://example.org/){ .md-banner .md-header }
"""

# Every extension Briefing knows the classes of, by what its output must keep.
PYTHON_MARKDOWN = """
  - toc:
      permalink: true
  - attr_list
  - admonition
  - footnotes
  - codehilite
  - wikilinks
"""
PYTHON_MARKDOWN_BODY = """
!!! warning "Port closed"
    Ships wait outside.

!!! note md-dialog
    A note that tries a dialog's class.

A claim.[^1] A [[Wiki Link]]. [Subscribe](https://example.org/){ .md-button .md-button--primary }

[^1]: The source.

```python
def quiet(port):
    return port
```
"""
PYTHON_MARKDOWN_KEPT = {  # a CSS selector, in the body, for each extension's output
    "admonition": "div.admonition.warning > p.admonition-title",
    "toc": "h2#what-happened > a.headerlink[href='#what-happened']",
    "footnotes": "sup > a.footnote-ref, div.footnote a.footnote-backref",
    "codehilite": "div.codehilite pre code span.k",
    "wikilinks": "a.wikilink",
    "attr_list": "a.md-button.md-button--primary",  # Material's buttons, as it documents them
}

PYMDOWNX = """
  - toc:
      permalink: true
  - attr_list
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.inlinehilite
  - pymdownx.details
  - pymdownx.keys
  - pymdownx.critic
  - pymdownx.arithmatex
"""
PYMDOWNX_BODY = """
??? tip "Why it stopped"
    Shift rules.

```python
def quiet(port):
    return port
```

Press ++ctrl+alt+del++, call `#!python quiet(port)`, read {++added++} and $E = mc^2$.
"""
PYMDOWNX_KEPT = {
    "pymdownx.highlight": "div.highlight pre code span.k",
    "pymdownx.inlinehilite": "code.highlight span.n",
    "pymdownx.details": "details.tip > summary",
    "pymdownx.keys": "span.keys kbd.key-control",
    "pymdownx.critic": "ins.critic",
    "pymdownx.arithmatex": "span.arithmatex > span.MathJax_Preview",
}


def brief(body: str) -> str:
    return GOOD_BRIEF + body


def build_with(root: Path, extensions: str, body: str, first: str = "What happened", **settings) -> Path:
    """The site of one brief with `body` after its own, whose first heading is `first`."""
    text = brief(body).replace("## What happened", "## " + first)
    project = make_project(root, {"2024/03/good.md": text}, markdown_extensions=extensions)
    config = project / "mkdocs.yml"
    for key, value in settings.items():
        config.write_text(config.read_text() + f"      {key}: {value}\n")
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def body_of(site: Path):
    tree = html5lib.parse((site / "2024/03/good/index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    return next(e for e in tree.iter("div") if e.get("class") == "brief-body")


def classes_in(element) -> set[str]:
    return {name for e in element.iter() for name in (e.get("class") or "").split()}


@pytest.fixture(scope="module")
def python_markdown_site(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "classes-markdown", lambda root: build_with(
        root, PYTHON_MARKDOWN, PYTHON_MARKDOWN_BODY + FAKE_CHROME)) / "site"


@pytest.fixture(scope="module")
def pymdownx_site(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "classes-pymdownx", lambda root: build_with(
        root, PYMDOWNX, PYMDOWNX_BODY + FAKE_CHROME)) / "site"


def selected(site: Path, browser, selectors: dict[str, str]) -> dict[str, int]:
    """How many elements of the brief's body each selector finds, in a real browser."""
    with serve_folder(site) as url:
        page = browser.new_page()
        page.goto(url + "/2024/03/good/")
        found = {name: page.locator(".brief-body").locator(selector).count()
                 for name, selector in selectors.items()}
        page.close()
    return found


def test_classes_no_configured_extension_emits_are_removed(python_markdown_site, pymdownx_site):
    for site in (python_markdown_site, pymdownx_site):
        body = body_of(site)
        assert not {name for name in classes_in(body) if name.startswith("md-") and "button" not in name}
        assert "Your session expired" in "".join(body.itertext())  # the text stays, as text


def test_a_fake_material_dialog_does_not_show_on_the_page(python_markdown_site, browser):
    with serve_folder(python_markdown_site) as url:
        page = browser.new_page()
        page.goto(url + "/2024/03/good/")
        assert page.locator(".md-dialog--active").count() == 0
        assert page.locator(".md-dialog").count() == 1  # Material's own, hidden until it speaks
        assert page.locator(".md-banner, .md-header").count() == 1  # Material's own header
        page.close()


@pytest.mark.parametrize("extension", PYTHON_MARKDOWN_KEPT)
def test_python_markdown_extensions_keep_their_classes(python_markdown_site, browser, extension):
    selector = PYTHON_MARKDOWN_KEPT[extension]
    assert selected(python_markdown_site, browser, {extension: selector})[extension] >= 1, selector


@pytest.mark.parametrize("extension", PYMDOWNX_KEPT)
def test_pymdownx_extensions_keep_their_classes(pymdownx_site, browser, extension):
    selector = PYMDOWNX_KEPT[extension]
    assert selected(pymdownx_site, browser, {extension: selector})[extension] >= 1, selector


def test_an_admonition_looks_like_one(python_markdown_site, browser):
    with serve_folder(python_markdown_site) as url:
        page = browser.new_page()
        page.goto(url + "/2024/03/good/")
        box = page.locator(".brief-body .admonition.warning")
        style = box.evaluate("e => getComputedStyle(e)")
        title = box.locator(".admonition-title").evaluate(
            "e => [getComputedStyle(e).fontWeight, getComputedStyle(e, '::before').maskImage]")
        page.close()
    assert float(style["borderLeftWidth"].rstrip("px")) > 0
    assert style["borderLeftColor"] not in ("rgba(0, 0, 0, 0)", "")
    assert title[0] == "700"
    assert "svg" in title[1]  # Material's warning icon before the title


def test_an_admonitions_only_class_that_is_not_a_type_is_removed(python_markdown_site):
    note = [e for e in body_of(python_markdown_site).iter("div") if "note" in (e.get("class") or "").split()]
    assert [e.get("class") for e in note] == ["admonition note"]


def test_classes_of_an_extension_the_site_does_not_configure_are_removed(tmp_path):
    written = '<div class="admonition warning"><p class="admonition-title">Port closed</p></div>\n'
    site = build_with(tmp_path, "\n  - attr_list", written)
    assert "admonition" not in classes_in(body_of(site))
    assert "Port closed" in "".join(body_of(site).itertext())


def test_an_extension_s_classes_follow_its_settings(tmp_path):
    extensions = "\n  - toc:\n      permalink: true\n      permalink_class: anchor\n  - attr_list"
    site = build_with(tmp_path, extensions, '\n<p><a class="headerlink" href="#what-happened">again</a></p>\n')
    found = classes_in(body_of(site))
    assert "anchor" in found and "headerlink" not in found


def test_trust_html_keeps_classes_as_written(tmp_path):
    site = build_with(tmp_path, "\n  - attr_list", FAKE_CHROME, trust_html="true")
    assert {"md-dialog", "md-dialog--active", "md-banner"} <= classes_in(body_of(site))


# --- ids ---------------------------------------------------------------------------------

HOSTILE_HEADINGS = """
## Briefing-room talks

## Same

## Same

## Сирия

## سوريا {#سوريا}

See [the talks](#briefing-room-talks), [the drawer heading](#__drawer) and [Syria](#سوريا).
"""


@pytest.mark.parametrize("written, found", [
    ("## H {#__drawer}", "{#__drawer}"),
    ("## H {: #briefing-x }", "{: #briefing-x }"),
    ("## H {: .x #__search }", "{: .x #__search }"),
])
def test_a_heading_id_the_page_uses_is_refused(tmp_path, written, found):
    project = make_project(tmp_path, {"2024/03/good.md": brief("\n" + written + "\n")},
                           markdown_extensions="\n  - toc:\n      permalink: true\n  - attr_list")
    name = found.split("#")[1].split()[0].rstrip("}")
    line = GOOD_BRIEF.count("\n") + 2
    for stderr in refused(project):
        assert (f"content/2024/03/good.md:{line}: body: heading id '{name}' is reserved for the page's own "
                f"(expected an id not starting with '__' or 'briefing-', found {found})") in stderr


def test_an_id_in_code_is_not_a_heading_id(tmp_path):
    code = "\n```markdown\n## H {#__drawer}\n```\n"
    project = make_project(tmp_path, {"2024/03/good.md": brief(code)},
                           markdown_extensions="\n  - toc:\n      permalink: true\n  - attr_list")
    assert briefing("check", cwd=project).returncode == 0


def test_every_link_within_a_brief_page_reaches_its_target(tmp_path, browser):
    site = build_with(tmp_path, "\n  - toc:\n      permalink: true\n  - attr_list", HOSTILE_HEADINGS,
                      first="__drawer")  # the skip link points at the first heading
    with serve_folder(site) as url:
        page = browser.new_page()
        page.goto(url + "/2024/03/good/")
        links = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
            .filter(a => a.getAttribute('href') !== '#')
            .map(a => {
                const id = decodeURIComponent(a.getAttribute('href').slice(1));
                const target = document.getElementById(id);
                const ours = !!a.closest('.md-content, .md-nav--secondary') || a.matches('.md-skip');  // the brief's
                return [a.className || a.textContent.trim(), id,
                        target ? !ours || !!target.closest('.md-content') : null, ours];
            })""")
        skip = page.locator("a.md-skip").get_attribute("href")
        first = page.locator(".brief-body h2").first.get_attribute("id")
        page.close()
    assert links, "no in-page link to check"
    assert [link for link in links if link[2] is not True] == []  # each reaches the brief's text
    assert skip == "#" + first
    names = {link[1] for link in links if link[3]}
    assert not {name for name in names if name.startswith(("__", "briefing-"))}
    assert "سوريا" in names  # an id in another script stays as written


def test_a_site_page_s_heading_id_the_page_uses_is_renamed_with_its_links(tmp_path):
    about = "# About us\n\n## Team {#__drawer}\n\nWho we are. [Our team](#__drawer).\n"
    project = make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF, "about.md": about},
                           markdown_extensions="\n  - toc:\n      permalink: true\n  - attr_list")
    assert briefing("build", cwd=project).returncode == 0
    tree = html5lib.parse((project / "site/about/index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    links = {a.get("href")[1:] for a in tree.iter("a") if (a.get("href") or "").startswith("#")}
    assert "h-__drawer" in ids and "h-__drawer" in links
    assert "__drawer" not in links  # Material's drawer checkbox: no link of the page's text points there
    assert links - {""} <= ids
