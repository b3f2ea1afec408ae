"""The published site as outputs see it: its briefs, their addresses, and who wrote them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from generator.model.brief import Brief
from generator.model.corpus import Corpus


# Folders and file names without dot segments, queries or fragments: joined as they are.
_PLAIN_PATH = re.compile(r"(?:[\w~%-]+(?:\.[\w~%-]+)*/)*(?:[\w~%-]+(?:\.[\w~%-]+)*)?")


@dataclass(frozen=True)
class Person:
    initials: str
    name: str
    url: str | None = None


@dataclass
class Site:
    name: str
    url: str  # absolute, ends with "/": https://example.org/briefs/
    language: str
    corpus: Corpus
    paths: dict[str, str]  # brief source -> path from the site root: "2024/07/slug/"
    now: datetime  # the build's moment, for "latest" outputs such as the news sitemap
    roster: dict[str, Person] = field(default_factory=dict)
    description: str = ""
    publication: str = ""  # the name on share cards and in the news sitemap (default: name)
    palette: str = "indigo"  # Material's primary colour, for share cards
    pictures: bool = True  # pictures made for every screen (outputs/pictures.py); off: as they are

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
