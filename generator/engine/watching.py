"""The preview's file events: saves, creations, moves and deletions, not reads."""

from __future__ import annotations

from watchdog import events
from watchdog.observers import Observer


class ChangesOnly(Observer):
    """File events that can change the site: not a file opened or read (the build's own
    reading would otherwise call for another build)."""

    def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                event_filter=event_filter or _CHANGES)


_CHANGES = [
    events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
    events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
]
