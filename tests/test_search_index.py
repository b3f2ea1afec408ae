"""How briefs become search documents and index shards (no browser: the pieces in Python)."""

from __future__ import annotations

from generator.search.documents import SearchDocument, shards


def doc(year: int, n: int) -> SearchDocument:
    return SearchDocument(
        path=f"{year}/01/b{n}/", title="t", lead="l", body="b", date="d",
        stamp=f"{year}-01-{n % 28 + 1:02d}T00:00:00Z", year=str(year), week="w",
        kicker=None, image=None, figure="", sign_off="", filters=(),
    )


def test_a_small_archive_is_one_index():
    docs = [doc(2024, n) for n in range(5)] + [doc(2025, n) for n in range(5)]
    (only,) = shards(docs, size=20)
    assert only[0] == "" and len(only[1]) == 10


def test_a_large_archive_is_split_by_whole_years_newest_at_the_root():
    docs = [doc(year, n) for year in (2021, 2022, 2023, 2024) for n in range(4)]
    parts = shards(docs, size=8)
    assert [folder for folder, _ in parts] == ["", "older/2021-2022/"]
    assert {d.year for d in parts[0][1]} == {"2023", "2024"}
    assert all(a.stamp >= b.stamp for a, b in zip(parts[0][1], parts[0][1][1:]))


def test_a_year_larger_than_a_shard_stays_whole():
    docs = [doc(2024, n) for n in range(10)] + [doc(2023, n) for n in range(3)]
    parts = shards(docs, size=4)
    assert [(folder, len(found)) for folder, found in parts] == [("", 10), ("older/2023/", 3)]


def test_a_body_is_indexed_as_its_words_not_its_markup():
    from generator.search.text import body_blocks

    body = (
        "## Talks *in* Moscow {#talks}\n\n"
        "Putin met [Assad](https://example.org/assad \"x\") for **two** hours_long.\n"
        "<span onclick=\"steal()\">Quietly</span> <script>track()</script> &amp; more.\n\n"
        "- first point\n- second point\n\n> A quoted line\n"
    )
    assert body_blocks(body) == [
        (2, "Talks in Moscow"),
        (0, "Putin met Assad for two hours_long. Quietly & more."),
        (0, "first point second point"), (0, "A quoted line"),
    ]


WORDS = [f"{a}{b}" for a in ("bar", "kel", "mor", "tas", "vin", "zü") for b in ("a", "en", "ick", "o", "ür")]
# Pieces Pagefind splits or folds: compounds, capitals, digits, diacritics, apostrophes.
WORDS += ["café", "naïve", "Zürich", "2024", "e-mail", "co-op", "F-16", "McDonald's", "COVID-19", "iPhone",
          "WKWebView", "G7", "24T10", "Moscow\u2019s", "(AP,", "es/rmt", "&", "Ærøskøbing", "İstanbul",
          "50km", "x1Y2", "ÉTÉ-été", "snake_case", "a.b.c", "\u201cquoted\u201d", "Straße", "ǅemal", "Ⅻ",
          "don't", "rock'n'roll", "--", "5.5%", "$1,000", "U.S.", "naïveté", "Δelta", "ΣΊΣΥΦΟΣ"]


def indexed_docs(count: int) -> list[SearchDocument]:
    """Briefs long enough for an index of several word chunks, sharing words and topics."""
    import random

    chance = random.Random(7)
    return [
        SearchDocument(
            path=f"2024/0{n % 9 + 1}/brief-{n}/", title=f"Brief {n} {chance.choice(WORDS)}",
            lead=" ".join(chance.choices(WORDS, k=20)),
            body="## Part one\n\n" + " ".join(chance.choices(WORDS, k=1200))
            + "\n\n### Part *two* & " + chance.choice(WORDS) + "\n\n" + " ".join(chance.choices(WORDS, k=1200)),
            date=f"May {n + 1}, 2024", stamp=f"2024-05-{n + 1:02d}T00:00:00Z", year="2024",
            week=f"2024-05-0{n % 3 + 1}", kicker=chance.choice(WORDS) if n % 2 else None,
            image=f"images/{n}.jpg" if n % 3 else None, figure=f"A caption {chance.choice(WORDS)}. Image: Agency",
            sign_off="ab/cd (AP, AFP)",
            filters=(("topic", chance.choice(["Politics", "Climate", "Space"])), ("agency", "AP"), ("year", "2024")),
        )
        for n in range(count)
    ]


def pagefind_page(document) -> str:
    """The page Pagefind's own indexer reads for a document: its blocks as headings and
    paragraphs, its meta and filters in hidden elements."""
    from functools import partial
    from html import escape

    e = partial(escape, quote=False)  # text, not attributes: Pagefind reads the last character as written
    blocks = [f"<h{level}>{e(text)}</h{level}>" if level else f"<p>{e(text)}</p>" for level, text in document.blocks]
    blocks[[level for level, _ in document.blocks].index(1)] = (
        f'<h1 data-pagefind-meta="title">{e(document.meta["title"])}</h1>')
    hidden = "".join([f'<span data-pagefind-filter="{e(name)}">{e(value)}</span>' for name, value in document.filters]
                     + [f'<span data-pagefind-meta="{e(key)}">{e(value)}</span>'
                        for key, value in document.meta.items() if key != "title"])
    return (f'<!doctype html><html lang="en"><head><title>x</title></head><body><main data-pagefind-body>'
            f'{"".join(blocks)}<div data-pagefind-ignore>{hidden}</div></main></body></html>')


