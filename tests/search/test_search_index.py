"""How briefs become search documents and index shards (no browser: the pieces in Python)."""

from __future__ import annotations

import json

import pytest

from generator.search.documents import SearchDocument, shards

from pagefind_bundles import index_contents, pagefind_index, read_index_file


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


def test_our_index_is_the_index_pagefind_writes_for_the_same_briefs(tmp_path):
    """Readers search with Pagefind's script, which normalizes and stems a query its own
    way: every word, position, weight, variant, filter and fragment must be as Pagefind's."""
    ours = held_to_pagefind(indexed_docs(24), "en", tmp_path)
    assert chunks_found(ours) > 1


def held_to_pagefind(docs: list[SearchDocument], language: str, folder):
    """Our bundle of `docs` in `language`, checked to be the one Pagefind's binary writes."""
    from generator.search import pagefind, writer as searchindex
    from generator.search.documents import index_document

    documents = [index_document(doc) for doc in docs]
    pagefind_index(documents, folder / "pagefind", folder / "pages", language)
    runtime = pagefind.runtime(folder / "runtime", language)
    searchindex.write(documents, folder / "ours", language, runtime)

    ours, theirs = index_contents(folder / "ours"), index_contents(folder / "pagefind")
    assert len(ours["pages"]) == len(docs)
    assert ours.keys() == theirs.keys()
    for key in ours:
        if key == "words":
            missing = theirs["words"].keys() - ours["words"].keys()
            extra = ours["words"].keys() - theirs["words"].keys()
            assert (missing, extra) == (set(), set())
            for word in ours["words"]:
                assert ours["words"][word] == theirs["words"][word], word
        assert ours[key] == theirs[key], key
    return folder / "ours"


