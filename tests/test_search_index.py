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
