"""Files in the site and the caches: linked where they can be, written whole.

Pages and index files are never changed in place once written, so the site may share
them with the caches: a hard link costs a system call where a copy costs the bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def link_or_copy(source: str | os.PathLike, destination: str | os.PathLike) -> None:
    """A hard link where possible (same file system), else a copy; replaces what is there."""
    try:
        os.link(source, destination)
    except FileExistsError:  # a reused site folder's older copy (linked anew: its ctime tells
        os.unlink(destination)  # sitefolder.sweep that this build wrote it)
        link_or_copy(source, destination)
    except FileNotFoundError:
        raise
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, destination)


def make_folder(folder: str) -> bool:
    """Make `folder` if missing (most pages have one of their own); whether it was."""
    try:
        os.mkdir(folder)  # os.makedirs would first look for the parent: a call more a page
    except FileExistsError:
        return False
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    return True


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` by a rename: a reader, or a build killed meanwhile, never
    sees half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
