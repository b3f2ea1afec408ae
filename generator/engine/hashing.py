"""Short hashes of bytes, files and Briefing's own code: the names of cache entries.

Knows nothing of briefs or pages (see fingerprints for what a page depends on).
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Iterable


PACKAGE = Path(__file__).resolve().parent.parent  # generator/, every subpackage in it


LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml", "nh3",
             "babel")  # Babel: the CLDR data of dates and plurals on pages


_DIGEST = re.compile(r"[0-9a-f]{32}")  # what digest() gives: 16 bytes in hex


def is_digest(name: str) -> bool:
    """Whether `name` is what `digest` gives: the cache names its entries so, and removes no other."""
    return _DIGEST.fullmatch(name) is not None


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def shown(value: object) -> str:
    """`repr` that is the same in every run: a function a setting holds (a Markdown
    extension's `slugify`, which mkdocs.yml's !!python tags make) by its name and what it
    closes over, not by its address in memory, which every process changes."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{shown(k)}: {shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(shown, value)) + "]"
    if isinstance(value, functools.partial):
        return f"partial({shown(value.func)}, {shown(list(value.args))}, {shown(value.keywords)})"
    if callable(value) and hasattr(value, "__qualname__"):
        cells = [shown(cell.cell_contents) for cell in getattr(value, "__closure__", None) or ()]
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}({', '.join(cells)})"
    return repr(value)


def of_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """Names and bytes of the given files, in a stable order."""
    parts: list[str | bytes] = []
    for path in sorted(paths):
        parts += [str(path.relative_to(root) if root else path), path.read_bytes()]
    return digest(*parts)


def of_tree(folder: Path) -> str:
    return of_files((p for p in folder.rglob("*") if p.is_file()), folder) if folder.is_dir() else ""


@functools.cache  # asked for three times a build; the code that runs is what was imported
def of_code() -> str:
    """Briefing's own code and the libraries that turn Markdown and templates into pages."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return digest(sys.version, *versions, of_files(PACKAGE.rglob("*.py"), PACKAGE))
