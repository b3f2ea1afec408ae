"""The site's languages, from mkdocs.yml: each a site of its own under its prefix (`/de/`),
the first at the root unless it names a prefix.

`Language` is one language's settings as resolved (its own where it has them, else the
site's); `newsroom` makes a Site of each for the build; `place` moves a brief's page
under its language's folder. A site that names no languages has one: theme.language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from mkdocs.exceptions import PluginError

from generator import config as settings
from generator.engine import mkdocs_internals
from generator.model import languages as tags, translations
from generator.model.brief import Brief
from generator.model.corpus import Corpus, same_term, term_slug
from generator.model.dates import ZEROS
from generator.model.fields import LANG
from generator.outputs.site import Newsroom, Person, Site
from generator.outputs.wording import Wording

# Folders a language's prefix may not take: the site's own sections and files.
_TAKEN = {"topics", "authors", "agencies", "archive", "search", "corrections", "assets", "pagefind",
          "stylesheets", "javascripts", "search-images"}
_PREFIX = re.compile(r"[a-z0-9][a-z0-9_-]*")
# The navigation's tabs in every language: (word, folder from the language's prefix).
SECTIONS = (("latest", ""), ("topics", "topics/"), ("archive", "archive/"), ("search", "search/"))


@dataclass(frozen=True)
class Language:
    code: str  # as mkdocs.yml writes it: "de", "pt-BR"
    prefix: str  # "" or "de/"
    name: str  # in itself: "Deutsch"
    site_name: str
    description: str
    publication: str
    zone: tzinfo  # its datelines' (a plain date is midnight in the site's `timezone`, everywhere)
    front_topics: tuple[str, ...]
    feed_title: str
    copyright: str | None
    topics: dict[str, str]  # a topic's name in this language (folded) -> its name in the first
    slugs: str  # how briefing new and import name its briefs: ascii or unicode
    digits: str | None  # the digits its dates and counts are written in; None: CLDR's for it


def resolve(config, options) -> list[Language]:
    """Every language of the site, the default first; PluginError for a wrong setting."""
    asked = dict(options.languages) or {config.theme["language"]: {}}
    where = "mkdocs.yml: plugins.briefing.languages"
    found: list[Language] = []
    prefixes: dict[str, str] = {}
    for number, (code, own) in enumerate(asked.items()):
        own = own or {}
        if not isinstance(code, str) or not LANG.fullmatch(code):
            raise PluginError(f"{where}: not a language tag (expected a tag such as en, de or pt-BR, "
                              f"found {settings.shown(code)})")
        prefix = _prefix(code, own.get("prefix"), number == 0, prefixes)
        site_name = own.get("site_name") or config.site_name
        found.append(Language(
            code=code, prefix=prefix, name=own.get("name") or tags.own_name(code),
            site_name=site_name, description=own.get("description") or config.site_description or "",
            publication=own.get("publication") or (options.publication if number == 0 else None) or site_name,
            zone=settings.load_zone(own["timezone"], f"plugins.briefing.languages.{code}.timezone")
            if own.get("timezone") else settings.load_zone(options.timezone),
            front_topics=tuple(own["front_topics"] if own.get("front_topics") is not None
                               else options.front_topics if number == 0 else ()),
            feed_title=own.get("feed_title") or site_name, copyright=own.get("copyright"),
            topics=_topic_names(options.topics, code, number == 0, list(asked)),
            slugs=own.get("slugs") or options.slugs, digits=_digits(own.get("digits"), f"{where}.{code}"),
        ))
    return found


def _prefix(code: str, asked: str | None, first: bool, taken: dict[str, str]) -> str:
    """A language's folder ("de/"; "" for the first unless it names one), of its own."""
    where = f"mkdocs.yml: plugins.briefing.languages.{code}.prefix"
    prefix = ("" if first else code.lower()) if asked is None else asked.strip("/")
    if prefix and (not _PREFIX.fullmatch(prefix) or prefix in _TAKEN or prefix.isdigit()):
        raise PluginError(f"{where}: not a folder of its own (expected lowercase letters, digits and "
                          f"hyphens, not a year or one of {', '.join(sorted(_TAKEN))}, "
                          f"found {settings.shown(prefix)})")
    if prefix in taken:
        raise PluginError(f"{where}: taken (expected a folder of its own, found {settings.shown(prefix)}, "
                          f"which {taken[prefix]} has too)")
    taken[prefix] = code
    return f"{prefix}/" if prefix else ""


