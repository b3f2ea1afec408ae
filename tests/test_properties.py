"""Property-based tests: for any front matter at all, a clear error or outputs that parse.

Hypothesis writes briefs with arbitrary YAML values (and, where it matters, arbitrary
text with markup, control and non-Latin characters) and checks that the brief model
either reports problems in the `path:line: field: message` shape or gives a brief whose
feeds parse as XML and JSON and whose structured data parses as JSON, values intact;
and, through real builds, that its page shows the headline as text. Also: any body
renders to the same HTML whether or not inline patterns skip text they cannot match.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import yaml
from hypothesis import HealthCheck, event, given, settings, strategies as st

from generator.outputs import feeds
from generator.outputs import metadata
from generator.outputs import redirects
from generator.outputs import sitemaps
from generator.model.reading import read_brief
from generator.model.corpus import Corpus
from generator.outputs.registry import Outputs
from generator.outputs.site import Newsroom, Site

from conftest import TINY_PNG, briefing, make_project, write

BERLIN = ZoneInfo("Europe/Berlin")
SOURCE = "2024/03/any-brief.md"
PROBLEM = re.compile(r"content/2024/03/any-brief\.md:\d+: \S.*: .+")

# What an editor might type: any character but lone surrogates (and, for "printable",
# control characters), sometimes around a piece of markup.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
printable = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=80)
markup = st.sampled_from(["<script>alert(1)</script>", '"><b>', "&amp;", "]]>", "\u2028", "{{ x }}", "<!--"])


def typed_from(text):
    return st.one_of(text, st.builds(lambda a, b, c: a + b + c, text, markup, text))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts)
anything = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3), max_leaves=6
)
DATES = st.sampled_from(["2024-03-05", "2024-03-05T08:00:00+01:00", "2024-03-31T23:59:59-05:00"])


def front_matters(text, wild: bool):
    """Front matter with fields of the right kind; with `wild`, any field may hold anything."""
    typed = typed_from(text)

    def field(plausible, required=False):
        if not wild:
            return plausible if required else st.one_of(plausible, st.just(None))
        return st.one_of(plausible, plausible, anything, st.just(None))

    return st.fixed_dictionaries({
        "title": field(typed, True),
        "date": field(DATES, True),
        "lead": field(typed, True),
        "kicker": field(typed),
        "shortlink": field(st.builds(lambda s: "https://p.example/p/" + s,
                                     st.text("abcXYZ019_-~%", min_size=1, max_size=8))),
        "authors": field(st.lists(st.text("abcxyz", min_size=1, max_size=4), max_size=3)),
        "agencies": field(st.lists(typed, max_size=3)),
        "topics": field(st.lists(typed, max_size=3)),
        "image": field(st.fixed_dictionaries({"src": st.just("pic.png"), "alt": typed, "caption": typed,
                                              "credit": typed})),
        "lang": field(st.sampled_from(["en", "de-CH", "ar", "zh-Hant", "pt-BR"])),
        "translation_of": field(st.builds(lambda s: f"2024/03/{s}.md", st.text("abc-é/.ж", min_size=1,
                                                                               max_size=8))),
    })


def brief_file(front: dict, body: str = "## Section\n\nText.\n") -> bytes:
    kept = {key: value for key, value in front.items() if value is not None}
    return ("---\n" + yaml.safe_dump(kept, allow_unicode=True) + "---\n" + body).encode("utf-8")




def outputs(brief) -> dict[str, str]:
    site = Site(name="Test", url="https://news.example.org/", language="en",
                corpus=Corpus([brief], BERLIN), paths={brief.source: "2024/03/any-brief/"},
                now=datetime(2024, 3, 6, tzinfo=BERLIN))
    files = {}
    for feed in feeds.site_feeds(site, 10).values():
        files |= feeds.write_all(site, feed)
    files["news-sitemap.xml"] = sitemaps.news_sitemap(Newsroom({"en": site}))
    files["ld.json"] = metadata.script_json(metadata.news_article(site, brief))
    for redirect in redirects.plan(site, site.corpus.briefs, Path("."), Outputs())[0]:
        files[redirect.output] = redirects.page(site, redirect)
    return files


def strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [s for value in values for s in strings(value)]


def check_brief(tmp_path, front: dict):
    """A clear problem report, or a brief whose outputs parse with its values intact."""
    write(tmp_path / "2024/03/pic.png", TINY_PNG)
    brief, problems = read_brief(tmp_path, SOURCE, brief_file(front), BERLIN, path=f"content/{SOURCE}")
    event("a clear error" if brief is None else "a brief")
    if brief is None:
        assert problems
        for problem in problems:
            assert PROBLEM.fullmatch(str(problem)) and str(problem).isprintable(), str(problem)
        return
    files = outputs(brief)
    for name, text in files.items():
        if name.endswith(".xml"):
            root = ET.fromstring(text)
            titles = [e.text for e in root.iter() if e.tag.split("}")[-1] == "title"]
            assert brief.title in titles, (name, brief.title, titles)
        elif name.endswith(".json"):
            assert brief.title in strings(json.loads(text)), name
        else:  # a redirect page
            tree = html5lib.parse(text, namespaceHTMLElements=False)
            assert [" ".join("".join(t.itertext()).split()) for t in tree.iter("title")] == [brief.title]
    data = json.loads(files["ld.json"])
    assert data["headline"] == brief.title and data["description"] == brief.lead


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=front_matters(texts, wild=True))
def test_any_front_matter_gives_clear_problems_or_outputs_that_parse(tmp_path, front):
    check_brief(tmp_path, front)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=front_matters(printable, wild=False))
def test_any_printable_values_give_outputs_that_parse(tmp_path, front):
    check_brief(tmp_path, front)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=typed_from(printable), lead=typed_from(printable), caption=typed_from(printable))
def test_any_text_builds_into_a_page_that_shows_it(tmp_path_factory, title, lead, caption):
    root = make_project(tmp_path_factory.mktemp("any"), {SOURCE: brief_file({
        "title": title, "date": "2024-03-05T08:00:00+01:00", "lead": lead,
        "image": {"src": "pic.png", "alt": "A picture", "caption": caption},
    })})
    write(root / "content/2024/03/pic.png", TINY_PNG)
    result = briefing("build", cwd=root)
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        lines = result.stderr.splitlines()
        assert lines and all(PROBLEM.fullmatch(l) for l in lines[:-1]), result.stderr
        return
    page = (root / "site/2024/03/any-brief/index.html").read_text(encoding="utf-8")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    (h1,) = tree.iter("h1")
    assert " ".join("".join(h1.itertext()).split()) == " ".join(title.split())
    (ld,) = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert json.loads(ld.text)["headline"] == " ".join(title.split())


MARKUP = ["word", "Wörter", " ", " ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`", "``", "\\", "[", "]",
          "(", ")", "](http://a.example/x)", "![", "<", ">", "<b>", "</b>", "<!-- c -->", "&", "&amp;", "&#42;",
          ";", "#", "## ", "> ", "- ", "1. ", "{: #x }", "<https://a.example>", "<me@a.example>", "+", "++",
          "~~", "==", "^^", ":", "[^1]", "[^1]: note", "*[HTML]: Hyper", "!", "|", "---", "\t"]


@settings(max_examples=400, deadline=None)
# a few kinds of markup at a time, so that each pattern meets text with and without its own
@given(st.lists(st.sampled_from(MARKUP), min_size=1, max_size=5).flatmap(
    lambda kinds: st.lists(st.sampled_from(kinds), max_size=40)))
def test_skipping_inline_patterns_never_changes_a_body(pieces):
    import markdown

    from generator.engine.fastinline import sift

    extensions = ["toc", "tables", "attr_list", "admonition", "footnotes", "abbr", "def_list",
                  "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.keys", "pymdownx.betterem"]
    text = "".join(pieces)
    plain, sifted = markdown.Markdown(extensions=extensions), markdown.Markdown(extensions=extensions)
    sift(sifted)
    assert sifted.convert(text) == plain.convert(text)


# Pieces of text an index must take as Pagefind does: capitals, digits, diacritics
# (composed and combining), punctuation inside words, other scripts, emoji, odd
# spaces; and any character at all, but those that only join or vary emoji: Pagefind
# takes a sequence of them as an emoji only if its list of emoji holds it.
index_text = st.lists(st.sampled_from(
    list("aZé É1-_'’.,/()$*&%ßİǅⅫΣςδЖжß\u0301\u00a0\u200b ")
    + ["McD", "F-16", "24T10", "WKWeb", "don't", "🌦️", "👋", "👨‍👩‍👧‍👦", "🇩🇪", "1️⃣", "👍🏽", "©", "🄰",
       "किताब", "தமிழ்", "عربي", "中文"]
), max_size=30).map("".join) | st.text(st.characters(
    exclude_categories=("Cs", "Cc", "Co", "Cn"),
    exclude_characters="\u200d\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=index_text.filter(str.strip), lead=index_text.filter(str.strip), body=index_text, kicker=index_text)
def test_any_text_is_indexed_as_pagefind_indexes_it(tmp_path_factory, title, lead, body, kicker):
    from generator.search import pagefind, writer as searchindex
    from generator.search.documents import SearchDocument, index_document

    from pagefind_bundles import index_contents, pagefind_index

    doc = SearchDocument(
        path="2024/03/any-brief/", title=title, lead=lead, body=f"## {body}\n\n{body}", date="1 May 2024",
        stamp="2024-05-01T00:00:00Z", year="2024", week="2024-04-29", kicker=kicker.strip() or None,
        image=None, figure="", sign_off="ab/cd (AP)", filters=(("topic", "World"),),
    )
    document = index_document(doc)
    folder = tmp_path_factory.mktemp("index")
    pagefind_index([document], folder / "pagefind", folder / "pages")
    searchindex.write([document], folder / "ours", "en", pagefind.runtime(folder / "runtime", "en"))
    assert index_contents(folder / "ours") == index_contents(folder / "pagefind")
