"""Search: the Pagefind index of the briefs, and the facets readers filter by.

Pagefind writes a chunked index, so a reader's browser fetches only the chunks a
query needs instead of the whole archive. It indexes a document per brief made
for it alone: headline, lead, caption, credit, body and sign-off, nothing of the
page around them.
"""

from __future__ import annotations

import ctypes
import html
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pagefind.service import get_executable

from . import fingerprints, searchmerge, searchtext
from .brief import Brief
from .dates import as_datetime, readable, utc_stamp
from .site import Site

BUNDLE = "pagefind"  # folder of the search bundle inside the site
# Briefs per index. A larger archive is indexed in shards of whole years, newest at
# the bundle's root, older ones merged in by the search script. (Shards were first
# for Pagefind's memory, which batches bound now.)
SHARD_SIZE = 20_000
# Briefs per run of Pagefind, which holds all it indexes in memory (about 270 KB a
# brief). A shard of more is indexed batch by batch and the batches merged
# (searchmerge): same index, a tenth of the memory at 10,000 briefs.
BATCH_SIZE = 1_000
SCRATCH_PREFIX = "briefing-search-"  # then the building process's id


@dataclass(frozen=True)
class Facet:
    """A search filter and its values, with how many briefs have each."""

    key: str  # the URL parameter and Pagefind filter name: "topic"
    label: str
    values: tuple[tuple[str, int], ...]


def brief_filters(site: Site, brief: Brief) -> list[tuple[str, str]]:
    """(facet, value) pairs of a brief's search document; `facets` offers the same values."""
    corpus = site.corpus
    return [
        *(("topic", term.name) for term in corpus.terms_of(brief, "topics")),
        *(("author", site.person(term.name).name) for term in corpus.terms_of(brief, "authors")),
        *(("agency", term.name) for term in corpus.terms_of(brief, "agencies")),
        ("year", str(brief.date.year)),
    ]


def facets(site: Site) -> list[Facet]:
    """The search page's filters, from the corpus: no index chunk is needed to list them."""
    taxonomies = site.corpus.taxonomies
    years: dict[str, int] = {}
    for (year, _), briefs in sorted(site.corpus.months.items(), reverse=True):
        years[str(year)] = years.get(str(year), 0) + len(briefs)
    return [
        Facet("topic", "Topics", tuple((t.name, len(t.briefs)) for t in taxonomies["topics"].values())),
        Facet("author", "Authors", tuple(
            (site.person(t.name).name, len(t.briefs)) for t in taxonomies["authors"].values())),
        Facet("agency", "Agencies", tuple((t.name, len(t.briefs)) for t in taxonomies["agencies"].values())),
        Facet("year", "Years", tuple(years.items())),
    ]


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class SearchDocument:
    """What search knows of one brief: its text, and the facets, sort key and meta of its result."""

    path: str  # from the site root: "2024/07/assad-putin-moscow/"
    title: str
    lead: str
    body: str  # Markdown
    date: str  # as results show it
    stamp: str  # sorts as text in time order
    year: str  # the year the brief is filed under, which shards follow
    week: str  # Monday of its week: date order in buckets, see DATE_ORDER
    kicker: str | None
    image: str | None  # path from the site root
    figure: str  # caption and credit
    sign_off: str
    filters: tuple[tuple[str, str], ...]


def documents(site: Site) -> list[SearchDocument]:
    """One document per published brief (drafts are never indexed, even in preview)."""
    zone = site.corpus.zone
    found = []
    for brief in site.corpus.briefs:
        if brief.draft:
            continue
        image = brief.image
        figure = " ".join(filter(None, [image and image.caption, image and image.credit and f"Image: {image.credit}"]))
        found.append(SearchDocument(
            path=site.brief_path(brief), title=brief.title, lead=brief.lead, body=brief.body,
            date=readable(brief.date), stamp=utc_stamp(brief.date, zone), year=str(brief.date.year),
            week=_week(brief, zone),
            kicker=brief.kicker,
            image=image.src if image else None, figure=figure, sign_off=brief.sign_off,
            filters=tuple(brief_filters(site, brief)),
        ))
    return found


def _week(brief: Brief, zone) -> str:
    day = as_datetime(brief.date, zone).date()
    return (day - timedelta(days=day.weekday())).isoformat()


