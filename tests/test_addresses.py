"""Addresses a brief asks for stay inside the site, never take over another output, and
`briefing check` finds every such problem that `briefing build` would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GOOD_BRIEF, briefing, make_project, refused


def brief(extra: str, title: str = "Harbour cranes stand still") -> str:
    """GOOD_BRIEF with more front matter fields."""
    return GOOD_BRIEF.replace("title: Harbour cranes stand still\n", f"title: {title}\n{extra}")


def outside(project: Path) -> set[str]:
    """Every file in the folder around the project, the project's own folder left out."""
    return {p.relative_to(project.parent).as_posix() for p in project.parent.rglob("*")
            if project not in p.parents and p != project}


ESCAPES = [
    ("shortlink", "https://p.dw.com/../../victim.conf"),
    ("shortlink", "https://p.dw.com/../../etc/passwd"),
    ("shortlink", "https://p.dw.com/p/%2e%2e/%2e%2e/%2e%2e/victim"),
    ("shortlink", "https://p.dw.com/p/a%2F..%2F..%2Fvictim"),
    ("shortlink", "https://p.dw.com/.htaccess"),
    ("redirect_from", "/../../victim.conf"),
    ("redirect_from", "/old/%2E%2E/%2E%2E/%2E%2E/victim/"),
    ("redirect_from", "/.git/config"),
    ("redirect_from", "/.htaccess"),
    ("redirect_from", "/old//story/"),
    ("redirect_from", "/old/" + "x" * 300 + "/"),
    ("redirect_from", "/old/%00/"),
]


@pytest.mark.parametrize("field, address", ESCAPES)
def test_an_address_that_leaves_the_site_or_is_hidden_is_a_field_error(tmp_path, field, address):
    value = json.dumps(address) if field == "shortlink" else json.dumps([address])
    project = make_project(tmp_path / "project", {"2024/03/cranes.md": brief(f"{field}: {value}\n")})
    before = outside(project)
    for stderr in refused(project):
        item = "item 1 is " if field == "redirect_from" else ""
        assert f"content/2024/03/cranes.md:3: {field}: {item}not a safe address on this site" in stderr
        assert "Traceback" not in stderr and "internal error" not in stderr
    assert outside(project) == before
    assert not (project / "site").exists()


def test_an_encoded_address_is_written_where_a_host_looks_for_it(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/cranes.md": brief('shortlink: "https://p.dw.com/p/caf%C3%A9"\nredirect_from: ["/alt/ca%20f%C3%A9/"]\n'),
    })
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/p/café/index.html").is_file()
    assert (project / "site/alt/ca fé/index.html").is_file()
    rules = (project / "site/_redirects").read_text().splitlines()
    assert "/p/caf%C3%A9 /2024/03/cranes/ 301" in rules
    assert "/alt/ca%20f%C3%A9 /2024/03/cranes/ 301" in rules


def test_an_unreadable_link_is_a_field_error_and_every_other_problem_is_still_reported(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/v6.md": brief('shortlink: "https://[::1/p/v6"\n'),
        "2024/03/v6-old.md": brief('redirect_from: ["//[::1/p/v6"]\n'),
        "2024/03/v6-image.md": brief('image: {src: "https://[::1/x.png", alt: Cranes}\n'),
        "2024/03/other.md": brief("date: 2024-02-30\n").replace("date: 2024-03-04T08:00:00+01:00\n", ""),
    })
    result = briefing("check", cwd=project)
    assert result.returncode == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "content/2024/03/v6.md:3: shortlink: not a readable link" in result.stderr
    assert "content/2024/03/v6-old.md:3: redirect_from: " in result.stderr
    assert "content/2024/03/v6-image.md:3: image.src: not a readable link" in result.stderr
    assert "content/2024/03/other.md:3: date: not a real calendar date" in result.stderr


# Outputs Briefing, Material and MkDocs write, as a brief might claim them.
RESERVED = {
    "/feed.xml": "RSS feed", "/atom.xml": "Atom feed", "/feed.json": "JSON Feed",
    "/topics/economy/feed.json": "JSON Feed", "/404.html": "theme", "/robots.txt": "robots.txt",
    "/sitemap.xml": "sitemap", "/news-sitemap.xml": "news sitemap", "/_redirects": "redirect rules",
    "/_headers": "response headers",
    "/pagefind/pagefind-entry.json": "search", "/pagefind/": "search",
    "/index.html": "Latest briefs", "/search/": "Search", "/topics/": "Topics", "/archive/2024/": "2024",
    "/assets/briefing.css": "theme", "/assets/javascripts/bundle.a5f9d56c.min.js": "theme",
    "/2024/03/older/": "content/2024/03/older.md",
}


