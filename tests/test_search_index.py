"""How briefs become search documents and index shards (no browser: the pieces in Python)."""

from __future__ import annotations

from generator.search import SearchDocument, shards


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
    from generator.searchtext import body_html

    body = (
        "## Talks *in* Moscow {#talks}\n\n"
        "Putin met [Assad](https://example.org/assad \"x\") for **two** hours_long.\n"
        "<span onclick=\"steal()\">Quietly</span> <script>track()</script> &amp; more.\n\n"
        "- first point\n- second point\n\n> A quoted line\n"
    )
    assert body_html(body) == (
        "<h2>Talks in Moscow</h2>"
        "<p>Putin met Assad for two hours_long. Quietly &amp; more.</p>"
        "<p>first point second point</p><p>A quoted line</p>"
    )


def indexed_docs(count: int) -> list[SearchDocument]:
    """Briefs long enough for an index of several word chunks, sharing words and topics."""
    import random

    chance = random.Random(7)
    words = [f"{a}{b}" for a in ("bar", "kel", "mor", "tas", "vin", "zü") for b in ("a", "en", "ick", "o", "ür")]
    words += ["café", "naïve", "Zürich", "2024", "e-mail", "co-op"]
    return [
        SearchDocument(
            path=f"2024/0{n % 9 + 1}/brief-{n}/", title=f"Brief {n} {chance.choice(words)}",
            lead=" ".join(chance.choices(words, k=20)),
            body="## Part one\n\n" + " ".join(chance.choices(words, k=1200))
            + "\n\n## Part two\n\n" + " ".join(chance.choices(words, k=1200)),
            date=f"May {n + 1}, 2024", stamp=f"2024-05-{n + 1:02d}T00:00:00Z", year="2024",
            week=f"2024-05-0{n % 3 + 1}", kicker="Kicker" if n % 2 else None,
            image=f"images/{n}.jpg" if n % 3 else None, figure="A caption. Image: Agency",
            sign_off="ab/cd (AP)",
            filters=(("topic", chance.choice(["Politics", "Climate", "Space"])), ("year", "2024")),
        )
        for n in range(count)
    ]


def index_contents(bundle):
    """What a reader's search sees of a Pagefind bundle, whatever the page numbers and file names."""
    import gzip
    import itertools
    import json

    from generator.searchmerge import MARKER, _read

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (language, about), = entry["languages"].items()
    meta = _read(bundle / f"pagefind.{about['hash']}.pf_meta")
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
        for word, found, variants in _read(bundle / "index" / f"{name}.pf_index")[0]:
            words[word] = (located(found), {variant: located(pages) for variant, pages in variants})
    filters = {}
    for name, file in meta[3]:
        _, values = _read(bundle / "filter" / f"{file}.pf_filter")
        filters[name] = {value: sorted(urls[page] for page in found) for value, found in values}
    return {
        "version": entry["version"], "language": language, "page_count": about["page_count"],
        "pages": sorted((json.dumps(fragment, sort_keys=True), count) for fragment, count in pages),
        "words": words,
        "filters": filters, "meta fields": meta[5],
        "files": sorted(p.name for p in bundle.iterdir() if p.is_file() and not p.name.endswith(".pf_meta")),
    }


def test_an_index_made_in_batches_is_the_index_of_one_run(tmp_path):
    """Pagefind's memory grows with what one run holds, so large shards are indexed in
    batches and merged: readers must find exactly what one run would have given them."""
    from generator.search import batches, index_documents
    from generator.searchmerge import merge

    docs = indexed_docs(16)
    index_documents(docs, tmp_path / "one", tmp_path / "scratch", "en")
    groups = batches(docs, size=4)
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    for number, group in enumerate(groups):
        index_documents(group, tmp_path / f"batch{number}", tmp_path / "scratch", "en")
    merge([tmp_path / f"batch{number}" for number in range(4)], tmp_path / "merged")

    one, merged = index_contents(tmp_path / "one"), index_contents(tmp_path / "merged")
    assert len(one["pages"]) == 16
    assert merged == one
    assert chunks_found(tmp_path / "one") > 1 and chunks_found(tmp_path / "merged") > 1


def chunks_found(bundle) -> int:
    """Check that the browser finds every word in the chunk holding it; how many chunks there are.

    Pagefind's script loads, for a word, the first chunk whose range (`from` <= word
    <= `to`) holds it, or failing that, the first whose range holds it when both are
    cut to the shorter length (ranges are prefixes: "moro" ends a chunk holding "moroa")."""
    import json

    from generator.searchmerge import _read

    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (about,) = entry["languages"].values()
    chunks = _read(bundle / f"pagefind.{about['hash']}.pf_meta")[2]
    for start, end, name in chunks:
        for word, _, _ in _read(bundle / "index" / f"{name}.pf_index")[0]:
            first = next((n for s, e, n in chunks if s <= word <= e), None) or next(
                n for s, e, n in chunks if s[:len(word)] <= word[:len(s)] and word[:len(e)] <= e[:len(word)])
            assert first == name, f"{word!r} is in {name}, but the browser would look in {first}"
    return len(chunks)


def test_pages_of_two_batches_with_the_same_short_name_both_stay(tmp_path):
    """Pagefind names a page's file by a short hash; two batches can clash, and neither may be lost."""
    from generator.search import index_documents
    from generator.searchmerge import merge

    index_documents(indexed_docs(3), tmp_path / "batch", tmp_path / "scratch", "en")
    merge([tmp_path / "batch", tmp_path / "batch"], tmp_path / "merged")
    contents = index_contents(tmp_path / "merged")
    assert contents["page_count"] == 6 and len(contents["pages"]) == 6
    assert len(list((tmp_path / "merged" / "fragment").iterdir())) == 6


def scratch_of(pid: int) -> list:
    import tempfile
    from pathlib import Path

    from generator.search import SCRATCH_PREFIX, _memory_folder

    return list(Path(_memory_folder() or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*"))


def test_a_cancelled_index_leaves_nothing_behind(tmp_path):
    """A preview cancels the index of the build before at every save: its documents,
    in memory-backed /dev/shm, must not pile up for the rest of the session."""
    import os

    from generator.search import BackgroundIndex

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

    from generator.search import SCRATCH_PREFIX, BackgroundIndex, _memory_folder

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    pid = int(ended.stdout)
    left = Path(_memory_folder() or tempfile.gettempdir()) / f"{SCRATCH_PREFIX}{pid}-left"
    (left / "pages").mkdir(parents=True)  # as a build killed mid-way leaves it
    BackgroundIndex([("", indexed_docs(3))], "en", tmp_path / "cache").finish(tmp_path / "bundle")
    assert not left.exists()
    assert (tmp_path / "bundle" / "pagefind.js").is_file()
