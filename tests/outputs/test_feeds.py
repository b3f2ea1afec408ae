"""RSS, Atom and JSON Feed of the site and of each topic, read back as a feed reader reads them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import urlsplit

import feedparser
import pytest

from generator.model.publishing import select
from generator.outputs.feeds import KINDS, site_feeds, write_all

from inmemory import NOW, SITE_URL, ZONE, Image, Person, make_brief, make_site, series

XML_KINDS = ["feed.xml", "atom.xml"]
ROSTER = {"es": Person("es", "Elena Stavrou", "https://news.example.org/team/es/"),
          "rmt": Person("rmt", "Rafael M. Tavares")}


def written(site, folder: str = "", size: int = 10) -> dict[str, str]:
    """Every format of one feed of the site, by file name."""
    feed = site_feeds(site, size)[folder]
    return {path.removeprefix(folder): text for path, text in write_all(site, feed).items()}


def parsed(text: str):
    """The feed as feedparser reads it; it must read it without a complaint."""
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def json_feed(text: str) -> dict:
    """The JSON Feed, checked against the rules of version 1.1 (https://jsonfeed.org/version/1.1)."""
    feed = json.loads(text)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    for key in ("home_page_url", "feed_url"):
        assert urlsplit(feed[key]).scheme == "https", key
    assert isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text", item.get("content_html")), str)
        assert urlsplit(item["url"]).scheme == "https"
        for key in ("date_published", "date_modified"):
            assert instant(item[key]).tzinfo is not None, key  # RFC 3339: with an offset
        for author in item["authors"]:
            assert author.keys() <= {"name", "url", "avatar"} and author
        assert all(isinstance(tag, str) for tag in item["tags"])
    return feed


def links(site, folder: str = "", size: int = 10) -> dict[str, list[str]]:
    """The entries' links in each format, in the order each gives them."""
    files = written(site, folder, size)
    found = {name: [e.link for e in parsed(files[name]).entries] for name in XML_KINDS}
    found["feed.json"] = [item["url"] for item in json_feed(files["feed.json"])["items"]]
    return found


def urls(site, briefs) -> list[str]:
    return [site.brief_url(b) for b in briefs]


# --- what each feed holds ------------------------------------------------------------------


def test_the_site_feed_holds_the_newest_briefs_newest_first_in_every_format():
    briefs = series(15)
    site = make_site(briefs)
    newest_ten = urls(site, reversed(briefs[5:]))
    assert links(site) == {name: newest_ten for name in KINDS}


def test_a_feed_may_hold_all_the_briefs_there_are():
    site = make_site(series(3))
    assert {name: len(found) for name, found in links(site, size=10).items()} == dict.fromkeys(KINDS, 3)


def test_a_topic_feed_holds_only_that_topics_briefs_and_points_at_its_page():
    syria = series(3, topics=["Syria"])
    other = series(2, "2024-07-02T08:00:00+02:00", prefix="r", topics=["Russia"])
    site = make_site([*syria, *other])
    assert links(site, "topics/syria/") == {name: urls(site, reversed(syria)) for name in KINDS}
    files = written(site, "topics/syria/")
    rss, atom = parsed(files["feed.xml"]).feed, parsed(files["atom.xml"]).feed
    assert rss.title == atom.title == "Syria"
    assert rss.link == atom.link == SITE_URL + "topics/syria/"
    assert [l.href for l in rss.links if l.rel == "self"] == [SITE_URL + "topics/syria/feed.xml"]
    assert [l.href for l in atom.links if l.rel == "self"] == [SITE_URL + "topics/syria/atom.xml"]
    document = json_feed(files["feed.json"])
    assert (document["home_page_url"], document["feed_url"]) == (
        SITE_URL + "topics/syria/", SITE_URL + "topics/syria/feed.json")


def test_there_is_a_feed_for_the_site_and_for_each_topic_and_none_for_authors_or_agencies():
    site = make_site([make_brief("a", topics=["Syria", "Middle East"], authors=["es"], agencies=["AP"])])
    assert sorted(site_feeds(site, 10)) == ["", "topics/middle-east/", "topics/syria/"]


def test_a_draft_never_reaches_a_feed_and_a_dated_brief_reaches_them_at_its_time():
    due = NOW + timedelta(hours=1)
    briefs = [make_brief("out", "2024-07-20", topics=["Syria"]),
              make_brief("secret", "2024-07-21", topics=["Syria", "Leaks"], draft=True),
              make_brief("embargoed", due, topics=["Syria"])]

    def feeds_at(now) -> dict[str, list[str]]:
        """Each feed's entries, by folder, as a build at `now` writes them (all formats alike)."""
        site = make_site(select(briefs, now, ZONE, drafts=False, future=False).published, now=now)
        found = {folder: links(site, folder) for folder in site_feeds(site, 10)}
        assert all(len(set(map(tuple, kinds.values()))) == 1 for kinds in found.values())
        return {folder: kinds["feed.xml"] for folder, kinds in found.items()}

    assert feeds_at(NOW) == {"": [SITE_URL + "2024/07/out/"], "topics/syria/": [SITE_URL + "2024/07/out/"]}
    later = [SITE_URL + "2024/08/embargoed/", SITE_URL + "2024/07/out/"]
    assert feeds_at(due) == {"": later, "topics/syria/": later}


def test_a_site_with_no_brief_yet_has_valid_empty_feeds_dated_at_the_build():
    files = written(make_site([]))
    assert [parsed(files[name]).entries for name in XML_KINDS] == [[], []]
    assert instant(parsed(files["atom.xml"]).feed.updated) == NOW
    assert parsedate_to_datetime(parsed(files["feed.xml"]).feed.updated) == NOW
    assert json_feed(files["feed.json"])["items"] == []


# --- when -------------------------------------------------------------------------------------


def test_a_feed_changes_when_a_brief_in_it_was_last_corrected():
    old = make_brief("old", "2024-07-20T09:00:00+02:00",
                     corrections=[("2024-07-28T15:00:00+02:00", "Fixed.")])
    new = make_brief("new", "2024-07-25T09:00:00+02:00", updated="2024-07-26T10:00:00+02:00")
    files = written(make_site([old, new]))
    atom, rss = parsed(files["atom.xml"]), parsed(files["feed.xml"])
    corrected = datetime(2024, 7, 28, 15, tzinfo=ZONE)
    assert instant(atom.feed.updated) == corrected and parsedate_to_datetime(rss.feed.updated) == corrected
    entry = {e.link.split("/")[-2]: e for e in atom.entries}
    assert instant(entry["old"].published) == datetime(2024, 7, 20, 9, tzinfo=ZONE)
    assert instant(entry["old"].updated) == corrected
    assert instant(entry["new"].updated) == datetime(2024, 7, 26, 10, tzinfo=ZONE)
    items = {i["url"].split("/")[-2]: i for i in json_feed(files["feed.json"])["items"]}
    assert instant(items["old"]["date_modified"]) == corrected
    assert instant(items["new"]["date_published"]) == datetime(2024, 7, 25, 9, tzinfo=ZONE)


def test_a_brief_dated_by_day_is_published_at_midnight_where_the_site_is():
    files = written(make_site([make_brief("day", "2024-07-25")]))
    midnight = datetime(2024, 7, 25, tzinfo=ZONE)
    assert parsedate_to_datetime(parsed(files["feed.xml"]).entries[0].published) == midnight
    assert instant(parsed(files["atom.xml"]).entries[0].published) == midnight
    assert instant(json_feed(files["feed.json"])["items"][0]["date_published"]) == midnight


# --- what a reader sees of an entry ------------------------------------------------------


PICTURE = Image("2024/07/cranes.jpg", "image/jpeg", 1600, 900, alt="Idle cranes at the port",
                credit="AP/Jane Roe")


def test_an_entry_names_its_authors_topics_and_picture():
    brief = make_brief("cranes", authors=["es", "xy"], topics=["Economy", "Ports"], image=PICTURE)
    files = written(make_site([brief], roster=ROSTER))
    for name in XML_KINDS:
        (entry,) = parsed(files[name]).entries
        # Initials the roster does not know are shown as written.
        assert [a.name for a in entry.authors] == ["Elena Stavrou", "xy"]
        assert [t.term for t in entry.tags] == ["Economy", "Ports"]
        (media,) = entry.media_content  # at a column's width, not the 1600 px upload
        assert media["url"].startswith(SITE_URL + "assets/pictures/") and media["url"].endswith("/cranes-1280.jpg")
        assert (media["type"], media["width"], media["height"]) == ("image/jpeg", "1280", "720")
        assert entry.media_credit[0]["content"] == "AP/Jane Roe"
    (entry,) = parsed(files["atom.xml"]).entries
    assert entry.authors[0].href == "https://news.example.org/team/es/"
    (item,) = json_feed(files["feed.json"])["items"]
    assert item["authors"] == [{"name": "Elena Stavrou", "url": "https://news.example.org/team/es/"},
                               {"name": "xy"}]
    assert item["tags"] == ["Economy", "Ports"] and item["image"] == media["url"]


def test_an_entry_without_picture_or_authors_has_none():
    files = written(make_site([make_brief("plain")]))
    for name in XML_KINDS:
        (entry,) = parsed(files[name]).entries
        assert "media_content" not in entry and "authors" not in entry
    (item,) = json_feed(files["feed.json"])["items"]
    assert "image" not in item and item["authors"] == []


MARKUP = make_brief("markup", title='Talks on "<b>ports</b>" & more',
                    lead="A & B <i>agree</i>]]> on <script>x</script>")


@pytest.mark.parametrize("name", XML_KINDS)
def test_markup_in_a_title_or_lead_reaches_readers_as_the_text_written(name):
    (entry,) = parsed(written(make_site([MARKUP]))[name]).entries
    assert entry.title == MARKUP.title
    # RSS readers take the description as HTML, Atom's summary is text: both show the lead as written.
    shown = unescape(entry.summary) if entry.summary_detail.type == "text/html" else entry.summary
    assert shown == MARKUP.lead


def test_markup_in_a_title_or_lead_stays_text_in_the_json_feed():
    (item,) = json_feed(written(make_site([MARKUP]))["feed.json"])["items"]
    assert (item["title"], item["summary"], item["content_text"]) == (MARKUP.title, MARKUP.lead, MARKUP.lead)
    assert "content_html" not in item


def test_an_entry_says_its_own_language_when_it_has_one():
    site = make_site([make_brief("german", "2024-07-25T10:00:00+02:00", lang="de"),
                      make_brief("english", "2024-07-24T10:00:00+02:00")], language="en")
    document = json_feed(written(site)["feed.json"])
    assert document["language"] == "en"
    assert [i["language"] for i in document["items"]] == ["de", "en"]
    atom = parsed(written(site)["atom.xml"]).feed
    assert atom.language == "en"


def test_a_site_under_a_sub_path_links_every_entry_and_feed_under_it():
    url = "https://example.org/news/briefs/"
    site = make_site([make_brief("cranes", topics=["Ports"])], url=url)
    files = written(site, "topics/ports/")
    for name in XML_KINDS:
        feed = parsed(files[name])
        assert [e.link for e in feed.entries] == [url + "2024/07/cranes/"]
        assert [l.href for l in feed.feed.links if l.rel == "self"] == [url + "topics/ports/" + name]
    assert json_feed(files["feed.json"])["feed_url"] == url + "topics/ports/feed.json"


# --- how pages and the registry name the feeds ----------------------------------------------


def test_pages_link_exactly_the_feeds_that_are_written():
    site = make_site([make_brief("a", topics=["Syria"])], name="Briefing")
    for folder, feed in site_feeds(site, 10).items():
        assert [path for _, _, path in feed.links()] == list(write_all(site, feed))
        assert list(feed.files()) == list(write_all(site, feed))
    topic = site_feeds(site, 10)["topics/syria/"]
    assert topic.links() == [
        ("application/rss+xml", "Syria (RSS)", "topics/syria/feed.xml"),
        ("application/atom+xml", "Syria (Atom)", "topics/syria/atom.xml"),
        ("application/feed+json", "Syria (JSON Feed)", "topics/syria/feed.json"),
    ]
    assert topic.files() == {"topics/syria/feed.xml": "Briefing's RSS feed of Syria",
                             "topics/syria/atom.xml": "Briefing's Atom feed of Syria",
                             "topics/syria/feed.json": "Briefing's JSON Feed of Syria"}
    assert site_feeds(site, 10)[""].files()["feed.xml"] == "Briefing's RSS feed"
    assert [title for _, title, _ in site_feeds(site, 10)[""].links()] == [
        "Briefing (RSS)", "Briefing (Atom)", "Briefing (JSON Feed)"]