@pytest.mark.parametrize("address", RESERVED)
def test_a_brief_cannot_take_an_address_the_site_writes(tmp_path, address):
    project = make_project(tmp_path / "project", {
        "2024/03/older.md": brief("", title="An older brief").replace("08:00:00", "07:00:00"),
        "2024/03/cranes.md": brief(f"redirect_from: [{json.dumps(address)}]\n"),
    })
    for stderr in refused(project):
        line = next((line for line in stderr.splitlines()
                     if line.startswith("content/2024/03/cranes.md:3: redirect_from: address already taken")), "")
        assert line, stderr
        assert RESERVED[address] in line and address in line
    assert not (project / "site").exists()


def test_a_shortlink_cannot_take_an_output_either(tmp_path):
    project = make_project(tmp_path / "project", {"2024/03/cranes.md": brief('shortlink: "https://x.org/feed.xml"\n')})
    result = briefing("check", cwd=project)
    assert result.returncode == 1
    assert "content/2024/03/cranes.md:3: shortlink: address already taken" in result.stderr
    assert "RSS feed" in result.stderr


def test_check_finds_a_shortlink_path_another_host_already_gave_another_brief(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/one.md": brief('shortlink: "https://p.dw.com/p/same"\n', title="One"),
        "2024/03/two.md": brief('shortlink: "https://other.example/p/same"\n', title="Two"),
    })
    result = briefing("check", cwd=project)
    assert result.returncode == 1
    assert "shortlink: address already taken" in result.stderr and "/p/same" in result.stderr


def test_a_redirect_cannot_be_a_file_and_a_folder_at_once(tmp_path):
    project = make_project(tmp_path / "project", {
        "2024/03/one.md": brief('redirect_from: ["/old/story.html"]\n', title="One"),
        "2024/03/two.md": brief('redirect_from: ["/old/story.html/more/"]\n', title="Two"),
    })
    for stderr in refused(project):
        assert "redirect_from: address already taken" in stderr
        assert "Traceback" not in stderr and "internal error" not in stderr


def test_a_file_of_the_site_cannot_replace_a_feed(tmp_path):
    project = make_project(tmp_path / "project", {"2024/03/cranes.md": GOOD_BRIEF, "feed.xml": "<rss/>"})
    result = briefing("check", cwd=project)
    assert result.returncode == 1
    assert "content/feed.xml:1: file: address already taken" in result.stderr and "RSS feed" in result.stderr


def test_every_file_of_a_built_site_has_exactly_one_owner(tmp_path):
    """The registry of outputs knows every file a build writes: a writer that bypasses it fails here."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "project", {
        "2024/03/cranes.md": brief('shortlink: "https://p.dw.com/p/x1"\nredirect_from: ["/old/story.html"]\n'
                                   "corrections:\n  - {date: 2024-03-05, text: A fix.}\n"),
        "2024/02/older.md": brief("", title="Older").replace("2024-03-04", "2024-02-04"),
        "about.md": "# About\n\nWho we are.\n",
        "robots.txt": "User-agent: *\n",
        "2024/03/cranes.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    })
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    outputs = config.plugins["briefing"].build.outputs
    site = project / "site"
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert len(files) > 50
    unowned = [path for path in files if outputs.owner(path) is None]
    assert not unowned, unowned
    assert outputs.owner("feed.xml") == "Briefing's RSS feed"
    assert outputs.owner("robots.txt").endswith("content/robots.txt")
    assert outputs.owner("old/story.html").startswith("the redirect_from of ")
    assert outputs.owner("old/story.html").endswith("content/2024/03/cranes.md")
    assert outputs.owner("pagefind/pagefind.js") == "Briefing's search index"


def test_a_link_in_content_to_a_file_outside_it_is_not_published(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the newsroom's passwords\n")
    outside_folder = tmp_path / "elsewhere"
    outside_folder.mkdir()
    (outside_folder / "notes.txt").write_text("private notes\n")
    project = make_project(tmp_path / "project", {"2024/03/cranes.md": GOOD_BRIEF})
    (project / "content/2024/03/leak.txt").symlink_to(secret)
    (project / "content/linked").symlink_to(outside_folder)
    for stderr in refused(project):
        assert "content/2024/03/leak.txt:1: file: a link to outside content/" in stderr
        assert "content/linked/notes.txt:1: file: a link to outside content/" in stderr
    assert not (project / "site").exists()
