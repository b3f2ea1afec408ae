"""The pages around the briefs: front page, topic, author and agency pages, archives, corrections."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from generator.outputs.listings import Listing, all_listings, archive_pages, corrections_pages, front_pages, \
    paginate, taxonomy_pages

from generator.model.brief import Image

from inmemory import make_brief, make_corpus, make_site, moment, series

NAMES = {"es": "Elena Stavrou", "rmt": "Rafael M. Tavares"}


def author_name(initials: str) -> str:
    return NAMES.get(initials, initials)


def slugs(briefs) -> list[str]:
    return [b.slug for b in briefs]


def by_path(listings) -> dict[str, Listing]:
    return {listing.path: listing for listing in listings}


# --- pagination --------------------------------------------------------------------------


def test_a_full_page_is_one_page_and_one_brief_more_starts_a_second():
    full = paginate("topics/x/", "X", series(10), 10, template="listing.html")
    assert [(p.path, len(p.briefs), p.previous, p.next) for p in full] == [("topics/x/", 10, None, None)]
    more = paginate("topics/x/", "X", series(11), 10, template="listing.html")
    assert [(p.path, p.title, len(p.briefs), p.count) for p in more] == [
        ("topics/x/", "X", 10, 2), ("topics/x/page/2/", "X (page 2)", 1, 2),
    ]
    assert (more[0].previous, more[0].next) == (None, "topics/x/page/2/")
    assert (more[1].previous, more[1].next) == ("topics/x/", None)


def test_pages_hold_every_brief_once_in_order():
    briefs = series(25)
    pages = paginate("", "Latest", briefs, 10, template="listing.html")
    assert [len(p.briefs) for p in pages] == [10, 10, 5]
    assert [b for p in pages for b in p.briefs] == briefs
    assert [p.path for p in pages] == ["", "page/2/", "page/3/"]


def test_a_listing_with_no_briefs_is_still_one_page():
    (page,) = paginate("", "Latest briefs", [], 10, template="listing.html")
    assert (page.path, page.briefs, page.count, page.next) == ("", (), 1, None)


@pytest.mark.parametrize("number, count, shown", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (1, 10, [1, 2, 3, None, 10]),
    (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),  # one page between 1 and 3: that page, not "..."
    (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
    (12, 12, [1, None, 10, 11, 12]),
])
def test_the_pager_links_the_ends_and_the_pages_around_this_one(number, count, shown):
    listing = Listing("topics/x/page/2/", "X", "listing.html", number=number, count=count, first="topics/x/")
    pager = listing.pager()
    assert [item and item[0] for item in pager] == shown
    paths = {n: path for n, path in filter(None, pager)}
    last = "topics/x/" if count == 1 else f"topics/x/page/{count}/"
    assert paths[1] == "topics/x/" and paths[count] == last


def test_the_pager_of_a_long_listing_stays_short():
    listing = Listing("page/2500/", "L", "listing.html", number=2500, count=5000, first="")
    assert len(listing.pager()) == 9  # 1, ..., 2498-2502, ..., 5000


# --- the front page -------------------------------------------------------------------------


def test_lead_stories_head_the_first_front_page_only_and_are_not_listed_twice():
    briefs = series(5)
    lead = make_brief("lead", briefs[0].date - timedelta(days=1), pin=True)  # older than every other
    pages = front_pages(make_corpus([*briefs, lead]), 3)
    assert slugs(pages[0].leads) == ["lead"] and pages[1].leads == ()
    assert [slugs(p.briefs) for p in pages] == [["b5", "b4", "b3"], ["b2", "b1"]]
    assert all(p.template == "listing.html" for p in pages)


PICTURE = Image(src="a.jpg", type="image/jpeg", width=1600, height=900, alt="A picture")
NOW = datetime(2024, 7, 10, 12, tzinfo=timezone.utc)


def test_without_a_pin_the_newest_brief_with_a_picture_leads_and_is_not_listed_again():
    briefs = series(4)
    briefs[1] = replace(briefs[1], image=PICTURE)  # b2: older than b3 and b4
    (page,) = front_pages(make_corpus(briefs), 10, NOW)
    assert slugs(page.leads) == ["b2"] and slugs(page.briefs) == ["b4", "b3", "b1"]
    (page,) = front_pages(make_corpus(series(2)), 10, NOW)  # no picture at all: the newest
    assert slugs(page.leads) == ["b2"] and slugs(page.briefs) == ["b1"]


def test_a_newer_pin_takes_the_lead_and_the_older_stays_pinned_under_it():
    old = make_brief("old-pin", "2024-07-01T08:00:00+02:00", pin=True)
    new = make_brief("new-pin", "2024-07-03T08:00:00+02:00", pin=True)
    (page,) = front_pages(make_corpus([*series(3, "2024-07-05T08:00:00+02:00"), old, new]), 10, NOW)
    assert slugs(page.leads) == ["new-pin", "old-pin"]
    assert slugs(page.briefs) == ["b3", "b2", "b1"]


@pytest.mark.parametrize("until, leads", [
    ("2024-07-10T13:00:00+00:00", ["pinned"]),  # an hour ahead: still in force
    ("2024-07-10T12:00:00+00:00", ["b3"]),  # ends at this very moment
    ("2024-07-10", ["b3"]),  # a plain date: its midnight where the site is
    ("2024-07-11", ["pinned"]),
])
def test_a_pin_ends_at_its_pin_until_and_the_brief_goes_back_in_its_place(until, leads):
    pinned = make_brief("pinned", "2024-07-02T08:00:00+02:00", pin=True, pin_until=moment(until))
    briefs = [replace(b, image=PICTURE) for b in series(3, "2024-07-01T08:00:00+02:00", step=timedelta(days=2))]
    (page,) = front_pages(make_corpus([*briefs, pinned]), 10, NOW)
    assert slugs(page.leads) == leads
    assert "pinned" in slugs((*page.leads, *page.briefs))  # never lost
    if leads != ["pinned"]:
        assert slugs(page.briefs) == ["b2", "pinned", "b1"]  # by its date


def test_featured_topics_show_their_newest_briefs_not_already_on_the_page():
    economy = series(6, "2024-06-01T08:00:00+02:00", prefix="e", topics=["Economy"])
    (first, second) = front_pages(make_corpus([*series(5, topics=["Syria"]), *economy]), 6, NOW, ["economy", "Syria"])
    # On the first page, six: the lead b5, then b4 to b1 and e6.
    assert [(b.name, b.path) for b in first.blocks] == [("Economy", "topics/economy/")]  # Syria: all shown
    assert slugs(first.blocks[0].briefs) == ["e5", "e4", "e3", "e2"]
    assert second.blocks == ()


def test_a_featured_topic_no_brief_has_is_warned_about_by_name(caplog):
    (page,) = front_pages(make_corpus(series(2, topics=["Syria"])), 2, NOW, ["Sirya"])
    assert page.blocks == ()
    assert "front_topics" in caplog.text and "'Sirya'" in caplog.text and "did you mean 'Syria'" in caplog.text


# --- topics, authors, agencies -------------------------------------------------------------


def test_each_taxonomy_has_an_index_of_its_terms_with_their_counts():
    corpus = make_corpus([
        make_brief("a", "2024-07-01", topics=["Syria", "Russia"], authors=["es"], agencies=["AP"]),
        make_brief("b", "2024-07-02", topics=["Syria"], authors=["es", "rmt"]),
    ])
    found = by_path(taxonomy_pages(corpus, 10, author_name))
    topics = found["topics/"]
    assert (topics.title, topics.template) == ("Topics", "directory.html")
    assert [(e.name, e.path, e.count) for e in topics.entries] == [
        ("Russia", "topics/russia/", 1), ("Syria", "topics/syria/", 2),
    ]
    authors = [(e.name, e.count) for e in found["authors/"].entries]
    assert authors == [("Elena Stavrou", 2), ("Rafael M. Tavares", 1)]
    assert [(e.name, e.count) for e in found["agencies/"].entries] == [("AP", 1)]


def test_a_term_page_lists_its_briefs_newest_first_under_its_name():
    corpus = make_corpus([
        make_brief("old", "2024-07-01", topics=["Syria"], authors=["es"]),
        make_brief("new", "2024-07-03", topics=["Syria"], authors=["es"]),
        make_brief("other", "2024-07-02", topics=["Russia"]),
    ])
    found = by_path(taxonomy_pages(corpus, 10, author_name))
    syria = found["topics/syria/"]
    assert (syria.title, syria.label, slugs(syria.briefs)) == ("Syria", "Topic", ["new", "old"])
    author = found["authors/es/"]
    assert (author.title, author.label, slugs(author.briefs)) == ("Elena Stavrou", "Author", ["new", "old"])


def test_only_topic_pages_have_feeds_of_their_own():
    corpus = make_corpus([make_brief("a", "2024-07-01", topics=["Syria"], authors=["es"], agencies=["AP"])])
    found = by_path(taxonomy_pages(corpus, 10, author_name))
    assert found["topics/syria/"].feeds == "topics/syria/"
    assert found["authors/es/"].feeds is None and found["agencies/ap/"].feeds is None


def test_a_busy_topic_is_paginated_under_its_own_address():
    corpus = make_corpus(series(7, topics=["Syria"]))
    pages = [p for p in taxonomy_pages(corpus, 3, author_name) if p.first == "topics/syria/"]
    assert [(p.path, len(p.briefs)) for p in pages] == [
        ("topics/syria/", 3), ("topics/syria/page/2/", 3), ("topics/syria/page/3/", 1),
    ]
    assert all(p.feeds == "topics/syria/" for p in pages)  # every page links the topic's feed


# --- the archive ---------------------------------------------------------------------------


ARCHIVE = [
    make_brief("jan-2023", "2023-01-15"), make_brief("jul-2024-a", "2024-07-02"),
    make_brief("dec-2023", "2023-12-31T23:30:00-05:00"),  # December where it was written
    make_brief("mar-2024", "2024-03-01"), make_brief("jul-2024-b", "2024-07-20"),
]


def test_the_archive_lists_years_then_months_newest_first_with_their_counts():
    index, *_ = archive_pages(make_corpus(ARCHIVE), 10)
    assert (index.path, index.template) == ("archive/", "directory.html")
    tree = [(y.name, y.path, y.count, [(m.name, m.path, m.count) for m in y.children]) for y in index.entries]
    assert tree == [
        ("2024", "archive/2024/", 3, [("July 2024", "archive/2024/07/", 2),
                                      ("March 2024", "archive/2024/03/", 1)]),
        ("2023", "archive/2023/", 2, [("December 2023", "archive/2023/12/", 1),
                                      ("January 2023", "archive/2023/01/", 1)]),
    ]


def test_a_month_and_a_year_page_list_their_briefs_newest_first():
    found = by_path(archive_pages(make_corpus(ARCHIVE), 10))
    assert (found["archive/2024/07/"].title, found["archive/2024/07/"].label) == ("July 2024", "Archive")
    assert slugs(found["archive/2024/07/"].briefs) == ["jul-2024-b", "jul-2024-a"]
    assert slugs(found["archive/2024/"].briefs) == ["jul-2024-b", "jul-2024-a", "mar-2024"]
    assert slugs(found["archive/2023/"].briefs) == ["dec-2023", "jan-2023"]


def test_a_busy_month_is_paginated():
    found = by_path(archive_pages(make_corpus(series(5, "2024-07-01T08:00:00+02:00")), 2))
    assert [len(found[p].briefs) for p in ("archive/2024/07/", "archive/2024/07/page/2/",
                                            "archive/2024/07/page/3/")] == [2, 2, 1]
    assert found["archive/2024/07/page/3/"].title == "July 2024 (page 3)"


def test_an_empty_site_has_an_empty_archive():
    assert [(p.path, p.entries) for p in archive_pages(make_corpus([]), 10)] == [("archive/", ())]


# --- corrections ---------------------------------------------------------------------------


def test_there_is_no_corrections_page_while_nothing_was_corrected():
    assert corrections_pages(make_corpus(series(3))) == []


def test_the_corrections_page_lists_every_correction_newest_first():
    corpus = make_corpus([
        make_brief("one", "2024-07-01", corrections=[("2024-07-02T10:00:00+02:00", "First fix."),
                                                      ("2024-07-05T10:00:00+02:00", "Third fix.")]),
        make_brief("two", "2024-07-03", corrections=[("2024-07-04T10:00:00+02:00", "Second fix.")]),
    ])
    (page,) = corrections_pages(corpus)
    assert (page.path, page.title, page.template) == ("corrections/", "Corrections", "corrections.html")
    assert [(b.slug, c.text) for b, c in page.corrections] == [
        ("one", "Third fix."), ("two", "Second fix."), ("one", "First fix."),
    ]


def test_a_correction_on_a_plain_date_counts_from_midnight_where_the_site_is():
    corpus = make_corpus([
        make_brief("dated", "2024-07-01", corrections=[("2024-07-27", "On a day.")]),  # 22:00 UTC, July 26
        make_brief("timed", "2024-07-01", corrections=[("2024-07-26T23:00:00+00:00", "At a time.")]),
    ])
    (page,) = corrections_pages(corpus)
    assert [c.text for _, c in page.corrections] == ["At a time.", "On a day."]


# --- every page of the site ------------------------------------------------------------------


def test_every_listing_has_an_address_of_its_own_and_each_brief_is_on_one_front_page():
    briefs = [*series(23, topics=["Syria"], authors=["es"]),
              *series(4, "2023-12-30T20:00:00+01:00", step=timedelta(days=1), prefix="c", topics=["Russia"],
                      agencies=["AP"], corrections=[("2024-07-01", "Fixed.")]),
              make_brief("lead", "2024-07-02", pin=True)]
    listings = all_listings(make_site(briefs), 5, author_name)
    assert [path for path, count in Counter(l.path for l in listings).items() if count > 1] == []
    assert {"search/", "", "page/5/", "topics/", "topics/syria/page/5/", "authors/es/", "agencies/ap/",
            "archive/", "archive/2024/", "archive/2023/12/", "archive/2024/01/", "corrections/",
            } <= {l.path for l in listings}
    front = [l for l in listings if l.first == "" and l.template == "listing.html"]
    assert Counter(b.slug for l in front for b in (*l.leads, *l.briefs)) == Counter(b.slug for b in briefs)
    assert all(l.src_uri == l.path + "index.md" for l in listings)


def test_the_listings_titles_are_the_site_s_language_s_words(monkeypatch):
    """A site in a language with its column in the table titles its pages in it."""
    from generator.outputs import wording

    column = {"latest_briefs": "Neueste", "topics": "Themen", "topic": "Thema", "archive": "Archiv",
              "search": "Suche", "page_n": "Seite {n}"}
    monkeypatch.setitem(wording.WORDS, "de", column)
    briefs = series(12, topics=["Syria"])
    titles = {listing.path: (listing.title, listing.label) for listing in
              all_listings(make_site(briefs, language="de"), 5, author_name)}
    assert titles["search/"][0] == "Suche" and titles["topics/"][0] == "Themen"
    assert titles[""][0] == "Neueste" and titles["page/2/"][0] == "Neueste (Seite 2)"
    assert titles["topics/syria/"] == ("Syria", "Thema") and titles["archive/"][0] == "Archiv"
