"""Bodies that hung or crashed the Markdown stage: bounded in time and in nesting.

Python-Markdown's link patterns scanned from each `[` to the end of its paragraph,
and the search text and the fingerprints did the same with regular expressions: a
body of 50,000 `[` took many minutes. Lists, quotes and emphasis nest by recursion,
which fails a few hundred levels down: such a body is a `body:` problem, found by
`briefing check` as by `briefing build`. Through the real command where a user would
notice; the faster scans are also compared with what they replace, on any text.
"""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings, strategies as st

from conftest import GOOD_BRIEF, ROOT, briefing, made_once, make_project

FRONT = GOOD_BRIEF.split("## What happened")[0]  # front matter, then a blank line: the body is line 10
FIRST_BODY_LINE = FRONT.count("\n") + 1
LENGTH = 50_000
SAMPLE_BODY = (ROOT / "content/2024/07/assad-putin-moscow.md").read_text().split("---\n", 2)[2]


def build_seconds(root: Path, timeout: float) -> float:
    """CPU time of `briefing build` in `root` and of all it ran (page workers, the search
    index, Pagefind): the work the briefs cost, whatever else the machine runs meanwhile
    (wall time, on a shared machine, measures the neighbours too). A build over `timeout`
    seconds of wall time is stopped, workers too."""
    with open(root / "build.log", "w+") as log:
        process = subprocess.Popen([sys.executable, "-m", "generator.cli", "build"], cwd=root,
                                   start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)  # the build's page workers and indexer with it
                os.wait4(process.pid, 0)
                pytest.fail(f"briefing build in {root.name} took more than {timeout:.0f} s")
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        assert process.returncode == 0, log.read()
    return usage.ru_utime + usage.ru_stime


def ten_briefs(root: Path, body: str) -> Path:
    """Ten briefs of one body in a project of their own, so that the briefs, not the start of
    the command, take the time."""
    return make_project(root, {f"2024/03/brief-{n}.md": FRONT + body + "\n" for n in range(10)})


