"""The published site as outputs see it: its briefs, their addresses, and who wrote them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from generator.model.brief import Brief
from generator.model.corpus import Corpus
from generator.model.dates import as_datetime


# Folders and file names without dot segments, queries or fragments: joined as they are.
_PLAIN_PATH = re.compile(r"(?:[\w~%-]+(?:\.[\w~%-]+)*/)*(?:[\w~%-]+(?:\.[\w~%-]+)*)?")


@dataclass(frozen=True)
class Person:
    initials: str
    name: str
    url: str | None = None


@dataclass
class Site:
    """One language's site: its briefs and settings. A site in one language is one Site."""

    name: str
    url: str  # absolute, ends with "/": https://example.org/briefs/
    language: str
    corpus: Corpus  # this language's briefs
    paths: dict[str, str]  # every brief's source -> path from the site root: "de/2024/07/slug/"
    now: datetime  # the build's moment, for "latest" outputs such as the news sitemap
    roster: dict[str, Person] = field(default_factory=dict)
    description: str = ""
    publication: str = ""  # the name on share cards and in the news sitemap (default: name)
    palette: str = "indigo"  # Material's primary colour, for share cards
    pictures: bool = True  # pictures made for every screen (outputs/pictures.py); off: as they are
    prefix: str = ""  # this language's folder from the site root: "" or "de/"
    language_name: str = ""  # in itself, for the language switcher: "Deutsch"
    direction: str = "ltr"
    feed_title: str = ""  # default: name
    copyright: str | None = None  # default: mkdocs.yml's
    front_topics: tuple[str, ...] = ()
    digits: str | None = None  # its dates' and counts' digits (latn, arab...); None: CLDR's
    dateline_zone: tzinfo | None = None  # the zone its datelines are told in; None: `zone`

    @property
    def zone(self) -> tzinfo:
        """The site's zone, where a plain date is midnight (in every language alike)."""
        return self.corpus.zone

    @property
    def base_path(self) -> str:
        """The site's path on its host: "/" or "/briefs/"."""
        return urlsplit(self.url).path or "/"

    def absolute(self, path: str) -> str:
        """Absolute URL of a path from the site root."""
        path = path.lstrip("/")
        if _PLAIN_PATH.fullmatch(path):  # the common case, without urljoin's cost
            return self.url + path
        return urljoin(self.url, path)

    def brief_path(self, brief: Brief) -> str:
        return self.paths[brief.source]

    def brief_url(self, brief: Brief) -> str:
        return self.absolute(self.paths[brief.source])

    def person(self, initials: str) -> Person:
        """The roster's entry, or the initials as written when the roster lacks them."""
        return self.roster.get(initials) or Person(initials, initials)

    def authors(self, brief: Brief) -> list[Person]:
        return [self.person(i) for i in brief.authors]


@dataclass
class Newsroom:
    """The site in all its languages: a Site each, the default first, and the briefs that
    are versions of one story (model/translations.stories)."""

    sites: dict[str, Site]  # by language code
    versions: dict[str, tuple[Brief, ...]] = field(default_factory=dict)  # source -> its story's

    def __post_init__(self):
        self._site_of = {source: site for site in self.sites.values() for source in site.corpus.by_source}

    @property
    def default(self) -> Site:
        return next(iter(self.sites.values()))

    @cached_property
    def briefs(self) -> list[Brief]:
        """Every published brief, newest first (the one language's own list, if one)."""
        if len(self.sites) == 1:
            return self.default.corpus.briefs
        every = [b for site in self.sites.values() for b in site.corpus.briefs]
        zone = self.default.zone
        return sorted(every, key=lambda b: (as_datetime(b.date, zone), b.source), reverse=True)

    def site_of(self, source: str) -> Site | None:
        """The Site a published brief is in; None for anything else."""
        return self._site_of.get(source)

    def brief(self, source: str) -> Brief | None:
        site = self._site_of.get(source)
        return site.corpus.by_source[source] if site else None

    def site_at(self, path: str) -> Site:
        """The language a page's path (from the site root) is in: the longest prefix it has."""
        found = self.default
        for site in self.sites.values():
            if site.prefix and path.startswith(site.prefix) and len(site.prefix) > len(found.prefix):
                found = site
        return found
