"""Fingerprints: short hashes of everything a page's HTML depends on.

A page is rebuilt only when its fingerprint changes, so each must take in every input:
the brief (all its fields, image size included), what the page shows of other briefs,
and the build's common inputs (Briefing's code, the theme, mkdocs.yml, library versions).
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import sys
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from .brief import Brief

if TYPE_CHECKING:
    from .corpus import Corpus
    from .pages import Listing

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml", "nh3")
_DIGEST = re.compile(r"[0-9a-f]{32}")  # what digest() gives: 16 bytes in hex
# Markdown links and images, `[text](target)`, and reference definitions, `[id]: target`.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.MULTILINE)


def is_digest(name: str) -> bool:
    """Whether `name` is what `digest` gives: the cache names its entries so, and removes no other."""
    return _DIGEST.fullmatch(name) is not None


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


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
    return digest(sys.version, *versions, of_files(PACKAGE.glob("*.py"), PACKAGE))


def link_targets(brief: Brief) -> list[str]:
    """Relative link and image targets in the body, as paths from content/."""
    if "]" not in brief.body:  # most briefs link nothing: no need to run the pattern over them
        return []
    folder = posixpath.dirname(brief.source)
    found = []
    for match in _LINK.finditer(brief.body):
        target = (match[1] or match[2]).split("#")[0]
        if target and ":" not in target and not target.startswith(("/", "?")):
            found.append(posixpath.normpath(posixpath.join(folder, target)))
    return found


def of_pages(shared: str, corpus: Corpus, listings: dict[str, Listing], related: int,
             url_of: Callable[[str], str | None], facets: str,
             only: set[str] | None = None, known: dict[str, str] | None = None) -> dict[str, str]:
    """`src_uri -> fingerprint` of every brief and listing page; `shared` is what all depend on.

    A preview's quick rebuild asks for the listings and `only` some briefs' pages, and
    passes the briefs' digests it kept (`known`, source -> digest; filled in here).
    """
    known = {} if known is None else known

    def brief_digest(brief: Brief) -> str:
        if brief.source not in known:
            known[brief.source] = brief.digest
        return known[brief.source]

    out = {}
    for brief in corpus.briefs if only is None else map(corpus.by_source.get, sorted(only)):
        links = [f"{target}={url_of(target) or ''}" for target in link_targets(brief)]
        out[brief.source] = digest(
            shared, brief_digest(brief), *map(brief_digest, corpus.related(brief, related)), *links
        )
    for src_uri, listing in listings.items():
        # The search page shows every facet with its count.
        extra = facets if listing.template == "search.html" else ""
        out[src_uri] = digest(shared, of_listing(listing, brief_digest), extra)
    return out


def of_listing(listing: Listing, brief_digest) -> str:
    """A listing as it is shown: its own fields, and the briefs on it."""
    return digest(
        repr(replace(listing,
                     briefs=tuple(map(brief_digest, listing.briefs)),
                     pinned=tuple(map(brief_digest, listing.pinned))))
    )
