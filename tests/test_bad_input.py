"""Every kind of broken brief an editor (or an attacker) can commit, through the real command.

Each one is reported as `path:line: field: what is wrong (expected X, found Y)`, all in
one run, with exit status 1, no traceback, and the published site left as it was.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import GOOD_BRIEF, briefing, make_project, write

HEAD = "---\ntitle: Harbour cranes stand still\n"
REST = "lead: Dock workers stopped work for a day.\n---\nBody.\n"
DATE = "date: 2024-03-04T08:00:00+01:00\n"


def brief(front: str) -> str:
    """A brief whose front matter is title, `front`, then lead."""
    return f"{HEAD}{front}{REST}"


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
    for n in range(8)
)

# file -> (line, field, a part of the message) the report must have for it
BAD: dict[str, tuple[str | bytes, int, str, str]] = {
    "unclosed-quote.md": (f'---\ntitle: "Harbour cranes\n{DATE}{REST}', 2, "front matter", "YAML"),
    "bad-indent.md": (brief(DATE + "image:\n  src: x.jpg\n alt: Cranes\n"), 6, "front matter", "YAML"),
    "tab-indent.md": (brief(DATE + "image:\n\tsrc: x.jpg\n"), 5, "front matter", "tab"),
    "no-front-matter.md": ("Just a paragraph.\n", 1, "front matter", "missing"),
    "unterminated.md": (f"{HEAD}{DATE}lead: L\nBody.\n", 1, "front matter", "not closed"),
    "latin1.md": (brief(DATE).replace("Body.", "Caf\xe9").encode("latin-1"), 6, "front matter", "UTF-8"),
    "bom.md": (b"\xef\xbb\xbf" + brief(DATE).encode(), 1, "front matter", "byte order mark"),
    "duplicate-key.md": (brief(DATE + DATE), 4, "front matter", "given twice"),
    "number-title.md": (f"---\ntitle: 42\n{DATE}{REST}", 2, "title", "found 42 (a number)"),
    "string-topics.md": (brief(DATE + "topics: Economy\n"), 4, "topics", "found \"Economy\""),
    "empty-lead.md": (f"{HEAD}{DATE}lead: ''\n---\nBody.\n", 4, "lead", "empty"),
    "impossible-date.md": (brief("date: 2024-02-30T08:00:00+01:00\n"), 3, "date", "not a real calendar date"),
    "no-offset.md": (brief("date: 2024-03-04T08:00:00\n"), 3, "date", "offset"),
    "updated-before.md": (brief(DATE + "updated: 2024-03-03T08:00:00+01:00\n"), 4, "updated", "before"),
    "bad-shortlink.md": (brief(DATE + "shortlink: p.dw.com/p/4ii5H\n"), 4, "shortlink", "absolute"),
    "shared-shortlink.md": (brief(DATE + "shortlink: https://p.dw.com/p/same\n"), 4, "shortlink", "already used"),
    "missing-image.md": (brief(DATE + "image: {src: nothing.jpg, alt: Cranes}\n"), 4, "image.src", "no such file"),
    "passwd-image.md": (brief(DATE + "image: {src: ../../../../etc/passwd, alt: Cranes}\n"), 4, "image.src",
                        "outside content/"),
    "symlink-image.md": (brief(DATE + "image: {src: escape.jpg, alt: Cranes}\n"), 4, "image.src",
                         "outside content/"),
    "empty-alt.md": (brief(DATE + "image: {src: cranes.jpg, alt: ''}\n"), 4, "image.alt", "required"),
    "billion-laughs.md": (brief(DATE + LAUGHS), 5, "front matter", "alias"),
    "deep-nesting.md": (brief(DATE + "topics: " + "[" * 5000 + "]" * 5000 + "\n"), 4, "front matter", "deep"),
}
SAME_SHORTLINK = brief(DATE + "shortlink: https://p.dw.com/p/same\n")  # first owner of the link
HUGE = 50_000_000


def bad_project(root: Path) -> Path:
    briefs = {f"2024/03/{name}": text for name, (text, *_ ) in BAD.items()}
    briefs |= {"2024/03/good.md": GOOD_BRIEF, "2024/03/a-first-shortlink.md": SAME_SHORTLINK}
    make_project(root, briefs)
    write(root / "content/2024/03/cranes.jpg", b"\x89PNG\r\n\x1a\n")
    outside = write(root / "secret.jpg", b"\x89PNG\r\n\x1a\n")
    os.symlink(outside, root / "content/2024/03/escape.jpg")
    # two briefs with one slug, in different months
    write(root / "content/2024/04/good.md", GOOD_BRIEF.replace("2024-03-04", "2024-04-04"))
    with open(root / "content/2024/03/huge.md", "w") as huge:
        huge.write(brief(DATE))
        huge.write(("word " * 1000 + "\n") * (HUGE // 5000))
    return root


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    return bad_project(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("command", ["check", "build"])
def test_every_bad_brief_is_reported_in_one_run(bad, command):
    result = briefing(command, cwd=bad)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = result.stderr.splitlines()
    for name, (_, line, field, part) in BAD.items():
        prefix = f"content/2024/03/{name}:{line}: {field}: "
        found = [l for l in lines if l.startswith(prefix)]
        assert found, f"no report for {name} starting {prefix!r} in:\n{result.stderr}"
        assert part.casefold() in found[0].casefold(), found[0]
        assert re.search(r"\(expected .+, found .+\)", found[0]), found[0]
    assert any(l.startswith("content/2024/03/huge.md:1: file: too large for a brief (expected at most 1 MB, "
                            "found 50.0 MB)") for l in lines), result.stderr
    assert any(l.startswith("content/2024/04/good.md:1: slug: already used") for l in lines), result.stderr
    assert not any(l.startswith("content/2024/03/good.md:") for l in lines)  # the good one is fine
    # A link out of content/ is published by no build, named by a brief or not.
    assert any(l.startswith("content/2024/03/escape.jpg:1: file: a link to outside content/") for l in lines)
    count = len(BAD) + 2  # and the huge one, and the second brief with the slug "good"
    # Each a problem or more (a field whose YAML is broken leaves the others read and checked).
    reported = sum(1 for line in lines if line.startswith("content/") and ": warning: " not in line)
    assert reported > count
    found = f"{reported} problems in {count} briefs and 1 other file"
    if command == "check":  # which also counts the warnings it printed
        assert lines[-1].startswith(f"{count + 2} briefs checked: {found}, and "), lines[-1]
    else:
        assert lines[-1] == f"{found}; nothing was built."


def test_a_build_with_bad_briefs_leaves_the_published_site_untouched(tmp_path):
    root = make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF})
    assert briefing("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    bad_project(root)
    assert briefing("build", cwd=root).returncode == 1
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before
    assert not list(root.glob(".site.*"))


FAULTY_HOOK = """\
def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.endswith("faulty.md"):
        raise RuntimeError("the hook tripped")
    return markdown