def briefs_in(language: str, count: int = 30) -> list[SearchDocument]:
    """Briefs made of our own sentences in `language` (tests/search/sentences/<language>.txt)."""
    import random
    from pathlib import Path

    lines = (Path(__file__).parent / "sentences" / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    chance = random.Random(3)
    return [
        SearchDocument(
            path=f"2024/05/b{n}/", title=chance.choice(lines), lead=chance.choice(lines),
            body="## " + chance.choice(lines) + "\n\n" + "\n\n".join(chance.choices(lines, k=8)),
            date="1", stamp=f"2024-05-{n % 28 + 1:02d}T00:00:00Z", year="2024", week="2024-18",
            kicker=chance.choice(lines) if n % 3 == 0 else None, image=None,
            figure=chance.choice(lines), sign_off="ab/cd", filters=(("topic", chance.choice(lines)[:12]),),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("language", ["de", "ru", "ar", "fa", "pl", "zh", "ja"])
def test_our_index_is_pagefinds_in_every_script(language, tmp_path):
    """German, Russian, Arabic, Persian, Polish (stemmed, or not: Persian) held to Pagefind's
    standard binary; Chinese and Japanese, whose text Pagefind's extended binary cuts into
    words (and so must our writer: search/segment.py), to that one."""
    bundle = held_to_pagefind(briefs_in(language), language, tmp_path)
    if language in ("zh", "ja"):  # words inside a run of text, not runs of text
        assert len(index_contents(bundle)["words"]) > 150


def test_a_chinese_page_of_every_script_at_once_is_indexed_as_pagefind_does(tmp_path):
    """Random runs of Han, kana, Latin, digits, full-width forms and punctuation (made for the
    test, zh-mixed.txt): script runs, the Chinese-or-Japanese choice, separators, numbers."""
    held_to_pagefind(briefs_in("zh-mixed"), "zh", tmp_path)


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

    from generator.search.background import BackgroundIndex, Bundle

    cache = tmp_path / "cache"
    index = BackgroundIndex([Bundle("", "en", [("", indexed_docs(400))])], cache)
    assert scratch_of(os.getpid())
    index.cancel()
    assert scratch_of(os.getpid()) == []
    assert [p.name for p in cache.iterdir()] == []


def test_a_killed_builds_scratch_is_removed_by_the_next(tmp_path):
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from generator.search.background import SCRATCH_PREFIX, BackgroundIndex, Bundle, _memory_folder

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    pid = int(ended.stdout)
    left = Path(_memory_folder() or tempfile.gettempdir()) / f"{SCRATCH_PREFIX}{pid}-left"
    (left / "pages").mkdir(parents=True)  # as a build killed mid-way leaves it
    BackgroundIndex([Bundle("", "en", [("", indexed_docs(3))])], tmp_path / "cache").finish(tmp_path / "site")
    assert not left.exists()
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()


def test_each_language_has_a_bundle_of_its_own(tmp_path):
    """A reader of /ar/ downloads only Arabic chunks: the Arabic bundle, in ar/pagefind/,
    holds the Arabic briefs and nothing else, with the WebAssembly that stems Arabic; each
    language's shards are cached apart, and found again by the next build."""
    import json

    from generator.search.background import Indexing

    english = [("", indexed_docs(4))]
    arabic = [("", briefs_in("ar", 5)[:3]), ("older/2023/", briefs_in("ar", 5)[3:])]
    bundles = [("", "en", english), ("ar/", "ar", arabic)]
    for build in ("first", "second"):
        indexing = Indexing()
        indexing.start(bundles, tmp_path / "cache", gentle=False)
        report, keys = indexing.finish(tmp_path / "site")
        assert (report.pages, report.shards, report.reused) == (9, 3, 0 if build == "first" else 3)
    site = tmp_path / "site"
    for bundle, language, pages in ((site / "pagefind", "en", 4), (site / "ar" / "pagefind", "ar", 3),
                                    (site / "ar" / "pagefind" / "older" / "2023", "ar", 2)):
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [language]
        assert index_contents(bundle)["page_count"] == pages
        index_files = [found.name for folder in ("index", "fragment", "filter")
                       for found in (bundle / folder).iterdir()]
        assert index_files and all(name.startswith(f"{language}_") for name in index_files)
        assert (bundle / f"wasm.{language}.pagefind").is_file()
    arabic_words = index_contents(site / "ar" / "pagefind")["words"]
    english_words = index_contents(site / "pagefind")["words"]
    assert "قاهر" in arabic_words and "قاهر" not in english_words  # القاهرة, stemmed as Pagefind does
    shared = {word for word in english_words.keys() & arabic_words.keys() if word.isalpha()}
    assert shared <= {"ab", "cd", "abcd"}  # the sign-off both have (and dates), no other word


def built(project, *blocked: str):
    """`briefing build` in `project`, the Python packages `blocked` made missing."""
    import os
    import subprocess
    import sys

    hidden = project / "hidden-packages"
    for package in blocked:
        (hidden / package).mkdir(parents=True)
        (hidden / package / "__init__.py").write_text(f"raise ImportError('{package} hidden for the test')")
    path = os.pathsep.join(filter(None, [str(hidden) if blocked else "", os.environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=project, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": path})


def site_in(root, language: str, title: str, sentence: str):
    from conftest import make_project

    brief = f"---\ntitle: {title}\ndate: 2024-05-07T10:00:00+02:00\nlead: {title}\nauthors: [ab]\n" \
            f"topics: [World]\n---\n\n{sentence}\n"
    project = make_project(root, {"2024/05/first.md": brief})
    settings = project / "mkdocs.yml"
    theme_in_that_language = f"  font: false\n  language: {language}\n"
    settings.write_text(settings.read_text().replace("  font: false\n", theme_in_that_language))
    return project


def test_a_japanese_site_without_lindera_is_refused_naming_the_fix(tmp_path):
    project = site_in(tmp_path / "ja", "ja", "日銀が利上げ", "日本銀行は金融政策決定会合で、利上げを決めた。")
    ran = built(project, "lindera")
    assert ran.returncode == 1
    assert "Japanese search needs lindera" in ran.stderr and "pip install 'briefing[ja]'" in ran.stderr
    assert built(project).returncode == 0  # with it, the same site builds


def test_a_thai_site_is_warned_that_search_finds_only_the_start_of_a_run(tmp_path):
    project = site_in(tmp_path / "th", "th", "ฝนตกหนักในกรุงเทพ",
                      "กรมอุตุนิยมวิทยาเตือนว่าฝนจะตกหนักในกรุงเทพสัปดาห์นี้")
    ran = built(project)
    assert ran.returncode == 0
    assert "search in th: Briefing does not cut this script into words yet" in ran.stderr


def test_an_address_in_any_script_is_held_decoded_as_pagefind_holds_it(tmp_path):
    """A brief at /2024/05/zürich-ärger/ (percent-encoded in links, `slugs: unicode`): Pagefind
    stores the address decoded; so must we, or a result would lead to a doubly encoded one."""
    from dataclasses import replace

    docs = [replace(doc, path=f"2024/05/z%C3%BCrich-%C3%A4rger-{n}/")
            for n, doc in enumerate(briefs_in("de", 3))]
    bundle = held_to_pagefind(docs, "de", tmp_path)
    urls = sorted(json.loads(page)["url"] for page, _ in index_contents(bundle)["pages"])
    assert urls == [f"/2024/05/zürich-ärger-{n}/" for n in range(3)]
