"""The site folder: built beside the published one, swapped in only when complete.

A failed, interrupted or killed build leaves the published site as it was. The site a
build replaces is not deleted but kept as the spare (in the cache folder), and the
next build writes over it: rewriting files in folders that exist is far cheaper than
creating tens of thousands anew (pages are hard links into the cache, so rewriting one
costs no bytes). On ext4 without a journal, creating files within minutes of deleting
as many also costs a scan over the deleted ones for every new file.

What the spare held that the new build did not write is swept before the swap: every
file whose status did not change since the build began (writing, linking and copying
all change it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from generator.engine import leftovers

SPARE = "spare"


def remove_leftovers(target: Path, trash: Path) -> None:
    """Remove what killed builds left: a half-built site, a claimed spare, a replaced site.

    Named by their build's pid; a live one's are never touched (one of another project
    that builds into the same folder, with a lock of its own).
    """
    leftovers.remove_orphans(target.parent, f".{target.name}.building-")
    leftovers.remove_orphans(target.parent, f".{target.name}.old-")
    leftovers.remove_orphans(trash, "reuse-")


def claim_spare(trash: Path) -> Path | None:
    """The previous build's replaced site, now this build's to write over; None if none."""
    claimed = trash / f"reuse-{os.getpid()}"
    try:
        (trash / SPARE).rename(claimed)
    except OSError:
        return None
    return claimed


def move_into(spare: Path, site_dir: Path) -> int:
    """Put the spare's contents in the (empty) site folder; the moment sweeping counts from."""
    with tempfile.TemporaryFile(dir=spare) as probe:  # the file system's own clock
        marker = os.fstat(probe.fileno()).st_ctime_ns
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in os.listdir(spare):
        try:
            os.rename(spare / name, site_dir / name)
        except OSError:  # something already wrote there: the spare's copy goes
            pass
    shutil.rmtree(spare, ignore_errors=True)
    return marker


def folders_of(files, src_uris, site_dir: str, redirects) -> set[str]:
    """The folders of Briefing's pages (MkDocs `files` of these `src_uris`) and redirects."""
    by_uri = files.src_uris
    folders = {os.path.dirname(by_uri[src_uri].abs_dest_path) for src_uri in src_uris}
    folders.update(os.path.dirname(os.path.join(site_dir, r.output)) for r in redirects)
    return folders


class FoldersAhead:
    """The site's folders, made on threads while the build works out what goes in them.

    A new folder costs ext4 some 0.1 ms of system time, and a site has one a page (3,500
    at 1,000 briefs), while the build, one thread of Python until pages are placed,
    leaves a core idle. Whoever writes a page still makes its folder if it is not there
    yet: these threads only get there first. Halves of the sorted list, so the two
    threads seldom wait on the same parent folder. They never make `root` itself: if a
    stopped build removes it before they end, they end.
    """

    def __init__(self, root: str, folders: set[str], threads: int = 2):
        self.root = os.path.normpath(root)
        ordered = sorted(folders)
        size = -(-len(ordered) // threads) or 1
        self._parts = [ordered[i : i + size] for i in range(0, len(ordered), size)]
        self._threads: list[threading.Thread] = []
        self._stopped = False

    def start(self) -> None:
        """Begun apart from __init__, so whoever keeps this can stop the threads even
        if the build is interrupted while they start."""
        for part in self._parts:
            thread = threading.Thread(target=self._make, args=(part,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _make(self, folders: list[str]) -> None:
        for folder in folders:
            if self._stopped:
                return
            try:
                self._mkdir(folder)
            except OSError:  # the site folder is gone (the build stopped), or cannot be
                return  # written (read-only, full): the build's own writing reports that

    def _mkdir(self, folder: str) -> None:
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:
            parent = os.path.dirname(folder)
            if len(parent) <= len(self.root):
                raise
            self._mkdir(parent)
            self._mkdir(folder)

    def wait(self, stop: bool = False) -> None:
        """Until every folder is made (or, with `stop`, until the threads have stopped)."""
        self._stopped = stop
        for thread in self._threads:
            if thread.ident is not None:  # started
                thread.join()


def sweep(folder: Path, marker: int, keep: set[str] = frozenset()) -> int:
    """Remove what this build did not write (files unchanged since `marker`), and empty
    folders; the folders in `keep` (paths) the build kept whole as it found them."""
    removed = 0
    emptied: set[str] = set()
    walked = []
    for root, folders, files in os.walk(folder):  # from the top, so as not to look into kept folders
        folders[:] = [f for f in folders if os.path.join(root, f) not in keep]
        walked.append((root, folders, files))
    for root, folders, files in reversed(walked):  # then from the bottom, to remove emptied folders
        left = len(files)
        for name in files:
            path = os.path.join(root, name)
            try:
                if os.lstat(path).st_ctime_ns < marker:
                    os.unlink(path)
                    removed += 1
                    left -= 1
            except FileNotFoundError:
                left -= 1
        # Tried only where nothing is known to be left: most folders keep their page.
        if not left and root != str(folder) and all(os.path.join(root, f) in emptied for f in folders):
            try:
                os.rmdir(root)
                emptied.add(root)
            except OSError:  # something was written there meanwhile
                pass
    return removed


def swap(staging: Path, target: Path, trash: Path) -> None:
    """Put a finished build in place of the published site, which becomes the spare."""
    old = None
    if target.exists():
        try:
            trash.mkdir(parents=True, exist_ok=True)
            if not (trash / SPARE).exists():
                target.rename(trash / SPARE)
            else:  # another build kept one already: remove this one
                old = Path(tempfile.mkdtemp(dir=trash))
                target.rename(old / target.name)
        except OSError:  # the cache folder on another file system
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            target.rename(old)
    staging.rename(target)
    if old:
        # Removing tens of thousands of files takes seconds: a process of its own does it.
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
             str(old)],
            start_new_session=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
