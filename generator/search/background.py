"""The search index built in another process while the pages render, and its cache of shards."""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator.engine import hashing, leftovers, processes
from generator.engine.files import link_or_copy
from generator.search.documents import SearchDocument, index_document
from generator.search import pagefind
from generator.search.pagefind import SearchIndexError, pagefind_binary
from generator.search.segment import NOT_SEGMENTED
from generator.search.shardcache import MANIFEST, intact, keep, kept_in_cache

log = logging.getLogger("mkdocs.plugins.briefing")

BUNDLE = "pagefind"  # folder of a language's search bundle inside its part of the site ("de/pagefind")


class Bundle(NamedTuple):
    """One language's search bundle: its folder prefix ("" for the site's first language,
    "de/" for German) and its shards (folder in the bundle, documents) from documents.shards."""

    prefix: str
    language: str
    parts: list[tuple[str, list[SearchDocument]]]

SITE = "site"  # in an indexing run's work folder: the bundles, as in the site


SCRATCH_PREFIX = "briefing-search-"  # then the building process's id


WORK_PREFIX = ".tmp-"  # likewise, in the cache


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float  # wall time the build waited for the index after its last page
    cpu_seconds: float  # what indexing cost, on another core while pages rendered
    peak_bytes: int  # the indexing process's peak memory
    files: int  # files in the search bundle
    bytes: int
    shards: int = 1
    reused: int = 0  # shards whose documents had not changed, copied from the cache

    def summary(self) -> str:
        made = f"Search index: {self.pages:,} briefs, {self.files:,} files, {self.bytes / 1048576:.1f} MiB; "
        if self.shards and self.reused == self.shards:
            return made + ("unchanged, from the cache." if self.shards == 1 else
                           f"all {self.shards} shards unchanged, from the cache.")
        peak = f" (peak {self.peak_bytes / 1048576:,.0f} MiB)" if self.peak_bytes else ""
        return (
            made + f"{self.cpu_seconds:.1f} s of indexing alongside the build{peak}, "
            f"{self.seconds:.1f} s after it"
            + (f"; {self.reused} of {self.shards} shard{'s' if self.shards != 1 else ''} unchanged."
               if self.reused else ".")
        )


class BackgroundIndex:
    """Builds the search bundle in another process while MkDocs renders the pages.

    The search documents come from the briefs themselves (their Markdown read as
    text, see search/text.py), not from the rendered pages, so indexing starts before
    the first page is rendered, on a core the build's single-threaded steps leave
    idle, then shares the cores with the page workers. The documents go to it from
    a thread, and their cache keys are worked out there: the build goes on meanwhile.
    When every shard is in the cache there is nothing to index: the bundle is
    assembled at the end, without another process (and a shard found damaged there,
    rare, is indexed again on that thread).

    The process ends with the thread that starts it (see processes.die_with_parent):
    a preview's quick rebuild starts it from a thread that then waits for it.
    """

    def __init__(self, bundles: list[Bundle], cache: Path | None = None, gentle: bool = False):
        self.pages = sum(len(docs) for bundle in bundles for _, docs in bundle.parts)
        self.shards = sum(len(bundle.parts) for bundle in bundles)
        self._process = None
        # Made and removed here, not in the indexing process: a cancelled one (each
        # save in a preview cancels the index of the build before) is killed mid-way.
        self._folders = WorkFolders.made(cache)
        plan = None
        if cache and any(cache.glob("[!.]*")):  # shards kept from before: are they all?
            plan = _plan(bundles)
            # Complete, with their manifest; intact is for the thread to see, reading them.
            if all((cache / shard.key / MANIFEST).is_file() for shard in plan):
                self._results = _Assembling(plan, cache, self._folders)
                return
        context = multiprocessing.get_context("spawn")
        self._results, sender = context.Pipe(duplex=False)
        documents, self._feed = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_index_in_child,
            args=(os.getpid(), documents, cache, self._folders, sender, gentle),
            daemon=True,
        )
        self._process.start()
        sender.close()
        documents.close()
        threading.Thread(target=self._send, args=(plan or bundles, plan is not None), daemon=True).start()

    def _send(self, work: list, planned: bool) -> None:
        try:
            self._feed.send((work, planned))
        except OSError:  # cancelled meanwhile
            pass
        finally:
            self._feed.close()

    def finish(self, site_dir: Path) -> IndexReport:
        """Wait for the index and move each language's bundle into the site."""
        started = time.perf_counter()
        try:
            outcome = self._results.recv()
        except EOFError:
            outcome = {"error": "the indexing process stopped unexpectedly"}
        if self._process:
            self._process.join()
        try:
            if "error" in outcome:
                raise SearchIndexError(f"search index: {outcome['error']}")
            self.keys = set(outcome["keys"])
            for folder in outcome["bundles"]:
                shutil.rmtree(site_dir / folder, ignore_errors=True)
                (site_dir / folder).parent.mkdir(parents=True, exist_ok=True)
                shutil.move(self._folders.work / SITE / folder, site_dir / folder)
        finally:
            self._folders.remove()
        files = [p for folder in outcome["bundles"] for p in (site_dir / folder).rglob("*") if p.is_file()]
        return IndexReport(
            pages=self.pages, seconds=time.perf_counter() - started,
            cpu_seconds=outcome["cpu_seconds"], peak_bytes=outcome["peak_bytes"],
            files=len(files), bytes=sum(p.stat().st_size for p in files),
            shards=self.shards, reused=outcome["reused"],
        )

    def cancel(self) -> None:
        if self._process and self._process.is_alive():
            try:  # its group: Pagefind's binary, which it may be running, goes with it
                os.killpg(self._process.pid, signal.SIGKILL)
            except OSError:  # not yet a group of its own
                self._process.kill()
        if self._process:
            self._process.join()
        if isinstance(self._results, _Assembling):
            self._results.recv()  # links into the folders about to be removed
        self._folders.remove()


