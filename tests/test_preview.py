"""The preview's rebuilds (`briefing serve`) give the site a fresh preview gives, byte for byte.

The preview is driven as MkDocs' serve drives it (same configuration, plugin events and
builder, the server's builder replaced by the plugin's `on_serve`), without the HTTP
side, so each rebuild can be awaited and its site compared. Each change is followed
by a comparison with the first build of a new preview of the same files. Pagefind's
bundle is left out: a preview indexes after the page is shown (test_serve covers it).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.livereload import LiveReloadServer

from generator.model.brief import Brief
from generator.model.corpus import Corpus

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


class Preview:
    """One preview session over a project, its site in `site_dir`."""

    def __init__(self, root: Path, site_dir: Path):
        self.root, self.site_dir = root, site_dir
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        server = LiveReloadServer(builder=self._full, host="127.0.0.1", port=8000, root=str(site_dir))
        server.server_close()  # never bound: only its builder is used
        self._full(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        self.rebuild = config.plugins.on_serve(server, config=config, builder=self._full).builder
        self.plugins = config.plugins

    def _config(self):
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def _full(self, config=None) -> None:
        build(config or self._config(), serve_url=SERVE_URL, dirty=True)

    def close(self) -> None:
        self.plugins.on_shutdown()

    def files(self) -> dict[str, bytes]:
        return self.files_of(self.site_dir)

    @staticmethod
    def files_of(site: Path) -> dict[str, bytes]:
        """The site's files but Pagefind's, which the preview may be swapping in meanwhile:
        its folder is not walked at all."""
        files = {}
        for folder, subfolders, names in os.walk(site):
            if Path(folder) == site and "pagefind" in subfolders:
                subfolders.remove("pagefind")
            for name in names:
                path = Path(folder, name)
                files[path.relative_to(site).as_posix()] = path.read_bytes()
        return dict(sorted(files.items()))


def fresh_preview(root: Path, folder: Path) -> dict[str, bytes]:
    """The first build of a new preview, in a process of its own (MkDocs keeps plugins per process)."""
    copy, site = folder / "project", folder / "site"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cache"))
    result = subprocess.run([sys.executable, __file__, str(copy), str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return Preview.files_of(site)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """90 briefs (more than related briefs look across), with their own copy of the theme."""
    root = write_corpus(90, tmp_path_factory.mktemp("preview") / "project")
    shutil.copytree(ROOT / "theme", root / "theme")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"custom_dir: {ROOT / 'theme'}", "custom_dir: theme"))
    return root


def briefs(root: Path) -> list[Path]:
    return sorted((root / "content").glob("20*/*/*.md"))


def replace_in(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text()
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, f"{pattern!r} not in {path}"
    path.write_text(changed)


def retitle(root):
    replace_in(briefs(root)[45], r'^title: "', 'title: "Retitled: ')


def rewrite_body(root):
    with briefs(root)[10].open("a") as brief:
        brief.write("\nA paragraph added at the end, with [a link](https://example.org/).\n")


def retopic(root):
    replace_in(briefs(root)[60], r"^topics: \[[^\]]*\]", "topics: [Topic Politics]")


def redate(root):
    """Moved within its month: its place among the others, and so its neighbours' related briefs, change."""
    replace_in(briefs(root)[30], r"^date: (\d{4}-\d\d)-\d\dT\d\d", r"date: \1-28T23")


def break_then_mend(root):
    brief = briefs(root)[50]
    good = brief.read_text()
    brief.write_text(good.replace("lead:", "lede:", 1))
    yield "broken"
    brief.write_text(good.replace('title: "', 'title: "Mended: ', 1))


def add(root):
    (root / "content/2019/06/a-new-brief.md").write_text(
        "---\ntitle: A new brief\ndate: 2019-06-15T09:00:00+02:00\nlead: Something happened.\n"
        "topics: [Topic Politics]\n---\n\nIt happened in June.\n"
    )


def delete(root):
    briefs(root)[40].unlink()


def rename(root):
    old = briefs(root)[20]
    old.rename(old.with_name("renamed-brief.md"))


def change_template(root):
    card = root / "theme/partials/brief-card.html"
    card.write_text(card.read_text() + "\n<!-- card changed -->\n")


def change_config(root):
    replace_in(root / "mkdocs.yml", r"^site_name: .*", "site_name: Renamed briefing")


QUICK = {retitle, rewrite_body, retopic, redate}


def test_every_preview_rebuild_equals_a_fresh_preview(project, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.briefing")
    preview = Preview(project, tmp_path / "site")
    try:
        for change in [retitle, rewrite_body, retopic, redate, break_then_mend, add, delete, rename,
                       change_template, change_config]:
            caplog.clear()
            steps = change(project)
            for _ in steps or ():  # a broken brief first: that rebuild fails, as a full build
                with pytest.raises((Abort, BuildError, PluginError)):
                    preview.rebuild()
            preview.rebuild()
            quick = any("Rebuilt the pages showing" in r.getMessage() for r in caplog.records)
            assert quick == (change in QUICK), f"{change.__name__}: quick rebuild {quick}"
            fresh = fresh_preview(project, tmp_path / change.__name__)
            site = preview.files()
            assert sorted(site) == sorted(fresh), change.__name__
            different = [name for name in fresh if site[name] != fresh[name]]
            assert not different, f"after {change.__name__}, {len(different)} files differ, e.g. {different[:5]}"
    finally:
        preview.close()


def _brief(number: int, hour: int, topics: tuple[str, ...]) -> Brief:
    return Brief(source=f"2024/01/b{number}.md", slug=f"b{number}", title=f"Brief {number}", lead="",
                 body="", date=datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(hours=hour),
                 topics=topics)


_topics = st.lists(st.sampled_from("ABCD"), min_size=1, max_size=3, unique=True).map(tuple)
_briefs = st.lists(st.tuples(st.integers(0, 500), _topics), min_size=40, max_size=120)


@settings(max_examples=150, deadline=None)
@given(_briefs, st.data())
def test_a_changed_brief_changes_no_related_list_beyond_the_briefs_around_it(briefs, data):
    """What the quick rebuild relies on to render only the neighbours of an edited brief."""
    old = {n: _brief(n, hour, topics) for n, (hour, topics) in enumerate(briefs)}
    number = data.draw(st.integers(0, len(old) - 1))
    new = {**old, number: _brief(number, data.draw(st.integers(0, 500)), data.draw(_topics))}
    before, after = Corpus(list(old.values()), timezone.utc), Corpus(list(new.values()), timezone.utc)
    source = old[number].source
    around = before.around(source) | after.around(source)
    for brief in after.briefs:
        if brief.source not in around:
            assert [b.source for b in after.related(brief)] == \
                [b.source for b in before.related(before.by_source[brief.source])]


if __name__ == "__main__":  # fresh_preview's process
    Preview(Path(sys.argv[1]), Path(sys.argv[2])).close()


def test_a_preview_after_another_build_in_the_same_process_starts_afresh(project, tmp_path):
    """MkDocs keeps one plugin per process: a preview begun after a build of another
    project (as `mkdocs build` then `mkdocs serve` in one session) carries nothing of it,
    so a brief deleted in the preview takes its pages and redirects with it."""
    other = write_corpus(3, tmp_path / "other")
    config = load_config(config_file=str(other / "mkdocs.yml"), site_dir=str(other / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    preview = Preview(copy, tmp_path / "site")
    try:
        delete(copy)
        preview.rebuild()
        assert sorted(preview.files()) == sorted(fresh_preview(copy, tmp_path / "fresh"))
    finally:
        preview.close()
