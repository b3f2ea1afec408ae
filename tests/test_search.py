"""Search as a reader uses it, in a real browser: header box, search page, facets, keyboard."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from browser import serve_folder, wait_until

FOUNDING_TITLE = "Syria's Assad meets Putin in Moscow"
PAGE_RESULTS = 20  # results the search page shows at once (theme/assets/search.js)


def header_titles(tab) -> list[str]:
    return tab.locator("#briefing-search-results .briefing-result__title").all_inner_texts()


def page_results(tab) -> list[str]:
    return tab.locator(".briefing-results .brief-card__title").all_inner_texts()


def all_page_results(tab) -> list[str]:
    """The search page's results once every one is shown: the first comes before the rest."""
    wait_until(tab, """(pageSize) => {
        const found = /^(\\d+) brief/.exec(document.querySelector('.briefing-search-page__status').textContent);
        return found && document.querySelectorAll('.briefing-results li').length === Math.min(Number(found[1]), pageSize);
    }""", arg=PAGE_RESULTS)
    return page_results(tab)


def wait_for_first_picture(tab, results: str) -> None:
    """Until the first result's picture has loaded: its bytes come after the result is shown,
    later still when the machine is busy. One that cannot load (complete, no width) never does."""
    wait_until(tab, "(results) => { const img = document.querySelector(results + ' img');"
                    " return img !== null && img.complete && img.naturalWidth > 0; }", arg=results)


def search_in_header(tab, base_url, query: str):
    tab.goto(base_url + "/")
    box = tab.locator("#briefing-search-input")
    box.click()
    box.type(query)
    tab.locator("#briefing-search-results [role=option]").first.wait_for()


def test_the_header_finds_the_right_brief_first(tab, base_url):
    search_in_header(tab, base_url, "Kremlin")
    assert header_titles(tab)[0] == FOUNDING_TITLE
    first = tab.locator("#briefing-search-results [role=option]").first
    assert first.locator(".briefing-result__date").inner_text() == "July 25, 2024"
    assert first.locator(".briefing-result__kicker").text_content() == "Diplomacy"
    assert "Kremlin" in first.locator(".briefing-result__lead").inner_text()
    wait_for_first_picture(tab, "#briefing-search-results [role=option]")


def test_a_result_opens_with_the_keyboard(tab, base_url):
    search_in_header(tab, base_url, "Kremlin")
    tab.keyboard.press("ArrowDown")
    assert tab.locator("#briefing-search-input").get_attribute("aria-activedescendant")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r".*/2024/07/assad-putin-moscow/$"))
    assert tab.locator("h1").inner_text() == FOUNDING_TITLE


def test_slash_focuses_the_search_box(tab, base_url):
    tab.goto(base_url + "/2024/07/assad-putin-moscow/")
    tab.keyboard.press("/")
    assert tab.evaluate("document.activeElement.id") == "briefing-search-input"


def test_enter_without_a_choice_opens_the_search_page(tab, base_url):
    search_in_header(tab, base_url, "rates")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r".*/search/\?q=rates$"))
    tab.locator(".briefing-results li").first.wait_for()
    assert page_results(tab)[0] == "Central bank keeps interest rates on hold"


def test_a_shared_search_url_reproduces_the_results(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("strike port"))
    tab.locator(".briefing-results li").first.wait_for()
    assert page_results(tab)[0] == "Harbour cranes stand idle as dock workers strike"
    assert tab.locator("#briefing-search-page-q").input_value() == "strike port"


def test_a_topic_filter_keeps_only_that_topic(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("the"))
    everything = all_page_results(tab)
    tab.locator("input[name=topic][value=Climate]").check()
    tab.wait_for_url(re.compile(r".*[?&]topic=Climate"))
    wait_until(tab, "document.querySelectorAll('.briefing-results li').length < %d" % len(everything))
    climate = set(all_page_results(tab))
    assert climate == {
        "Weather service issues heat warning for the river valley",
        "City council approves tram line extension",
        "New weather satellite reaches its orbit",
        "Alpine glacier survey finds the largest loss on record",
    }


def test_sort_by_date_puts_the_newest_first(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("the") + "&sort=date")
    tab.locator(".briefing-results li").first.wait_for()
    dates = tab.locator(".briefing-results .brief-card time").all_inner_texts()
    from datetime import datetime

    parsed = [datetime.strptime(d, "%B %d, %Y") for d in dates]
    assert len(parsed) >= 4 and parsed == sorted(parsed, reverse=True)
    assert tab.locator("#briefing-search-page-sort").input_value() == "date"


