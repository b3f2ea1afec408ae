"""Merging Pagefind indexes made in batches into the one index readers search.

Pagefind holds all it indexes in memory until it writes the index, about 270 KB a
brief: 2.6 GB for 10,000. So the briefs are indexed in batches, one Pagefind run
each, and the batches' indexes merged here into the index one run would have made:
the same pages, words, locations and filters, only numbered batch after batch.

The files are Pagefind's own (gzip of a marker and CBOR; fragments gzip of JSON).
Their layout is not a published format, so anything not as expected raises
UnknownFormat, and the caller indexes the shard in one run instead.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
import os
import shutil
from operator import itemgetter
from pathlib import Path

import cbor2

MARKER = b"pagefind_dcd"  # leads every decompressed index file
CHUNK_LOCATIONS = 20_000  # Pagefind's size of a word chunk: locations, plus one per page
ENTRY = "pagefind-entry.json"


class UnknownFormat(Exception):
    pass


def merge(batches: list[Path], output: Path) -> None:
    """Write to `output` one Pagefind bundle holding every page of `batches`."""
    entries = [_entry(batch) for batch in batches]
    version, language = entries[0]["version"], next(iter(entries[0]["languages"]))
    if any(e["version"] != version or list(e["languages"]) != [language] for e in entries):
        raise UnknownFormat("the batches differ in Pagefind version or language")
    metas = [_meta(batch, entry["languages"][language]["hash"]) for batch, entry in zip(batches, entries)]
    offsets = list(itertools.accumulate((len(meta[1]) for meta in metas[:-1]), initial=0))

    output.mkdir(parents=True)
    for item in batches[0].iterdir():  # the script and WebAssembly, the same in every batch
        if item.is_file() and item.name != ENTRY and not item.name.endswith(".pf_meta"):
            shutil.copy2(item, output / item.name)
    pages = _fragments(batches, metas, output / "fragment")
    chunks = _words(batches, metas, offsets, language, output / "index")
    filters = _filters(batches, metas, offsets, language, output / "filter")
    fields = sorted(set().union(*(meta[5] for meta in metas)))
    meta_hash = _write(output, "pagefind.{}.pf_meta", [version, pages, chunks, filters, [], fields], language, 10)
    entry = {**entries[0], "languages": {language: {
        **entries[0]["languages"][language], "hash": meta_hash, "page_count": len(pages)}}}
    (output / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _entry(batch: Path) -> dict:
    try:
        entry = json.loads((batch / ENTRY).read_text(encoding="utf-8"))
        if len(entry["languages"]) == 1:
            return entry
    except (OSError, ValueError, KeyError, TypeError):
        pass
    raise UnknownFormat(f"{batch / ENTRY}: not one language's index")


def _meta(batch: Path, name: str) -> list:
    meta = _read(batch / f"pagefind.{name}.pf_meta")
    if not (isinstance(meta, list) and len(meta) == 6 and meta[4] == []
            and all(isinstance(part, list) for part in meta[1:])):
        raise UnknownFormat(f"{batch}: an index metadata file of another layout (or sorted results)")
    return meta


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise UnknownFormat(f"{path}: no Pagefind marker")
    return cbor2.loads(data[len(MARKER):])


def _write(folder: Path, pattern: str, value, language: str, length: int = 7) -> str:
    """Write `value` as Pagefind does, under a name from its content; that name."""
    data = MARKER + cbor2.dumps(value)
    digest = hashlib.sha256(data).hexdigest()
    while (folder / pattern.format(f"{language}_{digest[:length]}")).exists():
        length += 1  # a clash of short names: a longer one, as Pagefind does
    name = f"{language}_{digest[:length]}"
    (folder / pattern.format(name)).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def _fragments(batches: list[Path], metas: list[list], folder: Path) -> list[list]:
    """Each page's fragment (its text and meta, named by a hash), linked into `folder`."""
    folder.mkdir()
    pages = []
    for batch, meta in zip(batches, metas):
        for name, word_count in meta[1]:
            source = batch / "fragment" / f"{name}.pf_fragment"
            unique, length = name, 4
            while os.path.lexists(folder / f"{unique}.pf_fragment"):
                # Short hashes of two batches' pages can clash; this one takes a longer name.
                unique = f"{name}{hashlib.sha256(source.read_bytes()).hexdigest()[:length]}"
                length += 1
            try:
                os.link(source, folder / f"{unique}.pf_fragment")
            except OSError:
                shutil.copy2(source, folder / f"{unique}.pf_fragment")
            pages.append([unique, word_count])
    return pages


