"""The MkDocs plugin: a thin layer of event handlers over the corpus, pages and outputs."""

from __future__ import annotations

import html
import json
import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.model import corpus as corpus_module
from generator.model import dates
from generator.outputs import feeds
from generator.engine import fingerprints
from generator.outputs import metadata
from generator.outputs import listings as pages
from generator.model import pictures
from generator import preview
from generator.model import publishing
from generator.outputs import rawhtml
from generator.outputs import redirects
from generator.search import documents as search
from generator.outputs import security
from generator import config as settings
from generator.engine import sitefolder
from generator.outputs import sitemaps
from generator.model.corpus import Corpus, is_brief_source
from generator.model.dates import as_datetime
from generator.engine.lock import ProjectLock
from generator.engine.cache import BriefCache, PageCache
from generator.engine.rendering import OwnFiles, PageRenderer, Rendering, worker_count
from generator.engine.templating import Remembering, fix_for_the_build
from generator.outputs.registry import Outputs
from generator.model.problems import BriefingError, Problem, display_path
from generator.search.documents import SHARD_SIZE
from generator.config import WholeNumber
from generator.outputs.site import Person, Site

log = logging.getLogger("mkdocs.plugins.briefing")

# Files of the site's own that Briefing reads into its file of the same name.
MERGED = ("_redirects", "_headers")


class _Author(base.Config):
    name = c.Type(str)
    url = c.Optional(c.Type(str))


class BriefingConfig(base.Config):
    # IANA zone that date-only briefs and "now" are read in, e.g. Europe/Berlin.
    timezone = c.Type(str, default="UTC")
    # Briefs per page on the front page, topic, author, agency and archive pages.
    page_size = WholeNumber(1, default=20)
    # Briefs in each feed.
    feed_size = WholeNumber(1, default=30)
    # Related briefs under each brief.
    related = WholeNumber(0, default=4)
    # Who the initials are: {es: {name: Erika Sommer, url: https://...}}.
    authors = c.DictOfItems(c.SubConfig(_Author), default={})
    # Publication name in the Google News sitemap (default: site_name).
    publication = c.Optional(c.Type(str))
    # Build drafts (briefing serve always does) and briefs dated in the future.
    drafts = c.Type(bool, default=False)
    future = c.Type(bool, default=False)
    # A page listing every correction, newest first (when there are any).
    corrections_page = c.Type(bool, default=True)
    # Build the search index (Pagefind's format and script). Off, the site has no search.
    search = c.Type(bool, default=True)
    # Briefs per index shard; larger archives are indexed year by year in shards.
    search_shard_size = WholeNumber(1, default=SHARD_SIZE)
    # Keep raw HTML in briefs as written (scripts, iframes, any attribute). Off, brief
    # bodies are cleaned to a safe allow-list (see generator/rawhtml.py).
    trust_html = c.Type(bool, default=False)
    # Processes rendering pages; 0 is one per core.
    workers = WholeNumber(0, default=0, meaning=" (0: one per core)")
    # Keep rendered pages between builds (in cache_dir, beside mkdocs.yml) and reuse
    # those whose inputs did not change.
    cache = c.Type(bool, default=True)
    # Inside the project folder, outside docs_dir and site_dir: checked with the other
    # settings it depends on, in on_config (settings.check).
    cache_dir = c.Type(str, default=".cache/briefing")
    # The Content-Security-Policy in _headers and in every page: true (Briefing's), false
    # (none), the site's own policy, or {directive: sources} to add (see generator/security.py).
    content_security_policy = security.PolicySetting()


