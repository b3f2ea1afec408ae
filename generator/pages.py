"""What each page's template is given, at MkDocs' page events: the brief or listing it
shows, titles escaped and raw HTML cleaned, and the page's language.

MkDocs' own pages (the site's) and those Briefing's workers render (briefs and listings)
go through the same functions, with the build (generator/build.py) they belong to.
"""

from __future__ import annotations

import copy
import functools
import html
import logging
import os
import re

import jinja2
from markupsafe import Markup
from mkdocs.structure.nav import Link

from generator import editions
from generator.model import dates, languages
from generator.outputs import breadcrumbs, feeds, metadata, pictures, rawhtml
from generator.outputs.listings import CORRECTIONS
from generator.outputs.wording import Wording, untranslated
from generator.search import documents as search

log = logging.getLogger("mkdocs.plugins.briefing")


def meta(build, page) -> None:
    """The page's title and description (and a brief's template), from what Briefing read.

    MkDocs and Material treat page titles and descriptions as HTML (they print
    them unescaped), so the plain text of briefs goes in escaped.
    """
    brief = build.newsroom.brief(page.file.src_uri)
    if brief:
        page.meta["template"] = "brief.html"
        page.meta["title"] = html.escape(brief.title)
        page.meta["description"] = html.escape(brief.lead)
    elif listing := build.listings.get(page.file.src_uri):
        page.meta["title"] = html.escape(listing.title)
    elif not build.options.trust_html:  # a page of the site's own, from as many hands as briefs
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(page.meta[key])


def content(build, content: str, page, config) -> str:
    """The page's HTML: every page from content/ is cleaned alike, briefs and the site's own,
    keeping the classes the site's Markdown extensions write and headings' ids (renamed, with
    the table of contents, where they would pose as the page's own); the pictures a brief's
    body shows made for every screen, like its image."""
    if not build.options.trust_html:
        classes = rawhtml.extension_classes(config["markdown_extensions"], config["mdx_configs"])
        content = rawhtml.clean(rawhtml.headings_renamed(content, page.toc), classes)
    brief = build.newsroom.brief(page.file.src_uri)
    if brief and brief.body_pictures and build.site.pictures:
        content = pictures.in_body(content, brief.body_pictures, page.url)
    return content


def install(build, env) -> None:
    """The filters and words Briefing's templates use, on MkDocs' Jinja environment."""
    zone = build.zone  # a plain date is midnight there, in every output
    env.filters["iso_date"] = lambda moment: dates.iso(moment, zone)
    # Dates and words in the page's language and digits (page_words), read from its context.
    env.filters["readable_date"] = jinja2.pass_context(
        lambda context, moment: dates.readable(moment, *spoken(build, context)))
    # Datelines in the page's language's time zone (its `timezone` setting).
    env.filters["dateline"] = jinja2.pass_context(lambda context, moment: dates.dateline(
        moment, context.get("page_zone", zone), *spoken(build, context)))
    env.filters["update_line"] = jinja2.pass_context(lambda context, moment, published: dates.update_line(
        moment, published, context.get("page_zone", zone), *spoken(build, context)))
    env.filters["brief_url"] = build.site.brief_path
    env.filters["picture"] = picture_filter(build, env)
    env.globals["slot_sizes"] = lambda slot: pictures.SLOTS[slot].sizes  # for scripts' pictures
    env.globals["say"] = say_on_the_page(build)
    env.filters["credit"] = jinja2.pass_context(
        lambda context, credit: page_words(build, context).credit(credit))
    env.filters["own_language"] = jinja2.pass_context(lambda context, brief: own_language(
        brief.lang or (build.newsroom.site_of(brief.source) or build.site).language,
        context.get("page_language") or build.site.language))
    newsroom = build.newsroom
    used = {*newsroom.sites, *(brief.lang for brief in newsroom.briefs if brief.lang)}
    for language in untranslated(used):  # once a build, not once a page
        log.warning("no words of Briefing's in %r (generator/outputs/wording.py): "
                    "its pages show them in English", language)


def own_language(language: str, page_language: str) -> Markup:
    """`lang` and `dir="auto"` for what shows a brief of `language` on a page of another (its
    card, its article): read aloud in its language, its lines in its script's direction."""
    if language == page_language:
        return Markup("")
    return Markup(f' lang="{html.escape(language)}" dir="auto"')


def picture_filter(build, env):
    """`{{ image | picture("card") }}`: the picture's markup for a slot of outputs.pictures.SLOTS."""

    @jinja2.pass_context
    def picture(context, image, slot: str, alt: str | None = None, first: bool | None = None) -> Markup:
        url = env.filters["url"]
        text = image.alt if alt is None else alt
        make = pictures.markup if build.site.pictures else pictures.as_it_is
        return Markup(make(image, slot, lambda path: url(context, path), text, first=first))

    return picture


