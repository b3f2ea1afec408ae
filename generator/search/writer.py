"""Writing a search bundle in Pagefind's format, straight from the search documents.

Readers search with Pagefind's script and WebAssembly, which load the index files
a query needs. Pagefind's own indexer parsed a page written for it per brief, spent
a third of its time compressing files at gzip's highest level, and held all it
indexed in memory (so it ran in batches, merged after). This writes the same index from the
documents: the words of each (search/words.py), the page's fragment (its text, meta and
filters, as JSON), each word's pages and positions in chunks of CBOR, the filters,
and the metadata listing them, every file gzipped and named by a hash of it. The
script and WebAssembly come from a run of Pagefind's binary over one tiny page.

The files' layout is Pagefind's, not a published format: tests/search/test_search_index.py
holds this index to the one Pagefind writes for the same documents.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from zlib_ng import gzip_ng

from generator.engine.files import link_or_copy
from generator.search.pagefind import SearchIndexError
from generator.search.segment import Segmenter, segmented
from generator.search.words import WEIGHT, Word, Words, sentence

MARKER = b"pagefind_dcd"  # leads every decompressed index file
CHUNK_BYTES = 56 * 1024  # a word chunk before compression: about as large as Pagefind makes them
COMPRESSION = 6  # zlib-ng's: within 2 % of Pagefind's level 9 in size, at a fraction of its time
ENTRY = "pagefind-entry.json"
PAGEFIND = "1.5."  # the version whose files these are


@dataclass(frozen=True)
class Document:
    """A page as the index sees it: text blocks (heading level, 0 for a paragraph) and
    the meta and filters of its result."""

    url: str
    blocks: tuple[tuple[int, str], ...]
    meta: dict[str, str]
    filters: tuple[tuple[str, str], ...]


def write(documents: list[Document], output: Path, language: str, runtime: Path) -> None:
    """Write the bundle of `documents` (page numbers in their order) to `output`."""
    entry = json.loads((runtime / ENTRY).read_text(encoding="utf-8"))
    if not entry["version"].startswith(PAGEFIND):
        raise SearchIndexError(f"Pagefind {entry['version']} is installed; Briefing writes the index "
                               f"of Pagefind {PAGEFIND}x (pip install 'pagefind[bin]>={PAGEFIND}0,<1.6')")
    output.mkdir(parents=True)
    for item in runtime.iterdir():  # the script, styles and WebAssembly
        if item.is_file() and item.name != ENTRY and not item.name.endswith(".pf_meta"):
            link_or_copy(item, output / item.name)
    fields = sorted({key for document in documents for key in document.meta})
    index = _Index(Words(language), {field: number for number, field in enumerate(fields)},
                   Segmenter(language) if segmented(language) else None)
    writer = _Writer(language)
    # The index makes no reference cycles, and the collector's passes over its growing
    # tables of words cost a tenth of the indexing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        (output / "fragment").mkdir()
        pages = [index.add(document, number, writer, output / "fragment")
                 for number, document in enumerate(documents)]
        (output / "index").mkdir()
        chunks = index.chunks(writer, output / "index")
        (output / "filter").mkdir()
        filters = [
            [
                name,
                writer.write(
                    output / "filter",
                    "{}.pf_filter",
                    _cbor([name, [[value, found] for value, found in sorted(index.filters[name].items())]]),
                ),
            ]
            for name in sorted(index.filters)
        ]
        meta_name = writer.write(output, "pagefind.{}.pf_meta",
                                 _cbor([entry["version"], pages, chunks, filters, [], fields]), 10)
    finally:
        writer.close()
        if collecting:
            gc.enable()
    (details,) = entry["languages"].values()
    entry["languages"] = {language: {**details, "hash": meta_name, "page_count": len(pages)}}
    (output / ENTRY).write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


class _Index:
    """The pages' words and filters as they are added, each word's pages encoded at once:
    the index of 100,000 briefs is held as bytes, not as millions of objects."""

    def __init__(self, words: Words, fields: dict[str, int], segmenter: Segmenter | None = None):
        self.words = words
        self.fields = fields
        self.segmenter = segmenter  # for Chinese and Japanese text: words, not runs of text
        # A word (its stem; or (stem, form with diacritics) for a variant) -> its pages
        # encoded, how many, the last.
        self.entries: dict[str | tuple[str, str], list] = {}
        self.filters: dict[str, dict[str, list[int]]] = {}

    def add(self, document: Document, number: int, writer: _Writer, fragments: Path) -> list:
        """Index one page; its [fragment name, word count] for the metadata."""
        seen, of = self.words.seen, self.words.of
        tokens: list[str] = []
        cut: list[list[str]] = []  # segmented text: each piece's words
        plain: dict[str, list[int]] = {}  # most words: whole, without diacritics, at the body's weight
        weighed: dict = {}  # the others: word -> [(weight, position)]
        for level, text in document.blocks:
            weight = (8 - level) * WEIGHT if level else WEIGHT
            pieces = sentence(text).split()
            if self.segmenter:  # each word a piece of its own, at a position of its own
                cut += (words := [found for found in map(self.segmenter.tokens, pieces) if found])
                pieces = [word for piece in words for word in piece]
            elif "\u200b" in text:  # zero-width spaces are no part of a word; a piece of only them, no word
                pieces = [piece.replace("\u200b", "") for piece in pieces if piece.replace("\u200b", "")]
            for position, piece in enumerate(pieces, len(tokens)):
                found = seen.get(piece)
                if found is None:
                    found = of(piece)
                if found.__class__ is str and weight == WEIGHT:
                    positions = plain.get(found)
                    if positions is None:
                        plain[found] = [position]
                    else:
                        positions.append(position)
                else:
                    _weigh(found, weight, position, weighed)
            tokens += pieces
        meta = {field: _normalized(value) for field, value in sorted(document.meta.items())}
        in_meta: dict = {}
        for field, value in meta.items():
            number_of_field = self.fields[field]
            for position, piece in enumerate(value.split()):
                found = seen.get(piece)
                if found is None:
                    found = of(piece)
                for word in (Word(found, None, False),) if found.__class__ is str else found:
                    key = word.stem if word.original is None else (word.stem, word.original)
                    in_meta.setdefault(key, []).append((number_of_field, position))
        for key in (plain.keys() & weighed.keys()) | (plain.keys() & in_meta.keys()):
            weighed.setdefault(key, []).extend([(WEIGHT, position) for position in plain.pop(key)])

        entries, pages = self.entries, _PAGES
        for key, positions in plain.items():  # the bulk: one weight, not in the meta
            if positions[-1] >= TABLE:
                located = _runs([(WEIGHT, position) for position in positions]) + b"\x80"
            elif len(positions) == 1:
                located = _ONE[positions[0]]
            else:  # [-25, the first, each from the one before], and no meta: []
                located = b"".join([_array(len(positions) + 1), b"\x38\x18", _SMALL[positions[0]],
                                    *[_SMALL[b - a] for a, b in zip(positions, positions[1:])], b"\x80"])
            entry = entries.get(key)
            if entry is None:
                entries[key] = [bytearray(_page(number) + located), 1, number]
            else:
                step = number - entry[2]
                entry[0] += (pages[step] if step < TABLE else _page(step)) + located
                entry[1] += 1
                entry[2] = number
        for key in in_meta.keys() - weighed.keys():
            weighed[key] = ()
        for key, located in weighed.items():
            found_in_meta = in_meta.get(key)
            located = _runs(located) + (_runs(found_in_meta) if found_in_meta else b"\x80")
            entry = entries.get(key)
            if entry is None:
                entries[key] = [bytearray(_page(number) + located), 1, number]
            else:
                entry[0] += _page(number - entry[2])
                entry[0] += located
                entry[1] += 1
                entry[2] = number

        filters: dict[str, list[str]] = {}
        for name, value in document.filters:
            filters.setdefault(name, []).append(_normalized(value))
        for name, values in filters.items():
            for value in values:
                self.filters.setdefault(name, {}).setdefault(value, []).append(number)
        # Segmented text as Pagefind writes it: words apart by a zero-width space, pieces by a
        # space and one (a meta field, the title, stays whole: Pagefind does not segment it).
        content = " \u200b".join(map("\u200b".join, cut)) if self.segmenter else " ".join(tokens)
        fragment = json.dumps({
            "url": f"/{document.url}", "content": content, "word_count": len(tokens),
            "filters": dict(sorted(filters.items())), "meta": meta, "anchors": [],
        }, ensure_ascii=False, separators=(",", ":"))
        return [writer.fragment(fragments, fragment.encode()), len(tokens)]

    def chunks(self, writer: _Writer, folder: Path) -> list[list[str]]:
        """The words in order, in chunks of about CHUNK_BYTES; each chunk's range and name."""
        stems: dict[str, list] = {}
        for key, entry in self.entries.items():
            if type(key) is str:
                stems.setdefault(key, [None, []])[0] = entry
            else:
                stems.setdefault(key[0], [None, []])[1].append((key[1], entry))
        chunks, chunk, size = [], [], 0
        for stem in sorted(stems):
            plain, variants = stems[stem]
            encoded = b"".join([
                b"\x83", _text(stem), _head(4, plain[1] if plain else 0), plain[0] if plain else b"",
                _head(4, len(variants)),
                *(b"\x82" + _text(form) + _head(4, entry[1]) + entry[0] for form, entry in variants),
            ])
            chunk.append((stem, encoded))
            size += len(encoded)
            if size >= CHUNK_BYTES:
                chunks.append(_chunk(chunk, writer, folder))
                chunk, size = [], 0
        if chunk:
            chunks.append(_chunk(chunk, writer, folder))
        for before, after in zip(chunks, chunks[1:]):  # ranges as short as still tell them apart
            common = len(os.path.commonprefix([before[1], after[0]]))
            before[1], after[0] = before[1][:common + 1], after[0][:common + 1]
        return chunks


