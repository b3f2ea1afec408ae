"""The preview's quick rebuild: a saved brief is on screen within a second, at any archive size.

MkDocs' preview server rebuilds the whole site on every save: it lists every file
again, and Briefing reads every brief and fingerprints every page. When the only
change is to the text of existing briefs, Briefing instead reads those briefs again
and renders only the pages that show them (rebuild_briefs). Anything
else (a brief added, removed or renamed, an image, a page of the site's own,
mkdocs.yml, the theme) gets MkDocs' full rebuild, as does a quick rebuild that finds
a problem, so errors are reported the way every build reports them.

`briefing serve` runs it, with what it tells the editor: generator/serving.py.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Callable

from generator.build import Build, FullBuild, LastBuild, Snapshot
from generator.engine import mkdocs_internals
from generator.engine.cache import PageCache
from generator.engine.loading import read_all
from generator.engine.rendering import Rendering
from generator.model import corpus as corpus_module, publishing
from generator.model.corpus import is_brief_source

log = logging.getLogger("mkdocs.plugins.briefing")


def snapshot(paths: list[str]) -> Snapshot:
    """Size, time and inode of every file under these paths (hidden ones left out, as MkDocs does)."""
    found: Snapshot = {}

    def visit(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=True):
                visit(entry.path)
            else:
                try:
                    status = entry.stat()
                except OSError:
                    continue
                found[entry.path] = (status.st_size, status.st_mtime_ns, status.st_ino)

    for path in paths:
        if os.path.isdir(path):
            visit(path)
        elif os.path.exists(path):
            status = os.stat(path)
            found[path] = (status.st_size, status.st_mtime_ns, status.st_ino)
    return found


def edited_briefs(before: Snapshot, after: Snapshot, content_dir: str) -> list[str] | None:
    """Paths from content/ of the briefs whose files changed; None if any other file did,
    or one came or went."""
    if before.keys() != after.keys():
        return None
    prefix = os.path.join(content_dir, "")
    edited = []
    for path, stamp in after.items():
        if before[path] == stamp:
            continue
        source = Path(path[len(prefix):]).as_posix() if path.startswith(prefix) else ""
        if not is_brief_source(source):
            return None
        edited.append(source)
    return sorted(edited) or None



def watch_for_events(server) -> list[str]:
    """Have the preview server learn of saves from the system's file events (inotify,
    FSEvents) instead of MkDocs' polling, and watch a folder again when it is replaced
    (engine/watching); the paths it watches.

    MkDocs looks at every watched file each half second: on average a quarter of a
    second before a save is seen, half the preview's budget, and at 10,000 briefs a
    tenth of a core. Folders that send no events (some Docker volumes and network
    drives) need the polling: `briefing serve --poll` (BRIEFING_POLL=1) keeps it.
    """
    paths = mkdocs_internals.watched_paths(server)
    if not paths or server.observer.is_alive():
        return list(paths)
    from generator.engine import watching  # watchdog: loaded by a preview only, not by builds

    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = watching.Polling() if os.environ.get("BRIEFING_POLL") else watching.ChangesOnly()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    return list(paths)


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """The paths of the files that came, went or changed."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


class Rebuilder:
    """The preview server's builder: a quick rebuild when only briefs were edited, none
    when no file changed, else MkDocs' own; with `told` (briefing serve), a failure kept
    and shown rather than raised, and each success said. `current` gives the newest build."""

    def __init__(self, current: Callable[[], Build], full: Callable[[], None], paths: list[str],
                 content_dir: str):
        self.current, self.full, self.paths, self.content_dir = current, full, paths, content_dir
        self.told = None  # serving.Told, when `briefing serve` runs the server
        self.seen = snapshot(paths)  # the first build's files, now as the server watches them
        last = current() and current().last_build
        if last:
            last.snapshot = self.seen

    def __call__(self) -> None:
        now = snapshot(self.paths)
        changed, self.seen = changes(self.seen, now), now
        if not changed:
            return  # touched, not changed
        if not self.told:
            return self._rebuild(now)
        if self.told.attempt(lambda: self._rebuild(now)):
            self.told.rebuilt(self.current(), changed, self.content_dir)

    def _rebuild(self, now: Snapshot) -> None:
        build = self.current()
        last = build and build.last_build
        if last:
            edited = edited_briefs(last.snapshot, now, last.config.docs_dir)
            if edited and rebuild_briefs(build, edited, now):
                log.info(f"Rebuilt the pages showing {', '.join(edited)}")
                return
        self.full()