def _words(batches, metas, offsets, language: str, folder: Path) -> list[list]:
    """Every batch's words merged in order into new chunks; the chunks' ranges for the metadata."""
    folder.mkdir()
    streams = [_batch_words(batch, meta, offset) for batch, meta, offset in zip(batches, metas, offsets)]
    merged = heapq.merge(*streams, key=itemgetter(0))  # equal words: earlier batches first
    chunks, chunk, size = [], [], 0
    for word, group in itertools.groupby(merged, key=itemgetter(0)):
        pages, variants = [], {}
        for _, word_pages, word_variants in group:
            pages += word_pages
            for variant, variant_pages in word_variants:
                variants.setdefault(variant, []).extend(variant_pages)
        for found in (pages, *variants.values()):
            _to_deltas(found)
        chunk.append([word, pages, [list(item) for item in variants.items()]])
        size += sum(len(page[1]) + len(page[2]) + 1 for page in pages)  # as Pagefind counts
        if size >= CHUNK_LOCATIONS:
            chunks.append(_chunk(chunk, language, folder))
            chunk, size = [], 0
    if chunk:
        chunks.append(_chunk(chunk, language, folder))
    for before, after in itertools.pairwise(chunks):  # ranges as short as still tell them apart
        common = len(os.path.commonprefix([before[1], after[0]]))
        before[1], after[0] = before[1][:common + 1], after[0][:common + 1]
    return chunks


def _batch_words(batch: Path, meta: list, offset: int):
    for _, _, name in meta[2]:
        words = _read(batch / "index" / f"{name}.pf_index")
        if not _is_word_chunk(words):
            raise UnknownFormat(f"{batch}: a word chunk of another layout")
        for word, pages, variants in words[0]:
            # variants: the word as written with diacritics ("café" of "cafe"), and their pages
            for found in (pages, *(found for _, found in variants)):
                _from_deltas(found, offset)
            yield word, pages, variants


# A word's pages are numbered each from the one before it (a list of small numbers
# compresses better); filters number theirs from the first page.

def _from_deltas(pages: list[list], offset: int) -> None:
    number = offset
    for page in pages:
        number += page[0]
        page[0] = number


def _to_deltas(pages: list[list]) -> None:
    previous = 0
    for page in pages:
        page[0], previous = page[0] - previous, page[0]


def _is_word_chunk(words) -> bool:
    def pages(found) -> bool:
        return isinstance(found, list) and all(
            isinstance(page, list) and len(page) == 3 and isinstance(page[0], int) for page in found)

    return isinstance(words, list) and len(words) == 1 and all(
        isinstance(entry, list) and len(entry) == 3 and pages(entry[1])
        and all(isinstance(v, list) and len(v) == 2 and pages(v[1]) for v in entry[2])
        for entry in words[0]
    )


def _chunk(words: list[list], language: str, folder: Path) -> list[str]:
    return [words[0][0], words[-1][0], _write(folder, "{}.pf_index", [words], language)]


def _filters(batches, metas, offsets, language: str, folder: Path) -> list[list]:
    """Each filter's values with the pages of every batch; sorted, so the merge is reproducible."""
    folder.mkdir()
    values: dict[str, dict[str, list[int]]] = {}
    for batch, meta, offset in zip(batches, metas, offsets):
        for name, file in meta[3]:
            found = _read(batch / "filter" / f"{file}.pf_filter")
            if not (isinstance(found, list) and len(found) == 2 and found[0] == name):
                raise UnknownFormat(f"{batch}: a filter of another layout: {name!r}")
            for value, pages in found[1]:
                values.setdefault(name, {}).setdefault(value, []).extend(page + offset for page in pages)
    return [
        [name, _write(folder, "{}.pf_filter", [name, [[v, values[name][v]] for v in sorted(values[name])]],
                      language)]
        for name in sorted(values)
    ]
