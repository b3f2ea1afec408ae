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

import functools
import hashlib
import heapq
import itertools
import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import cbor2
from zlib_ng import gzip_ng

MARKER = b"pagefind_dcd"  # leads every decompressed index file
CHUNK_BYTES = 56 * 1024  # a word chunk before compression: about as large as Pagefind makes them
COMPRESSION = 6  # zlib-ng's: within 2 % of Pagefind's level 9 in size, at a quarter of its time
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
    writer = _Writer(language)
    try:
        chunks = _words(batches, metas, offsets, writer, output / "index")
        filters = _filters(batches, metas, offsets, writer, output / "filter")
        fields = sorted(set().union(*(meta[5] for meta in metas)))
        meta_hash = writer.write(output, "pagefind.{}.pf_meta", [version, pages, chunks, filters, [], fields], 10)
    finally:
        writer.close()
    entry = {**entries[0], "languages": {language: {
        **entries[0]["languages"][language], "hash": meta_hash, "page_count": len(pages)}}}
    _write_entry(output, entry)


def settle(bundle: Path) -> None:
    """Make one Pagefind run's index reproducible: its filter values in a stable order.

    Pagefind lists each filter's values in the order of a hash map, which changes from
    run to run (Pagefind issue 638), and so do the files' names; a merge sorts them.
    """
    entry = _entry(bundle)
    language, details = next(iter(entry["languages"].items()))
    meta = _meta(bundle, details["hash"])
    writer = _Writer(language)
    try:
        filters = _filters([bundle], [meta], [0], writer, bundle / "filter.sorted")
        meta_hash = writer.write(bundle, "pagefind.{}.pf_meta", [*meta[:3], filters, *meta[4:]], 10)
    finally:
        writer.close()
    shutil.rmtree(bundle / "filter")
    (bundle / "filter.sorted").rename(bundle / "filter")
    if meta_hash != details["hash"]:
        (bundle / f"pagefind.{details['hash']}.pf_meta").unlink()
    entry["languages"][language] = {**details, "hash": meta_hash}
    _write_entry(bundle, entry)


def _write_entry(bundle: Path, entry: dict) -> None:
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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
    return cbor2.loads(_raw(path))


def _raw(path: Path) -> bytes:
    data = gzip_ng.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise UnknownFormat(f"{path}: no Pagefind marker")
    return data[len(MARKER):]


class _Writer:
    """Writes index files as Pagefind does, each named by a hash of its content.

    The compressing is done on a thread of its own (zlib lets go of the interpreter
    meanwhile), while the merge reads on: the two take about as long."""

    def __init__(self, language: str):
        self.language = language
        self.taken: set[tuple[Path, str]] = set()
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.writing: list = []

    def write(self, folder: Path, pattern: str, value, length: int = 7) -> str:
        """Write `value` (CBOR already, or to encode) to `folder`; its name."""
        data = MARKER + (value if isinstance(value, bytes) else cbor2.dumps(value))
        digest = hashlib.sha256(data).hexdigest()
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


def link_or_copy(source, destination) -> None:
    """Index files are never changed in place, so a bundle may share a batch's or a cached shard's."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


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
            link_or_copy(source, folder / f"{unique}.pf_fragment")
            pages.append([unique, word_count])
    return pages


def _words(batches, metas, offsets, writer: _Writer, folder: Path) -> list[list]:
    """Every batch's words merged in order into new chunks; the chunks' ranges for the metadata."""
    folder.mkdir()
    streams = [_batch_words(batch, meta, offset) for batch, meta, offset in zip(batches, metas, offsets)]
    merged = heapq.merge(*streams, key=itemgetter(0))  # equal words: earlier batches first
    chunks, chunk, size = [], [], 0
    for word, group in itertools.groupby(merged, key=itemgetter(0)):
        pages, variants = [], {}
        for _, text, word_pages, word_variants in group:
            pages.append(word_pages)
            for variant, variant_pages in word_variants:
                variants.setdefault(variant, []).append(variant_pages)
        entry = b"".join([
            b"\x83", text, _joined(pages), _head(4, len(variants)),
            *(b"\x82" + variant + _joined(runs) for variant, runs in variants.items()),
        ])
        chunk.append((word, entry))
        size += len(entry)
        if size >= CHUNK_BYTES:
            chunks.append(_chunk(chunk, writer, folder))
            chunk, size = [], 0
    if chunk:
        chunks.append(_chunk(chunk, writer, folder))
    for before, after in itertools.pairwise(chunks):  # ranges as short as still tell them apart
        common = len(os.path.commonprefix([before[1], after[0]]))
        before[1], after[0] = before[1][:common + 1], after[0][:common + 1]
    return chunks


def _chunk(words: list[tuple[str, bytes]], writer: _Writer, folder: Path) -> list[str]:
    data = b"\x81" + _head(4, len(words)) + b"".join(entry for _, entry in words)
    return [words[0][0], words[-1][0], writer.write(folder, "{}.pf_index", data)]


# A word chunk is read as bytes, not decoded: its millions of locations are copied
# as they are. Only the page numbers change, and only one per word and batch: a
# word's pages are numbered each from the one before (small numbers compress
# better), so a batch's run of pages needs a new first step and nothing else.
#
#   chunk  [[word...]]                      word  [text, pages, variants]
#   page   [step, [location...], [location in meta...]]
#   variant [text with diacritics ("café" of "cafe"), pages]

_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
_PAGE = rb"\x83(" + _INT + rb")" + _ARRAY + _INT + rb"*" + _ARRAY + _INT + rb"*"
_PAGE_STEPS = re.compile(_PAGE)


@functools.lru_cache(maxsize=4096)
def _pages_pattern(count: int) -> re.Pattern:
    return re.compile(rb"(?:" + _PAGE + rb"){%d}" % count)


@dataclass(frozen=True)
class _Run:
    """One batch's pages of a word: how many, the first page and the last (numbered
    in the merged index) and the bytes after the first page's step."""

    count: int
    first: int
    last: int
    rest: bytes


