"""Pagefind's own index of search documents, and what a reader's search sees of a bundle.

The reference the search writer is held to, in the search index tests and in the property
test of any text: shared here, not imported from one test file into another.
"""

from __future__ import annotations


def pagefind_page(document, language: str = "en") -> str:
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
    return (f'<!doctype html><html lang="{language}"><head><title>x</title></head><body><main data-pagefind-body>'
            f'{"".join(blocks)}<div data-pagefind-ignore>{hidden}</div></main></body></html>')


def pagefind_index(documents, output, scratch, language: str = "en") -> None:
    """Pagefind's own index of `documents` in `language`, the reference ours is held to: by
    the standard binary, or for Chinese and Japanese the extended one, which segments them."""
    import subprocess

    for document in documents:
        page = scratch / document.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(pagefind_page(document, language), encoding="utf-8")
    subprocess.run([str(pagefind_binary(extended=language in ("zh", "ja"))), "--site", str(scratch),
                    "--output-path", str(output), "--force-language", language, "--silent"], check=True)


def pagefind_binary(extended: bool):
    """Pagefind's standard binary or its extended one (pagefind_bin_extended, a test dependency)."""
    if extended:
        from pagefind_bin_extended import get_executable
    else:
        from pagefind_bin import get_executable
    return get_executable()


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
