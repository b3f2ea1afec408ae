"""The pages around the briefs: front page, topic/author/agency pages, archives.

Each is a `Listing`: a path, a title, a template and what it lists. The plugin turns
them into MkDocs pages; nothing here knows about MkDocs.
"""

from __future__ import annotations

import difflib
import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

from generator.model.brief import Brief, Correction
from generator.model.corpus import Corpus
from generator.model.dates import as_datetime, in_digits, month_title
from generator.outputs.site import Site
from generator.outputs.wording import Wording

log = logging.getLogger("mkdocs.plugins.briefing")

PAGER_AROUND = 2  # pages linked either side of the current one, besides the first and last
# Each taxonomy's words (outputs/wording.py): its index page's title, its terms' label.
TAXONOMY_WORDS = {"topics": ("topics", "topic"), "authors": ("authors", "author"),
                  "agencies": ("agencies", "agency")}
ENGLISH = Wording("en")  # the words of listings made without a site (tests, tools)


@dataclass(frozen=True)
class Entry:
    """A link in an index page: a term or an archive period, and how many briefs it has."""

    name: str
    path: str
    count: int
    children: tuple["Entry", ...] = ()


@dataclass(frozen=True)
class Block:
    """A featured topic under the front page's latest stories: its page and newest briefs."""

    name: str
    path: str
    briefs: tuple[Brief, ...]


BLOCK_SIZE = 4  # briefs in a featured topic's block


@dataclass(frozen=True)
class Listing:
    path: str  # from the site root, ends with "/": "topics/syria/page/2/"
    title: str
    template: str  # theme template that renders it
    label: str = ""  # what the title names: "Topic", "Archive"
    briefs: tuple[Brief, ...] = ()
    leads: tuple[Brief, ...] = ()  # the front page's first: the lead story, then the other pins
    blocks: tuple[Block, ...] = ()  # the front page's featured topics
    entries: tuple[Entry, ...] = ()  # for index pages
    number: int = 1  # page number within a paginated listing
    count: int = 1  # pages in the listing
    first: str = ""  # path of its first page; page N is at first + "page/N/"
    feeds: str | None = None  # folder holding this listing's own feeds, e.g. "topics/syria/"
    corrections: tuple[tuple[Brief, Correction], ...] = ()  # for the corrections page

    def stub(self) -> str:
        """The Markdown MkDocs reads for the page: its title and template, no sidebars."""
        return (f"---\ntitle: {json.dumps(self.title)}\ntemplate: {self.template}\n"
                "hide: [navigation, toc]\n---\n")

    @property
    def src_uri(self) -> str:
        """Where MkDocs should think the page's source is, so its URL is `path`."""
        return f"{self.path}index.md"

    def page_path(self, number: int) -> str:
        return self.first if number == 1 else f"{self.first}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self.page_path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.page_path(self.number + 1) if self.number < self.count else None

    def pager(self, around: int = PAGER_AROUND) -> list[tuple[int, str] | None]:
        """(number, path) of the pages the pager links: the first, the last and `around`
        either side of this one; None for each run of numbers left out. Linking every
        page would make each of a 5,000-page listing's pages carry 5,000 links."""
        near = range(max(1, self.number - around), min(self.count, self.number + around) + 1)
        shown = sorted({1, self.count, *near})
        found: list[tuple[int, str] | None] = []
        for before, number in zip([0, *shown], shown):
            if number - before == 2:  # one page left out: that page, rather than an ellipsis
                found.append((before + 1, self.page_path(before + 1)))
            elif number - before > 2:
                found.append(None)
            found.append((number, self.page_path(number)))
        return found


