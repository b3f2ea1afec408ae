"""The brief: the typed model its front matter becomes (see reading.read_brief for how).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timezone
from functools import cached_property

from generator.model.dates import Moment, as_datetime


@dataclass(frozen=True)
class Picture:
    """A picture file of content/, as its bytes say: a brief's image, or one its body shows."""

    src: str  # path from content/, e.g. "2024/07/assad-putin.jpg"
    type: str  # MIME type, from the file's bytes: "image/jpeg"
    width: int  # upright, as shown (a camera's EXIF orientation applied)
    height: int
    digest: str = ""  # of its bytes: a new picture under the same name is a change
    preview: str = ""  # a tiny copy, a data: URI shown while it loads; "" for a transparent one
    animated: bool = False  # several frames: shown as it is, not resized
    transparent: bool = False  # some pixels see-through: kept so in every file made of it


@dataclass(frozen=True)
class Image(Picture):
    alt: str = ""
    caption: str | None = None
    credit: str | None = None
    focus: tuple[float, float] | None = None  # (x, y) from 0 to 1: what every crop keeps


@dataclass(frozen=True)
class Correction:
    """A fix published after the brief: when, and what was wrong."""

    date: Moment
    text: str


@dataclass(frozen=True)
class Brief:
    source: str  # path from content/, e.g. "2024/07/assad-putin-moscow.md"
    slug: str
    title: str
    date: Moment
    lead: str
    body: str
    updated: Moment | None = None
    kicker: str | None = None
    shortlink: str | None = None
    image: Image | None = None
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    lang: str | None = None
    translation_of: str | None = None  # the brief this one translates: "2024/07/name.md"
    draft: bool = False
    pin: bool = False
    pin_until: Moment | None = None  # when the pin ends (see outputs/listings.front_pages)
    redirect_from: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    body_pictures: tuple[Picture, ...] = ()  # files of content/ the body shows, e.g. "2024/07/chart.png"
    # front matter field -> line in the file, for problems found after reading
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def revised(self) -> Moment | None:
        """When the brief last changed after publication: `updated` or its latest correction."""
        moments = [m for m in (self.updated, *(c.date for c in self.corrections)) if m is not None]
        # A plain date counts as its UTC midnight here: only the order matters.
        return max(moments, key=lambda m: as_datetime(m, timezone.utc)) if moments else None

    @cached_property
    def digest(self) -> str:
        """Every field as read, hashed: a new image size counts as a change too.

        Kept on the brief, and so in the brief cache with it: hashed once, by the
        worker that parsed the brief."""
        return hashlib.blake2b(repr(self).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    @property
    def sign_off(self) -> str:
        """The closing line as newsrooms write it: `es/rmt (AP, AFP, Reuters)`."""
        parts = ["/".join(self.authors)] if self.authors else []
        if self.agencies:
            parts.append(f"({', '.join(self.agencies)})")
        return " ".join(parts)


@dataclass(frozen=True)
class Claims:
    """What an unsound brief claims of the whole site, from the fields that could be read:
    its slug, shortlink, old addresses and terms. Checked against the other briefs in the
    same run (corpus.clashes, redirects.plan), so that a clash is not found only once the
    brief's other mistakes are fixed. A Brief has the same attributes."""

    source: str
    slug: str | None
    shortlink: str | None = None
    redirect_from: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
