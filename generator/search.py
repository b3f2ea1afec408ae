"""The search index: Pagefind over the built brief pages.

Pagefind writes a chunked index, so a reader's browser fetches only the chunks a
query needs instead of the whole archive. It indexes whole folders in one run of
its binary (its per-record Python API is throttled), and only what brief pages
mark with data-pagefind-body: headline, lead, body, caption, credit, sign-off.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .brief import Brief
from .site import Site

BUNDLE = "pagefind"  # folder of the search bundle inside the site
# Briefs live in year folders; nothing else is worth parsing for the index.
BRIEF_GLOB = "[0-9][0-9][0-9][0-9]/**/*.html"


@dataclass(frozen=True)
class Facet:
    """A search filter and its values, with how many briefs have each."""

    key: str  # the URL parameter and Pagefind filter name: "topic"
    label: str
    values: tuple[tuple[str, int], ...]


def brief_filters(site: Site, brief: Brief) -> list[tuple[str, str]]:
    """(facet, value) pairs a brief page declares to Pagefind; `facets` offers the same values."""
    corpus = site.corpus
    return [
        *(("topic", term.name) for term in corpus.terms_of(brief, "topics")),
        *(("author", site.person(term.name).name) for term in corpus.terms_of(brief, "authors")),
        *(("agency", term.name) for term in corpus.terms_of(brief, "agencies")),
        ("year", str(brief.date.year)),
    ]


def facets(site: Site) -> list[Facet]:
    taxonomies = site.corpus.taxonomies
    years: dict[str, int] = {}
    for (year, _), briefs in sorted(site.corpus.months.items(), reverse=True):
        years[str(year)] = years.get(str(year), 0) + len(briefs)
    return [
        Facet("topic", "Topics", tuple((t.name, len(t.briefs)) for t in taxonomies["topics"].values())),
        Facet("author", "Authors", tuple(
            (site.person(t.name).name, len(t.briefs)) for t in taxonomies["authors"].values())),
        Facet("agency", "Agencies", tuple((t.name, len(t.briefs)) for t in taxonomies["agencies"].values())),
        Facet("year", "Years", tuple(years.items())),
    ]


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class IndexReport:
    seconds: float
    files: int  # files in the search bundle
    bytes: int


def build_index(site_dir: Path, language: str) -> IndexReport:
    """Index the brief pages of a built site into site_dir/pagefind/."""
    started = time.perf_counter()
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-subdir", BUNDLE,
        "--glob", BRIEF_GLOB,
        # One index in the site's language: briefs in another language stay findable.
        "--force-language", language.split("-")[0],
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise SearchIndexError(f"search index: Pagefind failed ({message[-1] if message else result.returncode})")
    bundle = [p for p in (site_dir / BUNDLE).rglob("*") if p.is_file()]
    return IndexReport(
        seconds=time.perf_counter() - started,
        files=len(bundle),
        bytes=sum(p.stat().st_size for p in bundle),
    )
