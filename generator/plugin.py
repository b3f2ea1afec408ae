"""The MkDocs plugin: a thin layer of event handlers over the corpus, pages and outputs."""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import corpus as corpus_module, dates
from .corpus import Corpus, is_brief_source
from .problems import BriefingError

log = logging.getLogger("mkdocs.plugins.briefing")


class BriefingConfig(base.Config):
    # IANA zone that date-only briefs and "today" are read in, e.g. Europe/Berlin.
    timezone = c.Type(str, default="UTC")
    # How many briefs the front page lists.
    front_page_size = c.Type(int, default=20)


class BriefingBuildError(PluginError):
    """Every problem of the run, as `path:line: field: message` lines."""

    def __init__(self, error: BriefingError):
        super().__init__(error.report())
        self.problems = error.problems


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.corpus: Corpus | None = None

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        self.zone = load_zone(self.config.timezone)
        self.site_lang = config.theme["language"]
        if config.nav is None:
            # Briefs never go in the sidebar: a nav of every brief makes every page
            # carry the whole site, and the build quadratic.
            config.nav = [{"Latest": "index.md"}]
        return config

    def on_files(self, files: Files, *, config) -> Files:
        content_dir = Path(config.docs_dir)
        sources = [f.src_uri for f in files.documentation_pages() if is_brief_source(f.src_uri)]
        try:
            self.corpus = corpus_module.load(content_dir, sources, self.zone)
        except BriefingError as error:
            raise BriefingBuildError(error) from None
        self.urls = {f.src_uri: f.url for f in files.documentation_pages()}
        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content=FRONT_PAGE))
        return files

    def on_env(self, env, *, config, files):
        env.filters["iso_date"] = dates.iso
        env.filters["readable_date"] = dates.readable
        env.filters["brief_url"] = lambda brief: self.urls[brief.source]
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        brief = self.corpus.by_source.get(page.file.src_uri)
        if brief:
            page.meta["template"] = "brief.html"
            page.meta["description"] = brief.lead
        return markdown

    def on_page_context(self, context, *, page, config, nav):
        brief = self.corpus.by_source.get(page.file.src_uri)
        if brief:
            context["brief"] = brief
        if page.is_homepage:
            context["briefs"] = self.corpus.briefs[: self.config.front_page_size]
        return context

    def on_post_page(self, output, *, page, config):
        brief = self.corpus.by_source.get(page.file.src_uri)
        if brief and brief.lang and brief.lang != self.site_lang:
            # Material sets <html lang> from the site's language; a brief may be in another.
            output = output.replace(
                f'<html lang="{self.site_lang}"', f'<html lang="{brief.lang}"', 1
            )
        return output


FRONT_PAGE = """---
title: Latest briefs
template: front.html
---
"""


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(
            f"mkdocs.yml: plugins.briefing.timezone: unknown time zone "
            f"(expected an IANA name such as Europe/Berlin, found {name!r})"
        ) from None
