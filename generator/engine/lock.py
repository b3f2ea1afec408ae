"""One build of a project at a time: a lock file in its cache folder.

Builds of one project share its published site, the spare and the cache; two at once
removed each other's files. `flock` on the file is let go of by the system when the
holder's process ends, however it ends (kill -9 too), so a lock is never stale. The
holder writes its pid, what it does and its command into the file, for the message of
whoever finds the lock taken.

A build waits for another build: a newsroom's scheduled build and a push-triggered one
then both publish, the later one with the newer content. Nothing waits for a preview,
which runs until it is stopped: a build or a second preview is refused, naming it.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import MkDocsException

NAME = "lock"
POLL = 0.2  # seconds between looks at a lock held by a build; one may be taken by a preview meanwhile


class Busy(MkDocsException):
    """A preview holds the project. MkDocs' exception: `briefing` and `mkdocs` both show it as one line."""


class ProjectLock:
    """The project's lock, for `action` ("build" or "serve") by `command` ("briefing build").

    Re-entrant within a process: `briefing build` takes it, then the plugin, which takes
    it itself under `mkdocs build`, again.
    """

    _held: dict[str, list[int]] = {}  # lock file -> [descriptor, holds], in this process

    def __init__(self, folder: Path, action: str, command: str):
        self.folder, self.path = folder, os.path.abspath(os.path.join(folder, NAME))
        self.action, self.command = action, command

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        if self.path in self._held:
            self._held[self.path][1] += 1
            return
        os.makedirs(self.folder, exist_ok=True)  # with `cache: false` too
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._wait(descriptor)
            holder = f"{os.getpid()} {self.action} {self.command}\n".encode()
            os.pwrite(descriptor, holder, 0)  # then cut: whoever reads it never finds it empty
            os.ftruncate(descriptor, len(holder))
        except BaseException:
            os.close(descriptor)
            raise
        self._held[self.path] = [descriptor, 1]

    def release(self) -> None:
        held = self._held[self.path]
        held[1] -= 1
        if not held[1]:
            del self._held[self.path]
            # Unlocked before it is closed: forked workers still open share the descriptor.
            fcntl.flock(held[0], fcntl.LOCK_UN)
            os.close(held[0])

    def _wait(self, descriptor: int) -> None:
        """Until this process holds the lock; Busy if a preview does."""
        said = False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            holder = _holder(descriptor)
            if holder:
                pid, action, command = holder
                if action == "serve":
                    raise Busy(
                        f"{command} (pid {pid}) is previewing this project; stop it, then {self.action}"
                    )
                if not said:
                    other = "another" if self.action == "build" else "a"
                    print(f"waiting for {other} build of this project (pid {pid}) to finish",
                          file=sys.stderr, flush=True)
                    said = True
            time.sleep(POLL)


def _holder(descriptor: int) -> tuple[str, str, str] | None:
    """(pid, action, command) of the holder; None until it has written them."""
    line, ended, _ = os.pread(descriptor, 4096, 0).decode(errors="replace").partition("\n")
    parts = line.split(" ", 2)
    return (parts[0], parts[1], parts[2]) if ended and len(parts) == 3 else None