@pytest.fixture(scope="module")
def prose_seconds(tmp_path_factory) -> Callable[[int], float]:
    """The CPU time ten briefs of prose of a length take to build: measured once a run for each
    length (by the worker that asks first), the reference of every unclosed text of that length."""
    measured: dict[int, float] = {}

    def measure(folder: Path, length: int) -> None:
        prose = (SAMPLE_BODY * (length // len(SAMPLE_BODY) + 1))[:length]
        (folder / "seconds").write_text(repr(build_seconds(ten_briefs(folder / "prose", prose), timeout=120)))

    def seconds(length: int) -> float:
        if length not in measured:
            folder = made_once(tmp_path_factory, f"prose-{length}", lambda folder: measure(folder, length))
            measured[length] = float((folder / "seconds").read_text())
        return measured[length]

    return seconds


# `</a` looks for a `>` in C, fast enough at 50,000 to hide its square: longer.
@pytest.mark.alone  # durations compared: no test runs on another worker meanwhile
@pytest.mark.parametrize("piece, length", [("[", LENGTH), ("![", LENGTH), ("<a ", LENGTH), ("a<b ", LENGTH),
                                           ("</a ", 4 * LENGTH)])
def test_what_never_closes_builds_about_as_fast_as_prose(tmp_path, prose_seconds, piece, length):
    """Unclosed brackets or tags against prose of the same length: ten briefs of each."""
    prose = prose_seconds(length)
    unclosed_project = ten_briefs(tmp_path / "unclosed", piece * (length // len(piece)))
    unclosed = build_seconds(unclosed_project, timeout=120)
    assert unclosed / prose <= 3
    if piece == "[":
        page = (unclosed_project / "site/2024/03/brief-0/index.html").read_text(encoding="utf-8")
        assert "[" * LENGTH in page


# --- nesting ------------------------------------------------------------------------------

NESTED = {
    # name: (body, line of the problem counted from the body's first line, found, what)
    "list": ("\n".join("    " * level + "- item" for level in range(300)), 299, 300, "lists and quotes"),
    "list on one line": ("- " * 600 + "item", 0, 600, "lists and quotes"),
    "quotes": ("Said:\n\n" + "> " * 300 + "deep", 2, 300, "lists and quotes"),
    "strong": ("A line.\n" + "**" * 1000 + "deep" + "**" * 1000, 1, 1000, "emphasis"),
    "emphasis in turn": ("".join(f"*w{n} **x{n} " for n in range(400)) + "y" + "** z*" * 400, 0, 800, "emphasis"),
}


@pytest.fixture(scope="module")
def nested_project(tmp_path_factory) -> Path:
    briefs = {f"2024/03/{name.replace(' ', '-')}.md": FRONT + body + "\n" for name, (body, *_) in NESTED.items()}
    return make_project(tmp_path_factory.mktemp("nested"), {"2024/03/fine.md": GOOD_BRIEF, **briefs})


@pytest.mark.parametrize("command", ["check", "build"])
def test_deep_nesting_is_a_problem_of_the_body(nested_project, command):
    result = briefing(command, cwd=nested_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for name, (_, line, found, what) in NESTED.items():
        assert (
            f"content/2024/03/{name.replace(' ', '-')}.md:{FIRST_BODY_LINE + line}: body: nested too deeply "
            f"(expected at most 32 levels of {what}, found {found})"
        ) in result.stderr, name
    found = f"{len(NESTED)} problems in {len(NESTED)} briefs"
    assert (f"{len(NESTED) + 1} briefs checked: {found}." if command == "check"
            else f"{found}; nothing was built.") in result.stderr
    assert not (nested_project / "site").exists()


def test_nesting_up_to_the_limit_builds(tmp_path):
    """32 levels of lists and quotes, holding 32 of emphasis, and a rule of 40 dashes:
    within the limit, and far enough from where recursion fails that they render."""
    lists = "\n".join("    " * level + "- item" for level in range(31)) + "\n\n" + "    " * 31 + "> " + (
        "*a " * 32 + "deep" + "*" * 32)
    root = make_project(tmp_path, {"2024/03/deep.md": FRONT + lists + "\n\n" + "- " * 40 + "\n",
                                   "2024/03/snakes.md": FRONT + "**kwargs and snake_case_names " * 40 + "\n"})
    assert briefing("check", cwd=root).returncode == 0
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    page = (root / "site/2024/03/deep/index.html").read_text(encoding="utf-8")
    assert page.count("<li>item<ul>") == 30 and page.count("<blockquote>") == 1 and page.count("<em>") == 32
    assert "<hr" in page


def test_nesting_markdown_cannot_render_is_a_problem_not_a_bug(tmp_path):
    """An extension's nesting the check does not count (md_in_html's blocks): the build
    reports the body, at the line its text starts on, as it reports any problem."""
    divs = '<div markdown="1">\n\n' * 700 + "deep\n\n" + "</div>\n\n" * 700
    root = make_project(tmp_path, {"2024/03/divs.md": FRONT + divs}, markdown_extensions="[md_in_html]")
    result = briefing("build", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert (f"content/2024/03/divs.md:{FIRST_BODY_LINE}: body: nested too deeply to render "
            "(expected at most 32 levels of lists, quotes, emphasis or HTML blocks, found more)") in result.stderr
    assert "1 problem in 1 brief; nothing was built." in result.stderr


# --- the search text and the fingerprints: linear, and what they were -----------------------

SLOW_BEFORE = {  # bodies the regular expressions read in time with the square of their length
    "[": "[", "![": "![", "[^": "[^", "{#": "{#", "<!--": "<!--", "<script": "<script>", "<http:": "<http:",
    "lines of [": "[\n", "heading of #s": None, "word__word": None,
}


def seconds(work, text: str) -> float:
    """Best time of `work(text)`, repeated until a measurement lasts long enough to trust."""
    repeats, best = 1, float("inf")
    while True:
        started = time.perf_counter()
        for _ in range(repeats):
            work(text)
        took = time.perf_counter() - started
        if took >= 0.02 or repeats >= 1000:
            break
        repeats *= 4
    for _ in range(4):
        started = time.perf_counter()
        for _ in range(repeats):
            work(text)
        best = min(best, time.perf_counter() - started)
    return best / repeats


def body_of(kind: str, length: int) -> str:
    if kind == "heading of #s":
        return "## " + " #" * (length // 2) + "x"
    if kind == "word__word":
        return "a" + "_" * length + "b"
    piece = SLOW_BEFORE[kind]
    return "]" + piece * (length // len(piece))  # a "]": the fingerprints read bodies with one


@pytest.mark.parametrize("kind", SLOW_BEFORE)
@pytest.mark.alone  # durations compared: no test runs on another worker meanwhile
def test_search_text_and_link_targets_take_time_in_step_with_length(kind):
    from generator.model.brief import Brief
    from generator.model.dates import parse_moment
    from generator.engine.fingerprints import link_targets
    from generator.search.text import body_blocks

    def work(body: str) -> None:
        body_blocks(body)
        link_targets(Brief("2024/03/x.md", "x", "X", parse_moment("2024-03-04"), "Lead.", body))

    short, long = seconds(work, body_of(kind, 4_000)), seconds(work, body_of(kind, 16_000))
    assert long / short <= 8  # four times the length: 4 in step with it, 16 with its square


# What the one-pass replacements replace: the regular expressions, as they were.
OLD_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
OLD_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)|!\[([^\]]*)\]\[[^\]]*\]")
OLD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)|\[([^\]]*)\]\[[^\]]*\]")
OLD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
OLD_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:?")
OLD_ATTRIBUTES = re.compile(r"\{:?\s*[#.][^}]*\}")
OLD_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
OLD_MARKERS = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)")
OLD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
OLD_LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.MULTILINE)