class _Assembling:
    """Every shard cached: the bundle linked together from them on a thread of this
    process, from the start (links are system calls: the build goes on meanwhile)."""

    def __init__(self, *args):
        self.outcome: dict = {}
        self._thread = threading.Thread(target=_index_in_background, args=(*args, self), daemon=True)
        self._thread.start()

    def recv(self) -> dict:
        self._thread.join()
        return self.outcome

    def send(self, outcome: dict) -> None:
        self.outcome = outcome


@dataclass(frozen=True)
class _Shard:
    """One index of a bundle: the bundle's folder in the site ("de/pagefind"), its own in
    the bundle ("older/2023/"), its documents' language, the documents and its cache key."""

    bundle: str
    folder: str
    language: str
    docs: list[SearchDocument]
    key: str


@dataclass(frozen=True)
class WorkFolders:
    """Where an indexing run writes: `scratch` for the documents Pagefind reads, on
    memory-backed storage where there is one (tens of thousands of small files cost
    seconds on a disk), and `work` for the bundle, made beside the cache so that
    keeping a shard in the cache is a rename."""

    scratch: Path
    work: Path

    @classmethod
    def made(cls, cache: Path | None) -> WorkFolders:
        memory = _memory_folder()
        # Those of builds that were killed: in /dev/shm they hold memory until the
        # machine restarts. A build running meanwhile keeps its own.
        leftovers.remove_orphans(Path(memory or tempfile.gettempdir()), SCRATCH_PREFIX)
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
            leftovers.remove_orphans(cache, WORK_PREFIX)
        return cls(Path(tempfile.mkdtemp(prefix=leftovers.own_prefix(SCRATCH_PREFIX), dir=memory)),
                   Path(tempfile.mkdtemp(prefix=leftovers.own_prefix(WORK_PREFIX), dir=cache)))

    def remove(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)


def _plan(bundles: list[Bundle]) -> list[_Shard]:
    return [_Shard(prefix + BUNDLE, folder, language, docs, _shard_key(prefix + folder, docs, language))
            for prefix, language, parts in bundles for folder, docs in parts]


def _index_in_child(parent: int, *args) -> None:
    """The indexing process's work: `_index_in_background`, ending with the build's process."""
    processes.die_with_parent(parent)
    os.setpgrp()  # a group of its own, which cancel() kills whole (see BackgroundIndex.cancel)
    _index_in_background(*args)


def _index_in_background(plan, cache, folders: WorkFolders, results, gentle=False) -> None:
    """Index the shards `plan` holds (or, from another process, receives) not cached yet."""
    if gentle:  # a preview's: the editor's next save comes first
        os.nice(10)
    threaded = isinstance(results, _Assembling)  # every shard cached: on a thread of the build
    start = _cpu_time(threaded)
    workdir = folders.work
    try:
        if not isinstance(plan, list):  # the documents' end of a pipe
            work, planned = plan.recv()
            plan = work if planned else _plan(work)
        reused, runtimes = 0, {}  # no shard (no brief published): no bundle
        for number, shard in enumerate(plan):
            output = cache / shard.key if cache else workdir / "shards" / str(number)
            if cache and intact(output):
                reused += 1
            else:
                from generator.search import writer  # here: a build with every shard cached needs none of it

                language = shard.language
                if language not in runtimes:  # each language's WebAssembly (its stemmer)
                    runtimes[language] = pagefind.runtime(folders.scratch / f"runtime-{language}", language)
                made = workdir / "shards" / str(number)
                writer.write([index_document(doc) for doc in shard.docs], made, language, runtimes[language])
                if made != output:
                    keep(made, output, workdir)
            # The newest shard is a bundle's root; older ones nest inside it, in older/.
            shutil.copytree(output, workdir / SITE / shard.bundle / shard.folder, copy_function=link_or_copy,
                            ignore=kept_in_cache, dirs_exist_ok=True)
        indexed = reused < len(plan) and not threaded  # a thread's peak is the build's
        results.send({
            "bundles": sorted({shard.bundle for shard in plan}),
            "cpu_seconds": _cpu_time(threaded) - start,
            "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 if indexed else 0,
            "reused": reused, "keys": sorted(shard.key for shard in plan),
        })
    except Exception as error:  # reported by the build, as one line
        results.send({"error": str(error) or type(error).__name__})