# DATE_ORDER: newest-first results do not use Pagefind's sort, whose table of every
# page goes into the metadata each reader downloads before the first result (25 KiB
# at 10,000 briefs, 250 KiB at 100,000). Instead each brief has a hidden "week"
# filter: the search script asks how many results fall in each week, takes the
# newest weeks that hold enough of them, and orders those exactly by their stamp.


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float  # wall time the build waited for the index after its last page
    cpu_seconds: float  # what indexing cost, on another core while pages rendered
    peak_bytes: int  # Pagefind's peak memory
    files: int  # files in the search bundle
    bytes: int
    shards: int = 1
    reused: int = 0  # shards whose documents had not changed, copied from the cache
    unmerged: str = ""  # why batches could not be merged (another Pagefind's files), if so

    def summary(self) -> str:
        return (
            f"Search index: {self.pages:,} briefs, {self.files:,} files, {self.bytes / 1048576:.1f} MiB; "
            f"{self.cpu_seconds:.1f} s of indexing alongside the build (peak {self.peak_bytes / 1048576:,.0f} MiB), "
            f"{self.seconds:.1f} s after it"
            + (f"; {self.reused} of {self.shards} shard{'s' if self.shards != 1 else ''} unchanged."
               if self.reused else ".")
        )


def shards(docs: list[SearchDocument], size: int = SHARD_SIZE) -> list[tuple[str, list[SearchDocument]]]:
    """(folder in the bundle, documents) of each shard, newest first; the newest folder is ""."""
    years: dict[str, list[SearchDocument]] = {}
    for doc in sorted(docs, key=lambda d: d.stamp, reverse=True):
        years.setdefault(doc.year, []).append(doc)
    groups: list[list[str]] = []
    for year in years:  # newest first
        if groups and sum(len(years[y]) for y in groups[-1]) + len(years[year]) <= size:
            groups[-1].append(year)
        else:
            groups.append([year])
    return [
        ("" if number == 0 else f"older/{'-'.join(sorted({group[-1], group[0]}))}/",
         [d for y in group for d in years[y]])
        for number, group in enumerate(groups)
    ]


def batches(docs: list[SearchDocument], size: int = BATCH_SIZE) -> list[list[SearchDocument]]:
    """A shard's documents (newest first) in runs of Pagefind, oldest first, so that a new
    brief changes only the last batch and the others are reused from the cache."""
    oldest_first = docs[::-1]
    return [oldest_first[start:start + size] for start in range(0, len(oldest_first), size)] or [[]]


class BackgroundIndex:
    """Builds the search bundle in another process while MkDocs renders the pages.

    The search documents come from the briefs themselves (their Markdown read as
    text, see searchtext), not from the rendered pages, so indexing can start before
    the first page is written, sharing the cores with the page workers. Pagefind
    indexes the whole folder of documents in one run of its binary (the pagefind
    package's per-record client is throttled). When every shard is in the cache there
    is nothing to index: the bundle is assembled at the end, without another process.
    """

    def __init__(self, parts: list[tuple[str, list[SearchDocument]]], language: str,
                 cache: Path | None = None, gentle: bool = False, batch_size: int = BATCH_SIZE):
        self.pages = sum(len(docs) for _, docs in parts)
        self.shards = len(parts)
        self._process = None
        plan = [_Shard.planned(folder, docs, language, batch_size) for folder, docs in parts]
        # Made and removed here, not in the indexing process: a cancelled one (each
        # save in a preview cancels the index of the build before) is killed mid-way.
        self._folders = _Folders.made(cache)
        if cache and all((cache / shard.key).is_dir() for shard in plan):
            self._results = _Later(plan, language, cache, self._folders)
            return
        context = multiprocessing.get_context("spawn")
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_index_in_background, args=(plan, language, cache, self._folders, sender, gentle), daemon=True
        )
        self._process.start()
        sender.close()

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
            shards=self.shards, reused=outcome["reused"], unmerged=outcome.get("unmerged", ""),
        )

    def cancel(self) -> None:
        if self._process and self._process.is_alive():
            self._process.kill()
        if self._process:
            self._process.join()
        self._folders.remove()


class _Later:
    """The indexing, run in this process when asked for its outcome (every shard cached)."""

    def __init__(self, *args):
        self.args = args

    def recv(self) -> dict:
        self.outcome: dict = {}
        _index_in_background(*self.args, self)
        return self.outcome

    def send(self, outcome: dict) -> None:
        self.outcome = outcome