def old_inline(text: str) -> str:
    text = OLD_IMAGE.sub(lambda m: m[1] or m[2] or "", text)
    text = OLD_LINK.sub(lambda m: m[1] if m[1] is not None else m[2], text)
    text = OLD_AUTOLINK.sub(r"\1", text)
    text = OLD_ATTRIBUTES.sub("", text)
    text = OLD_FOOTNOTE.sub("", text)
    text = OLD_MARKERS.sub("", OLD_TAG.sub("", text))
    return " ".join(html.unescape(text.replace("\\", "")).split())


PIECES = ["[", "]", "(", ")", "![", "[^", "{#", "{: .", "}", ":", "#", "## ", " ", "\t", "\n", "\n\n", "a", "_",
          "x_y", "*", "`", "~~", "<", ">", "<http:", "<https://e.org", "mailto:", "<!--", "-->", "<script>",
          "</script >", "<STYLE>", "</style>", "<template", '"', "'", "[a]: b", "](b)", "&amp;", "\\"]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_search_text_is_what_the_regular_expressions_made_it(text):
    from generator.search import text as searchtext

    assert searchtext._without_hidden(text) == OLD_HIDDEN.sub(" ", text)
    for line in text.splitlines():
        assert searchtext._inline(line) == old_inline(line)
        heading, before = searchtext._HEADING.match(line), OLD_HEADING.match(line)
        assert (heading and heading[2].rstrip(" \t#")) == (before and before[2])


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_link_targets_are_what_the_regular_expression_found(text):
    from generator.engine.fingerprints import _targets

    assert list(_targets(text)) == [m[1] or m[2] for m in OLD_LINK_TARGETS.finditer(text)]


# --- the link patterns' scans: the same ends, the same HTML ---------------------------------

SCANNED = "[]()'\" a\t\n<>!\\"


@settings(max_examples=3000, deadline=None)
@given(st.text(SCANNED, max_size=16), st.data())
def test_link_scans_end_where_python_markdowns_end(text, data):
    import markdown
    from markdown.inlinepatterns import LinkInlineProcessor

    from generator.engine import linkscan

    md = markdown.Markdown()
    md.convert("a")  # sets up the inline processor's stash, which getLink unescapes with
    link, scans = md.inlinePatterns["link"], linkscan._Scans()
    index = data.draw(st.integers(0, len(text)))
    found, ends, handled = LinkInlineProcessor.getText(link, text, index)
    assert scans.text(text, index) == ((found if handled else ""), ends, handled)
    assert scans.link(link, text, index) == LinkInlineProcessor.getLink(link, text, index)


LINKY = ["[", "]", "(", ")", "'", '"', " ", "a", "![", "](", "[a](b)", '[a](b "t")', "[x]: /u\n", "[x]", "[x][]",
         "<http://e.org>", "`", "*", "\n", "\n\n", '"t")', "\\", "<b>", "&amp;", "[^1]", "{: #x }"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(LINKY), max_size=40).map("".join))
