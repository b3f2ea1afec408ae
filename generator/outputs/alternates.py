"""A page's versions in the site's languages, for `<link rel="alternate" hreflang>`, the
sitemap's `xhtml:link`s and the language switcher.

A brief's versions are its story's translations (model/translations.py); a listing's are
the listings at the same place in the other languages ("topics/syria/", "de/topics/syria/":
a topic named in several languages shares its address). Every version lists itself and all
the others, so that the links are reciprocal, as search engines require; and `x-default`,
the version for readers of none of them: the default language's, else the original.
"""

from __future__ import annotations

from generator.model.languages import own_name
from generator.outputs.site import Newsroom

X_DEFAULT = "x-default"
Alternates = tuple[tuple[str, str], ...]  # (hreflang, path from the site root), x-default last


class Versions:
    """Every page's alternates, by src_uri ("2024/07/x.md", "de/topics/syria/index.md")."""

    def __init__(self, newsroom: Newsroom, listing_paths: dict[str, str]):
        """`listing_paths`: src_uri -> path of each of Briefing's listings."""
        self.newsroom = newsroom
        sites = list(newsroom.sites.values())
        self.found: dict[str, Alternates] = {}
        for source, story in newsroom.versions.items():  # a brief's: its story's versions
            told = sorted(story, key=lambda b: (sites.index(newsroom.site_of(b.source)), self.language(b)))
            versions = [(self.language(b), sites[0].paths[b.source]) for b in told]
            original = next((b for b in story if not b.translation_of), told[0])
            self.found[source] = self._with_default(versions, sites[0].paths[original.source])
        if len(sites) < 2:
            return
        by_path = {path: src for src, path in listing_paths.items()}
        for src_uri, path in listing_paths.items():  # a listing's: the same place in each language
            site = newsroom.site_at(path)
            rest = path[len(site.prefix):]
            versions = [(other.language, other.prefix + rest) for other in sites
                        if other.prefix + rest in by_path]
            if len(versions) > 1:
                self.found[src_uri] = self._with_default(versions, versions[0][1])

    def language(self, brief) -> str:
        """A version's hreflang: its brief's `lang`, else its site's language."""
        return brief.lang or self.newsroom.site_of(brief.source).language

    def _with_default(self, versions: list[tuple[str, str]], original: str) -> Alternates:
        default = self.newsroom.default.language
        chosen = next((path for language, path in versions if language == default), original)
        return (*versions, (X_DEFAULT, chosen))

    def __call__(self, src_uri: str) -> Alternates:
        return self.found.get(src_uri, ())

    def switcher(self, src_uri: str, current: str) -> list[dict]:
        """The language switcher's entries: each version with its language's own name (its
        site's `name` setting, else CLDR's), absolute URL, and whether it is this page's
        (`current`: this page's language)."""
        sites, site = self.newsroom.sites, self.newsroom.default
        return [
            {"lang": language, "name": sites[language].language_name if language in sites
             else own_name(language), "url": site.absolute(path), "current": language == current}
            for language, path in self(src_uri) if language != X_DEFAULT
        ]
