"""The cache of search shards: each shard an index of its own, kept whole under its key,
its files listed with their sizes and CRC-32s, checked before it is used again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from zlib_ng.zlib_ng import crc32

from generator.engine import hashing

# In each cached shard, written last: its files' sizes and CRC-32s, checked before reuse.
MANIFEST = "briefing-shard.manifest"


def keep(made: Path, entry: Path, workdir: Path) -> None:
    """Put a shard just made in the cache as `entry`, whole: its manifest written last, then
    renamed in. A damaged entry there is moved out first, into the work folder that goes."""
    (made / MANIFEST).write_bytes(_manifest(made))
    try:
        entry.rename(workdir / f"replaced-{entry.name}")
    except FileNotFoundError:  # the usual case: nothing there
        pass
    try:
        made.rename(entry)
    except OSError:  # another build kept the same shard meanwhile
        shutil.rmtree(made, ignore_errors=True)


def intact(shard: Path) -> bool:
    """Whether a cached shard holds what its manifest says: files are linked into sites,
    where they can be edited in place, and a shard can be damaged on disk. A few MB to read."""
    try:
        return (shard / MANIFEST).read_bytes() == _manifest(shard)
    except OSError:  # no manifest (not made whole), or a file that cannot be read: damaged
        return False


def _manifest(shard: Path) -> bytes:
    """Each file of the shard (but the manifest) with its size and CRC-32, a line each:
    0.1 s of CPU for the 10,000 files of 10,000 briefs."""
    lines: list[str] = []
    _list_files(str(shard), "", lines)
    return "".join(sorted(lines)).encode()


def _list_files(folder: str, prefix: str, lines: list[str]) -> None:
    """A manifest line for each file under `folder`, `prefix` its path in the shard."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                _list_files(entry.path, f"{name}/", lines)
            elif name != MANIFEST:
                with open(entry.path, "rb", buffering=0) as kept:
                    data = kept.readall()
                lines.append(f"{name} {len(data)} {crc32(data):08x}\n")


def kept_in_cache(folder: str, names: list[str]) -> list[str]:
    """What of a cached shard is not copied into the bundle: the manifest."""
    return [MANIFEST] if MANIFEST in names else []


def prune(cache: Path, keys: set[str]) -> None:
    """Drop the cached shards this build did not use: only those, named by their key.
    Whatever else is in the folder is not the build's to remove; work folders go with
    their process (see WorkFolders)."""
    for entry in cache.iterdir() if cache.is_dir() else ():
        if hashing.is_digest(entry.name) and entry.name not in keys:
            shutil.rmtree(entry, ignore_errors=True)
