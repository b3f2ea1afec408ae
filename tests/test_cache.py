"""Rebuilds that reuse the cache, and builds on two workers, give the site a clean build gives.

Compared byte for byte, every file, the search index's included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, briefing

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402

def snapshot(site: Path) -> dict[str, bytes]:
    """Every file's bytes, and every folder: one left behind, even empty, shows too."""
    return {
        p.relative_to(site).as_posix() + ("/" if p.is_dir() else ""): b"" if p.is_dir() else p.read_bytes()
        for p in sorted(site.rglob("*"))
    }


def build(root: Path, *args: str) -> dict[str, bytes]:
    result = briefing("build", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return snapshot(root / "site")


def clean_build(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same project built from nothing: a copy without cache or site."""
    fresh = tmp_path / "clean"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    return build(fresh)


def assert_same_site(incremental: dict[str, bytes], clean: dict[str, bytes]) -> None:
    assert sorted(incremental) == sorted(clean)
    different = [name for name in clean if incremental[name] != clean[name]]
    assert not different, f"{len(different)} files differ from a clean build, e.g. {different[:5]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """90 briefs with their own copy of the theme, built so the cache is full and the next
    build writes over the replaced site (the spare), as every build from the third does."""
    root = write_corpus(90, tmp_path_factory.mktemp("cache") / "project")
    shutil.copytree(ROOT / "theme", root / "theme")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"custom_dir: {ROOT / 'theme'}", "custom_dir: theme"))
    build(root)
    build(root)
    assert (root / ".cache/briefing/old-sites/spare").is_dir()
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the built project, cache included, for one change."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    return root


def brief_files(root: Path) -> list[Path]:
    return sorted((root / "content").glob("20*/*/*.md"))


def test_a_rebuild_with_nothing_changed_gives_the_same_bytes_search_index_included(project):
    before = snapshot(project / "site")
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "site") == before
    assert any(name.startswith("pagefind/filter/") for name in before)


def edit(root: Path) -> None:
    first = brief_files(root)[0]
    first.write_text(first.read_text().replace('title: "', 'title: "Edited: ', 1))


def add(root: Path) -> None:
    (root / "content/2019/06/a-new-brief.md").write_text(
        "---\ntitle: A new brief\ndate: 2019-06-15T09:00:00+02:00\nlead: Something happened.\n"
        "topics: [Topic Politics]\n---\n\nIt happened in June.\n"
    )


def delete(root: Path) -> None:
    brief_files(root)[40].unlink()


def rename(root: Path) -> None:
    old = brief_files(root)[20]
    old.rename(old.with_name("renamed-brief.md"))


def change_template(root: Path) -> None:
    card = root / "theme/partials/brief-card.html"
    card.write_text(card.read_text() + "\n<!-- card changed -->\n")


def change_config(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Benchmark briefing", "site_name: Renamed briefing"))


def change_image(root: Path) -> None:
    """Same file name, other pixels and size: the width and height on every page using it change."""
    pictures = sorted((root / "content/media").glob("*.jpg"))
    shutil.copyfile(pictures[1], pictures[0])


@pytest.mark.parametrize("change", [edit, add, delete, rename, change_template, change_config, change_image])
def test_an_incremental_build_equals_a_clean_build(project, tmp_path, change):
    change(project)
    incremental = build(project)
    assert_same_site(incremental, clean_build(project, tmp_path))


def test_an_edit_shows_on_its_page_and_in_the_listings(project):
    edit(project)
    site = build(project)
    first = brief_files(project)[0]
    page = f"{first.relative_to(project / 'content').with_suffix('').as_posix()}/index.html"
    assert b"Edited: " in site[page]
    assert any(b"Edited: " in text for name, text in site.items() if name.startswith("archive/"))


def test_one_worker_and_two_build_the_same_site(built, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        shutil.copytree(built, folder, ignore=shutil.ignore_patterns(".cache", "site"))
    assert_same_site(build(one, "--workers", "1"), build(two, "--workers", "2"))


def test_two_clean_builds_are_identical(built, tmp_path):
    assert_same_site(clean_build(built, tmp_path / "a"), clean_build(built, tmp_path / "b"))


def test_a_page_changed_by_hand_in_the_site_folder_is_rendered_again(project):
    """Built pages share their storage with the cache; an edit made in place must not stick."""
    build(project)  # the copy's own site and cache, sharing their pages
    page = sorted((project / "site").glob("20*/*/*/index.html"))[0]
    name = page.relative_to(project / "site").as_posix()
    original = page.read_bytes()
    with open(page, "r+b") as edited:  # in place, as some editors and minifiers write
        edited.write(b"<!-- changed by hand -->")
    assert build(project)[name] == original


def test_another_version_of_briefing_renders_every_page_again(project, tmp_path):
    """Upgraded code may render differently: nothing it did not render itself is reused."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    with open(code / "generator" / "templating.py", "a") as module:
        module.write("\n# another release\n")
    before = snapshot(project / "site")
    upgraded = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=project,
                              env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True)
    assert upgraded.returncode == 0, upgraded.stderr
    assert " pages rendered, 0 from the cache" in upgraded.stdout + upgraded.stderr
    assert snapshot(project / "site") == before  # a comment changes no page
    again = briefing("build", cwd=project)  # and the version before it, back, renders anew too
    assert " pages rendered, 0 from the cache" in again.stdout + again.stderr
