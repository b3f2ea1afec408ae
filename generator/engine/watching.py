"""The preview's file events: saves, creations, moves and deletions, not reads; and a
watched folder or file replaced (content/ deleted and copied back) is watched again."""

from __future__ import annotations

import os
import threading

from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

CHECK_EVERY = 1.0  # seconds between looks at the watched paths themselves


class Rewatching:
    """For an observer: a watched path that went and came back is watched again, and its
    handler told of a change.

    A watch follows the folder it was given, not its name: once `content/` is deleted
    its emitter stops (inotify watched the old folder's inode, polling found it gone),
    and the folder copied back in its place is never seen. One stat a second per
    watched path finds it: its emitter stopped, or another file at that name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._roots: dict[str, tuple] = {}  # path -> (watch, handler, recursive, event_filter, identity)
        self._done = threading.Event()

    def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        watch = super().schedule(handler, path, recursive=recursive, event_filter=event_filter,
                                 follow_symlink=follow_symlink)
        self._roots[path] = (watch, handler, recursive, event_filter, _identity(path))
        return watch

    def unschedule(self, watch) -> None:
        for path, (known, *_) in list(self._roots.items()):
            if known == watch:
                del self._roots[path]
        super().unschedule(watch)

    def start(self) -> None:
        super().start()
        threading.Thread(target=self._keep_watching, name="rewatching", daemon=True).start()

    def stop(self) -> None:
        self._done.set()
        super().stop()

    def _keep_watching(self) -> None:
        while not self._done.wait(CHECK_EVERY):
            for path in list(self._roots):
                self.rewatch_if_replaced(path)

    def rewatch_if_replaced(self, path: str) -> bool:
        """Watch `path` again if it was replaced since it was watched; whether it was."""
        watch, handler, recursive, event_filter, identity = self._roots[path]
        now = _identity(path)
        if now is None or (now == identity and self._watching(watch)):
            return False  # there as it was watched, or gone (its deletion was told)
        try:
            super().unschedule(watch)
        except KeyError:
            pass
        self.schedule(handler, path, recursive=recursive, event_filter=event_filter)
        # A file, not a folder: MkDocs' handler skips folders' events.
        handler.dispatch(events.FileModifiedEvent(path))
        return True

    def _watching(self, watch) -> bool:
        return any(emitter.watch == watch and emitter.is_alive() and emitter.should_keep_running()
                   for emitter in self.emitters)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class ChangesOnly(Rewatching, Observer):
    """File events that can change the site: not a file opened or read (the build's own
    reading would otherwise call for another build)."""

    def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                event_filter=event_filter or _CHANGES)


class Polling(Rewatching, PollingObserver):
    """MkDocs' way (a look at every file each half second), for folders that send no events."""

    def __init__(self):
        super().__init__(timeout=0.5)


_CHANGES = [
    events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
    events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
]