def _batch_words(batch: Path, meta: list, offset: int):
    """(word, its text as CBOR, its run of pages, its variants' runs) of a batch, in order."""
    for _, _, name in meta[2]:
        data = _raw(batch / "index" / f"{name}.pf_index")
        try:
            yield from _chunk_words(data, offset)
        except (IndexError, ValueError, AttributeError, UnicodeDecodeError):
            raise UnknownFormat(f"{batch}: a word chunk of another layout") from None


def _chunk_words(data: bytes, offset: int):
    if _read_head(data, 0)[:2] != (4, 1):
        raise ValueError
    _, count, at = _read_head(data, 1)
    for _ in range(count):
        if data[at] != 0x83:
            raise ValueError
        word, text, at = _read_text(data, at + 1)
        pages, at = _read_run(data, at, offset)
        _, count_variants, at = _read_head(data, at)
        variants = []
        for _ in range(count_variants):
            if data[at] != 0x82:
                raise ValueError
            _, variant, at = _read_text(data, at + 1)
            run, at = _read_run(data, at, offset)
            variants.append((variant, run))
        yield word, text, pages, variants


def _read_run(data: bytes, at: int, offset: int) -> tuple[_Run, int]:
    major, count, start = _read_head(data, at)
    if major != 4:
        raise ValueError
    if not count:
        return _Run(0, 0, 0, b""), start
    end = _pages_pattern(count).match(data, start).end()  # None (no match) raises AttributeError
    steps = _PAGE_STEPS.findall(data, start, end)
    return _Run(count, offset + _number(steps[0]), offset + _sum(steps),
                data[start + 1 + len(steps[0]):end]), end


def _joined(runs: list[_Run]) -> bytes:
    """Runs of pages, batch after batch, as one list: each run's first step from the run before."""
    parts, last = [_head(4, sum(run.count for run in runs))], 0
    for run in runs:
        if run.count:
            parts += [b"\x83", _head(0, run.first - last), run.rest]
            last = run.last
    return b"".join(parts)


def _read_head(data: bytes, at: int) -> tuple[int, int, int]:
    """A CBOR item's major type, its number (a length, or an unsigned value) and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    if info < 24:
        return major, info, at + 1
    size = 1 << (info - 24)
    if size > 8:
        raise ValueError
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _read_text(data: bytes, at: int) -> tuple[str, bytes, int]:
    major, length, start = _read_head(data, at)
    if major != 3:
        raise ValueError
    return data[start:start + length].decode("utf-8"), data[at:start + length], start + length


def _sum(steps: list[bytes]) -> int:
    joined = b"".join(steps)  # steps under 24 are one byte each, their own value: most are
    return sum(joined) if len(joined) == len(steps) else sum(map(_number, steps))


def _number(encoded: bytes) -> int:
    return encoded[0] if len(encoded) == 1 else int.from_bytes(encoded[1:], "big")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError(number)


def _filters(batches, metas, offsets, writer: _Writer, folder: Path) -> list[list]:
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
        [name, writer.write(folder, "{}.pf_filter", [name, [[v, values[name][v]] for v in sorted(values[name])]])]
        for name in sorted(values)
    ]
