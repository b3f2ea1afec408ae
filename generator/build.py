"""One build of the site: its state, and its steps in the order MkDocs' events call them.

1. configure  MkDocs' settings Briefing needs (its own nav, no sitemap template).
2. plan       every brief read and checked, the sound ones published into a corpus, the
              site around them (listings, feeds, redirects), every output claimed; the
              search index started in another process.
3. render     (at MkDocs' `env`) Briefing's pages started on forked workers, or taken from
              the page cache, while MkDocs renders the site's own pages (see pages.py).
4. finish     the outputs written, the pages and the search index waited for.

A preview's rebuild makes a Build from the last one (`before`), keeping what it reuses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import config as settings, editions, pages
from generator.engine import fingerprints, sitefolder
from generator.engine.cache import PageCache
from generator.engine.loading import BriefCache, read_all
from generator.engine.pictures import PictureWork, jobs as picture_jobs
from generator.engine.processes import worker_count
from generator.engine.rendering import OwnFiles, PageRenderer, Rendering
from generator.engine.templating import Remembering, fix_for_the_build
from generator.engine.writing import OutputWriter
from generator.model import pictures, publishing, translations
from generator.model.advice import unknown_initials
from generator.model.brief import Brief
from generator.model.corpus import is_brief_source
from generator.model.problems import BriefingError, Problem
from generator.outputs import alternates, claims, feeds, redirects, security, sitemaps
from generator.outputs.listings import Listing, all_listings
from generator.outputs.registry import Outputs
from generator.outputs.site import Newsroom, Site
from generator.search import background, documents as search, shardcache
from generator.search.pagefind import SearchIndexError

log = logging.getLogger("mkdocs.plugins.briefing")


class FullBuild(Exception):
    """A preview's quick rebuild cannot give the same site as a full one; the message says why."""


class BriefingBuildError(PluginError):
    """Every problem of the run, as `path:line: field: message` lines."""

    def __init__(self, error: BriefingError):
        super().__init__(error.report())
        self.problems = error.problems


Snapshot = dict[str, tuple[int, int, int]]  # file path -> (size, modification time, inode)


@dataclass
class LastBuild:
    """What a preview's quick rebuild reuses of its last full build."""

    config: object  # MkDocs' configuration, as loaded for that build
    files: Files
    snapshot: Snapshot
    briefs: dict[str, Brief]  # every brief read, drafts and scheduled ones too
    renderer: PageRenderer | None = None
    shared: str = ""  # the part of every page's fingerprint common to all
    digests: dict[str, str] = field(default_factory=dict)  # brief source -> digest
    page_entries: list = field(default_factory=list)  # sitemap entries of MkDocs' own pages


