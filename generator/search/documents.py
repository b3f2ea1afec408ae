"""Search: the Pagefind index of the briefs, and the facets readers filter by.

The index is Pagefind's: chunked, so a reader's browser fetches only the chunks a
query needs instead of the whole archive, and searched with Pagefind's script. It is
written by search/writer.py from a document per brief: headline, lead, caption,
credit, body and sign-off, nothing of the page around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote

from generator.search import text as searchtext
from generator.model.brief import Brief
from generator.model.dates import as_datetime, readable, utc_stamp
from generator.outputs.wording import Wording
from generator.outputs import pictures
from generator.outputs.site import Site

# Briefs per index. A larger archive is indexed in shards of whole years, newest at
# the bundle's root, older ones merged in by the search script: the metadata a
# reader loads before a first result grows with the pages of an index.
SHARD_SIZE = 20_000


@dataclass(frozen=True)
class Facet:
    """A search filter and its values, with how many briefs have each."""

    key: str  # the URL parameter and Pagefind filter name: "topic"
    word: str  # the key of its name in outputs/wording.py: "topics"
    values: tuple[tuple[str, int], ...]


def brief_filters(site: Site, brief: Brief) -> list[tuple[str, str]]:
    """(facet, value) pairs of a brief's search document; `facets` offers the same values."""
    corpus = site.corpus
    return [
        *(("topic", term.name) for term in corpus.terms_of(brief, "topics")),
        *(("author", site.person(term.name).name) for term in corpus.terms_of(brief, "authors")),
        *(("agency", term.name) for term in corpus.terms_of(brief, "agencies")),
        ("year", str(brief.date.year)),
    ]


def facets(site: Site) -> list[Facet]:
    """The search page's filters, from the corpus: no index chunk is needed to list them."""
    taxonomies = site.corpus.taxonomies
    years: dict[str, int] = {}
    for (year, _), briefs in sorted(site.corpus.months.items(), reverse=True):
        years[str(year)] = years.get(str(year), 0) + len(briefs)
    return [
        Facet("topic", "topics", tuple((t.name, len(t.briefs)) for t in taxonomies["topics"].values())),
        Facet("author", "authors", tuple(
            (site.person(t.name).name, len(t.briefs)) for t in taxonomies["authors"].values())),
        Facet("agency", "agencies", tuple((t.name, len(t.briefs)) for t in taxonomies["agencies"].values())),
        Facet("year", "years", tuple(years.items())),
    ]


@dataclass(frozen=True)
class SearchDocument:
    """What search knows of one brief: its text, and the facets, sort key and meta of its result."""

    path: str  # from the site root: "2024/07/assad-putin-moscow/"
    title: str
    lead: str
    body: str  # Markdown
    date: str  # as results show it
    stamp: str  # sorts as text in time order
    year: str  # the year the brief is filed under, which shards follow
    week: str  # Monday of its week: date order in buckets, see DATE_ORDER
    kicker: str | None
    image: str | None  # path from the site root
    figure: str  # caption and credit
    sign_off: str
    filters: tuple[tuple[str, str], ...]
    image_avif: str = ""  # the image's AVIF files, a srcset of paths from the site root


def documents(site: Site) -> list[SearchDocument]:
    """One document per published brief (drafts are never indexed, even in preview)."""
    zone = site.corpus.zone
    found = []
    say = Wording(site.language, site.digits)  # a result's date and credit as its page has them
    for brief in site.corpus.briefs:
        if brief.draft:
            continue
        image = brief.image
        figure = " ".join(filter(None, [image and image.caption,
                                        image and image.credit and say.credit(image.credit)]))
        found.append(
            SearchDocument(
                path=site.brief_path(brief),
                title=brief.title,
                lead=brief.lead,
                body=brief.body,
                date=readable(brief.date, brief.lang or site.language, site.digits),
                stamp=utc_stamp(brief.date, zone),
                year=str(brief.date.year),
                week=_week(brief, zone),
                kicker=brief.kicker,
                image=pictures.thumbnail(site, image) if image else None,
                image_avif=pictures.thumbnail_srcset(site, image) if image else "",
                figure=figure,
                sign_off=brief.sign_off,
                filters=tuple(brief_filters(site, brief)),
            )
        )
    return found


def _week(brief: Brief, zone) -> str:
    day = as_datetime(brief.date, zone).date()
    return (day - timedelta(days=day.weekday())).isoformat()


# DATE_ORDER: newest-first results do not use Pagefind's sort, whose table of every
# page goes into the metadata each reader downloads before the first result (25 KiB
# at 10,000 briefs, 250 KiB at 100,000). Instead each brief has a hidden "week"
# filter: the search script asks how many results fall in each week, takes the
# newest weeks that hold enough of them, and orders those exactly by their stamp.


def shards(docs: list[SearchDocument], size: int = SHARD_SIZE) -> list[tuple[str, list[SearchDocument]]]:
    """(folder in the bundle, documents) of each shard, newest first; the newest folder is ""."""
    years: dict[str, list[SearchDocument]] = {}
    for doc in sorted(docs, key=lambda d: d.stamp, reverse=True):
        years.setdefault(doc.year, []).append(doc)
    groups: list[list[str]] = []
    for year in years:  # newest first
        if groups and sum(len(years[y]) for y in groups[-1]) + len(years[year]) <= size:
            groups[-1].append(year)
        else:
            groups.append([year])
    return [
        ("" if number == 0 else f"older/{'-'.join(sorted({group[-1], group[0]}))}/",
         [d for y in group for d in years[y]])
        for number, group in enumerate(groups)
    ]


def index_document(doc: SearchDocument):
    """What the index holds of a brief (a writer.Document): its own words, and its
    result's meta and facets."""
    blocks = [
        *([(0, doc.kicker)] if doc.kicker else []), (1, doc.title), (0, doc.lead),
        *([(0, doc.figure)] if doc.figure else []),
        *searchtext.body_blocks(doc.body),
        *([(0, doc.sign_off)] if doc.sign_off else []),
    ]
    meta = {"title": doc.title, "lead": doc.lead, "date": doc.date, "stamp": doc.stamp,
            **({"kicker": doc.kicker} if doc.kicker else {}), **({"image": doc.image} if doc.image else {}),
            **({"image_avif": doc.image_avif} if doc.image_avif else {})}
    from generator.search import writer  # here: a build with every shard cached needs none of it

    # The address as Pagefind stores it, decoded: a page at /2024/07/zürich/ is found at that path.
    return writer.Document(unquote(doc.path), tuple(blocks), meta, (*doc.filters, ("week", doc.week)))


