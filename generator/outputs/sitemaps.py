"""sitemap.xml (an index of several past 50,000 addresses), the Google News sitemap, robots.txt.

An entry is (path, last change, alternates): a page's versions in the site's other languages
(outputs/alternates.py), each listed in every version's <url> as Google asks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from generator.model.dates import as_datetime, iso
from generator.model.languages import news_code
from generator.outputs.site import Newsroom, Site
from generator.outputs.xml import document, sub

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # per sitemap file, by the protocol
NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX = 1_000
NEWS_SITEMAP = "news-sitemap.xml"
ET.register_namespace("news", NEWS)
ET.register_namespace("xhtml", XHTML)
Entry = tuple[str, "datetime | None", tuple[tuple[str, str], ...]]  # path, lastmod, (hreflang, path)s



def own_entries(newsroom: Newsroom, listings: dict, urls: dict[str, str], alternates) -> list[Entry]:
    """Entries of Briefing's pages: each brief, each listing (`urls`: by src_uri) as new as
    its newest brief. `alternates(src_uri)`: the page's versions."""
    zone = newsroom.default.zone
    revised = {b.source: as_datetime(b.revised or b.date, zone) for b in newsroom.briefs}
    paths = newsroom.default.paths
    entries = [(paths[source], when, alternates(source)) for source, when in revised.items()]
    for src_uri, listing in listings.items():
        shown = (*listing.leads, *listing.briefs, *(b for block in listing.blocks for b in block.briefs))
        newest = max((revised[b.source] for b in shown), default=None)
        entries.append((urls[src_uri], newest, alternates(src_uri)))
    return entries


def _urlset(site: Site, entries) -> str:
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    for path, lastmod, alternates in entries:
        url = sub(root, "url")
        sub(url, "loc", site.absolute(path))
        if lastmod is not None:
            sub(url, "lastmod", iso(lastmod, site.corpus.zone))
        for hreflang, other in alternates:
            sub(url, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang, href=site.absolute(other))
    return document(root)


def files(entries: int) -> list[str]:
    """The sitemap files `sitemaps` writes for so many addresses."""
    parts = -(-entries // MAX_URLS)
    return ["sitemap.xml", *(f"sitemap-{n}.xml" for n in range(1, parts + 1) if parts > 1)]


def sitemaps(site: Site, entries: list[Entry]) -> dict[str, str]:
    """Path -> text. One sitemap.xml, or past MAX_URLS a sitemap index of numbered parts."""
    if len(entries) <= MAX_URLS:
        return {"sitemap.xml": _urlset(site, entries)}
    files, index = {}, ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for number, start in enumerate(range(0, len(entries), MAX_URLS), start=1):
        part = entries[start : start + MAX_URLS]
        name = f"sitemap-{number}.xml"
        files[name] = _urlset(site, part)
        element = sub(index, "sitemap")
        sub(element, "loc", site.absolute(name))
        newest = max((m for _, m, _ in part if m is not None), default=None)
        if newest is not None:
            sub(element, "lastmod", iso(newest, site.corpus.zone))
    files["sitemap.xml"] = document(index)
    return files


def news_sitemap(newsroom: Newsroom) -> str:
    """Briefs of the last 48 hours (at most 1,000), as Google News expects them: each with its
    language's publication name and language code."""
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    site = newsroom.default
    since = site.now - NEWS_WINDOW
    recent = [b for b in newsroom.briefs if as_datetime(b.date, site.corpus.zone) >= since]
    for brief in recent[:NEWS_MAX]:
        own = newsroom.site_of(brief.source)
        url = sub(root, "url")
        sub(url, "loc", site.brief_url(brief))
        news = sub(url, f"{{{NEWS}}}news")
        source = sub(news, f"{{{NEWS}}}publication")
        sub(source, f"{{{NEWS}}}name", own.publication or own.name)
        sub(source, f"{{{NEWS}}}language", news_code(brief.lang or own.language))
        sub(news, f"{{{NEWS}}}publication_date", iso(brief.date, site.corpus.zone))
        sub(news, f"{{{NEWS}}}title", brief.title)
    return document(root)


def robots(site: Site, preview: bool = False) -> str:
    """Every crawler welcome, pointed at the sitemaps; a preview's keeps them all out."""
    if preview:
        return "User-agent: *\nDisallow: /\n"
    return (
        "User-agent: *\nAllow: /\n\n"
        f"Sitemap: {site.absolute('sitemap.xml')}\nSitemap: {site.absolute(NEWS_SITEMAP)}\n"
    )
