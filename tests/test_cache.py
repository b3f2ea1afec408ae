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

from conftest import ROOT, briefing, made_once, write

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


def build_twice(folder: Path) -> None:
    root = write_corpus(90, folder / "project")
    shutil.copytree(ROOT / "theme", root / "theme")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"custom_dir: {ROOT / 'theme'}", "custom_dir: theme"))
    build(root)
    build(root)
    assert (root / ".cache/briefing/old-sites/spare").is_dir()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """90 briefs with their own copy of the theme, built so the cache is full and the next
    build writes over the replaced site (the spare), as every build from the third does.
    Made once a run; tests change only copies of it."""
    return made_once(tmp_path_factory, "cache", build_twice) / "project"


@pytest.fixture(scope="session")
def clean_of_built(built, tmp_path_factory) -> dict[str, bytes]:
    """The site a clean build of `built` gives, made once a run: what a copy of it must come
    to whenever its briefs, theme and settings are left as they were."""
    return snapshot(made_once(tmp_path_factory, "cache-clean", lambda folder: clean_build(built, folder))
                    / "clean/site")


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


def replace_image(root: Path) -> None:
    """A brief shows another picture: its variants, crops and cards change, the old ones go."""
    pictures = sorted((root / "content/media").glob("*.jpg"))
    for path in brief_files(root):
        text = path.read_text()
        if f"media/{pictures[0].name}" in text:
            path.write_text(text.replace(f"media/{pictures[0].name}", f"media/{pictures[-1].name}"))
            return
    raise AssertionError("no brief shows the first picture")


def delete_image(root: Path) -> None:
    """A picture gone from every brief and from content/: nothing of it stays in the site."""
    picture = sorted((root / "content/media").glob("*.jpg"))[0]
    for path in brief_files(root):
        lines = path.read_text().splitlines(keepends=True)
        if any(f"media/{picture.name}" in line for line in lines):
            start = next(i for i, line in enumerate(lines) if line.startswith("image:"))
            end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
            path.write_text("".join(lines[:start] + lines[end:]))
    picture.unlink()


@pytest.mark.parametrize("change", [edit, add, delete, rename, change_template, change_config, change_image,
                                    replace_image, delete_image])
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


def test_two_clean_builds_are_identical(built, clean_of_built, tmp_path):
    assert_same_site(clean_build(built, tmp_path), clean_of_built)


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
    with open(code / "generator" / "engine" / "templating.py", "a") as module:
        module.write("\n# another release\n")
    before = snapshot(project / "site")
    upgraded = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=project,
                              env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True)
    assert upgraded.returncode == 0, upgraded.stderr
    assert " pages rendered, 0 from the cache" in upgraded.stdout + upgraded.stderr
    assert snapshot(project / "site") == before  # a comment changes no page
    again = briefing("build", cwd=project)  # and the version before it, back, renders anew too
    assert " pages rendered, 0 from the cache" in again.stdout + again.stderr


# --- damaged cache entries are never republished ------------------------------------------


def search_shard(root: Path) -> Path:
    """The cached search shard of the project (90 briefs make one)."""
    (shard,) = [entry for entry in (root / ".cache/briefing/search").iterdir() if entry.is_dir()]
    return shard


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def edited_in_place(path: Path) -> None:
    """Changed as some editors and minifiers write: in place, same size, its time put back."""
    status = path.stat()
    with open(path, "r+b") as edited:
        edited.write(b"X" * min(16, status.st_size))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def first_fragment(shard: Path) -> Path:
    return sorted((shard / "fragment").iterdir())[0]


# Each damages the cache, or the site's files it shares with the cache: never the briefs,
# the theme or the settings, so a clean build of the project gives what one of `built` gives.
SHARD_DAMAGE = {
    "entry truncated": lambda root: truncated(search_shard(root) / "pagefind-entry.json"),
    "fragment truncated": lambda root: truncated(first_fragment(search_shard(root))),
    "fragment missing": lambda root: first_fragment(search_shard(root)).unlink(),
    # The site's bundle shares its files with the cache: an edit there reaches the shard.
    "entry edited in the site": lambda root: edited_in_place(root / "site/pagefind/pagefind-entry.json"),
}


@pytest.mark.parametrize("damage", SHARD_DAMAGE.values(), ids=SHARD_DAMAGE.keys())
def test_a_damaged_search_shard_is_indexed_again_not_republished(project, clean_of_built, damage):
    build(project)  # the copy's own site and cache, sharing the bundle's files
    damage(project)
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "unchanged" not in result.stdout, result.stdout
    assert_same_site(snapshot(project / "site"), clean_of_built)
    again = briefing("build", cwd=project)  # mended in the cache, so used again
    assert "unchanged, from the cache." in again.stdout, again.stdout


@pytest.mark.parametrize("name", ["2019/06/*/index.html", "feed.xml"])
def test_a_page_edited_in_place_with_its_size_and_time_kept_is_made_again(project, name):
    """Edited in the site, where it shares its storage with the cache entry; the entry's
    size and modification time are as recorded, its bytes are not."""
    build(project)
    page = sorted((project / "site").glob(name))[0]
    name = page.relative_to(project / "site").as_posix()
    original = page.read_bytes()
    edited_in_place(page)
    assert build(project)[name] == original


# --- the build removes only its own entries from the cache folder -----------------------


FOREIGN = ["notes.txt", "drafts/report.docx", "pages/notes.txt", "pages/drafts/report.docx",
           "pages/{entries}/notes.txt", "search/notes.txt", "search/drafts/report.docx",
           "old-sites/notes.txt", "old-sites/drafts/report.docx"]


def test_files_the_build_did_not_write_in_the_cache_folder_survive_it(project):
    build(project)  # site pages and cache entries sharing their storage, as after any build
    cache = project / ".cache/briefing"
    first = brief_files(project)[0]
    page = project / "site" / first.relative_to(project / "content").with_suffix("") / "index.html"
    (old_entry,) = [p for p in cache.glob("pages/*/*.html") if p.stat().st_ino == page.stat().st_ino]
    old_shard = search_shard(project)
    entries = sorted(cache.glob("pages/*/"))[0].name  # a folder of page entries
    foreign = [cache / name.format(entries=entries) for name in FOREIGN]
    for path in foreign:
        write(path, f"kept: {path.name}")
    edit(project)  # the edited page's entry and the search shard are out of date: removed
    build(project)
    build(project)  # and one writing over the replaced site in old-sites/
    lost = [path.relative_to(cache).as_posix() for path in foreign
            if not path.is_file() or path.read_text() != f"kept: {path.name}"]
    assert lost == []
    assert not old_entry.exists()
    assert not old_shard.exists()


def finished_process() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("folder", [".cache/briefing/search/.tmp-{pid}-work", ".site.building-{pid}"])
def test_a_live_builds_work_folder_survives_another_build_and_a_killed_ones_goes(project, folder):
    """Two builds at once: one must not remove what the other is writing."""
    live = project / folder.format(pid=os.getpid())  # this test's process: alive
    killed = project / folder.format(pid=finished_process())
    for path in (live, killed):
        write(path / "part" / "file.txt", "being written")
    edit(project)
    build(project)
    assert (live / "part" / "file.txt").read_text() == "being written"
    assert not killed.exists()
