"""Rendered pages kept between builds, by fingerprint: a page whose inputs did not change
is copied, not rendered again.

One file a page, `pages/ab/abcdef...html`, written whole or not at all, so two builds
sharing the folder, or a build killed halfway, never leave a torn entry. A page's
warnings are kept beside it (`.log`) and replayed, so a warm build warns as a cold one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

Logged = tuple[str, int, str]  # logger name, level, message


class PageCache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.pages = folder / "pages"

    def _path(self, key: str) -> Path:
        return self.pages / key[:2] / f"{key}.html"

    def copy(self, key: str, destination: str) -> list[Logged] | None:
        """Put the cached page at `destination`; None when there is none."""
        source = self._path(key)
        if not source.exists():
            return None
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        try:
            shutil.copyfile(source, destination)
        except FileNotFoundError:  # pruned by another build meanwhile
            return None
        log = source.with_suffix(".log")
        return [tuple(entry) for entry in json.loads(log.read_text())] if log.exists() else []

    def put(self, key: str, output: bytes, logged: list[Logged]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if logged:
            _write(path.with_suffix(".log"), json.dumps(logged).encode())
        _write(path, output)

    def keep_only(self, keys: set[str]) -> int:
        """Remove the pages of other builds; how many were removed."""
        removed = 0
        for path in self.pages.glob("*/*.*"):
            if path.stem not in keys:
                path.unlink(missing_ok=True)
                removed += path.suffix == ".html"
        return removed


def _write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
