"""Briefs, corpora and sites made in memory, for unit tests of the pure modules.

No files and no build: `make_brief` gives the `Brief` that read_brief would give for the
file content/YYYY/MM/<slug>.md of its date (tests/model/test_inmemory.py holds it to
that), `make_corpus` and `make_site` put briefs together as the plugin does, with every
brief at the address MkDocs gives its file: "2024/07/<slug>/".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from generator.model.brief import Brief, Correction, Image
from generator.model.corpus import Corpus
from generator.model.dates import Moment, parse_moment
from generator.outputs.site import Person, Site

ZONE = ZoneInfo("Europe/Berlin")  # the sample site's, and conftest.make_project's
SITE_URL = "https://news.example.org/"
NOW = datetime(2024, 8, 1, 12, 0, tzinfo=ZONE)  # after every default date below

__all__ = ["Correction", "Image", "NOW", "Person", "SITE_URL", "ZONE", "make_brief", "make_corpus",
           "make_site", "moment", "series"]


def moment(value: Moment | str) -> Moment:
    """A moment as front matter writes it ("2024-07-25", "2024-07-25T11:00:00+02:00"), or as it is."""
    return parse_moment(value) if isinstance(value, str) else value


def make_brief(slug: str = "cranes", date: Moment | str = "2024-07-25T11:00:00+02:00", **fields) -> Brief:
    """A sound brief dated `date`, with a title and lead made from its slug unless given.

    Dates may be written as in front matter; `corrections` may be (date, text) pairs;
    lists may be lists. Any other field is a `Brief` field, as it is."""
    when = moment(date)
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    fields.setdefault("lead", f"What happened: {fields['title']}.")
    fields.setdefault("body", "Text.\n")
    if fields.get("updated") is not None:
        fields["updated"] = moment(fields["updated"])
    fields["corrections"] = tuple(
        c if isinstance(c, Correction) else Correction(moment(c[0]), c[1])
        for c in fields.get("corrections", ())
    )
    for name in ("authors", "agencies", "topics", "redirect_from", "body_pictures"):
        fields[name] = tuple(fields.get(name, ()))
    return Brief(source=f"{when.year:04d}/{when.month:02d}/{slug}.md", slug=slug, date=when, **fields)


def series(count: int, start: Moment | str = "2024-07-01T08:00:00+02:00", step=timedelta(hours=1),
           prefix: str = "b", **fields) -> list[Brief]:
    """`count` briefs `step` apart from `start`, oldest first: b1, b2, ... (b<count> is the newest)."""
    first = moment(start)
    return [make_brief(f"{prefix}{n}", first + step * (n - 1), **fields) for n in range(1, count + 1)]


def make_corpus(briefs=(), zone=ZONE) -> Corpus:
    return Corpus(list(briefs), zone)


def make_site(briefs=(), *, url: str = SITE_URL, now: datetime = NOW, roster: dict[str, Person] | None = None,
              name: str = "Test briefing", language: str = "en", description: str = "", zone=ZONE) -> Site:
    """The published site of `briefs` (a Corpus, or briefs to make one of)."""
    corpus = briefs if isinstance(briefs, Corpus) else make_corpus(briefs, zone)
    paths = {b.source: b.source.removesuffix(".md") + "/" for b in corpus.briefs}
    return Site(name=name, url=url, language=language, corpus=corpus, paths=paths, now=now,
                roster=dict(roster or {}), description=description)
