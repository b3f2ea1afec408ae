"""Structured metadata of a brief: schema.org NewsArticle (JSON-LD), Open Graph, Twitter cards."""

from __future__ import annotations

import json

from generator.model.brief import Brief
from generator.model.dates import iso
from generator.outputs import pictures
from generator.outputs.site import Site


def news_article(site: Site, brief: Brief, versions: tuple[Brief, ...] = ()) -> dict:
    """`versions`: the brief's story in every language, itself among them (or none)."""
    url, zone = site.brief_url(brief), site.corpus.zone
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": brief.title,
        "description": brief.lead,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": iso(brief.date, zone),
        "dateModified": iso(brief.revised or brief.date, zone),
        "inLanguage": brief.lang or site.language,
        "author": [
            {"@type": "Person", "name": p.name, **({"url": p.url} if p.url else {})}
            for p in site.authors(brief)
        ],
        "publisher": {"@type": "Organization", "name": site.name, "url": site.url},
    }
    if original := next((b for b in versions if b.source == brief.translation_of), None):
        data["translationOfWork"] = {"@id": site.brief_url(original)}
    elif others := [b for b in versions if b is not brief] if not brief.translation_of else []:
        data["workTranslation"] = [{"@id": site.brief_url(b)} for b in others]
    if brief.agencies:
        data["sourceOrganization"] = [{"@type": "Organization", "name": a} for a in brief.agencies]
    if brief.topics:
        data["articleSection"] = brief.topics[0]
        data["keywords"] = list(brief.topics)
    if brief.image:
        about = {key: value for key, value in (("caption", brief.image.caption),
                                               ("creditText", brief.image.credit)) if value}
        data["image"] = [{"@type": "ImageObject", "contentUrl": shown.url, "url": shown.url,
                          "width": shown.width, "height": shown.height, **about}
                         for shown in pictures.for_search_engines(site, brief.image)]
    if brief.corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": iso(c.date, zone)}
            for c in brief.corrections
        ]
    return data


def script_json(data: dict) -> str:
    """JSON safe inside <script>: no "</script>", "<!--" or "]]>" can close or comment it."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def social_tags(site: Site, brief: Brief) -> list[tuple[str, str, str]]:
    """(attribute, key, content) of each <meta>: Open Graph uses property=, Twitter name=."""
    zone = site.corpus.zone
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site.name),
        ("property", "og:title", brief.title),
        ("property", "og:description", brief.lead),
        ("property", "og:url", site.brief_url(brief)),
        ("property", "article:published_time", iso(brief.date, zone)),
        ("property", "article:modified_time", iso(brief.revised or brief.date, zone)),
    ]
    if brief.topics:
        tags.append(("property", "article:section", brief.topics[0]))
        tags += [("property", "article:tag", topic) for topic in brief.topics]
    shared = pictures.for_sharing(site, brief)
    tags += [
        ("name", "twitter:card", "summary_large_image" if shared else "summary"),
        ("name", "twitter:title", brief.title),
        ("name", "twitter:description", brief.lead),
    ]
    if shared:
        alt = brief.image.alt if brief.image else brief.title  # a card shows the headline
        tags += [
            ("property", "og:image", shared.url),
            ("property", "og:image:type", shared.mime),
            ("property", "og:image:alt", alt),
            ("property", "og:image:width", str(shared.width)),
            ("property", "og:image:height", str(shared.height)),
        ]
        tags += [("name", "twitter:image", shared.url), ("name", "twitter:image:alt", alt)]
    return tags