def pagefind_index(documents, output, scratch) -> None:
    """Pagefind's own index of `documents`, the reference ours is held to."""
    import subprocess

    from pagefind.service import get_executable

    for document in documents:
        page = scratch / document.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(pagefind_page(document), encoding="utf-8")
    subprocess.run([str(get_executable()), "--site", str(scratch), "--output-path", str(output),
                    "--force-language", "en", "--silent"], check=True)


def read_index_file(path):
    import cbor2
    from zlib_ng import gzip_ng

    from generator.search.writer import MARKER

    data = gzip_ng.decompress(path.read_bytes())
    assert data.startswith(MARKER)
    return cbor2.loads(data[len(MARKER):])


def index_contents(bundle):
    """What a reader's search sees of a Pagefind bundle, whatever the page numbers and file names."""
    import gzip
    import itertools
    import json

    from generator.search.writer import MARKER

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (language, about), = entry["languages"].items()
    meta = read_index_file(bundle / f"pagefind.{about['hash']}.pf_meta")
    pages = []
    for name, word_count in meta[1]:
        fragment = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
        pages.append((json.loads(fragment[len(MARKER):]), word_count))
    urls = [fragment["url"] for fragment, _ in pages]

    def located(found):  # a word's pages are numbered each from the one before
        numbers = itertools.accumulate(page for page, _, _ in found)
        return sorted((urls[number], locs, meta_locs) for number, (_, locs, meta_locs) in zip(numbers, found))

    words: dict[str, list] = {}
    for _, _, name in meta[2]:
        for word, found, variants in read_index_file(bundle / "index" / f"{name}.pf_index")[0]:
            words[word] = (located(found), {variant: located(pages) for variant, pages in variants})
    filters = {}
    for name, file in meta[3]:
        _, values = read_index_file(bundle / "filter" / f"{file}.pf_filter")
        filters[name] = {value: sorted(urls[page] for page in found) for value, found in values}
    return {
        "version": entry["version"], "language": language, "page_count": about["page_count"],
        "include_characters": entry["include_characters"],
        "pages": sorted((json.dumps(fragment, sort_keys=True), count) for fragment, count in pages),
        "words": words,
        "filters": filters, "meta fields": meta[5],
        "files": sorted(p.name for p in bundle.iterdir() if p.is_file() and not p.name.endswith(".pf_meta")),
    }


def test_our_index_is_the_index_pagefind_writes_for_the_same_briefs(tmp_path):
    """Readers search with Pagefind's script, which normalizes and stems a query its own
    way: every word, position, weight, variant, filter and fragment must be as Pagefind's."""
    from generator.search import pagefind, writer as searchindex
    from generator.search.documents import index_document

    documents = [index_document(doc) for doc in indexed_docs(24)]
    pagefind_index(documents, tmp_path / "pagefind", tmp_path / "pages")
    runtime = pagefind.runtime(tmp_path / "runtime", "en")
    searchindex.write(documents, tmp_path / "ours", "en", runtime)

    ours, theirs = index_contents(tmp_path / "ours"), index_contents(tmp_path / "pagefind")
    assert len(ours["pages"]) == 24
    assert ours.keys() == theirs.keys()
    for key in ours:
        if key == "words":
            missing = theirs["words"].keys() - ours["words"].keys()
            extra = ours["words"].keys() - theirs["words"].keys()
            assert (missing, extra) == (set(), set())
            for word in ours["words"]:
                assert ours["words"][word] == theirs["words"][word], word
        assert ours[key] == theirs[key], key
    assert chunks_found(tmp_path / "ours") > 1


def chunks_found(bundle) -> int:
    """Check that the browser finds every word in the chunk holding it; how many chunks there are.

    Pagefind's script loads, for a word, the first chunk whose range (`from` <= word
    <= `to`) holds it, or failing that, the first whose range holds it when both are
    cut to the shorter length (ranges are prefixes: "moro" ends a chunk holding "moroa")."""
    import json

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (about,) = entry["languages"].values()
    chunks = read_index_file(bundle / f"pagefind.{about['hash']}.pf_meta")[2]
    for start, end, name in chunks:
        for word, _, _ in read_index_file(bundle / "index" / f"{name}.pf_index")[0]:
            first = next((n for s, e, n in chunks if s <= word <= e), None) or next(
                n for s, e, n in chunks if s[:len(word)] <= word[:len(s)] and word[:len(e)] <= e[:len(word)])
            assert first == name, f"{word!r} is in {name}, but the browser would look in {first}"
    return len(chunks)


def scratch_of(pid: int) -> list:
    import tempfile
    from pathlib import Path

    from generator.search.background import SCRATCH_PREFIX, _memory_folder

    return list(Path(_memory_folder() or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*"))


def test_a_cancelled_index_leaves_nothing_behind(tmp_path):
    """A preview cancels the index of the build before at every save: its documents,
    in memory-backed /dev/shm, must not pile up for the rest of the session."""
    import os

    from generator.search.background import BackgroundIndex

    cache = tmp_path / "cache"
    index = BackgroundIndex([("", indexed_docs(400))], "en", cache)
    assert scratch_of(os.getpid())
    index.cancel()
    assert scratch_of(os.getpid()) == []
    assert [p.name for p in cache.iterdir()] == []


def test_a_killed_builds_scratch_is_removed_by_the_next(tmp_path):
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from generator.search.background import SCRATCH_PREFIX, BackgroundIndex, _memory_folder

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    pid = int(ended.stdout)
    left = Path(_memory_folder() or tempfile.gettempdir()) / f"{SCRATCH_PREFIX}{pid}-left"
    (left / "pages").mkdir(parents=True)  # as a build killed mid-way leaves it
    BackgroundIndex([("", indexed_docs(3))], "en", tmp_path / "cache").finish(tmp_path / "bundle")
    assert not left.exists()
    assert (tmp_path / "bundle" / "pagefind.js").is_file()
