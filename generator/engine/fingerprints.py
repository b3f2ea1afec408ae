"""Fingerprints: short hashes of everything a page's HTML depends on.

A page is rebuilt only when its fingerprint changes, so each must take in every input:
the brief (all its fields, image size included), what the page shows of other briefs,
and the build's common inputs (Briefing's code, the theme, mkdocs.yml, library versions).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from typing import Callable, Iterator

from pathlib import Path

from generator.engine import hashing
from generator.engine.hashing import digest
from generator.model.brief import Brief
from generator.model.corpus import Corpus
from generator.outputs.listings import Listing
from generator.outputs.site import Newsroom, Site

# Markdown links and images, `[text](target)`, and reference definitions, `[id]: target`
# (the label up to the first "]", then the rest).
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
_DEFINITION = re.compile(r"^ {0,3}\[", re.MULTILINE)
_DEFINITION_REST = re.compile(r"\]:\s*<?(\S+?)>?\s*$", re.MULTILINE)


# What of MkDocs' configuration a page of Briefing's shows.
SHOWN_SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
                  "repo_name", "edit_uri", "extra", "nav", "markdown_extensions", "mdx_configs", "extra_css",
                  "extra_javascript", "use_directory_urls")


def of_build(config, files, *settings: str) -> str:
    """What every page shows alike: Briefing's code and libraries, the theme, mkdocs.yml,
    the settings (MkDocs', the theme's, and `settings`), and the site's own pages."""
    return digest(
        hashing.of_code(),
        hashing.of_tree(Path(config.theme.custom_dir)) if config.theme.custom_dir else "",
        Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
        hashing.shown([config[key] for key in SHOWN_SETTINGS]),
        repr(sorted(config.theme.items())),
        *settings,
        *(f.src_uri + "\0" + f.content_string for f in files.documentation_pages()),
    )


def link_targets(brief: Brief) -> list[str]:
    """Relative link and image targets in the body, as paths from content/."""
    if "]" not in brief.body:  # most briefs link nothing: no need to run the pattern over them
        return []
    folder = posixpath.dirname(brief.source)
    found = []
    for target in _targets(brief.body):
        target = target.split("#")[0]
        if target and ":" not in target and not target.startswith(("/", "?")):
            found.append(posixpath.normpath(posixpath.join(folder, target)))
    return found


def _targets(body: str) -> Iterator[str]:
    """Each link's and each definition's target, leftmost first, none inside another's
    match: what one expression of both finds, in one pass. (One expression tried a
    definition at each line that starts with "[", up to the next "]" wherever that
    was: lines of "[" took minutes.)"""
    definitions = _Definitions(body)
    link, definition = _LINK.search(body), definitions.first(0)
    while link or definition:
        if link and (definition is None or link.start() < definition[0]):
            position = link.end()
            yield link[1]
        else:
            position = definition[1].end()
            yield definition[1][1]
        if link and link.start() < position:
            link = _LINK.search(body, position)
        if definition and definition[0] < position:
            definition = definitions.first(position)


class _Definitions:
    """Reference definitions in a body, from any position on; each label's end looked
    for once, as where one is not followed by ":", no line before it starts a definition."""

    def __init__(self, body: str):
        self.body = body
        self.label_end = -1  # the first "]" after the last label looked at
        self.failed_before = 0  # no definition starts before this

    def first(self, position: int) -> tuple[int, re.Match] | None:
        """The first definition at or after `position`: where it starts, and its rest
        (from the label's "]" on)."""
        body = self.body
        while start := _DEFINITION.search(body, max(position, self.failed_before)):
            label = start.end()
            if self.label_end < label:
                self.label_end = body.find("]", label)
                if self.label_end < 0:
                    self.failed_before = len(body) + 1  # no label ends: no definition from here on
                    return None
            if self.label_end == label:  # an empty label
                position = start.start() + 1
            elif rest := _DEFINITION_REST.match(body, self.label_end):
                return start.start(), rest
            else:
                self.failed_before = self.label_end
        return None


def of_pages(shared: str, corpus: Corpus, listings: dict[str, Listing], related: int,
             url_of: Callable[[str], str | None], facets: str,
             only: set[str] | None = None, known: dict[str, str] | None = None,
             versions: Callable[[str], tuple] | None = None) -> dict[str, str]:
    """`src_uri -> fingerprint` of every brief and listing page; `shared` is what all depend on;
    `versions(src_uri)`: the page's versions in other languages, which it links.

    A preview's quick rebuild asks for the listings and `only` some briefs' pages, and
    passes the briefs' digests it kept (`known`, source -> digest; filled in here).
    """
    known = {} if known is None else known
    versions = versions or (lambda _: ())

    def brief_digest(brief: Brief) -> str:
        if brief.source not in known:
            known[brief.source] = brief.digest
        return known[brief.source]

    out = {}
    for brief in corpus.briefs if only is None else map(corpus.by_source.get, sorted(only)):
        links = [f"{target}={url_of(target) or ''}" for target in link_targets(brief)]
        out[brief.source] = digest(
            shared, brief_digest(brief), *map(brief_digest, corpus.related(brief, related)), *links,
            repr(versions(brief.source)),
        )
    for src_uri, listing in listings.items():
        # The search page shows every facet with its count.
        extra = facets if listing.template == "search.html" else ""
        out[src_uri] = digest(shared, of_listing(listing, brief_digest), extra, repr(versions(src_uri)))
    return out


def of_languages(shared: str, newsroom: Newsroom, listings: dict[str, Listing], related: int,
                 url_of: Callable[[str], str | None], facets: Callable[[Site], str],
                 only: set[str] | None, known: dict[str, str] | None, versions) -> dict[str, str]:
    """of_pages for the site in each language: its briefs, its listings, its search facets."""
    found: dict[str, str] = {}
    for site in newsroom.sites.values():
        own = {src: listing for src, listing in listings.items() if newsroom.site_at(listing.path) is site}
        found.update(of_pages(shared, site.corpus, own, related, url_of, facets(site),
                              None if only is None else only & site.corpus.by_source.keys(), known, versions))
    return found


def of_listing(listing: Listing, brief_digest) -> str:
    """A listing as it is shown: its own fields, and the briefs on it."""
    return digest(
        repr(replace(listing,
                     briefs=tuple(map(brief_digest, listing.briefs)),
                     leads=tuple(map(brief_digest, listing.leads)),
                     blocks=tuple(replace(block, briefs=tuple(map(brief_digest, block.briefs)))
                                  for block in listing.blocks)))
    )
