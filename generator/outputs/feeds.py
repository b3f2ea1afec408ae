"""RSS 2.0, Atom and JSON Feed 1.1 of the newest briefs, for the site and for each topic."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from generator.model.brief import Brief
from generator.model.dates import as_datetime, iso, rfc822
from generator.outputs import pictures
from generator.outputs.site import Site
from generator.outputs.xml import document, sub as _sub

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
DC = "http://purl.org/dc/elements/1.1/"
for prefix, uri in (("atom", ATOM), ("media", MEDIA), ("dc", DC)):
    ET.register_namespace(prefix, uri)


@dataclass(frozen=True)
class Feed:
    folder: str  # from the site root: "" or "topics/syria/"
    title: str
    page: str  # the HTML page the feed follows, from the site root
    briefs: tuple[Brief, ...]  # newest first

    def links(self) -> list[tuple[str, str, str]]:
        """(MIME type, title, path from the site root) for <link rel=alternate>."""
        return [
            (mime, f"{self.title} ({label})", self.folder + name)
            for name, (mime, label, _) in KINDS.items()
        ]

    def files(self) -> dict[str, str]:
        """Path from the site root -> what it is, for the registry of outputs."""
        whose = f" of {self.title}" if self.folder else ""  # a language's: "of Briefing auf Deutsch"
        return {self.folder + name: f"Briefing's {label}{'' if 'Feed' in label else ' feed'}{whose}"
                for name, (_, label, _) in KINDS.items()}


def site_feeds(site: Site, size: int) -> dict[str, Feed]:
    """One language's feed (at its prefix) and one per topic, by folder, each with its
    `size` newest briefs."""
    home = site.prefix
    found = {home: Feed(home, site.feed_title or site.name, home, tuple(site.corpus.briefs[:size]))}
    for term in site.corpus.taxonomies["topics"].values():
        found[term.path] = Feed(term.path, term.name, term.path, term.briefs[:size])
    return found


def write_all(site: Site, feed: Feed) -> dict[str, str]:
    """Every format of one feed: path from the site root -> file text."""
    return {feed.folder + name: write(site, feed) for name, (_, _, write) in KINDS.items()}


def _published(site: Site, brief: Brief) -> str:
    return iso(brief.date, site.corpus.zone)


def _updated(site: Site, brief: Brief) -> str:
    return iso(brief.revised or brief.date, site.corpus.zone)


def _newest(site: Site, feed: Feed):
    """When the feed last changed: its latest brief's update (now, when it has no brief)."""
    return max((as_datetime(b.revised or b.date, site.corpus.zone) for b in feed.briefs), default=site.now)


def rss(site: Site, feed: Feed) -> str:
    root = ET.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", site.absolute(feed.page))
    _sub(channel, "description", html.escape(site.description or feed.title, quote=False))
    _sub(channel, "language", site.language)
    _sub(channel, "lastBuildDate", rfc822(_newest(site, feed), site.corpus.zone))
    _sub(channel, f"{{{ATOM}}}link", href=site.absolute(feed.folder + "feed.xml"), rel="self",
         type="application/rss+xml")
    for brief in feed.briefs:
        item = _sub(channel, "item")
        url = site.brief_url(brief)
        _sub(item, "title", brief.title)
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", rfc822(brief.date, site.corpus.zone))
        _sub(item, f"{{{ATOM}}}updated", _updated(site, brief))
        # RSS readers take an item's description as HTML: the lead goes in as HTML text.
        _sub(item, "description", html.escape(brief.lead, quote=False))
        for person in site.authors(brief):
            _sub(item, f"{{{DC}}}creator", person.name)
        for topic in brief.topics:
            _sub(item, "category", topic)
        if brief.image:
            _media(item, site, brief)
    return document(root)


def _media(parent: ET.Element, site: Site, brief: Brief) -> None:
    """The brief's picture (a picture by its bytes, checked when the brief was read)."""
    image = brief.image
    shown = pictures.for_feeds(site, image)
    content = _sub(parent, f"{{{MEDIA}}}content", url=shown.url, type=shown.mime, medium="image",
                   width=str(shown.width), height=str(shown.height))
    _sub(content, f"{{{MEDIA}}}description", image.alt)
    if image.credit:
        _sub(content, f"{{{MEDIA}}}credit", image.credit)


def atom(site: Site, feed: Feed) -> str:
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": site.language})
    self_url = site.absolute(feed.folder + "atom.xml")
    _sub(root, f"{{{ATOM}}}id", self_url)
    _sub(root, f"{{{ATOM}}}title", feed.title)
    _sub(root, f"{{{ATOM}}}updated", iso(_newest(site, feed), site.corpus.zone))
    _sub(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    _sub(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site.absolute(feed.page))
    author = _sub(root, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", site.name)
    for brief in feed.briefs:
        entry = _sub(root, f"{{{ATOM}}}entry")
        url = site.brief_url(brief)
        _sub(entry, f"{{{ATOM}}}id", url)
        _sub(entry, f"{{{ATOM}}}title", brief.title)
        _sub(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        _sub(entry, f"{{{ATOM}}}published", _published(site, brief))
        _sub(entry, f"{{{ATOM}}}updated", _updated(site, brief))
        for person in site.authors(brief):
            element = _sub(entry, f"{{{ATOM}}}author")
            _sub(element, f"{{{ATOM}}}name", person.name)
            if person.url:
                _sub(element, f"{{{ATOM}}}uri", person.url)
        for topic in brief.topics:
            _sub(entry, f"{{{ATOM}}}category", term=topic)
        _sub(entry, f"{{{ATOM}}}summary", brief.lead, type="text")
        if brief.image:
            _media(entry, site, brief)
    return document(root)


def json_feed(site: Site, feed: Feed) -> str:
    items = []
    for brief in feed.briefs:
        item = {
            "id": site.brief_url(brief),
            "url": site.brief_url(brief),
            "title": brief.title,
            "summary": brief.lead,
            "content_text": brief.lead,
            "date_published": _published(site, brief),
            "date_modified": _updated(site, brief),
            "authors": [
                {"name": p.name, **({"url": p.url} if p.url else {})} for p in site.authors(brief)
            ],
            "tags": list(brief.topics),
            "language": brief.lang or site.language,
        }
        if brief.image:
            item["image"] = pictures.for_feeds(site, brief.image).url
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": site.absolute(feed.page),
        "feed_url": site.absolute(feed.folder + "feed.json"),
        "description": site.description or feed.title,
        "language": site.language,
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


KINDS = {  # file name -> (MIME type, label, writer)
    "feed.xml": ("application/rss+xml", "RSS", rss),
    "atom.xml": ("application/atom+xml", "Atom", atom),
    "feed.json": ("application/feed+json", "JSON Feed", json_feed),
}
