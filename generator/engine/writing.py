"""The site's outputs other than pages: feeds, sitemaps, robots.txt, redirects, headers.

Each file is written only if it changed. In a build, the feeds and the redirect pages
are kept in the page cache by a digest of all they are made from, and linked from there
when made before; in a preview, what was made last time is reused when its source is
the same. Every file written is one claimed in the registry of outputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.engine import hashing
from generator.engine.cache import PageCache
from generator.outputs import feeds, redirects, sitemaps
from generator.outputs.registry import Outputs


@dataclass
class OutputWriter:
    """Writes the outputs of one build; a preview keeps it between rebuilds."""

    serving: bool
    written: dict[str, str] = field(default_factory=dict)  # a preview's: path -> text there
    made: dict = field(default_factory=dict)  # a preview's: name -> (source, files made)
    keys: set[str] = field(default_factory=set)  # this build's cache entries (see PageCache)
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)

    def write(self, build, config, cache: PageCache | None) -> None:
        """Everything but pages, for `build` (a generator.build.Build), into its site folder."""
        site, out, outputs = build.site, Path(config.site_dir), build.outputs
        made, self.made = self.made, {}
        cache = cache if not self.serving else None
        digests, shared = build.brief_digests, build.shared_fingerprint
        self.keys, self.stamps = set(), {}

        def output(name: str, source, make: Callable[[], dict[str, str]], paths: tuple[str, ...] = (),
                   key: str = "") -> dict[str, str]:
            """The files `make()` gives, to write. In a preview, what it gave last time when
            `source` is the same. In a build, files of known `paths` are kept in the page
            cache by `key` (a digest of all they are made from): linked from there when
            made before, else made and written there and into the site (nothing to write)."""
            if self.serving:
                before = made.get(name)
                self.made[name] = before if before and before[0] == source else (source, make())
                return self.made[name][1]
            if not (cache and paths):
                return make()
            for path in paths:
                _owned(outputs, path)
            keys = {path: hashing.digest(key, path) for path in paths}
            self.keys.update(keys.values())
            if all(cache.place(entry, os.path.join(out, path)) is not None for path, entry in keys.items()):
                return {}
            for path, text in make().items():
                self.stamps[keys[path]] = cache.put(
                    keys[path], text.encode("utf-8"), [], os.path.join(out, path)
                )
            return {}

        written: dict[str, str] = {}
        for feed in build.feeds.values():
            key = hashing.digest(
                shared, "feed", repr((feed.folder, feed.title, feed.page)),
                *(digests[brief.source] for brief in feed.briefs), "" if feed.briefs else repr(site.now),
            )
            paths = tuple(feed.folder + name for name in feeds.KINDS)
            own = build.newsroom.site_at(feed.folder)  # its language's
            written.update(output(feed.folder, feed, lambda: feeds.write_all(own, feed), paths, key))
        preview = build.options.preview  # for the desk: kept out of search engines, no sitemaps
        if not preview:
            entries = sorted([*build.sitemap_entries, *build.page_entries], key=lambda entry: entry[0])
            written.update(output("sitemaps", entries, lambda: sitemaps.sitemaps(site, entries)))
            written[sitemaps.NEWS_SITEMAP] = sitemaps.news_sitemap(build.newsroom)
        docs = Path(config.docs_dir)
        if preview or not (docs / "robots.txt").exists():  # a preview's over the site's own copy
            written["robots.txt"] = sitemaps.robots(site, preview)
        for redirect in build.redirects:
            key = hashing.digest(shared, "redirect", redirect.source, digests[redirect.brief.source])
            written.update(output(redirect.output, redirect, lambda: {
                redirect.output: redirects.page(build.newsroom.site_of(redirect.brief.source), redirect,
                                                build.security.redirect_head)},
                (redirect.output,), key))
        if site.prefix:  # the default language in a folder of its own: the root sends readers there
            written["index.html"] = redirects.home_page(site, build.security.redirect_head)
        own_rules = docs / "_redirects"
        written["_redirects"] = (
            own_rules.read_text(encoding="utf-8") if own_rules.exists() else ""
        ) + redirects.rules(site, build.redirects)
        written["_headers"] = build.security.headers(
            docs / "_headers", (entry[0] for entry in [*build.sitemap_entries, *build.page_entries]))
        if preview:  # for hosts that send it: every file, feeds and pictures too, not only pages
            written["_headers"] += "/*\n  X-Robots-Tag: noindex, nofollow\n"
        for path in self.written.keys() - written.keys():  # a preview's: no longer made
            (out / path).unlink(missing_ok=True)
        for path, text in written.items():
            _owned(outputs, path)
            target = os.path.join(out, path)
            if self.written.get(path) == text and os.path.exists(target):
                continue  # a preview's rebuild: unchanged
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as file:
                file.write(text)
        if self.serving:
            self.written = written


def _owned(outputs: Outputs, path: str) -> None:
    """Every file written is one claimed in the registry of outputs (a bug otherwise)."""
    if outputs.owner(path) is None:
        raise RuntimeError(f"{path} is written without being claimed in the registry of outputs")
