"""The plugin's settings and site_url: each bad value a clear config error (the setting,
what was expected, what was found), through every command that reads them; good values
still build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import GOOD_BRIEF, briefing, make_project, write

SECOND_BRIEF = GOOD_BRIEF.replace("Harbour cranes stand still", "Harbour reopens").replace("08:00", "09:00")


def project(root: Path, options: str = "", **config: str) -> Path:
    """Two briefs on one topic; `options` are more lines under `plugins: - briefing:`."""
    make_project(root, {"2024/03/cranes.md": GOOD_BRIEF, "2024/03/reopens.md": SECOND_BRIEF}, **config)
    if options:
        settings = root / "mkdocs.yml"
        settings.write_text(settings.read_text() + "".join(f"      {line}\n" for line in options.splitlines()))
    return root


def mkdocs_build(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def assert_refused(result: subprocess.CompletedProcess, *says: str) -> None:
    """Exit 1, no traceback, and the message names the setting, what was expected and found."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    for words in says:
        assert words in result.stderr, (words, result.stderr)


WHOLE_NUMBERS = [
    ("page_size", "0", "at least 1", "found 0"),
    ("page_size", "-1", "at least 1", "found -1"),
    ("page_size", "1.5", "at least 1", "found 1.5"),
    ("page_size", "true", "at least 1", "found true"),
    ("page_size", "ten", "at least 1", 'found "ten"'),
    ("feed_size", "0", "at least 1", "found 0"),
    ("feed_size", "-1", "at least 1", "found -1"),
    ("related", "-1", "at least 0", "found -1"),
    ("workers", "-3", "at least 0", "found -3"),
    ("search_shard_size", "0", "at least 1", "found 0"),
]


@pytest.mark.parametrize("option, value, minimum, found", WHOLE_NUMBERS)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_whole_number_setting_out_of_range_is_a_config_error(tmp_path, command, option, value, minimum, found):
    root = project(tmp_path, f"{option}: {value}")
    assert_refused(briefing(command, cwd=root), f"option '{option}'", f"expected a whole number of {minimum}", found)
    assert not (root / "site").exists()


def test_mkdocs_build_reports_a_bad_setting_the_same_way(tmp_path):
    root = project(tmp_path, "page_size: 0")
    assert_refused(mkdocs_build(root), "option 'page_size'", "expected a whole number of at least 1", "found 0")


