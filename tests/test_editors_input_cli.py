"""What an editor sees from `briefing new` and `briefing check` for input typed under deadline
(the model's rules are in tests/model/test_editors_input.py)."""

from __future__ import annotations

import re

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import GOOD_BRIEF, briefing, make_project


def new(tmp_path: Path, title: str) -> Path:
    result = briefing("new", title, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / result.stdout.removeprefix("created ").strip()


def test_a_scaffolded_brief_published_as_written_is_refused_and_warned_about_while_a_draft(tmp_path):
    make_project(tmp_path, {})
    path = new(tmp_path, "Ports reopen after the strike")
    source = path.relative_to(tmp_path).as_posix()
    draft = briefing("check", cwd=tmp_path)
    assert draft.returncode == 0, draft.stderr
    assert f"{source}:5: lead: warning: the placeholder 'briefing new' wrote" in draft.stderr
    assert f"{source}:13: body: warning: the placeholder 'briefing new' wrote" in draft.stderr

    path.write_text(path.read_text().replace("draft: true\n", ""))
    published = briefing("check", cwd=tmp_path)
    assert published.returncode == 1
    errors = [line for line in published.stderr.splitlines() if line.startswith(source)]
    assert errors == [
        f"{source}:5: lead: the placeholder 'briefing new' wrote (expected the brief's own lead, found "
        '"One or two sentences that tell the reader what happened. Replace this.")',
        f"{source}:12: body: the placeholder 'briefing new' wrote (expected the brief's text, found "
        '"Write the brief here. Use `##` for section headings.")',
    ]


def test_a_published_brief_with_an_empty_body_is_refused(tmp_path):
    front = GOOD_BRIEF.split("---\n\n")[0]
    make_project(tmp_path, {"2024/03/empty.md": front + "---\n\n<!-- to do -->\n"})
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/2024/03/empty.md:9: body: empty (expected the brief's text, found nothing)" in (
        result.stderr)


def test_yes_and_no_typed_in_front_matter_are_read_as_an_editor_means_them(tmp_path):
    brief = GOOD_BRIEF.replace("authors: [ab]", "authors: [no, es]\ndraft: no")
    make_project(tmp_path, {"2024/03/olsen.md": brief})
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'content/2024/03/olsen.md:6: draft: wrong type (expected true or false, found "no")'
    )
    assert "authors" not in result.stderr


def test_two_new_briefs_with_arabic_or_chinese_titles_in_one_month_both_start(tmp_path):
    make_project(tmp_path, {})
    month = datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y/%m")
    titles = ("محادثات في القاهرة", "وقف إطلاق النار", "上海港口罢工", "北京会谈")
    paths = [new(tmp_path, title) for title in titles]
    assert len(set(paths)) == 4
    # Readable names, romanized (issue 25: no placeholder such as brief-<hash> or imported).
    assert all(p.parent == tmp_path / "content" / month and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.md", p.name)
               and not p.name.startswith("brief-") for p in paths), paths
    again = new(tmp_path, "北京会谈")  # the same title again: a name of its own, nothing overwritten
    assert again not in paths and again.stem == paths[3].stem + "-2"
    assert briefing("check", cwd=tmp_path).returncode == 0
