"""sitemap.xml (an index of several past 50,000 addresses), the Google News sitemap, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from generator.model.dates import as_datetime, iso
from generator.outputs.site import Site
from generator.outputs.xml import document, sub

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URLS = 50_000  # per sitemap file, by the protocol
NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX = 1_000
NEWS_SITEMAP = "news-sitemap.xml"
ET.register_namespace("news", NEWS)



def own_entries(site: Site, listings: dict, urls: dict[str, str]) -> list[tuple[str, datetime | None]]:
    """(URL, last change) of Briefing's pages: each brief, each listing (`urls`: by src_uri)
    as new as its newest brief."""
    zone = site.corpus.zone
    revised = {b.source: as_datetime(b.revised or b.date, zone) for b in site.corpus.briefs}
    entries = [(site.paths[source], when) for source, when in revised.items()]
    for src_uri, listing in listings.items():
        shown = (*listing.leads, *listing.briefs, *(b for block in listing.blocks for b in block.briefs))
        newest = max((revised[b.source] for b in shown), default=None)
        entries.append((urls[src_uri], newest))
    return entries

def _urlset(site: Site, entries) -> str:
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    for path, lastmod in entries:
        url = sub(root, "url")
        sub(url, "loc", site.absolute(path))
        if lastmod is not None:
            sub(url, "lastmod", iso(lastmod, site.corpus.zone))
    return document(root)


def files(entries: int) -> list[str]:
    """The sitemap files `sitemaps` writes for so many addresses."""
    parts = -(-entries // MAX_URLS)
    return ["sitemap.xml", *(f"sitemap-{n}.xml" for n in range(1, parts + 1) if parts > 1)]


def sitemaps(site: Site, entries: list[tuple[str, datetime | None]]) -> dict[str, str]:
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
        newest = max((m for _, m in part if m is not None), default=None)
        if newest is not None:
            sub(element, "lastmod", iso(newest, site.corpus.zone))
    files["sitemap.xml"] = document(index)
    return files


def news_sitemap(site: Site, publication: str) -> str:
    """Briefs of the last 48 hours (at most 1,000), as Google News expects them."""
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    since = site.now - NEWS_WINDOW
    recent = [b for b in site.corpus.briefs if as_datetime(b.date, site.corpus.zone) >= since]
    for brief in recent[:NEWS_MAX]:
        url = sub(root, "url")
        sub(url, "loc", site.brief_url(brief))
        news = sub(url, f"{{{NEWS}}}news")
        source = sub(news, f"{{{NEWS}}}publication")
        sub(source, f"{{{NEWS}}}name", publication)
        sub(source, f"{{{NEWS}}}language", brief.lang or site.language)
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