class BriefingBuildError(PluginError):
    """Every problem of the run, as `path:line: field: message` lines."""

    def __init__(self, error: BriefingError):
        super().__init__(error.report())
        self.problems = error.problems


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        self.serving = self.checking = False
        self.problems: list[Problem] = []  # what a check found
        self.outputs = self.site_outputs = Outputs()  # every file in the site, with its owner
        self.selection: publishing.Selection | None = None
        self.site: Site | None = None
        self.search_report: search.IndexReport | None = None
        self.indexer: search.BackgroundIndex | None = None
        self.search_shards: list[str] = []
        self.rendering: Rendering | None = None
        self.folders: sitefolder.Folders | None = None  # being made ahead of the pages
        self.listings: dict[str, pages.Listing] = {}
        # Kept across a preview's rebuilds (MkDocs keeps a plugin with on_startup):
        self.placed: dict[str, tuple[str, str]] = {}  # own pages in the site folder
        self.written: dict[str, str] = {}  # feeds, sitemaps, redirects written there
        self.output_keys: set[str] = set()  # cache entries of the outputs, see _write_outputs
        self.output_stamps: dict[str, tuple[int, int]] = {}
        self.brief_cache: BriefCache | None = None
        self.last_build: preview.LastBuild | None = None  # what a quick rebuild reuses
        self.generation = 0  # rebuilds so far: a search index started for an older one is dropped
        self.indexing = threading.Lock()  # one search bundle moved into the site at a time
        self.made: dict = {}  # outputs of the last preview build, and what they were made from
        self.urls: dict[str, str] = {}  # listing src_uri -> URL, for sitemaps
        self.watched: list[str] = []  # what the preview server watches
        # Set by `briefing build`: a replaced site to write over, and when writing began.
        self.spare: Path | None = None
        self.written_since = 0
        self.lock: ProjectLock | None = None  # held from the first on_config to on_shutdown
        self.command = "build"

    def on_startup(self, *, command, dirty) -> None:
        self.command = command
        self.serving = command == "serve"
        self.checking = command == "check"  # `briefing check`: MkDocs' steps up to on_files

    def on_config(self, config):
        self.zone = load_zone(self.config.timezone)
        settings.check(config, self.config.cache_dir)
        if self.lock is None and not self.checking:  # a check writes nothing
            # Once the cache folder's place is known to be sound. `mkdocs build` and
            # `mkdocs serve` hold the project as `briefing` does (which holds it already:
            # the lock is re-entrant); a preview's rebuilds keep it.
            lock = ProjectLock(self.cache_dir(config), "serve" if self.serving else "build",
                               f"mkdocs {self.command}")
            lock.acquire()
            self.lock = lock  # only once held: on_shutdown lets go of what is held
        if config.nav is None:
            # Briefs never go in the navigation: a nav of every brief makes every page
            # carry the whole site, and the build quadratic.
            config.nav = [
                {"Latest": "index.md"},
                {"Topics": "topics/index.md"},
                {"Archive": "archive/index.md"},
                *([{"Search": "search/index.md"}] if self.config.search else []),
            ]
        # Briefing writes sitemap.xml itself, with every brief; MkDocs' would list none.
        config.theme.static_templates.discard("sitemap.xml")
        if "search" in config.plugins:
            log.warning(
                "mkdocs.yml: plugins: remove 'search': Briefing's search (Pagefind) replaces "
                "MkDocs' lunr search, whose index every reader would download whole"
            )
        return config

    def on_files(self, files: Files, *, config) -> Files:
        if self.spare:  # MkDocs has emptied the site folder by now; nothing is written yet
            self.written_since = sitefolder.move_into(self.spare, Path(config.site_dir))
            self.spare = None
        self.last_build, self.made, self.urls = None, {}, {}
        self.generation += 1
        # Before anything is read: a file saved from here on counts as changed next time.
        snapshot = preview.snapshot(self.watched)  # none yet at a preview's first build: see on_serve
        corpus, problems = self._publish(files, config)
        paths = {b.source: files.get_file_from_path(b.source).url for b in corpus.briefs}
        problems += self._assemble(corpus, paths, files, config)
        if self.checking:  # `briefing check`: every problem a build would meet, and nothing written
            self.problems = problems
            return files
        if problems:
            raise BriefingBuildError(BriefingError(problems))
        if not self.serving:  # a preview writes into the folders its last build made
            self.folders = sitefolder.Folders(config.site_dir, self._folders(files, config))
            self.folders.start()
        self.sitemap_entries, self.page_entries = [], []
        self._start_indexer(config, self._search_parts())
        files = OwnFiles(files, {*self.site.corpus.by_source, *self.listings})
        if self.serving:
            self.last_build = preview.LastBuild(config, files, snapshot, self.everything)
        return files

    def _folders(self, files: Files, config) -> set[str]:
        """The folders of Briefing's pages and redirects in the site."""
        by_uri = files.src_uris
        folders = {os.path.dirname(by_uri[src_uri].abs_dest_path)
                   for src_uri in (*self.site.corpus.by_source, *self.listings)}
        folders.update(os.path.dirname(os.path.join(config.site_dir, r.output)) for r in self.redirects)
        return folders

    def _assemble(self, corpus: Corpus, paths: dict[str, str], files: Files, config, quick=False) -> list:
        """The site around the briefs: its listings, feeds and redirects, and every output
        claimed in the registry; the problems of addresses taken twice."""
        self.site = Site(
            name=config.site_name,
            url=config.site_url if config.site_url.endswith("/") else config.site_url + "/",
            language=config.theme["language"],
            description=config.site_description or "",
            corpus=corpus,
            paths=paths,
            now=self.now,
            roster={i: Person(i, a.name, a.url) for i, a in self.config.authors.items()},
        )
        if not self.checking:
            self._warn_unknown_authors(corpus)
        self._add_listings(files, config, quick)
        self.feeds = feeds.site_feeds(self.site, self.config.feed_size)
        problems = []
        if not quick:  # a quick rebuild has the same files, pages and feeds (else it is a full one)
            self.site_outputs, problems = self._claim_outputs(files, config)
        self.outputs = self.site_outputs.copy()
        self.redirects, clashes = redirects.plan(self.site, Path(config.docs_dir), self.outputs)
        return problems + clashes

    def _claim_outputs(self, files: Files, config) -> tuple[Outputs, list]:
        """Every output but the briefs' redirects, claimed: Briefing's own, then MkDocs' files
        (the site's own and the theme's), then the theme's templates. A file of the site's
        own on an address Briefing writes is a problem naming both."""
        outputs, problems = Outputs(), []
        docs = Path(config.docs_dir)
        own = {}
        for feed in self.feeds.values():
            own.update(feed.files())
        pages = sum(1 for f in files.documentation_pages() if f.src_uri not in self.site.corpus.by_source)
        own.update(dict.fromkeys(sitemaps.files(len(self.site.corpus.briefs) + pages), "Briefing's sitemap"))
        own[sitemaps.NEWS_SITEMAP] = "Briefing's news sitemap"
        own["_redirects"] = "Briefing's redirect rules"  # with the site's own _redirects first
        own["_headers"] = "Briefing's response headers"  # likewise
        if not files.get_file_from_path("robots.txt"):  # else the site's own robots.txt is published
            own["robots.txt"] = "Briefing's robots.txt"
        for path, owner in own.items():
            outputs.claim(path, owner)
        if self.config.search:
            outputs.claim_folder(search.BUNDLE, "Briefing's search index")
        shown = display_path(str(docs))
        inside = _Inside(config.docs_dir)
        for file in list(files):
            if file.src_uri in MERGED:  # read into Briefing's file of that name, not copied
                files.remove(file)
                continue
            if file.src_uri in self.listings:
                owner = f"Briefing's page {self.listings[file.src_uri].title!r}"
            elif file.generated_by:
                owner = f"the {file.generated_by} plugin's {file.src_uri}"
            elif os.path.normpath(file.src_dir) == os.path.normpath(config.docs_dir):
                owner = f"{shown}/{file.src_uri}"
                if not inside(file.abs_src_path):  # MkDocs would publish what the link points at
                    problems.append(Problem(file.abs_src_path, 1, "file", (
                        "a link to outside content/ (expected a file inside content/, found a link to "
                        f"{os.path.realpath(file.abs_src_path)})")))
            else:
                owner = f"the theme's {file.src_uri}"
            if taken := outputs.claim(file.dest_uri, owner):
                if owner.startswith("the theme's") and own.get(file.dest_uri) == taken:
                    files.remove(file)  # MkDocs' sitemap.xml template, say: Briefing writes its own
                    continue
                problems.append(Problem(file.abs_src_path or str(docs / file.src_uri), 1, "file", (
                    f"address already taken (expected an address of its own, found /{file.url}, "
                    f"which is {taken})")))
        for template in (*config.theme.static_templates, *config.extra_templates):
            outputs.claim(template, f"the theme's {template}")
        return outputs, problems

    def _search_parts(self) -> list:
        """The search index's shards (folder, documents); which folders, for the pages."""
        parts = search.shards(search.documents(self.site), self.config.search_shard_size) \
            if self.config.search else []
        self.search_shards = [folder for folder, _ in parts[1:]]
        return parts

    def _start_indexer(self, config, parts: list, generation: int | None = None) -> None:
        """Index for search in another process while the pages render.

        A preview's quick rebuild calls this from a thread of its own (`generation`):
        it gives way when a newer rebuild has begun.
        """
        if self.indexer:
            self.indexer.cancel()  # its waiting thread, if any, gives up the lock
        with self.indexing:
            if generation is not None and generation != self.generation:
                return
            if self.indexer:
                self.indexer.cancel()
            self.indexer = None
            if self.config.search:
                cache = self.cache_dir(config) / "search" if self.config.cache else None
                self.indexer = search.BackgroundIndex(parts, self.site.language, cache, gentle=self.serving)

    def _publish(self, files: Files, config) -> tuple[Corpus, list[Problem]]:
        """Read and check every brief; keep what may be published now, drop the rest's
        files. The sound briefs go on, with the others' problems, so that one run reports
        every problem: the briefs' own and those between them."""
        sources = [f.src_uri for f in files.documentation_pages() if is_brief_source(f.src_uri)]
        if self.config.cache and not self.checking and not (self.serving and self.brief_cache):
            self.brief_cache = BriefCache(self.cache_dir(config) / "briefs.pickle", self.config.timezone)
        briefs, problems = corpus_module.read_all(
            Path(config.docs_dir), sources, self.zone, self.brief_cache, save=not self.serving,
            workers=worker_count(self.config.workers),
        )
        problems += pictures.unsafe_files(files, config.docs_dir, self.config.trust_html)
        self.everything = {b.source: b for b in briefs}  # drafts and scheduled too
        self.now = datetime.now(self.zone)
        self.selection = publishing.select(  # a check plans every brief, as if published
            briefs, self.now, self.zone, drafts=self.config.drafts or self.serving or self.checking,
            future=self.config.future or self.checking,
        )
        if self.selection.summary() and not self.checking:
            log.info(self.selection.summary())
        corpus = Corpus(self.selection.published, self.zone)
        _leave_out(files, corpus, self.selection)
        return corpus, problems

    def _add_listings(self, files: Files, config, quick=False) -> None:
        """Front page, taxonomy and archive pages, as generated files; content/ may replace them.

        A quick rebuild keeps the files it has: a page that comes or goes takes a full one.
        """
        before, self.listings = self.listings, {}
        author_name = lambda initials: self.site.person(initials).name  # noqa: E731
        for listing in pages.all_listings(self.site.corpus, self.config.page_size, author_name):
            if (listing.template == "search.html" and not self.config.search) or (
                listing.template == "corrections.html" and not self.config.corrections_page
            ):
                continue
            if quick and listing.src_uri in before:
                self.listings[listing.src_uri] = listing
            elif files.get_file_from_path(listing.src_uri) is None:
                if quick:
                    raise preview.FullBuild(f"a new page, /{listing.path}")
                self.listings[listing.src_uri] = listing
                files.append(File.generated(config, listing.src_uri, content=_stub(listing)))
            elif not quick:
                log.info(f"content/{listing.src_uri} replaces Briefing's page at /{listing.path}")
        if quick and self.listings.keys() != before.keys():
            raise preview.FullBuild("a listing page is gone")

    def _warn_unknown_authors(self, corpus: Corpus) -> None:
        for term in corpus.taxonomies["authors"].values():
            if term.name not in self.site.roster:
                log.warning(
                    f"author {term.name!r} is not in the roster (plugins.briefing.authors in "
                    f"mkdocs.yml); shown as written on {len(term.briefs)} brief(s)"
                )

    def on_serve(self, server, *, config, builder):
        if config.theme.custom_dir:  # the site's own templates reload the preview too
            server.watch(config.theme.custom_dir)
        self.watched = preview.watch_for_events(server)
        server.builder = preview.Rebuilder(self, builder, self.watched)
        return server

    def rebuild_briefs(self, edited: list[str], snapshot: preview.Snapshot) -> bool:
        """A preview's rebuild when only these briefs' files changed since the last one.

        Only the pages that show them are rendered again, and the outputs they are in
        written again: a second or less at any archive size. False when it takes a full
        build: a brief came or went, a page would, or something is wrong (which the full
        build then reports, as any build does).
        """
        last = self.last_build
        if not last or not last.renderer:
            return False
        try:
            self._rebuild_briefs(last, edited)
        except Exception as error:  # noqa: BLE001 - the full build that follows reports real errors
            log.debug(f"quick rebuild not possible: {error}")
            self.rendering = None
            self.last_build = None
            return False
        last.snapshot = snapshot
        return True

    def _rebuild_briefs(self, last: preview.LastBuild, edited: list[str]) -> None:
        config, files, docs = last.config, last.files, Path(last.config.docs_dir)
        read, problems = corpus_module.read_all(docs, edited, self.zone, self.brief_cache, save=False)
        if problems:
            raise preview.FullBuild("a brief has problems")
        briefs = {**last.briefs, **{b.source: b for b in read}}
        for source in edited:
            before, after = last.briefs[source], briefs[source]
            if (before.image and before.image.src) != (after.image and after.image.src):
                raise preview.FullBuild("an image came or went")  # MkDocs' files change
            if (before.date.year, before.draft) != (after.date.year, after.draft):
                raise preview.FullBuild("a brief moved between search shards")
        if corpus_module.clashes(docs, list(briefs.values())):
            raise preview.FullBuild("a slug or shortlink clash")
        self.now = datetime.now(self.zone)
        selection = publishing.select(
            list(briefs.values()), self.now, self.zone, drafts=True, future=self.config.future
        )
        if {b.source for b in selection.published} != self.site.corpus.by_source.keys():
            raise preview.FullBuild("a brief was published or held back")
        before, listed = self.site.corpus, self.listings
        corpus = Corpus(selection.published, self.zone)
        if self._assemble(corpus, self.site.paths, files, config, quick=True):
            raise preview.FullBuild("an address taken twice")
        changed = {src_uri: page for src_uri, page in self.listings.items()
                   if listed[src_uri] != page or page.template == "search.html"}  # facet counts
        # Pages that show an edited brief: its own, its neighbours' (related briefs), listings.
        nearby = set(edited).union(*(before.around(s) | corpus.around(s) for s in edited))
        for source in edited:
            last.digests.pop(source, None)
        jobs = {src_uri: key for src_uri, (key, _) in self.placed.items()}
        jobs.update(self._fingerprints(config, files, only=nearby, known=last.digests, listings=changed))
        if self.shared_fingerprint != last.shared:
            raise preview.FullBuild("something every page shows changed")
        self.sitemap_entries, self.page_entries = [], last.page_entries
        self._own_sitemap_entries(files)
        self.generation += 1
        previous, self.placed = self.placed, {}  # until done: a failure leaves a full rebuild to do
        self.rendering = Rendering(
            last.renderer, jobs, PageCache(self.cache_dir(config)) if self.config.cache else None,
            1, previous=previous,
        )
        self.rendering.start()
        self._write_outputs(config)
        self._finish_rendering()
        self.selection, self.everything, last.briefs = selection, briefs, briefs
        if self.config.search:
            threading.Thread(target=self._reindex, args=(config, self.generation), daemon=True).start()

    def _reindex(self, config, generation: int) -> None:
        """The search index after a quick rebuild, made while the preview already shows it."""
        self._start_indexer(config, self._search_parts(), generation)
        if self.indexer and generation == self.generation:
            self._index_later(self.indexer, Path(config.site_dir))

    def on_page_read_source(self, *, page, config):
        brief = self.site.corpus.by_source.get(page.file.src_uri)
        # Read and checked already: MkDocs need not read the file, nor its YAML, again.
        return "\n" + brief.body if brief else None

    @event_priority(-100)  # last, so every plugin's filters are in the templates
    def on_env(self, env, *, config, files):
        zone = self.zone  # a plain date is midnight there, in every output
        env.filters["iso_date"] = lambda moment: dates.iso(moment, zone)
        env.filters["readable_date"] = dates.readable
        env.filters["brief_url"] = self.site.brief_path
        # The `url` filter and `remembered`: theme parts rendered once for many pages.
        Remembering(env, [d for d in config.theme.dirs if d != config.theme.custom_dir], self.nav)
        fix_for_the_build(env)
        self.security = security.Security(self.config.content_security_policy, env, config, self.serving)
        if self.config.cache:
            # Templates compiled once, not at every build (Material's take 0.2 s).
            folder = self.cache_dir(config) / "templates"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        self._own_sitemap_entries(files)
        self.brief_digests = digests = {}
        self.rendering = Rendering(
            PageRenderer(config, files, self.nav, env),
            self._fingerprints(config, files, known=digests),
            PageCache(self.cache_dir(config)) if self.config.cache else None,
            worker_count(self.config.workers),
            previous=self.placed if self.serving else {},
            # A preview renders first and indexes after (its index yields instead).
            yielding=10 if self.indexer and not self.serving else 0,
        )
        if self.last_build:
            self.last_build.rendered_with(self.rendering.renderer, self.shared_fingerprint, digests)
        self.rendering.start()
        return env

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def cache_dir(self, config) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.cache_dir

    def _fingerprints(self, config, files, only: set[str] | None = None,
                      known: dict[str, str] | None = None, listings: dict | None = None) -> dict[str, str]:
        """What every page Briefing renders depends on, hashed: `src_uri -> fingerprint`.

        `only`, `known` and `listings`: a quick rebuild's briefs, the digests of the
        others, and the listings that changed.
        """
        site = self.site
        self.shared_fingerprint = shared = fingerprints.digest(
            fingerprints.of_code(),
            fingerprints.of_tree(Path(config.theme.custom_dir)) if config.theme.custom_dir else "",
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
            repr([config[key] for key in ("site_name", "site_url", "site_description", "site_author",
                                          "copyright", "repo_url", "repo_name", "edit_uri", "extra",
                                          "nav", "markdown_extensions", "mdx_configs", "extra_css",
                                          "extra_javascript", "use_directory_urls")]),
            repr(sorted(config.theme.items())),
            repr(sorted(self.config.items())),
            repr((self.serving, self.feeds[""].links(), self.search_shards)),
            *(f.src_uri + "\0" + f.content_string for f in files.documentation_pages()),
        )
        facets = repr(search.facets(site)) if self.config.search else ""
        return fingerprints.of_pages(
            shared, site.corpus, self.listings if listings is None else listings, self.config.related,
            lambda path: (file := files.get_file_from_path(path)) and file.url, facets, only, known,
        )

    def _own_sitemap_entries(self, files) -> None:
        """Briefing's pages are rendered by workers, not in MkDocs' loop: listed here."""
        revised = {b.source: as_datetime(b.revised or b.date, self.zone) for b in self.site.corpus.briefs}
        for source, when in revised.items():
            self.sitemap_entries.append((self.site.paths[source], when))
        for src_uri, listing in self.listings.items():
            if src_uri not in self.urls:
                self.urls[src_uri] = files.get_file_from_path(src_uri).url
            newest = max((revised[b.source] for b in (*listing.pinned, *listing.briefs)), default=None)
            self.sitemap_entries.append((self.urls[src_uri], newest))

    def on_page_markdown(self, markdown, *, page, config, files):
        # MkDocs and Material treat page titles and descriptions as HTML (they print
        # them unescaped), so the plain text of briefs goes in escaped.
        brief = self.site.corpus.by_source.get(page.file.src_uri)
        if brief:
            page.meta["template"] = "brief.html"
            page.meta["title"] = html.escape(brief.title)
            page.meta["description"] = html.escape(brief.lead)
        elif listing := self.listings.get(page.file.src_uri):
            page.meta["title"] = html.escape(listing.title)
        elif not self.config.trust_html:  # a page of the site's own, from as many hands as briefs
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = html.escape(page.meta[key])
        return markdown

    def on_page_content(self, html, *, page, config, files):
        # Every page from content/ is cleaned alike: briefs and the site's own pages.
        return html if self.config.trust_html else rawhtml.clean(html)

    def on_page_context(self, context, *, page, config, nav):
        site = self.site
        self._every_page(context)
        brief = site.corpus.by_source.get(page.file.src_uri)
        if brief:
            context["brief"] = brief
            context["topics"] = [
                (t.name, t.path) for t in site.corpus.terms_of(brief, "topics")
            ]
            context["related"] = site.corpus.related(brief, self.config.related)
            corrections = pages.CORRECTIONS + "index.md"
            context["corrections_page"] = self.listings[corrections].path if corrections in self.listings else None
            context["json_ld"] = metadata.script_json(metadata.news_article(site, brief))
            context["social_tags"] = metadata.social_tags(site, brief)
        elif listing := self.listings.get(page.file.src_uri):
            context["listing"] = listing
            if listing.template == "search.html":
                context["facets"] = search.facets(site)
            if listing.feeds:
                context["feeds"] += self.feeds[listing.feeds].links()
        else:  # a page of the site's own, which MkDocs renders
            self.page_entries.append((page.url, None))
        return context

    def on_template_context(self, context, *, template_name, config):
        # Theme pages such as 404.html get what every page has.
        return self._every_page(context)

    def _every_page(self, context):
        context["feeds"] = self.feeds[""].links()
        context["search_enabled"] = self.config.search
        context["search_shards"] = self.search_shards
        context["security_head"] = self.security.head
        return context

    def on_post_page(self, output, *, page, config):
        brief = self.site.corpus.by_source.get(page.file.src_uri)
        if brief and brief.lang and brief.lang != self.site.language:
            # Material sets <html lang> from the site's language; a brief may be in another.
            output = output.replace(
                f'<html lang="{self.site.language}"', f'<html lang="{brief.lang}"', 1
            )
        return output

    def _finish_rendering(self) -> None:
        rendering, self.rendering = self.rendering, None
        rendering.finish()
        if rendering.cache:
            written = {**rendering.stamps, **self.output_stamps}
            if not self.serving:
                rendering.cache.keep_only(set(rendering.jobs.values()) | self.output_keys, bool(written))
            rendering.cache.record(written)
        if self.serving:
            self.placed = rendering.placed()
        self.render_summary = (
            f"{rendering.rendered:,} pages rendered, {rendering.reused:,} from the cache"
            + (f", {rendering.unchanged:,} unchanged" if rendering.unchanged else "")
        )
        log.info(self.render_summary)

    def _index_later(self, indexer: search.BackgroundIndex, out: Path) -> None:
        try:
            with self.indexing:
                if indexer is not self.indexer:
                    return  # replaced by a newer rebuild's
                log.info(indexer.finish(out / search.BUNDLE).summary())
        except search.SearchIndexError as error:
            if indexer is self.indexer:  # not one cancelled by a newer rebuild
                log.warning(str(error))

    def on_shutdown(self) -> None:
        try:
            if self.brief_cache:
                self.brief_cache.save(set(self.brief_cache.known))
            if self.indexer:
                self.indexer.cancel()
        finally:  # the project is let go of whatever happened
            if self.lock:
                self.lock.release()
                self.lock = None

    def on_build_error(self, *, error):
        self.last_build = None  # half a build is nothing to rebuild quickly from
        if self.folders:
            self.folders.wait(stop=True)
            self.folders = None
        if self.rendering:
            self.rendering.cancel()
            self.rendering = None
        if self.indexer:
            self.indexer.cancel()
            self.indexer = None

    def on_post_build(self, *, config):
        self._write_outputs(config)
        self._finish_rendering()
        if self.folders:  # made by now, but their threads end before the site is swapped in
            self.folders.wait()
            self.folders = None
        if self.last_build:
            self.last_build.page_entries = self.page_entries
        if not self.indexer:
            return
        out = Path(config.site_dir)
        if self.serving:  # the preview reloads now; search catches up when indexed
            threading.Thread(target=self._index_later, args=(self.indexer, out), daemon=True).start()
            return
        try:
            self.search_report = self.indexer.finish(out / search.BUNDLE)
        except search.SearchIndexError as error:
            raise PluginError(str(error)) from None
        finally:
            indexer, self.indexer = self.indexer, None
        if self.config.cache and not self.serving:
            search.prune(self.cache_dir(config) / "search", indexer.keys)
        log.info(self.search_report.summary())

    def _write_outputs(self, config) -> None:
        """Feeds, sitemaps, robots.txt and redirects, each file written only if it changed."""
        site, out = self.site, Path(config.site_dir)
        made, self.made = self.made, {}

        cache = self.rendering.cache if self.rendering and not self.serving else None
        digests, shared = self.brief_digests, self.shared_fingerprint

        def output(name: str, source, make, paths: tuple[str, ...] = (), key: str = "") -> dict[str, str]:
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
                self._owned(path)
            keys = {path: fingerprints.digest(key, path) for path in paths}
            self.output_keys.update(keys.values())
            if all(cache.place(entry, os.path.join(out, path)) is not None for path, entry in keys.items()):
                return {}
            for path, text in make().items():
                self.output_stamps[keys[path]] = cache.put(keys[path], text.encode("utf-8"), [],
                                                           os.path.join(out, path))
            return {}

        self.output_keys, self.output_stamps = set(), {}
        written: dict[str, str] = {}
        for feed in self.feeds.values():
            key = fingerprints.digest(
                shared, "feed", repr((feed.folder, feed.title, feed.page)),
                *(digests[brief.source] for brief in feed.briefs), "" if feed.briefs else repr(site.now),
            )
            paths = tuple(feed.folder + name for name in feeds.KINDS)
            written.update(output(feed.folder, feed, lambda: feeds.write_all(site, feed), paths, key))
        entries = sorted([*self.sitemap_entries, *self.page_entries], key=lambda entry: entry[0])
        written.update(output("sitemaps", entries, lambda: sitemaps.sitemaps(site, entries)))
        written[sitemaps.NEWS_SITEMAP] = sitemaps.news_sitemap(
            site, self.config.publication or config.site_name
        )
        if not (Path(config.docs_dir) / "robots.txt").exists():
            written["robots.txt"] = sitemaps.robots(site)
        for redirect in self.redirects:
            key = fingerprints.digest(shared, "redirect", redirect.source, digests[redirect.brief.source])
            written.update(output(redirect.output, redirect, lambda: {
                redirect.output: redirects.page(site, redirect, self.security.redirect_head)}, (redirect.output,), key))
        own_rules = Path(config.docs_dir) / "_redirects"
        written["_redirects"] = (
            own_rules.read_text(encoding="utf-8") if own_rules.exists() else ""
        ) + redirects.rules(site, self.redirects)
        written["_headers"] = self.security.headers(
            Path(config.docs_dir) / "_headers", (url for url, _ in [*self.sitemap_entries, *self.page_entries]))
        for path in self.written.keys() - written.keys():  # a preview's: no longer made
            (out / path).unlink(missing_ok=True)
        for path, text in written.items():
            self._owned(path)
            target = os.path.join(out, path)
            if self.written.get(path) == text and os.path.exists(target):
                continue  # a preview's rebuild: unchanged
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as file:
                file.write(text)
        if self.serving:
            self.written = written


    def _owned(self, path: str) -> None:
        """Every file written is one claimed in the registry of outputs (a bug otherwise)."""
        if self.outputs.owner(path) is None:
            raise RuntimeError(f"{path} is written without being claimed in the registry of outputs")


