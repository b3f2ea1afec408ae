"""A saved HTML article page: its own structured data first, extracted text otherwise.

News pages describe themselves for search engines and social networks: a JSON-LD
NewsArticle (headline, dates, description, image with caption and credit, authors,
keywords, often the whole text) and Open Graph tags. Those are read as they are.
Where the page carries no article text of its own, trafilatura, a well-kept
main-text extractor, finds it among the page's navigation, teasers and footer.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from generator.model.dates import parse_moment
from . import prose
from .article import Article
from .links import clean_link

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "ReportageArticle", "OpinionNewsArticle", "BackgroundNewsArticle"}


class MissingExtractor(Exception):
    """The page has no article text of its own and trafilatura is not installed."""


def read_webpage(html: str, roster: dict[str, str] | None = None) -> Article:
    """`roster` maps authors' full names to their initials (the site's authors setting)."""
    page = _Page()
    page.feed(html)
    page.close()
    data = _news_article(page.json_ld)
    meta = page.meta
    article = Article()
    article.title = _text(data.get("headline")) or meta.get("og:title") or page.heading or page.title
    published = _text(data.get("datePublished")) or meta.get("article:published_time")
    article.date = _iso(published)
    if published and not article.date:
        article.notes.append(("date", f"found {published!r}, not a date Briefing reads"))
    article.lead = _text(data.get("description")) or meta.get("og:description") or meta.get("description")
    article.kicker = _text(_first(data.get("articleSection"))) or meta.get("article:section")
    if link := page.links.get("shortlink"):
        article.shortlink = clean_link(link)
    image = _first(data.get("image"))
    if isinstance(image, dict):
        article.image_url = _text(image.get("url") or image.get("contentUrl"))
        article.image_caption = _text(image.get("caption"))
        credit = image.get("creditText") or image.get("copyrightHolder") or image.get("author")
        article.image_credit = _text(credit.get("name") if isinstance(credit, dict) else credit)
        article.image_alt = _text(image.get("description"))
    elif isinstance(image, str):
        article.image_url = image
    article.image_url = article.image_url or meta.get("og:image")
    article.image_alt = article.image_alt or meta.get("og:image:alt")
    _people(article, data.get("author"), roster or {})
    keywords = data.get("keywords") or meta.get("article:tag") or ""
    article.topics = _unique(keywords.split(",") if isinstance(keywords, str) else map(str, keywords))
    article.lang = (_text(data.get("inLanguage")) or page.lang or "").split("_")[0] or None
    body = _text_block(data.get("articleBody"))
    paragraphs = [p for p in body.split("\n") if p.strip()] if body else None
    article.body = (
        prose.to_markdown([" ".join(p.split()) for p in paragraphs]) if paragraphs else _extract(html)
    )
    _sign_off(article)
    if article.lead and article.body.startswith(prose.escape(article.lead)):
        article.body = article.body[len(prose.escape(article.lead)):].lstrip()
    return article


class _Page(HTMLParser):
    """The parts of a page that describe it: JSON-LD, meta tags, link relations, title."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.json_ld: list = []
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = None
        self.heading = None  # the first h1: the headline, without the site name <title> adds
        self.lang = None
        self._capture: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k.lower(): v or "" for k, v in attrs}
        if tag == "html":
            self.lang = attributes.get("lang") or None
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and attributes.get("content", "").strip() and key not in self.meta:
                self.meta[key] = " ".join(attributes["content"].split())
        elif tag == "link":
            for rel in attributes.get("rel", "").lower().split():
                self.links.setdefault(rel, attributes.get("href", ""))
        elif tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._capture, self._buffer = "json", []
        elif tag in ("title", "h1") and getattr(self, "heading" if tag == "h1" else "title") is None:
            self._capture, self._buffer = tag, []

    def handle_data(self, data):
        if self._capture:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._capture == "json" and tag == "script":
            try:
                self.json_ld.append(json.loads("".join(self._buffer)))
            except ValueError:
                pass  # a broken block says nothing reliable
        elif self._capture in ("title", "h1") and tag == self._capture:
            setattr(
                self, "heading" if tag == "h1" else "title", " ".join("".join(self._buffer).split()) or None
            )
        else:
            return
        self._capture = None


def _news_article(blocks: list) -> dict:
    """The page's article object, wherever the JSON-LD puts it (a list, an @graph)."""
    todo = list(blocks)
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo[:0] = item
        elif isinstance(item, dict):
            kinds = item.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & ARTICLE_TYPES:
                return item
            todo += [v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage")]
    return {}


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _text(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _text_block(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_moment(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:  # a time without offset names no moment: keep its day, which it does name
        return parse_moment(value[:10]).isoformat()
    except ValueError:
        return prose.parse_date(value)


def _unique(values) -> list[str]:
    out = []
    for value in values:
        value = " ".join(value.split())
        if value and value not in out:
            out.append(value)
    return out


def _people(article: Article, authors, roster: dict[str, str]) -> None:
    """Authors by their initials where the site knows them; the others are noted."""
    if not authors:
        return
    for person in authors if isinstance(authors, list) else [authors]:
        name = _text(person.get("name") if isinstance(person, dict) else person)
        if not name:
            continue
        if name.casefold() in roster:
            article.authors.append(roster[name.casefold()])
        else:
            article.notes.append(("authors", f"{name!r} has no initials in the site's authors; add them"))


def _sign_off(article: Article) -> None:
    """A closing `es/rmt (AP, AFP, Reuters)` paragraph becomes authors and agencies."""
    head, _, last = article.body.rpartition("\n\n")
    found = prose.sign_off(last.replace("\\", ""))
    if found:
        authors, agencies = found
        article.authors = article.authors or authors
        article.agencies = article.agencies or agencies
        article.body = head


def _extract(html: str) -> str:
    try:
        import trafilatura
    except ImportError:
        raise MissingExtractor(
            "this page has no article text in its structured data, and finding it among the "
            "page needs trafilatura: pip install 'briefing[import]'"
        ) from None
    text = trafilatura.extract(html, output_format="markdown", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, deduplicate=True)
    return _without_headline(text or "")


def _without_headline(markdown: str) -> str:
    """The body without the headline (the brief has it as its title; the page's only h1)."""
    return "\n".join(line for line in markdown.splitlines() if not line.startswith("# ")).strip()