def _digits(name: str | None, where: str) -> str | None:
    if name is not None and name not in ZEROS:
        raise PluginError(f"{where}.digits: unknown digits (expected one of {', '.join(sorted(ZEROS))}, "
                          f"found {settings.shown(name)})")
    return name


def _topic_names(mapped: dict, code: str, first: bool, codes: list[str]) -> dict[str, str]:
    """This language's names of the topics mkdocs.yml names in several, to their first name."""
    names: dict[str, str] = {}
    for key, translated in mapped.items():
        for language in translated:
            if language not in codes:
                raise PluginError(f"mkdocs.yml: plugins.briefing.topics.{key}.{language}: not a language of "
                                  f"this site (expected one of {', '.join(codes)}, found {language!r})")
        name = key if first else translated.get(code)
        if name is None:
            continue
        folded = _folded(name)
        if folded in names and not same_term(names[folded], key):
            raise PluginError(f"mkdocs.yml: plugins.briefing.topics.{key}.{code}: {name!r} names another "
                              f"topic too (expected one name per topic, found it for {names[folded]!r})")
        names[folded] = key
    return names


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def navigation(first: Language, search: bool) -> list[dict[str, str]]:
    """MkDocs' navigation: the tabs of the default language (pages.navigation makes the
    others'). Never the briefs: a nav of every brief makes every page carry the whole site,
    and the build quadratic."""
    say = Wording(first.code)
    return [{say(word): f"{first.prefix}{folder}index.md"} for word, folder in SECTIONS
            if search or word != "search"]


def unicode_slugs(languages: list[Language], tag: str) -> bool:
    """Whether a brief in `tag` is named in its title's own letters (its language's `slugs`)."""
    code = tags.match(tag, [lang.code for lang in languages])
    own = next((lang for lang in languages if lang.code == code), languages[0])
    return own.slugs == "unicode"


def language_of(languages: list[Language]):
    """Which language code a brief is in (None: not one of the site's)."""
    return translations.language_rule([lang.code for lang in languages], languages[0].code)


def place(files, briefs: list[Brief], languages: list[Language]) -> None:
    """Each brief's page under its language's folder: content/2024/07/x.md at /de/2024/07/x/."""
    prefix = {lang.code: lang.prefix for lang in languages}
    which = language_of(languages)
    for brief in briefs:
        folder = prefix.get(which(brief) or "", "")
        if folder and (file := files.get_file_from_path(brief.source)):
            mkdocs_internals.move_page(file, folder)


def newsroom(config, options, languages: list[Language], briefs: list[Brief], paths: dict[str, str],
             now: datetime | None, palette: str) -> Newsroom:
    """A Site of each language, with its briefs; and which briefs are one story's versions."""
    which = language_of(languages)
    by_language: dict[str, list[Brief]] = {lang.code: [] for lang in languages}
    for brief in briefs:
        by_language[which(brief)].append(brief)
    roster = {i: Person(i, a.name, a.url) for i, a in options.authors.items()}
    url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    sites = {}
    for lang in languages:
        rule = _slug_rule(lang.topics, lang.code, languages[0].code)
        corpus = Corpus(by_language[lang.code], settings.load_zone(options.timezone), lang.prefix, rule)
        sites[lang.code] = Site(
            name=lang.site_name, url=url, language=lang.code, description=lang.description,
            corpus=corpus, paths=paths, now=now, roster=roster, publication=lang.publication,
            palette=palette, pictures=options.pictures, prefix=lang.prefix, language_name=lang.name,
            direction=tags.direction(lang.code), feed_title=lang.feed_title, copyright=lang.copyright,
            front_topics=lang.front_topics, digits=lang.digits, dateline_zone=lang.zone,
        )
    return Newsroom(sites, translations.stories(briefs))


def _slug_rule(names: dict[str, str], code: str, first: str):
    """A term's address from its name in its language; a topic named in several languages
    takes its first name's, in the default language's letters."""
    def slug(name: str) -> str:
        key = names.get(_folded(name))
        return term_slug(key, first) if key is not None else term_slug(name, code)
    return slug