@dataclass
class _Shard:
    """One index of the bundle: its folder, documents and cache key, and its batches'
    (key, documents) when it is indexed in more than one run of Pagefind."""

    folder: str
    docs: list[SearchDocument]
    key: str
    batches: list[tuple[str, list[SearchDocument]]]

    @classmethod
    def planned(cls, folder: str, docs: list[SearchDocument], language: str, batch_size: int) -> _Shard:
        groups = batches(docs, batch_size)
        if len(groups) == 1:
            return cls(folder, docs, _shard_key(folder, docs, language), [])
        keyed = [(_shard_key("batch", group, language), group) for group in groups]
        # The batches' keys cover every document, in order: no need to digest them twice.
        return cls(folder, docs, fingerprints.digest(folder, *(key for key, _ in keyed)), keyed)


@dataclass(frozen=True)
class _Folders:
    """Where an indexing run writes: `scratch` for the documents Pagefind reads, on
    memory-backed storage where there is one (tens of thousands of small files cost
    seconds on a disk), and `work` for the bundle, made beside the cache so that
    keeping a shard in the cache is a rename."""

    scratch: Path
    work: Path

    @classmethod
    def made(cls, cache: Path | None) -> _Folders:
        memory = _memory_folder()
        _remove_orphans(Path(memory or tempfile.gettempdir()))
        if cache:
            cache.mkdir(parents=True, exist_ok=True)
        return cls(Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=memory)),
                   Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache)))

    def remove(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.rmtree(self.work, ignore_errors=True)


def _remove_orphans(folder: Path) -> None:
    """Remove the scratch folders of builds that were killed (their process is gone):
    in /dev/shm they hold memory until the machine restarts."""
    for entry in folder.glob(f"{SCRATCH_PREFIX}*-*"):
        pid = entry.name[len(SCRATCH_PREFIX):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def _index_in_background(plan: list[_Shard], language, cache, folders: _Folders, results, gentle=False) -> None:
    if gentle:  # a preview's: the editor's next save comes first (Pagefind inherits this)
        os.nice(10)
    start = resource.getrusage(resource.RUSAGE_SELF)
    scratch, workdir = folders.scratch, folders.work
    keys = sorted({shard.key for shard in plan} | {key for shard in plan for key, _ in shard.batches})
    try:
        if not plan:  # Pagefind refuses an empty folder; the site then has no search bundle
            results.send({"bundle": None, "cpu_seconds": 0.0,
                          "peak_bytes": 0, "reused": 0, "keys": []})
            return
        runs, reused, unmerged = [], 0, ""
        for number, shard in enumerate(plan):
            output = cache / shard.key if cache else workdir / "shards" / str(number)
            if output.is_dir():
                reused += 1
            else:
                made = workdir / "shards" / str(number)
                shard_runs, why = _index_shard(shard, made, scratch, workdir, language, cache)
                runs, unmerged = runs + shard_runs, unmerged or why
                if made != output:
                    _rename_whole(made, output)
            # The newest shard is the bundle's root; older ones nest inside it, in older/.
            shutil.copytree(output, workdir / BUNDLE / shard.folder, copy_function=searchmerge.link_or_copy,
                            dirs_exist_ok=True)
        own = resource.getrusage(resource.RUSAGE_SELF)
        results.send({
            "bundle": str(workdir / BUNDLE),
            "cpu_seconds": own.ru_utime + own.ru_stime - start.ru_utime - start.ru_stime
            + sum(run.ru_utime + run.ru_stime for run in runs),
            "peak_bytes": max((run.ru_maxrss * 1024 for run in runs), default=0),
            "reused": reused, "keys": keys, "unmerged": unmerged,
        })
    except Exception as error:  # reported by the build, as one line
        results.send({"error": str(error) or type(error).__name__})


def _index_shard(shard: _Shard, output: Path, scratch: Path, workdir: Path, language: str,
                 cache: Path | None) -> tuple[list, str]:
    """Pagefind's index of a shard at `output`, in one run or batch by batch (batches
    kept in the cache are reused); the resource usage of each run, and why the batches
    were not merged, if they were not."""
    if not shard.batches:
        run = index_documents(shard.docs, output, scratch, language)
        try:
            searchmerge.settle(output)
        except searchmerge.UnknownFormat:
            pass  # another Pagefind's files: searchable as they are, if not reproducible
        return [run], ""
    runs, made = [], []
    for key, docs in shard.batches:
        batch = cache / key if cache else workdir / "batches" / key
        if not batch.is_dir():
            fresh = workdir / "batches" / f"{key}.new"
            runs.append(index_documents(docs, fresh, scratch, language))
            _rename_whole(fresh, batch)
        made.append(batch)
    try:
        searchmerge.merge(made, output)
    except searchmerge.UnknownFormat as error:  # another Pagefind's files: the whole shard in one run
        shutil.rmtree(output, ignore_errors=True)
        runs.append(index_documents(shard.docs, output, scratch, language))
        return runs, str(error)
    return runs, ""


def index_documents(docs: list[SearchDocument], output: Path, scratch: Path, language: str):
    """One run of Pagefind over `docs`, written as pages to `scratch`; its resource usage."""
    pages = scratch / "pages"
    for doc in docs:
        target = pages / doc.path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_document_html(doc, language), encoding="utf-8")
    try:
        return _pagefind(pages, output, language)
    finally:
        shutil.rmtree(pages, ignore_errors=True)


def _memory_folder() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _rename_whole(made: Path, entry: Path) -> None:
    try:
        made.rename(entry)
    except OSError:  # another build kept the same shard first
        shutil.rmtree(made, ignore_errors=True)


def _shard_key(folder: str, docs: list[SearchDocument], language: str) -> str:
    binary = get_executable()
    stamp = f"{binary}:{binary.stat().st_size}:{binary.stat().st_mtime_ns}" if binary else ""
    return fingerprints.digest(
        fingerprints.of_code(), stamp, folder, language, *map(repr, docs)
    )


def prune(cache: Path, keys: set[str]) -> None:
    """Drop the cached shards this build did not use."""
    for entry in cache.iterdir() if cache.is_dir() else ():
        if entry.name not in keys:
            shutil.rmtree(entry, ignore_errors=True)


def _pagefind(pages: Path, output: Path, language: str):
    """One run of the Pagefind binary over a folder of documents; its resource usage."""
    binary = get_executable()
    if binary is None:
        raise SearchIndexError("the Pagefind binary is missing (pip install 'pagefind[bin]')")
    command = [
        str(binary), "--site", str(pages), "--output-path", str(output),
        # One index in the site's language: briefs in another language stay findable.
        "--force-language", language.split("-")[0], "--silent",
    ]
    # Every core: once the pages are rendered, the index has the machine to itself.
    threads = str(os.cpu_count() or 1)
    process = subprocess.Popen(command, env={**os.environ, "RAYON_NUM_THREADS": threads},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=_die_with_parent)
    output_text = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        raise SearchIndexError(
            f"Pagefind was killed by signal {-code}" + (" (out of memory?)" if code == -9 else "")
        )
    if code != 0:
        last = output_text.strip().splitlines()[-1:] or [f"exit status {code}"]
        raise SearchIndexError(f"Pagefind failed: {last[0]}")
    return usage


def _die_with_parent() -> None:
    """Pagefind stops when this process is killed (a cancelled build's index is of no use,
    and would go on writing into folders being removed). Linux only; elsewhere it finishes."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _document_html(doc: SearchDocument, language: str) -> str:
    """A page for Pagefind only: the brief's own words, and its result's meta and facets."""
    e = html.escape
    hidden = "".join(
        [f'<span data-pagefind-filter="{e(facet)}">{e(value)}</span>' for facet, value in doc.filters]
        + [f'<span data-pagefind-meta="date">{e(doc.date)}</span>',
           f'<span data-pagefind-meta="stamp">{e(doc.stamp)}</span>',
           f'<span data-pagefind-filter="week">{e(doc.week)}</span>']
        + ([f'<span data-pagefind-meta="image">{e(doc.image)}</span>'] if doc.image else [])
    )
    return (
        f'<!doctype html><html lang="{e(language)}"><head><meta charset="utf-8"><title>{e(doc.title)}</title></head>'
        f"<body><main data-pagefind-body>"
        + (f'<p data-pagefind-meta="kicker">{e(doc.kicker)}</p>' if doc.kicker else "")
        + f'<h1 data-pagefind-meta="title">{e(doc.title)}</h1>'
        f'<p data-pagefind-meta="lead">{e(doc.lead)}</p>'
        + (f"<p>{e(doc.figure)}</p>" if doc.figure else "")
        + searchtext.body_html(doc.body)
        + (f"<p>{e(doc.sign_off)}</p>" if doc.sign_off else "")
        + f"<div data-pagefind-ignore>{hidden}</div></main></body></html>"
    )