def test_link_scans_never_change_a_body(text):
    import markdown

    from generator.engine import fastinline
    from generator.engine import linkscan

    extensions = ["toc", "tables", "attr_list", "admonition", "footnotes", "abbr", "def_list", "md_in_html"]
    plain, scanned = markdown.Markdown(extensions=extensions), markdown.Markdown(extensions=extensions)
    linkscan.install(scanned)
    fastinline.sift(scanned)
    assert scanned.convert(text) == plain.convert(text)


# --- raw HTML tags' ends: where the regular expressions end ---------------------------------

# Python-Markdown's own start tag pattern (markdown/htmlparser.py), as written there.
START_TAG_END = re.compile(r"""
  <[a-zA-Z][^`\t\n\r\f />\x00]*       # tag name <= added backtick here
  (?:[\s/]*                           # optional whitespace before attribute name
    (?:(?<=['"\s/])[^`\s/>][^\s/=>]*  # attribute name <= added backtick here
      (?:\s*=+\s*                     # value indicator
        (?:'[^']*'                    # LITA-enclosed value
          |"[^"]*"                    # LIT-enclosed value
          |(?!['"])[^`>\s]*           # bare value <= added backtick here
         )
         (?:\s*,)*                    # possibly followed by a comma
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                 # trailing whitespace
""", re.VERBOSE)
TAGGY = ["<", "a", "b", " ", "\n", "\t", "/", ">", "=", "'", '"', "`", ",", "\x00", "\x0b", "\xa0", "<a", "x="]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TAGGY), min_size=1, max_size=20).map("".join), st.randoms())
def test_tags_end_where_python_markdowns_expressions_end(text, chance):
    from generator.engine import htmltags

    starts, ends = [m.start() for m in re.finditer("<[a-zA-Z]", text)], htmltags._StartTagEnds(START_TAG_END)
    chance.shuffle(starts)  # in any order: what is remembered holds for every start
    for start in starts:
        assert ends.match(text, start).end() == START_TAG_END.match(text, start).end()
    greater_than = htmltags._NextGreaterThan()
    for start in chance.sample(range(len(text) + 1), min(4, len(text) + 1)):
        found, remembered = re.compile(">").search(text, start), greater_than.search(text, start)
        assert (found and found.end()) == (remembered and remembered.end())


HTMLY = ["<a ", "<div>", "</div>", "</a", "</", ">", "<b>", "x<y ", "<a href='x'>", '<p class="c">', "<!-- c -->",
         "\n", "\n\n", "text", "=", "'", '"', "`", "/", "<br/>", "<img src=x />", "<a <a", "*", "[x](y)",
         '<span markdown="1">', '<div markdown="1">']


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(HTMLY), max_size=30).map("".join))
def test_tags_ends_by_parts_never_change_a_body(text):
    import markdown
    from markdown import htmlparser

    from generator.engine import htmltags

    def html() -> str:
        return markdown.markdown(text, extensions=["md_in_html", "attr_list"])

    parser = htmlparser.htmlparser
    htmltags.install()
    by_parts = html()
    ours = parser.locatestarttagend_tolerant, parser.endendtag
    parser.locatestarttagend_tolerant, parser.endendtag = START_TAG_END, re.compile(">")
    try:
        assert by_parts == html()
    finally:
        parser.locatestarttagend_tolerant, parser.endendtag = ours


def test_python_markdowns_html_parser_finds_tags_ends_by_parts():
    from markdown import htmlparser

    from generator.engine import htmltags

    htmltags.install()
    assert isinstance(htmlparser.htmlparser.locatestarttagend_tolerant, htmltags._StartTagEnds)
    assert isinstance(htmlparser.htmlparser.endendtag, htmltags._NextGreaterThan)
    assert htmltags._layout_aside(START_TAG_END.pattern) == htmltags._layout_aside(htmltags._WHOLE.pattern)


@pytest.mark.alone  # durations compared: no test runs on another worker meanwhile
def test_finding_a_body_s_pictures_takes_time_in_step_with_its_length():
    """Bodies are searched for pictures to check (generator/model/body.py): openers that never
    close must not make that search quadratic."""
    import time

    from generator.model.body import _PICTURE

    def seconds(text: str) -> float:
        started = time.perf_counter()
        list(_PICTURE.finditer(text))
        return time.perf_counter() - started

    for opener in ("![", "![x", "<img "):
        short, long = seconds(opener * 5_000), seconds(opener * 40_000)
        assert long < 16 * max(short, 1e-4), (opener, short, long)  # 8 times the text: linear, not 64 times