def context(build, context, page):
    """What the page's template is given: the brief or listing it shows, and what every page
    has, in the page's language: its words, navigation and versions in the others."""
    site = build.newsroom.site_of(page.file.src_uri) or build.newsroom.site_at(page.url)
    brief = site.corpus.by_source.get(page.file.src_uri)
    every_page(build, context, site, brief)
    versions = build.versions(page.file.src_uri)
    context["alternates"] = build.versions.switcher(page.file.src_uri, context["page_language"])
    context["hreflang"] = [(language, site.absolute(path)) for language, path in versions]
    if site is not build.site:
        context["nav"] = navigation(build, site, context["nav"])
    if brief:
        context["brief"] = brief
        context["topics"] = [(t.name, t.path) for t in site.corpus.terms_of(brief, "topics")]
        context["authors"] = [(person.name, term.path) for person, term in
                              zip(site.authors(brief), site.corpus.terms_of(brief, "authors"))]
        context["agencies"] = [(t.name, t.path) for t in site.corpus.terms_of(brief, "agencies")]
        context["related"], context["more_news"] = related(site.corpus, brief, build.options.related)
        # The article alone in the middle: no empty navigation column, no contents for two headings.
        contents = keeps_contents(page, build.options.toc_sections)
        page.meta["hide"] = ["navigation"] if contents else ["navigation", "toc"]
        corrections = site.prefix + CORRECTIONS + "index.md"
        context["corrections_page"] = (
            build.listings[corrections].path if corrections in build.listings else None
        )
        context["json_ld"] = metadata.script_json(
            metadata.news_article(site, brief, build.newsroom.versions.get(brief.source, ())))
        context["social_tags"] = metadata.social_tags(site, brief)
        context["breadcrumbs"] = breadcrumbs.of_brief(brief, context["topics"], build.listings,
                                                      page_words(build, context), site.prefix)
        light_the_tab(context, page, breadcrumbs.section(page.url, site.prefix))
    elif listing := build.listings.get(page.file.src_uri):
        context["listing"] = listing
        context["breadcrumbs"] = breadcrumbs.of_listing(listing, page_words(build, context), site.prefix)
        light_the_tab(context, page, breadcrumbs.section(page.url, site.prefix))
        if listing.template == "search.html":
            context["facets"] = search.facets(site)
        if listing.feeds:
            context["feeds"] += build.feeds[listing.feeds].links()
    else:  # a page of the site's own, which MkDocs renders
        build.page_entries.append((page.url, None, versions))
    return context


def related(corpus, brief, limit: int):
    """The briefs under a brief: those sharing a topic with it ("Related"), and the nearest
    in time that corpus.related adds when too few do ("More news"), each under its name."""
    topics = {term.slug for term in corpus.terms_of(brief, "topics")}
    found = corpus.related(brief, limit)
    sharing = [b for b in found if topics & {term.slug for term in corpus.terms_of(b, "topics")}]
    return sharing, [b for b in found if b not in sharing]


def keeps_contents(page, toc_sections: int) -> bool:
    """Whether a brief keeps Material's table of contents: one of `toc_sections` `##`
    sections or more (a short brief's two sub-headings need no sidebar; 0: never)."""
    sections = sum(1 for entry in page.toc for item in [entry, *entry.children] if item.level == 2)
    return 0 < toc_sections <= sections


def every_page(build, context, site=None, brief=None):
    """What every page has (theme pages such as 404.html too), in its language's site (the
    default's for theme pages): its language (a brief's own, else its site's), direction and
    Material's words for it, feeds, search, security tags."""
    site = site or build.site
    context["config"] = settings(build, site, context["config"])
    context["page_language"] = language = (brief and brief.lang) or site.language
    context["page_direction"] = languages.direction(language)
    context["material_language"] = material_words(tuple(context["config"].theme.dirs), language)
    context["home"] = site.prefix  # the language's front page, from the site root: "" or "de/"
    context["site_name"], context["copyright"] = site.name, context["config"].copyright
    context["page_digits"] = site.digits  # None: the language's own (CLDR's)
    context["page_zone"] = site.dateline_zone or site.zone
    context["feeds"] = build.feeds[site.prefix].links()
    context["search_enabled"] = build.options.search
    context["search_bundle"] = f"{site.prefix}pagefind/"
    context["search_shards"] = build.search_shards.get(site.language, [])
    context["security_head"] = build.security.head
    context["desk_preview"] = build.options.preview  # `briefing build --drafts`: marked, not indexed
    context["site_feeds"] = [(label, mime, site.prefix + name)  # the footer's
                             for name, (mime, label, _) in feeds.KINDS.items()]
    context["alternates"], context["hreflang"] = [], []
    docs = context["config"].docs_dir  # the site's own pages are in every page's fingerprint
    context["own_pages"] = [(name, f"{name}/") for name in ("about", "imprint")
                            if os.path.isfile(os.path.join(docs, f"{name}.md"))]
    return context