class Build:
    def __init__(self, options: settings.BriefingConfig, command: str, before: Build | None,
                 indexing: background.Indexing):
        self.options, self.command, self.indexing = options, command, indexing
        self.serving, self.checking = command == "serve", command == "check"
        self.zone = settings.load_zone(options.timezone)
        # Kept from a preview's last build:
        self.placed: dict[str, tuple[str, str]] = before.placed if before else {}  # its pages in the site
        self.writer = before.writer if before else OutputWriter(self.serving)
        self.brief_cache: BriefCache | None = before.brief_cache if before else None
        self.picture_files: set[str] = before.picture_files if before else set()  # in the site
        # Worked out by this build:
        self.problems: list[Problem] = []  # what a check found
        self.everything: dict[str, Brief] = {}  # every brief read, drafts and scheduled too
        self.now: datetime | None = None  # when the briefs were read: what is published is up to it
        self.selection: publishing.Selection | None = None
        self.languages: list[editions.Language] = []  # the default first, from configure
        self.newsroom: Newsroom | None = None  # a Site per language
        self.site: Site | None = None  # the default language's: the whole site's address, robots.txt
        self.paths: dict[str, str] = {}  # every published brief's source -> its path
        self.versions: alternates.Versions | None = None  # every page's versions in other languages
        self.per_language: dict = {}  # each language's tabs and configuration (pages.navigation, .settings)
        self.listings: dict[str, Listing] = {}
        self.feeds: dict[str, feeds.Feed] = {}
        self.redirects: list[redirects.Redirect] = []
        self.site_outputs = self.outputs = Outputs()  # every file in the site, with its owner
        self.search_shards: dict[str, list[str]] = {}  # language -> its index's shard folders
        self.search_report: background.IndexReport | None = None
        self.sitemap_entries: list = []  # (URL, last change) of Briefing's pages
        self.page_entries: list = []  # and of MkDocs' own
        self.urls: dict[str, str] = {}  # listing src_uri -> URL, for sitemaps
        self.brief_digests: dict[str, str] = {}
        self.unsound: list = []  # what briefs with problems claim (model/brief.Claims)
        self.shared_fingerprint = ""
        self.last_build: LastBuild | None = None  # what a preview's quick rebuild reuses
        self.rendering: Rendering | None = None
        self.folders: sitefolder.FoldersAhead | None = None  # made ahead of the pages
        self.render_summary = ""
        self.nav = None
        self.security: security.Security | None = None
        self.pictures: PictureWork | None = None
        self.pictures_summary = ""
        self.kept_folders: set[str] = set()  # in the site, as a reused site folder had them
    def cache_dir(self, config) -> Path:
        return settings.cache_folder(config, self.options)

    # --- 1. configure -------------------------------------------------------------------

    def configure(self, config):
        self.languages = editions.resolve(config, self.options)
        if config.nav is None:  # never the briefs: every page would carry them all
            config.nav = editions.navigation(self.languages[0], self.options.search)
        # Briefing writes sitemap.xml itself, with every brief; MkDocs' would list none.
        config.theme.static_templates.discard("sitemap.xml")
        if "search" in config.plugins:
            log.warning(
                "mkdocs.yml: plugins: remove 'search': Briefing's search (Pagefind) replaces "
                "MkDocs' lunr search, whose index every reader would download whole"
            )
        return config

    # --- 2. plan ------------------------------------------------------------------------

    def plan(self, files: Files, config, snapshot: Snapshot) -> Files:
        """Every brief read and checked, and every output planned. A check stops there,
        with its problems; a build with problems fails with all of them."""
        self.indexing.generation += 1
        self.writer.made = {}  # a full build makes every output anew
        published, problems = self.publish(files, config)
        editions.place(files, published, self.languages)  # /de/2024/07/x/
        paths = {b.source: files.get_file_from_path(b.source).url for b in published}
        problems += self.assemble(published, paths, files, config)
        if self.checking:  # `briefing check`: every problem a build would meet, and nothing written
            self.problems = problems
            return files
        if problems:  # a preview goes on serving its last good build (serving.Told says so)
            kept = "" if self.serving else "nothing was built"
            raise BriefingBuildError(BriefingError(problems, outcome=kept))
        if not self.serving:  # a preview writes into the folders its last build made
            self.folders = sitefolder.FoldersAhead(config.site_dir, sitefolder.folders_of(
                files, (*self.paths, *self.listings), config.site_dir, self.redirects))
            self.folders.start()
        self.start_indexer(config, self.search_parts())
        self.start_pictures(config)
        files = OwnFiles(files, {*self.paths, *self.listings})
        if self.serving:
            self.last_build = LastBuild(config, files, snapshot, self.everything)
        return files

    def publish(self, files: Files, config) -> tuple[list[Brief], list[Problem]]:
        """Read and check every brief; keep what may be published now, drop the rest's
        files. The sound briefs go on, with the others' problems, so that one run reports
        every problem: the briefs' own and those between them."""
        options = self.options
        sources = [f.src_uri for f in files.documentation_pages() if is_brief_source(f.src_uri)]
        if options.cache and not self.checking and not (self.serving and self.brief_cache):
            self.brief_cache = BriefCache(self.cache_dir(config) / "briefs.pickle", options.timezone)
        briefs, problems, self.unsound = read_all(Path(config.docs_dir), sources, self.zone, self.brief_cache,
                                    save=not self.serving, workers=worker_count(options.workers))
        problems += pictures.unsafe_files(files, config.docs_dir, options.trust_html)
        which = editions.language_of(self.languages)
        problems += translations.check(Path(config.docs_dir), briefs, set(sources),
                                       [lang.code for lang in self.languages], which)
        briefs = [b for b in briefs if which(b)]  # a brief in no language of the site: a problem
        self.everything = {b.source: b for b in briefs}
        self.now = datetime.now(self.zone)
        self.selection = publishing.select(  # a check plans every brief, as if published
            briefs, self.now, self.zone, drafts=options.drafts or self.serving or self.checking,
            future=options.future or self.checking,
        )
        if self.selection.summary() and not self.checking:
            log.info(self.selection.summary())
        for source in self.selection.held_files():  # not built: drafts, scheduled briefs, their pictures
            if file := files.get_file_from_path(source):
                files.remove(file)
        return self.selection.published, problems

    def assemble(self, briefs: list[Brief], paths: dict[str, str], files: Files, config, quick=False) -> list:
        """The site in each language around its briefs: listings, feeds and redirects, and
        every output claimed in the registry; the problems of addresses taken twice."""
        self.paths = paths
        self.newsroom = editions.newsroom(config, self.options, self.languages, briefs, paths, self.now,
                                          settings.primary_colour(config))
        self.site = self.newsroom.default  # what is the whole site's: its address, robots.txt
        unknown = unknown_initials(self.newsroom.briefs, self.site.roster, config.docs_dir)
        if unknown and not self.checking:  # one line, however many briefs (check prints it too)
            log.warning(str(unknown))
        self._add_listings(files, config, quick)
        self.feeds = {folder: feed for site in self.newsroom.sites.values()
                      for folder, feed in feeds.site_feeds(site, self.options.feed_size).items()}
        problems = []
        if not quick:  # a quick rebuild has the same files, pages and feeds (else it is a full one)
            pages = sum(1 for f in files.documentation_pages() if f.src_uri not in paths)
            own = claims.briefings_own(self.feeds, len(paths) + pages, home=bool(self.site.prefix))
            self.site_outputs, problems = claims.claim_all(
                files, config, own, self.listings, [site.prefix + background.BUNDLE for site in
                                                    self.newsroom.sites.values() if self.options.search])
        self.outputs = self.site_outputs.copy()
        self.redirects, clashes = redirects.plan(self.site, self.newsroom.briefs, Path(config.docs_dir),
                                                 self.outputs, self.unsound)
        self.versions = alternates.Versions(self.newsroom, {s: lst.path for s, lst in self.listings.items()})
        return problems + clashes

    def _add_listings(self, files: Files, config, quick=False) -> None:
        """Front page, taxonomy and archive pages, as generated files; content/ may replace them.

        A quick rebuild keeps the files it has: a page that comes or goes takes a full one.
        """
        before, self.listings = self.listings, {}
        author_name = lambda initials: self.site.person(initials).name  # noqa: E731
        options = self.options
        every = [listing for site in self.newsroom.sites.values()
                 for listing in all_listings(site, options.page_size, author_name)]
        for listing in every:
            if (listing.template == "search.html" and not options.search) or (
                    listing.template == "corrections.html" and not options.corrections_page):
                continue
            if quick and listing.src_uri in before:
                self.listings[listing.src_uri] = listing
            elif files.get_file_from_path(listing.src_uri) is None:
                if quick:
                    raise FullBuild(f"a new page, /{listing.path}")
                self.listings[listing.src_uri] = listing
                files.append(File.generated(config, listing.src_uri, content=listing.stub()))
            elif not quick:
                log.info(f"content/{listing.src_uri} replaces Briefing's page at /{listing.path}")
        if quick and self.listings.keys() != before.keys():
            raise FullBuild("a listing page is gone")

    def search_parts(self) -> list | None:
        """Each language's search bundle (its prefix, language and shards: folder, documents),
        None without search; which shard folders each language's pages load."""
        if not self.options.search:
            self.search_shards = {}
            return None
        bundles = []
        for site in self.newsroom.sites.values():
            parts = search.shards(search.documents(site), self.options.search_shard_size)
            self.search_shards[site.language] = [folder for folder, _ in parts[1:]]
            bundles.append((site.prefix, site.language, parts))
        return bundles

    def start_indexer(self, config, bundles: list | None, generation: int | None = None) -> None:
        """Index for search in another process while the pages render."""
        cache = self.cache_dir(config) / "search" if self.options.cache else None
        self.indexing.start(bundles, cache, self.serving, generation)

    # --- 3. render ----------------------------------------------------------------------

    def render(self, env, config, files):
        """Briefing's pages started rendering (or placed from the cache), on every core."""
        pages.install(self, env)
        # The `url` filter and `remembered`: theme parts rendered once for many pages.
        Remembering(env, [d for d in config.theme.dirs if d != config.theme.custom_dir], self.nav)
        fix_for_the_build(env)
        self.security = security.Security(self.options.content_security_policy, env, config, self.serving)
        if self.options.cache:
            # Templates compiled once, not at every build (Material's take 0.2 s).
            folder = self.cache_dir(config) / "templates"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        self.own_sitemap_entries(files)
        self.rendering = Rendering(
            PageRenderer(config, files, self.nav, env),
            self.fingerprints(config, files, known=self.brief_digests),
            PageCache(self.cache_dir(config)) if self.options.cache else None,
            worker_count(self.options.workers),
            previous=self.placed if self.serving else {},
            # A preview renders first and indexes after (its index yields instead).
            yielding=10 if self.indexing.indexer and not self.serving else 0,
        )
        if self.last_build:
            last = self.last_build
            last.renderer, last.shared, last.digests = self.rendering.renderer, self.shared_fingerprint, \
                self.brief_digests
        self.rendering.start()
        return env

    def fingerprints(self, config, files, only: set[str] | None = None,
                     known: dict[str, str] | None = None, listings: dict | None = None) -> dict[str, str]:
        """What every page Briefing renders depends on, hashed: `src_uri -> fingerprint`.

        `only`, `known` and `listings`: a quick rebuild's briefs, the digests of the
        others, and the listings that changed.
        """
        newsroom = self.newsroom
        self.shared_fingerprint = shared = fingerprints.of_build(
            config, files, repr(sorted(self.options.items())),
            repr((self.serving, [self.feeds[site.prefix].links() for site in newsroom.sites.values()],
                  self.search_shards)),
        )
        return fingerprints.of_languages(
            shared, newsroom, self.listings if listings is None else listings, self.options.related,
            lambda path: (file := files.get_file_from_path(path)) and file.url,
            lambda site: repr(search.facets(site)) if self.options.search else "", only, known, self.versions)

    def own_sitemap_entries(self, files) -> None:
        """Briefing's pages are rendered by workers, not in MkDocs' loop: listed here."""
        for src_uri in self.listings.keys() - self.urls.keys():
            self.urls[src_uri] = files.get_file_from_path(src_uri).url
        self.sitemap_entries += sitemaps.own_entries(self.newsroom, self.listings, self.urls, self.versions)

    # --- 4. finish ----------------------------------------------------------------------

    def finish(self, config) -> None:
        """The outputs written, every page and the search index waited for."""
        self.write_outputs(config)
        self.finish_rendering()
        if self.pictures:
            self.finish_pictures(config)
        if self.folders:  # made by now, but their threads end before the site is swapped in
            self.folders.wait()
            self.folders = None
        if self.last_build:
            self.last_build.page_entries = self.page_entries
        out = Path(config.site_dir)
        if self.serving:  # the preview reloads now; search catches up when indexed
            self.indexing.finish_later(out, log)
            return
        try:
            finished = self.indexing.finish(out)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        if finished:
            self.search_report, keys = finished
            if self.options.cache:
                shardcache.prune(self.cache_dir(config) / "search", keys)
            log.info(self.search_report.summary())

    def start_pictures(self, config) -> None:
        """Every picture file the pages show, made while they render (what the store lacks)."""
        self.pictures = PictureWork(self.cache_dir(config) if self.options.cache else None,
                                    worker_count(self.options.workers), config.site_dir)
        self.pictures.start(picture_jobs(list(self.newsroom.sites.values()), config.docs_dir))

    def finish_pictures(self, config) -> None:
        """Every picture file in the site; a picture that could not be made fails the build."""
        work, self.pictures = self.pictures, None
        before = self.picture_files if self.serving else None
        if problems := work.finish(config.site_dir, prune=not self.serving, before=before):
            raise BriefingBuildError(BriefingError(problems))
        self.picture_files, self.kept_folders = work.placed, work.kept
        self.pictures_summary = work.summary()
        log.info(self.pictures_summary)

    def write_outputs(self, config) -> None:
        self.writer.write(self, config, self.rendering.cache if self.rendering else None)

    def finish_rendering(self) -> None:
        rendering, self.rendering = self.rendering, None
        rendering.finish()
        if rendering.cache:
            written = {**rendering.stamps, **self.writer.stamps}
            if not self.serving:
                rendering.cache.keep_only(set(rendering.jobs.values()) | self.writer.keys, bool(written))
            rendering.cache.record(written)
        if self.serving:
            self.placed = rendering.placed()
        self.render_summary = (
            f"{rendering.rendered:,} pages rendered, {rendering.reused:,} from the cache"
            + (f", {rendering.unchanged:,} unchanged" if rendering.unchanged else "")
        )
        log.info(self.render_summary)

    def fail(self) -> None:
        """A build that stopped: what it started, stopped; nothing to rebuild quickly from."""
        self.last_build = None
        if self.folders:
            self.folders.wait(stop=True)
            self.folders = None
        if self.rendering:
            self.rendering.cancel()
            self.rendering = None
        if self.pictures:
            self.pictures.cancel()
            self.pictures = None
        self.indexing.cancel()

    def close(self) -> None:
        if self.brief_cache:
            self.brief_cache.save(set(self.brief_cache.known))