def rebuild_briefs(build: Build, edited: list[str], snapshot: Snapshot) -> bool:
    """A preview's rebuild when only these briefs' files changed since the last one.

    Only the pages that show them are rendered again, and the outputs they are in
    written again: a second or less at any archive size. False when it takes a full
    build: a brief came or went, a page would, or something is wrong (which the full
    build then reports, as any build does).
    """
    last = build.last_build
    if not last or not last.renderer:
        return False
    try:
        _rebuild_briefs(build, last, edited)
    except Exception as error:  # noqa: BLE001 - the full build that follows reports real errors
        log.debug(f"quick rebuild not possible: {error}")
        build.rendering = None
        build.last_build = None
        return False
    last.snapshot = snapshot
    return True


def _rebuild_briefs(build: Build, last: LastBuild, edited: list[str]) -> None:
    config, files, docs, options = last.config, last.files, Path(last.config.docs_dir), build.options
    read, problems, _ = read_all(docs, edited, build.zone, build.brief_cache, save=False)
    if problems:
        raise FullBuild("a brief has problems")
    briefs = {**last.briefs, **{b.source: b for b in read}}
    for source in edited:
        before, after = last.briefs[source], briefs[source]
        if (before.image and before.image.src) != (after.image and after.image.src):
            raise FullBuild("an image came or went")  # MkDocs' files change
        if (before.date.year, before.draft) != (after.date.year, after.draft):
            raise FullBuild("a brief moved between search shards")
    if corpus_module.clashes(docs, list(briefs.values())):
        raise FullBuild("a slug or shortlink clash")
    build.now = datetime.now(build.zone)
    selection = publishing.select(
        list(briefs.values()), build.now, build.zone, drafts=True, future=options.future
    )
    if {b.source for b in selection.published} != build.paths.keys():
        raise FullBuild("a brief was published or held back")
    if any(before.lang != after.lang or before.translation_of != after.translation_of
           for before, after in ((last.briefs[s], briefs[s]) for s in edited)):
        raise FullBuild("a brief changed language or story")  # its address, its versions
    before, listed = build.newsroom, build.listings
    if build.assemble(selection.published, build.paths, files, config, quick=True):
        raise FullBuild("an address taken twice")
    changed = {src_uri: page for src_uri, page in build.listings.items()
               if listed[src_uri] != page or page.template == "search.html"}  # facet counts
    # Pages that show an edited brief: its own, its neighbours' (related briefs), listings.
    nearby = set(edited).union(*(site.corpus.around(s) for newsroom in (before, build.newsroom)
                                 for s in edited if (site := newsroom.site_of(s))))
    for source in edited:
        last.digests.pop(source, None)
    jobs = {src_uri: key for src_uri, (key, _) in build.placed.items()}
    jobs.update(build.fingerprints(config, files, only=nearby, known=last.digests, listings=changed))
    if build.shared_fingerprint != last.shared:
        raise FullBuild("something every page shows changed")
    build.sitemap_entries, build.page_entries = [], last.page_entries
    build.own_sitemap_entries(files)
    build.indexing.generation += 1
    previous, build.placed = build.placed, {}  # until done: a failure leaves a full rebuild to do
    build.rendering = Rendering(
        last.renderer,
        jobs,
        PageCache(build.cache_dir(config)) if options.cache else None,
        1,
        previous=previous,
    )
    build.rendering.start()
    build.start_pictures(config)  # a new headline, focus or body picture: new files
    build.write_outputs(config)
    build.finish_rendering()
    build.finish_pictures(config)
    build.selection, build.everything, last.briefs = selection, briefs, briefs
    if options.search:
        threading.Thread(
            target=_reindex, args=(build, config, build.indexing.generation), daemon=True
        ).start()


def _reindex(build: Build, config, generation: int) -> None:
    """The search index after a quick rebuild, made while the preview already shows it."""
    cache = build.cache_dir(config) / "search" if build.options.cache else None
    build.indexing.reindex(build.search_parts(), cache, generation, Path(config.site_dir), log)
