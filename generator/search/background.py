"""The search index built in another process while the pages render, and its cache of shards."""

from __future__ import annotations

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

from zlib_ng.zlib_ng import crc32

from generator.engine import hashing, leftovers, processes
from generator.engine.files import link_or_copy
from generator.search.documents import SearchDocument, index_document
from generator.search import pagefind
from generator.search.pagefind import SearchIndexError, pagefind_binary

BUNDLE = "pagefind"  # folder of the search bundle inside the site


SCRATCH_PREFIX = "briefing-search-"  # then the building process's id


WORK_PREFIX = ".tmp-"  # likewise, in the cache


# In each cached shard, written last: its files' sizes and CRC-32s, checked before reuse.
MANIFEST = "briefing-shard.manifest"


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

    def __init__(self, parts: list[tuple[str, list[SearchDocument]]], language: str,
                 cache: Path | None = None, gentle: bool = False):
        self.pages = sum(len(docs) for _, docs in parts)
        self.shards = len(parts)
        self._process = None
        # Made and removed here, not in the indexing process: a cancelled one (each
        # save in a preview cancels the index of the build before) is killed mid-way.
        self._folders = WorkFolders.made(cache)
        plan = None
        if cache and any(cache.glob("[!.]*")):  # shards kept from before: are they all?
            plan = _plan(parts, language)
            # Complete, with their manifest; intact is for the thread to see, reading them.
            if all((cache / shard.key / MANIFEST).is_file() for shard in plan):
                self._results = _Assembling(plan, language, cache, self._folders)
                return
        context = multiprocessing.get_context("spawn")
        self._results, sender = context.Pipe(duplex=False)
        documents, self._feed = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_index_in_child,
            args=(os.getpid(), documents, language, cache, self._folders, sender, gentle),
            daemon=True,
        )
        self._process.start()
        sender.close()
        documents.close()
        threading.Thread(target=self._send, args=(plan or parts, plan is not None), daemon=True).start()

    def _send(self, work: list, planned: bool) -> None:
        try:
            self._feed.send((work, planned))
        except OSError:  # cancelled meanwhile
            pass
        finally:
            self._feed.close()

    def finish(self, bundle: Path) -> IndexReport:
        """Wait for the index and move it into the site."""
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
            if bundle.exists():
                shutil.rmtree(bundle)
            self.keys = set(outcome["keys"])
            if outcome["bundle"]:
                shutil.move(outcome["bundle"], bundle)
        finally:
            self._folders.remove()
        files = [p for p in bundle.rglob("*") if p.is_file()]
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
    """One index of the bundle: its folder, documents and cache key."""

    folder: str
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


def _plan(parts: list[tuple[str, list[SearchDocument]]], language: str) -> list[_Shard]:
    return [_Shard(folder, docs, _shard_key(folder, docs, language)) for folder, docs in parts]


def _index_in_child(parent: int, *args) -> None:
    """The indexing process's work: `_index_in_background`, ending with the build's process."""
    processes.die_with_parent(parent)
    os.setpgrp()  # a group of its own, which cancel() kills whole (see BackgroundIndex.cancel)
    _index_in_background(*args)