def test_a_drafts_words_find_nothing(tab, base_url):
    tab.goto(base_url + "/search/?q=quillwort")
    wait_until(tab, "document.querySelector('.briefing-search-page__status').textContent.includes('No briefs')")
    assert page_results(tab) == []


def test_nothing_of_search_is_fetched_before_the_box_is_focused(tab, base_url):
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base_url + "/2024/07/assad-putin-moscow/")
    tab.wait_for_load_state("networkidle")
    assert not [url for url in requests if "pagefind" in url or url.endswith("/search.js")]
    tab.locator("#briefing-search-input").focus()
    wait_until(tab, "() => performance.getEntriesByType('resource').some(e => e.name.includes('pagefind'))")
    assert any(url.endswith("/assets/search.js") for url in requests)


def test_search_works_under_a_sub_path(browser, sub_path_host):
    with serve_folder(sub_path_host) as host:
        context = browser.new_context()
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.goto(host + "/news/briefs/search/?q=Kremlin")
        first = tab.locator(".briefing-results .brief-card").first
        first.wait_for()
        wait_for_first_picture(tab, ".briefing-results .brief-card")
        first.locator("a").click()
        tab.wait_for_url(host + "/news/briefs/2024/07/assad-putin-moscow/")
        assert tab.locator("h1").inner_text() == FOUNDING_TITLE
        context.close()


def test_newest_first_is_exact_beyond_one_page_of_results(browser, tmp_path):
    """Date order is computed from week buckets: check it against the briefs' own dates."""
    import sys

    from conftest import ROOT, briefing

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import VOCABULARY, words, write_corpus

    root = write_corpus(90, tmp_path / "corpus")
    assert briefing("build", cwd=root).returncode == 0
    common = words(VOCABULARY)[0]  # in every brief
    newest = sorted(
        (p.read_text().split("date: ", 1)[1].split("\n", 1)[0], p)
        for p in (root / "content").rglob("*.md")
    )[::-1][:20]
    with serve_folder(root / "site") as base:
        tab = browser.new_page()
        tab.goto(f"{base}/search/?q={common}&sort=date")
        wait_until(tab, "document.querySelectorAll('.briefing-results li').length === 20", timeout=30)
        shown = tab.locator(".briefing-results .brief-card__title").all_inner_texts()
        tab.close()
    expected = [p.read_text().split('title: "', 1)[1].split('"', 1)[0] for _, p in newest]
    assert shown == expected


def test_the_picture_credit_is_searchable(tab, base_url):
    tab.goto(base_url + "/search/?q=Sharifulin")
    wait_until(tab, "document.querySelector('.briefing-search-page__status').textContent.includes('found')")
    assert page_results(tab) == [FOUNDING_TITLE]


@pytest.mark.parametrize("word", ["Skip", "Material", "MkDocs", "Copy"])
def test_page_chrome_is_not_indexed(tab, base_url, word):
    """Skip links, footer and buttons are around the brief, not in it."""
    tab.goto(base_url + "/search/?q=" + word)
    wait_until(tab, "document.querySelector('.briefing-search-page__status').textContent.includes('found')")
    assert page_results(tab) == []


def test_an_archive_indexed_in_shards_is_searched_whole(browser, tmp_path):
    """Large archives are indexed year by year; older shards merge into every search."""
    from conftest import ROOT, briefing

    config = (ROOT / "mkdocs.yml").read_text()
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    config = config.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    config = re.sub(r"(      page_size: \d+\n)", r"\1      search_shard_size: 3\n", config)
    assert "search_shard_size: 3" in config
    (tmp_path / "mkdocs.yml").write_text(config)
    built = briefing("build", cwd=tmp_path)
    assert built.returncode == 0
    site = tmp_path / "site"
    assert (site / "pagefind/older/2024/pagefind.js").is_file()  # 2024 apart from 2025
    briefs = sorted(site.glob("20*/*/*/index.html"))  # every one of them says "the"
    oldest_year = min(int(path.relative_to(site).parts[0]) for path in briefs)
    with serve_folder(site) as base:
        tab = browser.new_page()
        tab.set_default_timeout(10_000)
        tab.goto(base + "/search/?q=the&sort=date")
        wait_until(tab, f"document.querySelectorAll('.briefing-results li').length === {len(briefs)}")
        dates = tab.locator(".briefing-results .brief-card time").all_inner_texts()
        from datetime import datetime

        parsed = [datetime.strptime(d, "%B %d, %Y") for d in dates]
        assert parsed == sorted(parsed, reverse=True) and parsed[-1].year == oldest_year
        tab.goto(base + "/search/?q=Kremlin")
        tab.locator(".briefing-results li").first.wait_for()
        assert page_results(tab)[0] == FOUNDING_TITLE
        tab.close()
