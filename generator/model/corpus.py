"""All briefs of a site: found, checked against each other, and indexed (the corpus).

Reading them fast (forked, cached) is the engine's: engine/loading.py."""

from __future__ import annotations

import hashlib
import heapq
import os
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Callable

from generator.model.brief import Brief, Claims
from generator.model.dates import as_datetime
from generator.model.problems import Problem
from generator.model.slugs import loses_letters, slugify


# How far related() looks on each side of a brief, in its topics and in the whole corpus.
RELATED_REACH = 12

# A file MkDocs would render as a page (mkdocs.utils.markdown_extensions) under a year
# folder is a brief, to be checked as one (a brief.markdown is badly placed, not a page
# that escapes the checks); anything else in content/ is a page of the site's own.
_IN_YEAR_FOLDER = re.compile(r"\d{4}/.+\.(?:md|markdown|mdown|mkdn|mkd)")


def is_brief_source(source: str) -> bool:
    """Whether a path from content/ names a brief (rather than, say, an about page)."""
    return bool(_IN_YEAR_FOLDER.fullmatch(source))


def discover(content_dir: Path) -> list[str]:
    """Paths from content/ of every brief, in a stable order."""
    found = []
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            source = Path(folder, name).relative_to(content_dir).as_posix()
            if is_brief_source(source):
                found.append(source)
    return found


@dataclass(frozen=True)
class Term:
    """One topic, author or agency, and its briefs (newest first)."""

    taxonomy: str  # "topics", "authors" or "agencies"
    name: str
    slug: str
    briefs: tuple[Brief, ...]
    prefix: str = ""  # its language's folder: "" or "de/"

    @property
    def path(self) -> str:
        """The term's page, from the site root: "topics/middle-east/", "de/topics/nahost/"."""
        return f"{self.prefix}{self.taxonomy}/{self.slug}/"


TAXONOMIES = ("topics", "authors", "agencies")
_SINGULAR = {"topics": "topic", "authors": "author", "agencies": "agency"}
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