def _cpu_time(threaded: bool) -> float:
    """CPU time the indexing has used: its process's and its children's, or, on a thread
    of the build, that thread's (the build's own figures are not the index's)."""
    if threaded:
        return time.thread_time()
    return sum(usage.ru_utime + usage.ru_stime
               for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


def _memory_folder() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _shard_key(folder: str, docs: list[SearchDocument], language: str) -> str:
    binary = pagefind_binary()  # its script and WebAssembly go into the bundle
    stamp = f"{binary}:{binary.stat().st_size}:{binary.stat().st_mtime_ns}" if binary else ""
    return hashing.digest(
        hashing.of_code(), stamp, folder, language, *map(repr, docs)
    )


class Indexing:
    """The search index of the newest build, made in the background: one at a time.

    A preview's rebuilds each start one (a quick rebuild from a thread of its own, with
    its `generation`), and each cancels the one before: an index started for an older
    rebuild gives way, and only the newest is moved into the site.
    """

    def __init__(self) -> None:
        self.indexer: BackgroundIndex | None = None
        self.generation = 0  # rebuilds so far
        self._moving = threading.Lock()  # one bundle moved into the site at a time

    def start(self, bundles: list[tuple[str, str, list]] | None, cache: Path | None, gentle: bool,
              generation: int | None = None) -> None:
        """Index `bundles`, (prefix, language, parts) of each language (None: a site without
        search), cancelling the index before. A single-language site's is [("", language, parts)]."""
        bundles = None if bundles is None else [Bundle(*bundle) for bundle in bundles]
        said = bundles if generation is None else None  # a build's warnings, not each save's
        for language in [bundle.language for bundle in said or ()]:
            if language.split("-")[0].lower() in NOT_SEGMENTED:
                log.warning(f"search in {language}: Briefing does not cut this script into words "
                            "yet, so search finds only words at the start of a run of text")
        if self.indexer:
            self.indexer.cancel()  # its waiting thread, if any, gives up the lock
        with self._moving:
            if generation is not None and generation != self.generation:
                return
            if self.indexer:
                self.indexer.cancel()
            self.indexer = BackgroundIndex(bundles, cache, gentle=gentle) if bundles is not None else None

    def finish(self, site_dir: Path) -> tuple[IndexReport, set[str]] | None:
        """Wait for the index and move it into the site: its report and cache keys."""
        indexer, self.indexer = self.indexer, None
        if not indexer:
            return None
        return indexer.finish(site_dir), indexer.keys

    def finish_later(self, site_dir: Path, log) -> None:
        """Move the index into the site once made, from a thread: a preview shows the pages
        first. Its summary, or why it failed, goes to `log`."""
        threading.Thread(target=self._finish_quietly, args=(self.indexer, site_dir, log), daemon=True).start()

    def _finish_quietly(self, indexer: BackgroundIndex | None, site_dir: Path, log) -> None:
        try:
            with self._moving:
                if indexer is None or indexer is not self.indexer:
                    return  # replaced by a newer rebuild's
                log.info(indexer.finish(site_dir).summary())
        except SearchIndexError as error:
            if indexer is self.indexer:  # not one cancelled by a newer rebuild
                log.warning(str(error))

    def reindex(self, bundles: list[tuple[str, str, list]] | None, cache: Path | None, generation: int,
                site_dir: Path, log) -> None:
        """A quick rebuild's index, on the thread that calls this: started, then moved in."""
        self.start(bundles, cache, gentle=True, generation=generation)
        if self.indexer and generation == self.generation:
            self._finish_quietly(self.indexer, site_dir, log)

    def cancel(self) -> None:
        if self.indexer:
            self.indexer.cancel()
            self.indexer = None
