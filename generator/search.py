"""The search index: Pagefind over the built brief pages.

Pagefind writes a chunked index, so a reader's browser fetches only the chunks a
query needs instead of the whole archive. It indexes a document per brief made
for it alone: headline, lead, caption, credit, body and sign-off, nothing of the
page around them.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import markdown as markdown_lib
from pagefind.service import get_executable

from .brief import Brief
from .dates import as_datetime, readable, utc_stamp
from .site import Site

BUNDLE = "pagefind"  # folder of the search bundle inside the site


@dataclass(frozen=True)
class Facet:
    """A search filter and its values, with how many briefs have each."""

    key: str  # the URL parameter and Pagefind filter name: "topic"
    label: str
    values: tuple[tuple[str, int], ...]


def brief_filters(site: Site, brief: Brief) -> list[tuple[str, str]]:
    """(facet, value) pairs a brief page declares to Pagefind; `facets` offers the same values."""
    corpus = site.corpus
    return [
        *(("topic", term.name) for term in corpus.terms_of(brief, "topics")),
        *(("author", site.person(term.name).name) for term in corpus.terms_of(brief, "authors")),
        *(("agency", term.name) for term in corpus.terms_of(brief, "agencies")),
        ("year", str(brief.date.year)),
    ]


def facets(site: Site) -> list[Facet]:
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
            date=readable(brief.date), stamp=utc_stamp(brief.date, zone), week=_week(brief, zone),
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

    def summary(self) -> str:
        return (
            f"Search index: {self.pages:,} briefs, {self.files:,} files, {self.bytes / 1048576:.1f} MiB; "
            f"{self.cpu_seconds:.1f} s of indexing alongside the build (peak {self.peak_bytes / 1048576:,.0f} MiB), "
            f"{self.seconds:.1f} s after it."
        )


class BackgroundIndex:
    """Builds the search bundle in another process while MkDocs renders the pages.

    The search documents come from the briefs themselves, not from the rendered
    pages, so indexing can start before the first page is written and use the core
    MkDocs leaves idle. Pagefind indexes the whole folder of documents in one run
    of its binary (the pagefind package's per-record client is throttled).
    """

    def __init__(self, docs: list[SearchDocument], language: str, markdown: tuple[list, dict]):
        context = multiprocessing.get_context("spawn")
        self._results, sender = context.Pipe(duplex=False)
        self.pages = len(docs)
        self._process = context.Process(
            target=_index_in_background, args=(docs, language, markdown, sender), daemon=True
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
        self._process.join()
        if "error" in outcome:
            raise SearchIndexError(f"search index: {outcome['error']}")
        if bundle.exists():
            shutil.rmtree(bundle)
        if outcome["bundle"]:
            shutil.move(outcome["bundle"], bundle)
        shutil.rmtree(outcome["workdir"], ignore_errors=True)
        files = [p for p in bundle.rglob("*") if p.is_file()]
        return IndexReport(
            pages=self.pages, seconds=time.perf_counter() - started,
            cpu_seconds=outcome["cpu_seconds"], peak_bytes=outcome["peak_bytes"],
            files=len(files), bytes=sum(p.stat().st_size for p in files),
        )

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _index_in_background(docs, language, markdown, results) -> None:
    # MkDocs' rendering is the build's critical path: indexing yields the CPU to it.
    os.nice(10)
    workdir = Path(tempfile.mkdtemp(prefix="briefing-search-"))
    try:
        if not docs:  # Pagefind refuses an empty folder; the site then has no search bundle
            results.send({"bundle": None, "workdir": str(workdir), "cpu_seconds": 0.0, "peak_bytes": 0})
            return
        pages = workdir / "pages"
        render = _markdown_renderer(*markdown)
        for doc in docs:
            target = pages / doc.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_document_html(doc, render(doc.body), language), encoding="utf-8")
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("the Pagefind binary is missing (pip install 'pagefind[bin]')")
        command = [
            str(binary), "--site", str(pages), "--output-path", str(workdir / BUNDLE),
            # One index in the site's language: briefs in another language stay findable.
            "--force-language", language.split("-")[0], "--silent",
        ]
        # Leave a core to MkDocs, which renders pages on one core meanwhile.
        threads = str(max(1, (os.cpu_count() or 2) - 1))
        process = subprocess.Popen(command, env={**os.environ, "RAYON_NUM_THREADS": threads},
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = process.stdout.read().decode(errors="replace")
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            raise SearchIndexError(f"Pagefind failed: {output.strip().splitlines()[-1:] or status}")
        own = resource.getrusage(resource.RUSAGE_SELF)
        results.send({
            "bundle": str(workdir / BUNDLE), "workdir": str(workdir),
            "cpu_seconds": own.ru_utime + own.ru_stime + usage.ru_utime + usage.ru_stime,
            "peak_bytes": usage.ru_maxrss * 1024,
        })
    except Exception as error:  # reported by the build, as one line
        shutil.rmtree(workdir, ignore_errors=True)
        results.send({"error": str(error) or type(error).__name__})


def _markdown_renderer(extensions: list, configs: dict):
    """The site's Markdown, as MkDocs would render it; plain Markdown if an extension will not load."""
    try:
        md = markdown_lib.Markdown(extensions=extensions, extension_configs=configs)
    except Exception:
        md = markdown_lib.Markdown()

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def _document_html(doc: SearchDocument, body: str, language: str) -> str:
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
        + body
        + (f"<p>{e(doc.sign_off)}</p>" if doc.sign_off else "")
        + f"<div data-pagefind-ignore>{hidden}</div></main></body></html>"
    )