def _index_in_background(plan, language, cache, folders: WorkFolders, results, gentle=False) -> None:
    """Index the shards `plan` holds (or, from another process, receives) not cached yet."""
    if gentle:  # a preview's: the editor's next save comes first
        os.nice(10)
    threaded = isinstance(results, _Assembling)  # every shard cached: on a thread of the build
    start = _cpu_time(threaded)
    workdir = folders.work
    try:
        if not isinstance(plan, list):  # the documents' end of a pipe
            work, planned = plan.recv()
            plan = work if planned else _plan(work, language)
        if not plan:  # no brief published: the site has no search bundle
            results.send({"bundle": None, "cpu_seconds": 0.0, "peak_bytes": 0, "reused": 0, "keys": []})
            return
        reused, runtime = 0, None
        for number, shard in enumerate(plan):
            output = cache / shard.key if cache else workdir / "shards" / str(number)
            if cache and _intact(output):
                reused += 1
            else:
                from generator.search import writer  # here: a build with every shard cached needs none of it

                runtime = runtime or pagefind.runtime(folders.scratch / "runtime", language)
                made = workdir / "shards" / str(number)
                writer.write([index_document(doc) for doc in shard.docs], made, language, runtime)
                if made != output:
                    _keep(made, output, workdir)
            # The newest shard is the bundle's root; older ones nest inside it, in older/.
            shutil.copytree(output, workdir / BUNDLE / shard.folder, copy_function=link_or_copy,
                            ignore=_kept_in_cache, dirs_exist_ok=True)
        indexed = reused < len(plan) and not threaded  # a thread's peak is the build's
        results.send({
            "bundle": str(workdir / BUNDLE),
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


def _keep(made: Path, entry: Path, workdir: Path) -> None:
    """Put a shard just made in the cache as `entry`, whole: its manifest written last, then
    renamed in. A damaged entry there is moved out first, into the work folder that goes."""
    (made / MANIFEST).write_bytes(_manifest(made))
    try:
        entry.rename(workdir / f"replaced-{entry.name}")
    except FileNotFoundError:  # the usual case: nothing there
        pass
    try:
        made.rename(entry)
    except OSError:  # another build kept the same shard meanwhile
        shutil.rmtree(made, ignore_errors=True)


def _intact(shard: Path) -> bool:
    """Whether a cached shard holds what its manifest says: files are linked into sites,
    where they can be edited in place, and a shard can be damaged on disk. A few MB to read."""
    try:
        return (shard / MANIFEST).read_bytes() == _manifest(shard)
    except OSError:  # no manifest (not made whole), or a file that cannot be read: damaged
        return False


def _manifest(shard: Path) -> bytes:
    """Each file of the shard (but the manifest) with its size and CRC-32, a line each:
    0.1 s of CPU for the 10,000 files of 10,000 briefs."""
    lines: list[str] = []
    _list_files(str(shard), "", lines)
    return "".join(sorted(lines)).encode()


def _list_files(folder: str, prefix: str, lines: list[str]) -> None:
    """A manifest line for each file under `folder`, `prefix` its path in the shard."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                _list_files(entry.path, f"{name}/", lines)
            elif name != MANIFEST:
                with open(entry.path, "rb", buffering=0) as kept:
                    data = kept.readall()
                lines.append(f"{name} {len(data)} {crc32(data):08x}\n")


def _kept_in_cache(folder: str, names: list[str]) -> list[str]:
    """What of a cached shard is not copied into the bundle: the manifest."""
    return [MANIFEST] if MANIFEST in names else []


def _shard_key(folder: str, docs: list[SearchDocument], language: str) -> str:
    binary = pagefind_binary()  # its script and WebAssembly go into the bundle
    stamp = f"{binary}:{binary.stat().st_size}:{binary.stat().st_mtime_ns}" if binary else ""
    return hashing.digest(
        hashing.of_code(), stamp, folder, language, *map(repr, docs)
    )


def prune(cache: Path, keys: set[str]) -> None:
    """Drop the cached shards this build did not use: only those, named by their key.
    Whatever else is in the folder is not the build's to remove; work folders go with
    their process (see WorkFolders)."""
    for entry in cache.iterdir() if cache.is_dir() else ():
        if hashing.is_digest(entry.name) and entry.name not in keys:
            shutil.rmtree(entry, ignore_errors=True)


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

    def start(self, parts: list, language: str, cache: Path | None, gentle: bool,
              generation: int | None = None) -> None:
        if self.indexer:
            self.indexer.cancel()  # its waiting thread, if any, gives up the lock
        with self._moving:
            if generation is not None and generation != self.generation:
                return
            if self.indexer:
                self.indexer.cancel()
            self.indexer = (
                BackgroundIndex(parts, language, cache, gentle=gentle) if parts is not None else None
            )

    def finish(self, site_dir: Path) -> tuple[IndexReport, set[str]] | None:
        """Wait for the index and move it into the site: its report and cache keys."""
        indexer, self.indexer = self.indexer, None
        if not indexer:
            return None
        return indexer.finish(site_dir / BUNDLE), indexer.keys

    def finish_later(self, site_dir: Path, log) -> None:
        """Move the index into the site once made, from a thread: a preview shows the pages
        first. Its summary, or why it failed, goes to `log`."""
        threading.Thread(target=self._finish_quietly, args=(self.indexer, site_dir, log), daemon=True).start()

    def _finish_quietly(self, indexer: BackgroundIndex | None, site_dir: Path, log) -> None:
        try:
            with self._moving:
                if indexer is None or indexer is not self.indexer:
                    return  # replaced by a newer rebuild's
                log.info(indexer.finish(site_dir / BUNDLE).summary())
        except SearchIndexError as error:
            if indexer is self.indexer:  # not one cancelled by a newer rebuild
                log.warning(str(error))

    def reindex(self, parts: list, language: str, cache: Path | None, generation: int,
                site_dir: Path, log) -> None:
        """A quick rebuild's index, on the thread that calls this: started, then moved in."""
        self.start(parts, language, cache, gentle=True, generation=generation)
        if self.indexer and generation == self.generation:
            self._finish_quietly(self.indexer, site_dir, log)

    def cancel(self) -> None:
        if self.indexer:
            self.indexer.cancel()
            self.indexer = None