def _weigh(found, weight: int, position: int, weighed: dict) -> None:
    """A piece's entries other than a whole word at the body's weight: a heading's, a
    compound's parts (sharing its weight), a word with diacritics (a variant)."""
    found = (Word(found, None, False),) if found.__class__ is str else found
    parts = sum(word.part for word in found)
    for word in found:
        key = word.stem if word.original is None else (word.stem, word.original)
        weighed.setdefault(key, []).append((max(weight // parts, 1) if word.part else weight, position))


def _chunk(words: list[tuple[str, bytes]], writer: _Writer, folder: Path) -> list[str]:
    data = b"\x81" + _head(4, len(words)) + b"".join(entry for _, entry in words)
    return [words[0][0], words[-1][0], writer.write(folder, "{}.pf_index", data)]


def _runs(located) -> bytes:
    """Positions as Pagefind lists them: by weight (or meta field), each run of one
    weight led by it as a negative number, positions counted each from the one before."""
    if not located:
        return b"\x80"
    items, current, last = [], None, 0
    for mark, position in sorted(located):
        if mark != current:
            items.append(_negative(mark))
            current, last = mark, 0
        items.append(_uint(position - last))
        last = position
    return _array(len(items)) + b"".join(items)


_NEWLINES = re.compile(r"(\n|\r\n)+")
_SPACES = re.compile(r"\s{2,}")


def _normalized(value: str) -> str:
    """A meta or filter value as Pagefind keeps it: trimmed, runs of whitespace as one space."""
    value = value.strip()
    if value.isprintable() and "  " not in value:  # most: nothing more to do
        return value
    return _SPACES.sub(" ", _NEWLINES.sub(" ", value))


class _Writer:
    """Writes index files as Pagefind does, each named by a hash of its content.

    The compressing is done on a thread of its own (zlib lets go of the interpreter
    meanwhile), while the indexing goes on."""

    def __init__(self, language: str):
        self.language = language
        self.taken: set[tuple[Path, str]] = set()
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.writing: list = []

    def write(self, folder: Path, pattern: str, data: bytes, length: int = 7) -> str:
        """Write CBOR `data` to `folder`; its name."""
        data = MARKER + data
        return self._put(folder, pattern, data, hashlib.sha256(data).hexdigest(), length)

    def fragment(self, folder: Path, data: bytes) -> str:
        """A page's fragment, named as Pagefind names it (a SHA-1 of its JSON)."""
        return self._put(folder, "{}.pf_fragment", MARKER + data, hashlib.sha1(data).hexdigest(), 7)

    def _put(self, folder: Path, pattern: str, data: bytes, digest: str, length: int) -> str:
        while (folder, digest[:length]) in self.taken:
            length += 1  # a clash of short names: a longer one, as Pagefind does
        self.taken.add((folder, digest[:length]))
        name = f"{self.language}_{digest[:length]}"
        self.writing.append(self.pool.submit(_compressed, folder / pattern.format(name), data))
        return name

    def close(self) -> None:
        self.pool.shutdown()
        for written in self.writing:
            written.result()  # an error of the thread's is raised here


def _compressed(path: Path, data: bytes) -> None:
    path.write_bytes(gzip_ng.compress(data, compresslevel=COMPRESSION, mtime=0))


def _cbor(value) -> bytes:
    """CBOR of lists, strings and non-negative integers, the only items the index holds."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, int):
        return _uint(value)
    return _head(4, len(value)) + b"".join(map(_cbor, value))


def _text(value: str) -> bytes:
    encoded = value.encode()
    return _head(3, len(encoded)) + encoded


TABLE = 4096  # positions and page steps below this are looked up, not encoded
_SMALL = [bytes([n]) if n < 24 else bytes([24, n]) if n < 256 else bytes([25]) + n.to_bytes(2, "big")
          for n in range(TABLE)]


# One position at weight 24 and none in the meta: [-25, position], [].
_ONE = [b"\x82\x38\x18" + encoded + b"\x80" for encoded in _SMALL]
_PAGES = [b"\x83" + encoded for encoded in _SMALL]


def _page(step: int) -> bytes:
    """The start of a page's entry of a word: [step from the word's page before, ..."""
    return _PAGES[step] if step < TABLE else b"\x83" + _head(0, step)


def _uint(number: int) -> bytes:
    return _SMALL[number] if number < TABLE else _head(0, number)


_ARRAYS = [bytes([0x80 | n]) if n < 24 else bytes([0x98, n]) for n in range(256)]


def _array(length: int) -> bytes:
    return _ARRAYS[length] if length < 256 else _head(4, length)


def _negative(number: int) -> bytes:
    """CBOR of -(number + 1): a weight or field marker."""
    return _head(1, number)


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError(number)
