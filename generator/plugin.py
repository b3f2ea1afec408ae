"""The MkDocs plugin: MkDocs' events, in the order MkDocs calls them, each handed to the
build (generator/build.py) with a line on what it does there and why.

Per-build state lives in one Build, made in on_config. The plugin itself keeps only
what outlives a build: the project's lock, the search index being made (a preview's
rebuilds cancel the one before), and the handover from `briefing build`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from generator import config as settings, pages, preview
from generator.build import Build
from generator.config import BriefingConfig
from generator.engine import sitefolder
from generator.engine.lock import ProjectLock
from generator.search.background import Indexing


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.build: Build | None = None  # this build's state and steps
        self.indexing = Indexing()  # the search index of the newest build
        self.lock: ProjectLock | None = None  # held from the first on_config to on_shutdown
        self.watched: list[str] = []  # what the preview server watches (from on_serve)
        # Handed over by `briefing build`: a replaced site to write over, and when writing began.
        self.spare: Path | None = None
        self.written_since = 0

    def on_startup(self, *, command, dirty) -> None:
        # A new session (MkDocs keeps one plugin per process, across commands): nothing
        # of another is carried into its builds. `briefing check` runs as "check".
        self.command = command
        self.indexing.cancel()
        self.build, self.indexing = None, Indexing()

    def on_config(self, config):
        # A new build (a preview's rebuild starts from what its last build left), its
        # settings checked, then the project held (a check writes nothing: no lock).
        build = Build(
            self.config, self.command, self.build if self.command == "serve" else None, self.indexing
        )
        settings.check(config, self.config.cache_dir)
        if self.lock is None and self.command != "check":
            # Once the cache folder's place is known to be sound. `mkdocs build` and
            # `mkdocs serve` hold the project as `briefing` does (which holds it already:
            # the lock is re-entrant); a preview's rebuilds keep it.
            lock = ProjectLock(settings.cache_folder(config, self.config),
                               "serve" if self.command == "serve" else "build", f"mkdocs {self.command}")
            lock.acquire()
            self.lock = lock  # only once held: on_shutdown lets go of what is held
        self.build = build
        return build.configure(config)

    def on_files(self, files: Files, *, config) -> Files:
        # MkDocs has emptied the site folder by now, and nothing is written yet: the
        # replaced site goes in, to be written over.
        if self.spare:
            self.written_since = sitefolder.move_into(self.spare, Path(config.site_dir))
            self.spare = None
        # Before anything is read: a file saved from here on counts as changed next time
        # (none watched yet at a preview's first build: see on_serve).
        snapshot = preview.snapshot(self.watched)
        # Every brief read and checked, every output planned; MkDocs' own page loop
        # then leaves out the pages Briefing renders.
        return self.build.plan(files, config, snapshot)

    def on_nav(self, nav, *, config, files):
        self.build.nav = nav  # the templates of Briefing's pages need it
        return nav

    def on_page_read_source(self, *, page, config):
        # Read and checked already: MkDocs need not read the file, nor its YAML, again.
        brief = self.build.newsroom.brief(page.file.src_uri)
        return "\n" + brief.body if brief else None

    def on_page_markdown(self, markdown, *, page, config, files):
        pages.meta(self.build, page)  # titles and descriptions, escaped (MkDocs prints them as HTML)
        return markdown

    def on_page_content(self, html, *, page, config, files):
        return pages.content(self.build, html, page, config)  # raw HTML cleaned, unless trust_html

    @event_priority(-100)  # last, so every plugin's filters are in the templates
    def on_env(self, env, *, config, files):
        # Templates are ready: Briefing's pages start rendering on every core, while
        # MkDocs renders the site's own. A preview's pages show its problems (serving.Told).
        env.globals["serving"] = self.build.serving
        return self.build.render(env, config, files)

    def on_template_context(self, context, *, template_name, config):
        return pages.every_page(self.build, context)  # theme pages such as 404.html get what every page has

    def on_page_context(self, context, *, page, config, nav):
        return pages.context(self.build, context, page)  # the brief or listing a template shows

    def on_post_page(self, output, *, page, config):
        return pages.language(self.build, output, page)  # <html lang> of a brief in another language

    def on_post_template(self, output_content, *, template_name, config):
        return pages.language(self.build, output_content)  # 404.html's <html dir> too

    def on_post_build(self, *, config):
        self.build.finish(config)  # outputs written; pages and search index waited for

    def on_build_error(self, *, error):
        if self.build:
            self.build.fail()  # workers, threads and the indexer stopped; nothing half-kept

    def on_serve(self, server, *, config, builder):
        # After the first build: saves are learnt of from the system's file events, and
        # a save of briefs only rebuilds the pages that show them.
        if config.theme.custom_dir:  # the site's own templates reload the preview too
            server.watch(config.theme.custom_dir)
        self.watched = preview.watch_for_events(server)
        server.builder = preview.Rebuilder(lambda: self.build, builder, self.watched, config.docs_dir)
        return server

    def on_shutdown(self) -> None:
        try:
            if self.build:
                self.build.close()  # the brief cache kept
            self.indexing.cancel()
        finally:  # the project is let go of whatever happened
            if self.lock:
                self.lock.release()
                self.lock = None
