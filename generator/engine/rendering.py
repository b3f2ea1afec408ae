"""Render the pages Briefing owns (briefs and listings) on every core, reusing unchanged ones.

MkDocs renders its pages one after another in one process. Briefing keeps its own pages
out of that loop (they stay among MkDocs' files, so links to them still resolve) and
renders them with the same steps and plugin events MkDocs uses, in worker processes
forked once the configuration, navigation and templates are ready. A page whose
fingerprint is in the cache is copied instead. One worker or many, cache or not: the
same bytes.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import markdown as markdown_lib
from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.engine import fastinline
from generator.engine import htmltags
from generator.engine import linkscan
from generator.engine import mkdocs_internals, processes
from generator.model.body import MAX_NESTING
from generator.engine.cache import Logged, PageCache
from generator.model.problems import BriefingError, InternalError, Problem, display_path

CHUNK = 64  # pages a worker renders per task: few round trips, still balanced at the end


class OwnFiles(Files):
    """MkDocs' files, with the pages Briefing renders left out of MkDocs' own page loop."""

    def __init__(self, files: Files, own: set[str]):
        super().__init__(files)
        self.own = own

    def documentation_pages(self, *, inclusion=InclusionLevel.is_included):
        return [f for f in super().documentation_pages(inclusion=inclusion) if f.src_uri not in self.own]


class RenderError(BuildError):
    """A page failed to render; the message names it (MkDocs reports it and aborts)."""


class PageRenderer:
    """One page through MkDocs' steps (read, Markdown, template, plugin events) to bytes."""

    def __init__(self, config, files: Files, nav, env):
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.pages = files.documentation_pages()  # what MkDocs gives templates as `pages`
        self._markdown: markdown_lib.Markdown | None = None
        self._dests: dict[str, str] = {}

    def dest(self, src_uri: str) -> str:
        """Where a page is written: looked up once (MkDocs' lookup parses the path each time)."""
        if src_uri not in self._dests:
            self._dests[src_uri] = self.files.get_file_from_path(src_uri).abs_dest_path
        return self._dests[src_uri]

    def render(self, file: File) -> bytes:
        config, files, plugins = self.config, self.files, self.config.plugins
        page = file.page or Page(None, file, config)
        mkdocs_internals.set_current_page(config, page)
        try:
            page = plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            try:
                self._render_markdown(page)
            except RecursionError as error:  # nesting the brief check does not count (an extension's)
                raise RenderError(_too_deep(file.abs_src_path or file.src_uri, page.markdown)) from error
            page.content = plugins.on_page_content(page.content, page=page, config=config, files=files)
            page.active = True
            context = get_context(self.nav, self.pages, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = plugins.on_post_page(template.render(context), page=page, config=config)
        except RenderError:
            raise
        except Exception as error:
            where = f"rendering {display_path(file.abs_src_path or file.src_uri)}"
            raise RenderError(str(InternalError(where, error))) from error
        finally:
            page.active = False
            page.markdown = page.content = None  # keep memory flat over thousands of pages
            mkdocs_internals.set_current_page(config, None)
        return output.encode("utf-8", errors="xmlcharrefreplace")

    def _render_markdown(self, page: Page) -> None:
        """`Page.render`, with one Markdown instance for every page of this process.

        MkDocs makes a new one a page, loading every extension again: a tenth of a
        brief's rendering time. The page's own processors are registered anew each time.
        """
        config, files = self.config, self.files
        if self._markdown is None:
            self._markdown = markdown_lib.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
            linkscan.install(self._markdown)
            fastinline.sift(self._markdown)
            htmltags.install()
        md = self._markdown
        md.reset()
        title = mkdocs_internals.register_page_processors(md, page.file, files, config)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        mkdocs_internals.set_title_from_render(page, title.title)


def _too_deep(path: str, markdown: str) -> str:
    """A body Python-Markdown could not render for its nesting, as a problem of the brief,
    at the line its text starts on (the file's lines less the body's)."""
    try:
        with open(path, encoding="utf-8") as source:
            line = len(source.read().splitlines()) - len(markdown.lstrip("\n").splitlines()) + 1
    except OSError:
        line = 1
    return BriefingError([Problem(path, line, "body", (
        f"nested too deeply to render (expected at most {MAX_NESTING} levels of lists, quotes, "
        "emphasis or HTML blocks, found more)"))]).report()


@dataclass
class Rendering:
    """The pages to build, `src_uri -> fingerprint`: started when MkDocs' templates are
    ready, finished after MkDocs' own pages."""

    renderer: PageRenderer
    jobs: dict[str, str]
    cache: PageCache | None
    workers: int
    # What the site folder already holds, src_uri -> (fingerprint, file): a preview's
    # rebuild writes only what changed.
    previous: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Added to the workers' niceness: the search index, one long chain of work, then
    # gets a core first, and the workers, whose work splits, fill in around it; the
    # index is done when the last page is, not seconds later.
    yielding: int = 0
    unchanged: int = 0
    reused: int = 0
    rendered: int = 0
    # The cache entries this build wrote: fingerprint -> stamp (see PageCache.record).
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    _logged: dict[str, list[Logged]] = field(default_factory=dict)
    _missing: list[str] = field(default_factory=list)
    _forked: processes.Forked | None = None

    def start(self) -> None:
        for src_uri, (key, dest) in self.previous.items():
            if self.jobs.get(src_uri) != key and os.path.exists(dest):
                os.unlink(dest)  # gone, or about to be replaced
        todo = []
        for src_uri, key in sorted(self.jobs.items()):
            if self.previous.get(src_uri, ("",))[0] == key and os.path.exists(self._dest(src_uri)):
                self.unchanged += 1
                continue  # a preview's site folder already has this very page
            todo.append((src_uri, key))
        for (src_uri, _), logged in zip(todo, self._placed(todo)):
            if logged is None:
                self._missing.append(src_uri)
            else:
                self._logged[src_uri] = logged
        self.reused = len(self.jobs) - len(self._missing) - self.unchanged
        chunks = [self._missing[i : i + CHUNK] for i in range(0, len(self._missing), CHUNK)]
        self._forked = processes.Forked(self.render_chunk, chunks, self.workers, nice=self.yielding)

    def _placed(self, todo: list[tuple[str, str]]) -> list:
        """Each page's cached copy put in place (its warnings), or None where there is none.

        Placing is mostly system calls (a folder, a link), which let go of the
        interpreter: threads, one a worker, overlap them."""
        if not self.cache:
            return [None] * len(todo)

        def place(jobs: list[tuple[str, str]]) -> list:
            return [self.cache.place(key, self._dest(src_uri)) for src_uri, key in jobs]

        threads = min(self.workers, max(1, len(todo) // 500))
        if threads < 2:
            return place(todo)
        size = -(-len(todo) // threads)
        with ThreadPoolExecutor(threads) as pool:
            return [logged for part in pool.map(place, [todo[i:i + size] for i in range(0, len(todo), size)])
                    for logged in part]

    def finish(self) -> None:
        """Wait for every page; replay their warnings in page order, as one process would."""
        progress = _Progress(len(self._missing))
        try:
            for chunk in self._forked.results if self._forked else ():
                for src_uri, (logged, stamp) in chunk.items():
                    self._logged[src_uri] = logged
                    if stamp:
                        self.stamps[self.jobs[src_uri]] = stamp
                progress.advance(len(chunk))
            progress.done()
        finally:
            self.cancel()
        self.rendered = len(self._missing)
        for src_uri in sorted(self._logged):
            for name, level, message in self._logged[src_uri]:
                logging.getLogger(name).log(level, message)

    def placed(self) -> dict[str, tuple[str, str]]:
        """What the site folder holds once finished, for the next preview rebuild."""
        return {src_uri: (key, self._dest(src_uri)) for src_uri, key in self.jobs.items()}

    def cancel(self) -> None:
        if self._forked:
            self._forked.close()

    def render_chunk(self, src_uris: list[str]) -> dict[str, tuple[list[Logged], tuple[int, int] | None]]:
        """Each page's warnings, and its cache entry's stamp."""
        out = {}
        for src_uri in src_uris:
            with _captured() as logged:
                output = self.renderer.render(self.renderer.files.get_file_from_path(src_uri))
            stamp = None
            if self.cache:
                stamp = self.cache.put(self.jobs[src_uri], output, logged, self._dest(src_uri))
            else:
                utils.write_file(output, self._dest(src_uri))
            out[src_uri] = (logged, stamp)
        return out

    def _dest(self, src_uri: str) -> str:
        return self.renderer.dest(src_uri)



class _Progress:
    """Pages rendered so far and the rate, on one line of a terminal; nothing in a log."""

    def __init__(self, total: int):
        self.total, self.count, self.started = total, 0, time.perf_counter()
        self.shown = sys.stderr.isatty() and total >= 500

    def advance(self, count: int) -> None:
        self.count += count
        if self.shown:
            rate = self.count / max(time.perf_counter() - self.started, 1e-6)
            sys.stderr.write(f"\rRendering pages: {self.count:,} of {self.total:,} ({rate:,.0f} a second)")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.logged: list[Logged] = []

    def emit(self, record):
        self.logged.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def _captured():
    """Collect what a page logs (INFO and up) instead of printing it, to replay in order."""
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    handlers, logger.handlers = logger.handlers, [collector]
    try:
        yield collector.logged
    finally:
        logger.handlers = handlers
