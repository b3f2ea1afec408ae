"""What is kept between builds, in the cache folder (.cache/briefing by default).

Briefs as read, by the digest of their file: an unchanged brief is not parsed again.

Rendered pages, by fingerprint: a page whose inputs did not change is linked into
the site, not rendered again. One file a page, `pages/ab/abcdef...html`, written whole
or not at all, so two builds sharing the folder, or a build killed halfway, never
leave a torn entry. A page's warnings are kept beside it (`.log`) and replayed, so a
warm build warns as a cold one.

An entry is the published page's own storage (a hard link), so a page edited in the
site folder, even in place with its size and time put back, is an edited entry. Each
entry is verified: its size and CRC-32 (zlib-ng's, 40 GB/s) are recorded when it is
written, and it is reused only when read back the same. The other way, pages copied
into the site instead of linked (this machine's ext4 has no reflinks), was measured
against it on warm builds of 10,000 briefs (24,000 entries, 340 MB), alternated, on
a busy machine: verifying costs 0.2-0.35 s of CPU a build (3-6 % of its CPU, shared
by the placing threads); copying cost 4.8 s of CPU and made the build 3.7 times as
long, as it writes the 340 MB again each time.
"""

from __future__ import annotations

import json
import os
import pickle
import uuid
from pathlib import Path

from zlib_ng.zlib_ng import crc32

from generator.engine import hashing
from generator.engine.files import link_or_copy, make_folder, write_whole

Logged = tuple[str, int, str]  # logger name, level, message


class PageCache:
    """Rendered pages by fingerprint, hard-linked into the site where the file system allows.

    A link costs no bytes and no new file: a warm build copies nothing, and deleting a
    replaced site frees nothing the cache still holds. But the site's copy is the
    cache's, so an entry is reused only when read back as it was written (see above).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.pages = folder / "pages"
        self._pages = str(self.pages)
        self._index = folder / "pages.pickle"
        self._folders: set[Path] = set()  # made already
        self._pruned = False  # stamps dropped by keep_only, to be written
        try:
            self.stamps: dict[str, tuple[int, int]] = pickle.loads(self._index.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            self.stamps = {}

    def _path(self, key: str) -> Path:
        return self.pages / key[:2] / f"{key}.html"

    def place(self, key: str, destination: str) -> list[Logged] | None:
        """Put the cached page at `destination`; None when there is none (or it was changed)."""
        stamp = self.stamps.get(key)
        if stamp is None:  # never kept, or not by a finished build: no need to look
            return None
        source = f"{self._pages}/{key[:2]}/{key}"  # strings, not Paths: a warm build places every page
        try:
            entry = os.open(source + ".html", os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            kept = os.read(entry, stamp[0] + 1)  # a byte more than recorded: one grown shows
        finally:
            os.close(entry)
        if stamp != _stamp_of(kept):  # changed since it was written: in the site, or by hand
            return None
        make_folder(os.path.dirname(destination))
        try:
            link_or_copy(source + ".html", destination)
        except FileNotFoundError:  # pruned by another build meanwhile
            return None
        try:
            with open(source + ".log", "rb") as log:
                return [tuple(entry) for entry in json.loads(log.read())]
        except FileNotFoundError:  # most pages log nothing
            return []

    def put(self, key: str, output: bytes, logged: list[Logged], destination: str) -> tuple[int, int]:
        """Write a page just rendered to `destination`, and keep it; the entry's stamp
        (size and modification time), for `record`.

        The page is written once, in the site folder, and linked into the cache: the
        entry appears whole, as a renamed temporary file would, at a file less a page.
        """
        if not make_folder(os.path.dirname(destination)):
            try:
                os.unlink(destination)  # a reused site folder's copy: a link to another entry
            except FileNotFoundError:
                pass
        with open(destination, "xb") as out:
            out.write(output)
        path = self._path(key)
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        if logged:  # before the page: an entry found is one whose warnings are there
            write_whole(path.with_suffix(".log"), json.dumps(logged).encode())
        try:
            os.link(destination, path)
        except FileExistsError:  # another build's, or one changed by hand: replaced
            temporary = path.with_name(f".tmp-{uuid.uuid4().hex}")
            os.link(destination, temporary)
            os.replace(temporary, path)
        except OSError:  # the site on another file system
            write_whole(path, output)
        return _stamp_of(output)

    def record(self, stamps: dict[str, tuple[int, int]]) -> None:
        """Remember the stamps of the entries this build wrote (`put` gave them)."""
        if stamps or self._pruned:
            self.stamps.update(stamps)
            write_whole(self._index, pickle.dumps(self.stamps, pickle.HIGHEST_PROTOCOL))

    def keep_only(self, keys: set[str], written: bool) -> int:
        """Remove the pages of other builds; how many were removed. Only entries (named by
        their key, in the folder of its first two digits): nothing else is the build's.

        A build that wrote nothing and used every entry the last one recorded leaves
        nothing to remove: the folder (35,000 entries at 10,000 briefs) is not listed."""
        if not written and keys == self.stamps.keys():
            return 0
        self._pruned = True
        removed = 0
        for path in self.pages.glob("??/*.*"):
            if path.stem not in keys and _is_entry(path):
                path.unlink(missing_ok=True)
                removed += path.suffix == ".html"
        self.stamps = {key: stamp for key, stamp in self.stamps.items() if key in keys}
        return removed


def _is_entry(path: Path) -> bool:
    """Whether `path` is named as PageCache names a page or its warnings."""
    return (path.suffix in (".html", ".log") and hashing.is_digest(path.stem)
            and path.parent.name == path.stem[:2])


def _stamp_of(page: bytes) -> tuple[int, int]:
    """What an entry must still be to be reused: its size and CRC-32."""
    return (len(page), crc32(page))
