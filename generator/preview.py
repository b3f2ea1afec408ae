"""The preview's quick rebuild: a saved brief is on screen within a second, at any archive size.

MkDocs' preview server rebuilds the whole site on every save: it lists every file
again, and Briefing reads every brief and fingerprints every page. When the only
change is to the text of existing briefs, Briefing instead reads those briefs again
and renders only the pages that show them (BriefingPlugin.rebuild_briefs). Anything
else (a brief added, removed or renamed, an image, a page of the site's own,
mkdocs.yml, the theme) gets MkDocs' full rebuild, as does a quick rebuild that finds
a problem, so errors are reported the way every build reports them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.model.corpus import is_brief_source

if TYPE_CHECKING:
    from mkdocs.structure.files import Files

    from generator.model.brief import Brief
    from generator.engine.rendering import PageRenderer

log = logging.getLogger("mkdocs.plugins.briefing")

Snapshot = dict[str, tuple[int, int, int]]  # file path -> (size, modification time, inode)


class FullBuild(Exception):
    """A quick rebuild cannot give the same site as a full one; the message says why."""


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


@dataclass
class LastBuild:
    """What a quick rebuild reuses of the preview's last full build."""

    config: object  # MkDocs' configuration, as loaded for that build
    files: Files
    snapshot: Snapshot
    briefs: dict[str, Brief]  # every brief read, drafts and scheduled ones too
    renderer: PageRenderer | None = None
    shared: str = ""  # the part of every page's fingerprint common to all
    digests: dict[str, str] = field(default_factory=dict)  # brief source -> digest
    page_entries: list = field(default_factory=list)  # sitemap entries of MkDocs' own pages

    def rendered_with(self, renderer: PageRenderer, shared: str, digests: dict[str, str]) -> None:
        self.renderer, self.shared, self.digests = renderer, shared, digests


def watch_for_events(server) -> list[str]:
    """Have the preview server learn of saves from the system's file events (inotify,
    FSEvents) instead of MkDocs' polling; the paths it watches.

    MkDocs looks at every watched file each half second: on average a quarter of a
    second before a save is seen, half the preview's budget, and at 10,000 briefs a
    tenth of a core. Folders that send no events (some Docker volumes and network
    drives) need the polling: `briefing serve --poll` (BRIEFING_POLL=1) keeps it.
    """
    paths = dict(getattr(server, "_watched_paths", {}))  # MkDocs 1.x keeps them here
    if os.environ.get("BRIEFING_POLL") or not paths or server.observer.is_alive():
        return list(paths)
    from generator.engine.watching import ChangesOnly  # watchdog: loaded by a preview only, not by builds

    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangesOnly()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    return list(paths)


class Rebuilder:
    """The preview server's builder: a quick rebuild when only briefs were edited, none
    when no file changed, else MkDocs' own."""

    def __init__(self, plugin, full: Callable[[], None], paths: list[str]):
        self.plugin, self.full, self.paths = plugin, full, paths
        if plugin.last_build:  # the first build's files, now as the server watches them
            plugin.last_build.snapshot = snapshot(paths)

    def __call__(self) -> None:
        last = self.plugin.last_build
        if last:
            now = snapshot(self.paths)
            if now == last.snapshot:
                return  # touched, not changed
            edited = edited_briefs(last.snapshot, now, last.config.docs_dir)
            if edited and self.plugin.rebuild_briefs(edited, now):
                log.info(f"Rebuilt the pages showing {', '.join(edited)}")
                return
        self.full()