def test_workers_on_the_command_line_follow_the_setting_s_rule(tmp_path):
    root = project(tmp_path)
    result = briefing("build", "-j", "-3", cwd=root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "-j/--workers" in result.stderr and "at least 0" in result.stderr and "found -3" in result.stderr
    assert not (root / "site").exists()


def test_the_smallest_good_numbers_build_what_they_say(tmp_path):
    root = project(tmp_path, "page_size: 1\nfeed_size: 1\nrelated: 0\nworkers: 1\nsearch_shard_size: 1")
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    front = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    assert len(front.select(".brief-card")) == 1 and (site / "page/2/index.html").exists()
    assert len(feedparser.parse((site / "feed.xml").read_bytes()).entries) == 1
    page = BeautifulSoup((site / "2024/03/reopens/index.html").read_text(), "html.parser")
    assert page.select_one(".brief-related") is None


# --- site_url ------------------------------------------------------------------------------

BAD_ADDRESSES = [
    ("https://news.example.org/?a=1", "a query"),
    ("https://news.example.org/#top", "a fragment"),
    ("ftp://news.example.org/", "not http(s)"),
    ("https://:8443/briefs/", "no host"),
]
EXPECTED_ADDRESS = "expected an http(s) address with a host and no query or fragment"


@pytest.mark.parametrize("url, problem", BAD_ADDRESSES)
def test_a_site_url_that_cannot_prefix_addresses_is_a_config_error(tmp_path, url, problem):
    root = project(tmp_path, site_url=f'"{url}"')
    for result in (briefing("build", cwd=root), briefing("check", cwd=root), mkdocs_build(root)):
        assert_refused(result, "site_url", problem, EXPECTED_ADDRESS, f'found "{url}"')
    assert not (root / "site").exists()


def test_base_url_on_the_command_line_follows_the_same_rule(tmp_path):
    root = project(tmp_path)
    result = briefing("build", "--base-url", "https://x.org/?a=1", cwd=root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--base-url" in result.stderr and EXPECTED_ADDRESS in result.stderr, result.stderr
    assert 'found "https://x.org/?a=1"' in result.stderr
    assert not (root / "site").exists()


def test_a_site_url_with_a_port_and_a_sub_path_builds(tmp_path):
    root = project(tmp_path, site_url="https://news.example.org:8443/briefs")
    assert briefing("build", cwd=root).returncode == 0
    page = BeautifulSoup((root / "site/2024/03/cranes/index.html").read_text(), "html.parser")
    assert page.find("link", rel="canonical")["href"] == "https://news.example.org:8443/briefs/2024/03/cranes/"


# --- cache_dir -----------------------------------------------------------------------------

EXPECTED_PLACE = "expected a folder inside the project folder, outside docs_dir and site_dir"


@pytest.mark.parametrize("cache_dir, problem", [
    ("content", "is docs_dir"),
    ("content/.cache", "inside docs_dir"),
    ("site", "is site_dir"),
    ("site/cache", "inside site_dir"),
    (".", "is the project folder"),
    ("''", "is the project folder"),
    ("sub/../..", "outside the project folder"),
])
def test_a_cache_dir_that_would_publish_or_delete_files_is_a_config_error(tmp_path, cache_dir, problem):
    root = project(tmp_path / "p", f"cache_dir: {cache_dir}")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for result in (briefing("build", cwd=root), briefing("check", cwd=root), mkdocs_build(root)):
        assert_refused(result, "cache_dir", problem, EXPECTED_PLACE, f'found "{cache_dir.strip(chr(39))}"')
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written


def test_a_cache_dir_elsewhere_is_refused_and_its_files_left_alone(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "notes.txt", "mine")
    write(elsewhere / "old-sites/spare/report.docx", "mine too")
    root = project(tmp_path / "p", f"cache_dir: {elsewhere}")
    for attempt in range(2):  # a second build would have claimed and swept the "spare"
        assert_refused(briefing("build", cwd=root), "cache_dir", "outside the project folder", EXPECTED_PLACE)
    assert sorted(p.name for p in elsewhere.rglob("*")) == ["notes.txt", "old-sites", "report.docx", "spare"]


def test_a_cache_dir_through_a_symlink_into_content_is_refused(tmp_path):
    root = project(tmp_path, "cache_dir: shortcut/.cache")
    (root / "shortcut").symlink_to(root / "content")
    result = briefing("build", cwd=root)
    assert_refused(result, "cache_dir", "inside docs_dir", EXPECTED_PLACE)
    assert not any(p.name == ".cache" for p in (root / "content").rglob("*"))


def test_a_cache_dir_around_docs_dir_or_site_dir_is_refused(tmp_path):
    around_docs = project(tmp_path / "a", "cache_dir: src")
    settings = around_docs / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("docs_dir: content", "docs_dir: src/content"))
    (around_docs / "src").mkdir()
    (around_docs / "content").rename(around_docs / "src/content")
    assert_refused(briefing("build", cwd=around_docs), "cache_dir", "contains docs_dir", EXPECTED_PLACE)
    around_site = project(tmp_path / "b", "cache_dir: build", site_dir="build/site")
    assert_refused(briefing("build", cwd=around_site), "cache_dir", "contains site_dir", EXPECTED_PLACE)
    assert not (around_site / "build").exists()


def test_site_dir_on_the_command_line_follows_the_same_rule(tmp_path):
    root = project(tmp_path, "cache_dir: out/cache")
    assert_refused(briefing("build", "-d", str(root / "out"), cwd=root), "cache_dir", "inside site_dir")
    assert not (root / "out").exists()


def test_a_cache_dir_inside_the_project_is_used(tmp_path):
    root = project(tmp_path, "cache_dir: build-cache/briefing")
    assert briefing("build", cwd=root).returncode == 0
    assert (root / "build-cache/briefing").is_dir() and not (root / ".cache").exists()