"""


def test_a_bug_is_one_line_naming_the_brief_and_debug_shows_the_traceback(tmp_path):
    root = make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF,
                                   "2024/03/faulty.md": GOOD_BRIEF.replace("2024-03-04", "2024-03-05")},
                        hooks="[hook.py]")
    write(root / "hook.py", FAULTY_HOOK)
    result = briefing("build", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [l for l in result.stderr.splitlines() if "internal error" in l]
    assert errors == [
        "internal error while rendering content/2024/03/faulty.md: RuntimeError: the hook tripped "
        "(a bug, not a problem in the brief; rerun with --debug for the traceback)"
    ], result.stderr
    assert not (root / "site").exists()
    debug = briefing("build", "--debug", cwd=root)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and 'raise RuntimeError("the hook tripped")' in debug.stderr


def test_briefs_parsed_on_two_processes_are_read_as_on_one(tmp_path):
    from zoneinfo import ZoneInfo

    from generator.engine import loading
    from generator.model import corpus

    root = bad_project(tmp_path)
    for number in range(2 * loading.PARSE_CHUNK):  # enough files for the work to be shared
        write(root / f"content/2024/05/filler-{number}.md", GOOD_BRIEF.replace("2024-03-04", "2024-05-04"))
    content = root / "content"
    sources = corpus.discover(content)
    one = loading.read_all(content, sources, ZoneInfo("Europe/Berlin"), workers=1)
    two = loading.read_all(content, sources, ZoneInfo("Europe/Berlin"), workers=2)
    assert [b.source for b in two[0]] == [b.source for b in one[0]]
    assert two == one
    assert len(one[0]) == 2 * loading.PARSE_CHUNK + 4  # and good.md twice, both briefs of one shortlink
    assert {p.path.rsplit("/", 1)[1] for p in one[1]} >= {*BAD, "huge.md", "good.md"}
