"""`briefing check` as editors and their tools use it: chosen files, JSON, warnings, pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TINY_PNG, GOOD_BRIEF, ROOT, briefing, make_project, write

SHORTLINK = GOOD_BRIEF.replace("topics: [Economy]\n", "topics: [Economy]\nshortlink: https://p.example/p/abc\n")


def test_only_the_named_briefs_are_reported_but_clashes_are_site_wide(tmp_path):
    make_project(tmp_path, {
        "2024/03/committed.md": SHORTLINK,
        "2024/03/elsewhere.md": SHORTLINK.replace("2024-03-04", "2024-03-05"),
        "2024/03/broken-elsewhere.md": "no front matter\n",
    })
    result = briefing("check", "content/2024/03/committed.md", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/2024/03/elsewhere.md:") and "which content/2024/03/committed.md has too" in lines[0]
    assert not any("broken-elsewhere" in line for line in lines)
    assert briefing("check", "content/2024/03/broken-elsewhere.md", cwd=tmp_path).returncode == 1
    alone = make_project(tmp_path / "alone", {"2024/03/committed.md": SHORTLINK,
                                              "2024/03/broken-elsewhere.md": "no front matter\n"})
    result = briefing("check", "content/2024/03/committed.md", "README.md", cwd=alone)
    assert result.returncode == 0 and result.stdout.strip() == "1 brief checked, no problems."


def test_json_report_for_tools(tmp_path):
    make_project(tmp_path, {"2024/03/bad.md": GOOD_BRIEF.replace("title: Harbour cranes stand still", "title: 42"),
                            "2024/03/bare.md": GOOD_BRIEF.replace("topics: [Economy]\n", "")})
    result = briefing("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["checked"] == 2
    assert report["problems"] == [
        {"path": "content/2024/03/bad.md", "line": 2, "field": "title", "severity": "error",
         "message": "wrong type (expected text, found 42 (a number))"},
        {"path": "content/2024/03/bare.md", "line": 1, "field": "topics", "severity": "warning",
         "message": "no topic (expected at least one, so the brief is listed on a topic page, found none)"},
    ]




def test_warnings_name_what_editors_commonly_get_wrong_without_failing(tmp_path):
    brief = f"""\
---
title: {"A headline that goes on " * 5}
date: 2024-03-04T08:00:00+01:00
lead: {"A lead that says far too much. " * 10}
image: {{src: small.png, alt: Cranes at rest, caption: Cranes at rest}}
---

Body.
"""
    make_project(tmp_path, {"2024/03/wordy.md": brief})
    write(tmp_path / "content/2024/03/small.png", TINY_PNG)
    result = briefing("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 brief checked, no problems (5 warnings)."
    assert result.stderr.splitlines() == [
        "content/2024/03/wordy.md:1: topics: warning: no topic (expected at least one, so the brief is "
        "listed on a topic page, found none)",
        "content/2024/03/wordy.md:2: title: warning: long headline (expected at most 110 characters, found 119)",
        "content/2024/03/wordy.md:4: lead: warning: long lead (expected at most 300 characters, found 309)",
        "content/2024/03/wordy.md:5: image.alt: warning: the same as the caption (expected a description of "
        "what the picture shows for readers who cannot see it, found the caption's words)",
        "content/2024/03/wordy.md:5: image.src: warning: small picture (expected at least 1200 px wide, found 1 px)",
    ]


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def this_working_tree(folder: Path) -> tuple[Path, str]:
    """This repository's files as they are now, changes not yet committed included, committed
    in a repository of its own, as `pre-commit try-repo` does: (the repository, its commit)."""
    listed = git("ls-files", "-z", cwd=ROOT)
    assert listed.returncode == 0, f"not a git working tree: {listed.stderr}"
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():  # not one deleted but not yet committed
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    for step in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=Dev", "-c", "user.email=dev@example.org", "commit", "-qm", "as it is"]):
        done = git(*step, cwd=folder)
        assert done.returncode == 0, done.stderr
    return folder, git("rev-parse", "HEAD", cwd=folder).stdout.strip()


def test_the_pre_commit_hook_checks_the_staged_briefs_of_a_content_repository(tmp_path):
    newsroom = make_project(tmp_path / "newsroom", {
        "2024/03/good.md": GOOD_BRIEF,
        "2024/03/bad.md": GOOD_BRIEF.replace("title: Harbour cranes stand still", "title: 42"),
    })
    # The hook as a content repository uses it (.pre-commit-hooks.yaml), from this working tree.
    # Unlike try-repo, every run shares one store: the hook's environment is installed once.
    briefing_repo, commit = this_working_tree(tmp_path / "briefing")
    write(newsroom / ".pre-commit-config.yaml",
          f"repos:\n  - repo: {briefing_repo}\n    rev: {commit}\n    hooks:\n      - id: briefing-check\n")
    git("init", "-q", cwd=newsroom)
    git("add", "-A", cwd=newsroom)
    pre_commit = Path(sys.executable).parent / "pre-commit"

    def hook(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(pre_commit), "run", "briefing-check", "--files", *files],
                              cwd=newsroom, capture_output=True, text=True, timeout=900,
                              env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")})

    failed = hook("content/2024/03/good.md", "content/2024/03/bad.md", "mkdocs.yml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "content/2024/03/bad.md:2: title: wrong type (expected text, found 42 (a number))" in failed.stdout
    passed = hook("content/2024/03/good.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "check briefs" in passed.stdout and "Passed" in passed.stdout