class Corpus:
    """Briefs newest first, with the indexes pages and outputs look them up by."""

    def __init__(self, briefs: list[Brief], zone: tzinfo, prefix: str = "",
                 slug_of: Callable[[str], str] | None = None):
        """`prefix`: the language's folder its term pages are in; `slug_of`: a term's address
        from its name (term_slug; a topic named in several languages takes one)."""
        self.zone, self.prefix = zone, prefix
        self.slug_of = slug_of or term_slug
        self._when = {b.source: as_datetime(b.date, zone) for b in briefs}
        self.briefs = sorted(briefs, key=lambda b: (self._when[b.source], b.source), reverse=True)
        self.by_source = {b.source: b for b in self.briefs}
        self._rank = {b.source: rank for rank, b in enumerate(self.briefs)}
        # Whole microseconds since 1970: distances in time compared as numbers (exact).
        self._moment = {source: (when - _EPOCH) // _MICROSECOND for source, when in self._when.items()}
        self.taxonomies = {name: _terms(self.briefs, name, prefix, self.slug_of) for name in TAXONOMIES}
        self._related: dict[tuple[str, int, int], list[Brief]] = {}
        self.months: dict[tuple[int, int], list[Brief]] = defaultdict(list)
        for brief in self.briefs:
            self.months[brief.date.year, brief.date.month].append(brief)

    def terms_of(self, brief: Brief, taxonomy: str) -> list[Term]:
        """The brief's topics (authors, agencies) as terms, in the brief's own order."""
        index = self.taxonomies[taxonomy]
        return [index[self.slug_of(name)] for name in getattr(brief, taxonomy)]

    def related(self, brief: Brief, limit: int = 4, reach: int = RELATED_REACH) -> list[Brief]:
        """Briefs sharing most topics with this one, then nearest in time.

        Only the `reach` neighbours on each side in each topic (and in the whole
        corpus) are considered, so the cost per brief stays bounded as the archive grows.
        """
        asked = (brief.source, limit, reach)
        if asked in self._related:  # fingerprints ask first, then the page workers
            return self._related[asked]
        shared: dict[str, int] = defaultdict(int)
        for topic in brief.topics:
            members = self.taxonomies["topics"][self.slug_of(topic)].briefs
            for other in self._neighbours(members, brief, reach):
                shared[other.source] += 1
        if len(shared) < limit:  # else briefs sharing no topic could not make the list
            for other in self._neighbours(self.briefs, brief, reach):
                shared.setdefault(other.source, 0)
        moment, moments = self._moment[brief.source], self._moment
        ranked = heapq.nsmallest(
            limit, [(-count, abs(moments[s] - moment), s) for s, count in shared.items()]
        )
        self._related[asked] = found = [self.by_source[s] for _, _, s in ranked]
        return found

    def around(self, source: str) -> set[str]:
        """Briefs whose related list may show this brief, or may shift as it moves.

        related() only looks `RELATED_REACH` places each way in the corpus and in each
        topic. A brief edited, re-dated or re-topiced changes no list further away:
        beyond that, a window holds the same briefs, shifted by one. Ask the corpora
        before and after the change (a property test holds this to account).
        """
        brief = self.by_source[source]
        reach = RELATED_REACH
        found = set()
        topics = self.taxonomies["topics"]
        for members in [self.briefs, *(topics[self.slug_of(t)].briefs for t in brief.topics)]:
            index = bisect_left(members, self._rank[source], key=lambda b: self._rank[b.source])
            found.update(b.source for b in members[max(0, index - reach) : index + reach + 1])
        return found

    def _neighbours(self, briefs, brief: Brief, reach: int):
        """The briefs around `brief` in a newest-first subsequence of the corpus, itself left out."""
        index = bisect_left(briefs, self._rank[brief.source], key=lambda b: self._rank[b.source])
        return [b for b in briefs[max(0, index - reach) : index + reach + 1] if b is not brief]


@lru_cache(maxsize=65536)  # a few hundred names, looked up for every brief and page
def term_slug(name: str, language: str = "en") -> str:
    """A term's address, its name romanized by its language ("Россия" -> "rossiya"). A name
    with a letter its language's rule cannot spell (a script without a rule; Japanese
    without briefing[ja]) gets a stable hash of the whole name too, so two names never
    share an address because of what the slug dropped."""
    slug = slugify(name, language)
    if slug and not loses_letters(name, language):
        return slug
    return (slug or "t") + "-" + hashlib.sha1(name.encode()).hexdigest()[:8]


def same_term(one: str, other: str) -> bool:
    """Two spellings of one term: alike but for case and spacing ("Middle East", "middle  east")."""
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


def _terms(briefs: list[Brief], taxonomy: str, prefix: str, slug_of: Callable[[str], str]) -> dict[str, Term]:
    """Terms by slug; spellings that slug alike ("Middle East", "middle-east") are one term."""
    names: dict[str, str] = {}
    members: dict[str, list[Brief]] = defaultdict(list)
    for brief in briefs:
        for name in getattr(brief, taxonomy):
            slug = slug_of(name)
            names.setdefault(slug, name)
            members[slug].append(brief)
    ordered = sorted(names, key=lambda slug: names[slug].casefold())
    return {slug: Term(taxonomy, names[slug], slug, tuple(members[slug]), prefix) for slug in ordered}


def clashes(content_dir: Path, briefs: list[Brief | Claims]) -> list[Problem]:
    """Site-wide uniqueness: one brief per slug and per shortlink, one term per address.
    Unsound briefs count by what they claim, so their clashes are found in the same run."""
    problems = []
    for field_name, key in (("slug", lambda b: b.slug), ("shortlink", lambda b: b.shortlink)):
        owners: dict[str, Brief | Claims] = {}
        for brief in briefs:
            value = key(brief)
            if value is None:
                continue
            if value in owners:
                first = owners[value]
                problems.append(
                    Problem(
                        str(content_dir / brief.source),
                        brief.lines.get(field_name, 1),
                        field_name,
                        f"already used (expected a {field_name} of its own, found {value!r}, "
                        f"which content/{first.source} has too)",
                    )
                )
            else:
                owners[value] = brief
    return problems + _term_clashes(content_dir, briefs)


def _term_clashes(content_dir: Path, briefs: list[Brief | Claims]) -> list[Problem]:
    """Two different names of topics (authors, agencies) that would share one page."""
    problems = []
    for taxonomy in TAXONOMIES:
        first: dict[str, tuple[str, Brief]] = {}
        for brief in briefs:
            for number, name in enumerate(getattr(brief, taxonomy), start=1):
                if name is None:  # an unsound brief's item that could not be read
                    continue
                slug = term_slug(name)
                known, owner = first.setdefault(slug, (name, brief))
                if not same_term(known, name):
                    problems.append(Problem(
                        str(content_dir / brief.source), brief.lines.get(f"{taxonomy}.{number}", 1), taxonomy,
                        f"item {number} would share the page /{taxonomy}/{slug}/ with another name (expected "
                        f"one spelling of one {_SINGULAR[taxonomy]}, found {name!r}, and {known!r} in "
                        f"content/{owner.source})"))
    return problems
