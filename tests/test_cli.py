"""The `briefing` command as an editor uses it: check, build, new, and their errors."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import GOOD_BRIEF, briefing, make_project

BROKEN = {
    "2024/03/good.md": GOOD_BRIEF,
    "2024/03/bad-title.md": GOOD_BRIEF.replace("title: Harbour cranes stand still", "title: 42"),
    "2024/03/bad-date.md": GOOD_BRIEF.replace("2024-03-04T08:00:00+01:00", "2024-02-30"),
    "2024/03/no-front-matter.md": "Just a paragraph.\n",
}


@pytest.mark.parametrize("command", ["check", "build"])
def test_broken_briefs_are_all_reported_and_nothing_is_built(tmp_path, command):
    make_project(tmp_path, BROKEN)
    result = briefing(command, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert "content/2024/03/bad-title.md:2: title: wrong type (expected text, found 42 (a number))" in lines
    assert any(l.startswith("content/2024/03/bad-date.md:3: date: not a real calendar date") for l in lines)
    assert any(l.startswith("content/2024/03/no-front-matter.md:1: front matter: missing") for l in lines)
    found = "3 problems in 3 briefs"
    # A check builds nothing: it says what it checked.
    assert lines[-1] == (f"4 briefs checked: {found}." if command == "check" else f"{found}; nothing was built.")
    assert not (tmp_path / "site").exists()


def test_every_problem_line_has_path_line_field_message(tmp_path):
    make_project(tmp_path, BROKEN)
    lines = briefing("check", cwd=tmp_path).stderr.splitlines()[:-1]
    assert lines and all(re.fullmatch(r"content/\S+\.md:\d+: [\w. ]+: .+", l) for l in lines)


def test_plain_mkdocs_build_reports_the_same_problems(tmp_path):
    import subprocess, sys

    make_project(tmp_path, BROKEN)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "content/2024/03/bad-title.md:2: title: wrong type" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_passes_on_good_briefs(tmp_path):
    make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF})
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 brief checked, no problems."


def test_build_writes_the_site(tmp_path):
    make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF})
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/2024/03/good/index.html").is_file()
    assert "Built 1 brief" in result.stdout


def test_new_scaffolds_a_valid_draft_at_todays_path(tmp_path):
    make_project(tmp_path, {})
    result = briefing("new", "Ports reopen after the strike", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    today = datetime.now(ZoneInfo("Europe/Berlin"))
    path = tmp_path / f"content/{today:%Y}/{today:%m}/ports-reopen-after-the-strike.md"
    assert path.is_file()
    text = path.read_text()
    assert 'title: "Ports reopen after the strike"' in text and "draft: true" in text
    assert briefing("check", cwd=tmp_path).returncode == 0


def test_new_never_overwrites_a_brief(tmp_path):
    make_project(tmp_path, {})
    first = briefing("new", "Same title", cwd=tmp_path)
    path = Path(first.stdout.removeprefix("created ").strip())
    path.write_text(path.read_text() + "An editor's sentence.\n")
    again = briefing("new", "Same title", cwd=tmp_path)  # another brief: a slug of its own
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert again.stdout.strip() == f"created {path.with_name('same-title-2.md')}"
    assert path.read_text().endswith("An editor's sentence.\n")


@pytest.mark.parametrize("command", ["build", "serve", "check", "new"])
def test_every_command_has_help(tmp_path, command):
    result = briefing(command, "--help", cwd=tmp_path)
    assert result.returncode == 0 and "usage: briefing " + command in result.stdout


def test_an_unknown_time_zone_is_a_clear_error(tmp_path):
    make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text().replace("Europe/Berlin", "Mars/Olympus"))
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "timezone: unknown time zone" in result.stderr