def paginate(path: str, title: str, briefs, size: int, say: Wording = ENGLISH, **extra) -> list[Listing]:
    """One listing per `size` briefs: path, then path/page/2/, path/page/3/, ..."""
    chunks = [tuple(briefs[i : i + size]) for i in range(0, len(briefs), size)] or [()]
    return [
        Listing(
            path=path if n == 1 else f"{path}page/{n}/",
            title=title if n == 1 else f"{title} ({say('page_n', n=n)})",
            briefs=chunk,
            number=n,
            count=len(chunks),
            first=path,
            **extra,
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def pinned_at(corpus: Corpus, now: datetime | None) -> list[Brief]:
    """The briefs whose pin is in force at `now`, newest first: `pin: true`, and a
    `pin_until` (if any) still ahead. None: every pin is (a build without a moment)."""
    return [b for b in corpus.briefs if b.pin and (
        b.pin_until is None or now is None or as_datetime(b.pin_until, corpus.zone) > now)]


def front_pages(corpus: Corpus, size: int, now: datetime | None = None,
                topics: tuple[str, ...] | list[str] = (), say: Wording = ENGLISH) -> list[Listing]:
    """The front page: the lead story, the other pinned briefs, the rest newest first.

    The lead is the most recently pinned brief, which is the newest of those pinned at
    `now` (the build's moment: the one that holds future briefs back). A newer pin takes
    the lead; the older one is not dropped but stays among the pinned under it, until
    its own `pin_until` ends it: an editor who pins a second story wants both on top,
    the new one first, and unpinning is a change of its own. An ended pin is an ordinary
    brief again, in its place by date. Without a pin in force, the lead is the newest
    brief with a picture (else the newest), one of the first page's `size` briefs. The
    rest are paginated; the first page also has a block per featured topic (`topics`,
    from mkdocs.yml's front_topics) holding its newest briefs not already on that page.
    """
    pinned = pinned_at(corpus, now)
    chosen = [] if pinned else next(([b] for b in corpus.briefs if b.image), list(corpus.briefs[:1]))
    leads = tuple(pinned or chosen)
    on_top = {b.source for b in leads}
    # Pins come on top of a page's `size` briefs, as they always did; a lead chosen for
    # its picture is one of them.
    flow = chosen + [b for b in corpus.briefs if b.source not in on_top]
    pages = paginate(corpus.prefix, say("latest_briefs"), flow, size, say, template="listing.html")
    briefs = pages[0].briefs[len(chosen):]
    shown = {b.source for b in (*leads, *briefs)}
    pages[0] = replace(pages[0], briefs=briefs, leads=leads, blocks=featured(corpus, topics, shown))
    return pages


def featured(corpus: Corpus, names, shown: set[str]) -> tuple[Block, ...]:
    """A block per topic named in `names` that has briefs not `shown`. A name no brief
    has is a warning (a typo, most likely), and no block."""
    terms = corpus.taxonomies["topics"]
    blocks = []
    for name in names:
        term = terms.get(corpus.slug_of(name))
        if term is None:
            close = difflib.get_close_matches(name, [t.name for t in terms.values()], n=1)
            log.warning(f"mkdocs.yml: plugins.briefing.front_topics: no published brief has the topic "
                        f"{name!r}{f' (did you mean {close[0]!r}?)' if close else ''}; "
                        "the front page shows no block for it")
            continue
        briefs = tuple(b for b in term.briefs if b.source not in shown)[:BLOCK_SIZE]
        if briefs:
            blocks.append(Block(term.name, term.path, briefs))
    return tuple(blocks)


def taxonomy_pages(corpus: Corpus, size: int, author_name: Callable[[str], str],
                   say: Wording = ENGLISH) -> list[Listing]:
    """An index of each taxonomy's terms, and a listing per term. Authors show by name."""
    listings = []
    for taxonomy, terms in corpus.taxonomies.items():
        plural, singular = (say(word) for word in TAXONOMY_WORDS[taxonomy])
        name = author_name if taxonomy == "authors" else str
        entries = tuple(
            Entry(name(t.name), t.path, len(t.briefs)) for t in terms.values()
        )
        listings.append(Listing(f"{corpus.prefix}{taxonomy}/", plural, "directory.html", entries=entries))
        for term in terms.values():
            listings += paginate(
                term.path, name(term.name), term.briefs, size, say, template="listing.html", label=singular,
                feeds=term.path if taxonomy == "topics" else None,
            )
    return listings


def archive_pages(corpus: Corpus, size: int, say: Wording = ENGLISH) -> list[Listing]:
    years: dict[int, list[tuple[int, list[Brief]]]] = {}
    for (year, month), briefs in sorted(corpus.months.items(), reverse=True):
        years.setdefault(year, []).append((month, briefs))
    listings, entries = [], []
    for year, months in years.items():
        children = []
        for month, briefs in months:
            path = f"{corpus.prefix}archive/{year}/{month:02d}/"
            title = month_title(year, month, say.tag, say.digits)  # "July 2024", "Juli 2024", "يوليو 2024"
            children.append(Entry(title, path, len(briefs)))
            listings += paginate(path, title, briefs, size, say, template="listing.html",
                                 label=say("archive"))
        year_briefs = [b for _, briefs in months for b in briefs]
        path = f"{corpus.prefix}archive/{year}/"
        year_title = in_digits(str(year), say.tag, say.digits)  # "2024", "۲۰۲۴"
        entries.append(Entry(year_title, path, len(year_briefs), tuple(children)))
        listings += paginate(path, year_title, year_briefs, size, say, template="listing.html",
                             label=say("archive"))
    listings.insert(0, Listing(f"{corpus.prefix}archive/", say("archive"), "directory.html",
                               entries=tuple(entries)))
    return listings


CORRECTIONS = "corrections/"


def corrections_pages(corpus: Corpus, say: Wording = ENGLISH) -> list[Listing]:
    """Every correction of every brief, newest first; no page while there are none."""
    found = [(brief, correction) for brief in corpus.briefs for correction in brief.corrections]
    found.sort(key=lambda item: as_datetime(item[1].date, corpus.zone), reverse=True)
    return (
        [Listing(corpus.prefix + CORRECTIONS, say("corrections"), "corrections.html",
                 corrections=tuple(found))]
        if found else []
    )


def all_listings(site: Site, size: int, author_name: Callable[[str], str]) -> list[Listing]:
    """Every listing of one language's site, under its prefix, as of the build's moment
    (`site.now`: which pins are in force)."""
    corpus, say = site.corpus, Wording(site.language, site.digits)
    return (
        [Listing(f"{site.prefix}search/", say("search"), "search.html")]
        + front_pages(corpus, size, site.now, site.front_topics, say)
        + taxonomy_pages(corpus, size, author_name, say)
        + archive_pages(corpus, size, say)
        + corrections_pages(corpus, say)
    )
