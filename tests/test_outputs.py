"""Feeds, sitemaps, structured metadata and links of the built sample site."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import SUB_PATH_URL, briefing
from linkwalk import broken_links

SITE_URL = "https://briefing.example.org/"
FOUNDING = "2024/07/assad-putin-moscow/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def json_ld(page: BeautifulSoup) -> dict:
    (script,) = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def brief_pages(site: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    )


# --- feeds ---------------------------------------------------------------------------------


def feed_files(site: Path) -> list[Path]:
    return sorted([*site.glob("*.xml"), *site.glob("topics/*/*.xml")])


def test_every_feed_parses_without_errors(sample_site):
    feeds = [p for p in feed_files(sample_site) if p.name in ("feed.xml", "atom.xml")]
    assert len(feeds) >= 2 + 2 * 3  # the site's and at least three topics'
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feed_entries_carry_what_readers_need(sample_site, name):
    parsed = feedparser.parse((sample_site / name).read_bytes())
    links = [e.link for e in parsed.entries]
    assert links[0].startswith(SITE_URL) and SITE_URL + FOUNDING in links
    entry = parsed.entries[links.index(SITE_URL + FOUNDING)]
    assert entry.id == SITE_URL + FOUNDING
    assert entry.title == "Syria's Assad meets Putin in Moscow"
    assert entry.summary and entry.published_parsed and entry.updated_parsed
    assert {t.term for t in entry.tags} == {"Syria", "Russia", "Middle East"}
    assert [a.name for a in entry.authors] == ["Elena Stavrou", "Rafael M. Tavares"]
    (media,) = entry.media_content  # the picture at a column's width, not the editor's upload
    assert media["url"].startswith(SITE_URL + "assets/pictures/") and media["url"].endswith("-1280.jpg")
    assert (media["width"], media["height"]) == ("1280", "720")
    assert (sample_site / media["url"].removeprefix(SITE_URL)).is_file()
    assert entry.media_credit[0]["content"] == "Valeriy Sharifulin/IMAGO/SNA"
    self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
    assert self_links == [SITE_URL + name]


def test_feeds_are_newest_first_and_linked_from_every_page(sample_site):
    parsed = feedparser.parse((sample_site / "atom.xml").read_bytes())
    published = [e.published_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    for path in ["", FOUNDING, "topics/syria/", "archive/"]:
        # (the links with hreflang are the page's versions in other languages, not feeds)
        types = {l["type"] for l in soup(sample_site, path).find_all("link", rel="alternate")
                 if l.get("type")}
        assert {"application/rss+xml", "application/atom+xml", "application/feed+json"} <= types


def test_json_feed(sample_site):
    feed = json.loads((sample_site / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE_URL + "feed.json"
    item = next(i for i in feed["items"] if i["url"] == SITE_URL + FOUNDING)
    assert item["id"] == item["url"] and item["date_published"].startswith("2024-07-25")
    assert item["authors"][0]["name"] == "Elena Stavrou"


def test_a_topic_feed_holds_only_that_topic(sample_site):
    parsed = feedparser.parse((sample_site / "topics/syria/feed.xml").read_bytes())
    assert parsed.entries
    assert all("Syria" in {t.term for t in e.tags} for e in parsed.entries)
    page = soup(sample_site, "topics/syria/")
    hrefs = [l["href"] for l in page.find_all("link", rel="alternate")]
    assert "feed.xml" in hrefs  # the topic's own feed, next to the site's


# --- sitemaps and metadata -----------------------------------------------------------------


def test_sitemap_lists_every_page_with_lastmod(sample_site):
    root = ET.parse(sample_site / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    urls = {u.find(f"{SM}loc").text: u.find(f"{SM}lastmod") for u in root}
    for path in brief_pages(sample_site):
        assert urls[SITE_URL + path] is not None, path
    assert SITE_URL in urls and SITE_URL + "topics/" in urls
    assert urls[SITE_URL + FOUNDING].text.startswith("2024-07-25")
    assert not any("/p/" in url for url in urls)  # redirects are not pages


def test_news_sitemap_has_only_the_last_two_days(sample_site):
    root = ET.parse(sample_site / "news-sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    assert len(root) == 0  # the sample briefs are all older than 48 hours


def test_news_sitemap_entries(tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from conftest import make_project

    now = datetime.now(ZoneInfo("Europe/Berlin")).replace(microsecond=0)
    recent, old = now - timedelta(hours=3), now - timedelta(hours=60)
    brief = "---\ntitle: {t}\ndate: {d}\nlead: L\n---\nBody\n"
    make_project(tmp_path, {
        f"{recent:%Y/%m}/fresh.md": brief.format(t="Fresh", d=recent.isoformat()),
        f"{old:%Y/%m}/stale.md": brief.format(t="Stale", d=old.isoformat()),
    })
    assert briefing("build", cwd=tmp_path).returncode == 0
    root = ET.parse(tmp_path / "site/news-sitemap.xml").getroot()
    (url,) = root
    news = url.find(f"{NEWS}news")
    assert news.find(f"{NEWS}title").text == "Fresh"
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Test briefing"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"


def test_every_brief_has_json_ld_open_graph_and_canonical(sample_site):
    for path in brief_pages(sample_site):
        page = soup(sample_site, path)
        data = json_ld(page)
        assert data["@type"] == "NewsArticle" and data["url"] == SITE_URL + path
        assert page.find("link", rel="canonical")["href"] == SITE_URL + path
        og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
        assert og["og:type"] == "article" and og["og:url"] == SITE_URL + path
        assert og["article:published_time"]


def test_founding_example_says_who_wrote_it_when_and_whose_photo(sample_site):
    data = json_ld(soup(sample_site, FOUNDING))
    assert data["headline"] == "Syria's Assad meets Putin in Moscow"
    assert data["datePublished"] == "2024-07-25T11:00:00+02:00"
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Elena Stavrou"},
        {"@type": "Person", "name": "Rafael M. Tavares"},
    ]
    assert data["publisher"] == {"@type": "Organization", "name": "Briefing", "url": SITE_URL}
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == "Syria" and data["keywords"] == ["Syria", "Russia", "Middle East"]
    # Google's three ratios, each as large as the 1600x900 picture allows
    assert [(i["width"], i["height"]) for i in data["image"]] == [(1200, 675), (1200, 900), (900, 900)]
    for image in data["image"]:
        assert image["@type"] == "ImageObject" and image["contentUrl"] == image["url"]
        assert (sample_site / image["url"].removeprefix(SITE_URL)).is_file()
        assert image["creditText"] == "Valeriy Sharifulin/IMAGO/SNA" and image["caption"]


def test_social_cards_of_the_founding_example(sample_site):
    page = soup(sample_site, FOUNDING)
    og = {}
    for meta in page.find_all("meta", property=True):
        og.setdefault(meta["property"], []).append(meta["content"])
    (shared,) = og["og:image"]  # the 1200x630 crop sharing shows
    assert shared.startswith(SITE_URL + "assets/pictures/") and shared.endswith("-1200x630.jpg")
    assert (og["og:image:width"], og["og:image:height"]) == (["1200"], ["630"])
    assert og["og:image:alt"][0]
    assert og["article:section"] == ["Syria"]
    assert og["article:tag"] == ["Syria", "Russia", "Middle East"]
    assert og["article:modified_time"][0] >= og["article:published_time"][0]
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


# --- links and redirects -------------------------------------------------------------------


def test_no_broken_links_at_the_root(sample_site):
    assert broken_links(sample_site, SITE_URL) == []


def test_no_broken_links_under_a_sub_path(sub_path_host):
    out = sub_path_host / "news/briefs"
    assert broken_links(out, SUB_PATH_URL) == []
    assert "/news/briefs/p/4ii5H /news/briefs/2024/07/assad-putin-moscow/ 301" in (
        (out / "_redirects").read_text().splitlines()
    )


def test_the_link_walk_notices_a_broken_link(sample_site, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(sample_site, copy)
    shutil.rmtree(copy / "topics/syria")
    assert any("topics/syria/" in line for line in broken_links(copy, SITE_URL))


def test_shortlink_redirect_pages_and_rules(sample_site):
    page = (sample_site / "p/4ii5H/index.html").read_text()
    parsed = BeautifulSoup(page, "html.parser")
    assert parsed.find("link", rel="canonical")["href"] == SITE_URL + FOUNDING
    assert parsed.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        "0; url=../../2024/07/assad-putin-moscow/"
    )
    assert parsed.find("a")["href"] == "../../2024/07/assad-putin-moscow/"
    rules = (sample_site / "_redirects").read_text().splitlines()
    assert "/p/4ii5H /2024/07/assad-putin-moscow/ 301" in rules


def test_sitemap_becomes_an_index_past_50000_addresses():
    from datetime import datetime, timezone

    from generator.model.corpus import Corpus
    from generator.outputs.site import Site
    from generator.outputs.sitemaps import sitemaps

    site = Site("S", SITE_URL, "en", Corpus([], timezone.utc), {}, datetime.now(timezone.utc))
    when = datetime(2024, 7, 25, tzinfo=timezone.utc)
    files = sitemaps(site, [(f"{n}/", when, ()) for n in range(50_001)])
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"].encode())
    assert index.tag == f"{SM}sitemapindex"
    assert [s.find(f"{SM}loc").text for s in index] == [SITE_URL + "sitemap-1.xml", SITE_URL + "sitemap-2.xml"]
    assert len(ET.fromstring(files["sitemap-1.xml"].encode())) == 50_000
    assert len(ET.fromstring(files["sitemap-2.xml"].encode())) == 1