class _Inside:
    """Whether a file of content/ is inside it once links are followed: a symbolic link
    (to the file or to a folder on its way) may point anywhere. One lstat a file, one
    realpath a folder."""

    def __init__(self, root: str):
        self.root = os.path.realpath(root)
        self.folders: dict[str, bool] = {}

    def __call__(self, path: str) -> bool:
        if os.path.islink(path):
            return _within(os.path.realpath(path), self.root)
        folder = os.path.dirname(path)
        if folder not in self.folders:
            self.folders[folder] = _within(os.path.realpath(folder), self.root)
        return self.folders[folder]


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root + os.sep)


def _leave_out(files: Files, corpus: Corpus, selection: publishing.Selection) -> None:
    """Drafts and scheduled briefs are not built, nor images only they use."""
    held = [*selection.drafts, *selection.scheduled]
    in_use = {b.image.src for b in corpus.briefs if b.image}
    for brief in held:
        for source in (brief.source, brief.image and brief.image.src):
            if source and source not in in_use and (file := files.get_file_from_path(source)):
                files.remove(file)


def _stub(listing: pages.Listing) -> str:
    """The Markdown MkDocs reads for a generated page: its title and template, no sidebars."""
    return (
        f"---\ntitle: {json.dumps(listing.title)}\ntemplate: {listing.template}\n"
        "hide: [navigation, toc]\n---\n"
    )


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(
            f"mkdocs.yml: plugins.briefing.timezone: unknown time zone "
            f"(expected an IANA name such as Europe/Berlin, found {name!r})"
        ) from None