@functools.cache
def _wording(language: str, digits: str | None = None) -> Wording:
    return Wording(language, digits)


def page_language(build, context) -> str:
    """The page's language: context["page_language"] where every_page sets it; else (a site of
    one language) its brief's, else the site's."""
    brief = context.get("brief")
    return context.get("page_language") or (brief.lang if brief else None) or build.site.language


def spoken(build, context) -> tuple[str, str | None]:
    """The page's language and the digits it writes (context["page_digits"]: a setting's
    numbering system; None: the language's own, from CLDR)."""
    return page_language(build, context), context.get("page_digits")


def page_words(build, context) -> Wording:
    return _wording(*spoken(build, context))


def say_on_the_page(build):
    """`say` for templates: the words of the page being rendered, whatever its language, as
    `say("related")`, `say("briefs", n)`, `say.for_script("cancel", ...)`."""

    @jinja2.pass_context
    def say(context, key: str, n: int | None = None, **values) -> str:
        return page_words(build, context)(key, n, **values)

    say.for_script = jinja2.pass_context(lambda context, *keys: page_words(build, context).for_script(*keys))
    return say


def navigation(build, site, nav):
    """The tabs of a language other than the default: the default's, each item a link to
    its page in this language, under this language's word."""
    if ("nav", site.language) not in build.per_language:
        say, items = _wording(site.language, site.digits), []
        for item in nav.items:
            rest = item.url.removeprefix(build.site.prefix)
            word = next((w for w, folder in editions.SECTIONS if folder == rest), None)
            items.append(Link(say(word), site.prefix + rest) if word else item)
        build.per_language["nav", site.language] = own = copy.copy(nav)
        own.items = items
    return build.per_language["nav", site.language]


def settings(build, site, config):
    """MkDocs' configuration as a page of `site`'s language sees it: its name (Material's
    header), description and copyright line, where the language has its own."""
    if ("config", site.language) not in build.per_language:
        own = {"site_name": site.name, "site_description": site.description or config.site_description,
               "copyright": site.copyright or config.copyright}
        view = config
        if any(config.get(key) != value for key, value in own.items()):
            view = copy.copy(config)
            view.data = {**config.data, **own}  # a copy: the shared one stays the site's
        build.per_language["config", site.language] = view
    return build.per_language["config", site.language]


def light_the_tab(context, page, section: str) -> None:
    """The navigation with the tab of the page's section lit (`section`: its page's URL).

    Material lights the item of the page being rendered, and a page outside the
    navigation (a brief, a topic, a month) has none. A copy, each item's mark set from this
    page alone: the navigation is every page's, and whatever it has marked is another's.
    """
    nav = context["nav"]
    context["section"] = section  # the tabs and navigation are remembered for each (theme/main.html)
    if any(item.file.src_uri == page.file.src_uri for item in nav.pages):
        return  # a page of the navigation, lit by MkDocs

    def marked(item, lit: bool):
        if item.active == lit:
            return item
        item = copy.copy(item)
        item.active = lit
        return item

    context["nav"] = copy.copy(nav)
    context["nav"].items = [marked(item, item.url == section) for item in nav.items]


@functools.cache
def material_words(theme_dirs: tuple[str, ...], language: str) -> str:
    """Which of Material's word files (partials/languages/, the theme folder's first) a page
    of `language` imports (theme/partials/language.html): the language's own, else its base
    language's (pt for pt-AO), else English (Material has none for ps or prs)."""
    for code in (language, language.split("-")[0]):
        if any(os.path.isfile(os.path.join(folder, "partials", "languages", f"{code}.html"))
               for folder in theme_dirs):
            return code
    return "en"


def language(build, output: str, page=None) -> str:
    """`dir` on `<html>` as on `<body>` (W3C's advice: on the root): Material writes `<html>`
    and `<body>` outside any block, and the direction only on `<body>`."""
    body = _BODY_DIR.search(output)
    return output.replace("<html ", f'<html dir="{body[1]}" ', 1) if body else output


_BODY_DIR = re.compile(r'<body dir="(\w+)"')
