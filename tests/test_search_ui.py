"""Search as a reader sees it on a phone and a desktop: the header's overlay, the search
page's filters, highlights and cards; and no page view downloading a sitemap."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from browser import serve_folder, wait_until

STRIKE = "Harbour cranes stand idle as dock workers strike"
OVERFLOW = "document.documentElement.scrollWidth <= innerWidth"


def phone(browser, width: int, height: int = 844):
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


def open_header_search(tab, base_url, query: str) -> None:
    tab.goto(base_url + "/")
    opener = tab.locator(".briefing-search__opener")
    (opener if opener.is_visible() else tab.locator(".briefing-search__label")).click()
    tab.locator("#briefing-search-input").type(query)
    tab.locator("#briefing-search-results [role=option]").first.wait_for()


def search_box(tab) -> dict:
    return tab.locator("[data-briefing-search]").bounding_box()


# --- the header search on a phone ----------------------------------------------------------


@pytest.mark.parametrize("width", [320, 390, 768])
def test_the_open_header_search_fits_the_screen(browser, base_url, width):
    context, tab = phone(browser, width)
    open_header_search(tab, base_url, "strike")
    assert tab.evaluate(OVERFLOW), tab.evaluate("document.documentElement.scrollWidth")
    panel = tab.locator(".briefing-search__panel").bounding_box()
    field = tab.locator("#briefing-search-input").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    assert field["x"] >= 0 and field["x"] + field["width"] <= width
    assert field["width"] >= min(width * 0.5, 160)  # room to see what one types
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_cancel_closes_the_phone_search_and_gives_the_page_back(browser, base_url, width):
    context, tab = phone(browser, width)
    tab.goto(base_url + "/")
    before = search_box(tab)
    open_header_search(tab, base_url, "strike")
    cancel = tab.locator(".briefing-search__cancel")
    assert cancel.is_visible() and cancel.inner_text() == "Cancel"
    panel = tab.locator(".briefing-search__panel").bounding_box()
    assert panel["width"] >= width - 1  # the overlay is the screen's width
    cancel.click()
    assert not tab.locator(".briefing-search__panel").is_visible()
    assert not cancel.is_visible()
    assert search_box(tab) == before
    assert tab.evaluate(OVERFLOW)
    assert tab.evaluate("document.activeElement.matches('.briefing-search__opener')")
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_escape_closes_the_search_and_keeps_focus_there(browser, base_url, width):
    context, tab = phone(browser, width)
    open_header_search(tab, base_url, "strike")
    tab.keyboard.press("Escape")
    assert not tab.locator(".briefing-search__panel").is_visible()
    assert tab.evaluate("document.activeElement.closest('[data-briefing-search]') !== null")
    assert tab.evaluate(OVERFLOW)
    context.close()


def test_the_desktop_keeps_the_header_box_and_its_dropdown(tab, base_url):
    open_header_search(tab, base_url, "strike")
    assert not tab.locator(".briefing-search__opener").is_visible()
    assert not tab.locator(".briefing-search__cancel").is_visible()
    panel = tab.locator(".briefing-search__panel").bounding_box()
    assert panel["width"] <= 32 * 20  # a dropdown under the box (32rem), not an overlay


# --- no page view fetches a sitemap ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/topics/syria/", "/2024/07/assad-putin-moscow/"])
def test_no_page_view_fetches_a_sitemap(tab, base_url, path):
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base_url + path)
    assert tab.locator("link[rel=alternate]").count() >= 1  # what Material would follow
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(500)
    assert [url for url in requests if "sitemap" in url] == []


def test_language_alternates_fetch_no_sitemap_either(tab, base_url):
    """hreflang alternates (the sample's front pages in four languages) are what Material's
    script follows to a sitemap."""
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base_url + "/")
    assert tab.locator("link[rel=alternate][hreflang]").count() == 5  # en, de, ar, ru, x-default
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(500)
    assert [url for url in requests if "sitemap" in url] == []


# --- the search page ----------------------------------------------------------------------


def results(tab) -> list[str]:
    return tab.locator(".briefing-results .brief-card__title").all_inner_texts()


def settled(tab) -> None:
    """Until the status says how many were found and that many (up to 20) are shown."""
    wait_until(tab, """() => {
        const status = document.querySelector('.briefing-search-page__status').textContent;
        if (/No briefs/.test(status)) return document.querySelectorAll('.briefing-results li').length === 0;
        const found = /^(\\d+) brief/.exec(status);
        return found && document.querySelectorAll('.briefing-results li').length === Math.min(Number(found[1]), 20);
    }""")


def option(tab, facet: str, value: str):
    return tab.locator(f"input[name={facet}][value='{value}']")


def shown_count(tab, facet: str, value: str) -> int:
    return int(tab.locator(f"label:has(input[name={facet}][value='{value}']) .briefing-facet__count").inner_text())


def test_facet_counts_are_those_of_the_query(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("port strike"))
    settled(tab)
    wait_until(tab, "document.querySelector('input[name=topic][value=Climate]').disabled")
    assert shown_count(tab, "topic", "Climate") == 0
    assert option(tab, "topic", "Climate").is_visible()  # disabled, not hidden
    economy = shown_count(tab, "topic", "Economy")
    assert economy >= 1 and option(tab, "topic", "Economy").is_enabled()
    option(tab, "topic", "Economy").check()
    tab.wait_for_url(re.compile(r".*[?&]topic=Economy"))
    settled(tab)
    assert len(results(tab)) == economy
    assert STRIKE in results(tab)
    # Another topic's count is now that of the query and the Economy filter.
    wait_until(tab, "document.querySelector('input[name=author][value=\"Jonas Keller\"]') !== null")


def test_every_offered_count_is_what_ticking_it_gives(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("port strike"))
    settled(tab)
    wait_until(tab, "document.querySelector('input[name=topic][value=Climate]').disabled")
    offered = tab.evaluate("""() => [...document.querySelectorAll('.briefing-facet input')]
        .filter((box) => !box.disabled)
        .map((box) => [box.name, box.value])""")
    assert offered
    for facet, value in offered:
        count = shown_count(tab, facet, value)
        tab.goto(base_url + f"/search/?q={quote('port strike')}&{facet}={quote(value)}")
        settled(tab)
        assert len(results(tab)) == count, (facet, value)


def test_a_new_query_enables_the_options_again(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("port strike"))
    settled(tab)
    wait_until(tab, "document.querySelector('input[name=topic][value=Climate]').disabled")
    box = tab.locator("#briefing-search-page-q")
    box.fill("the")
    wait_until(tab, "!document.querySelector('input[name=topic][value=Climate]').disabled")
    assert shown_count(tab, "topic", "Climate") == 4  # of the sample's four Climate briefs


def test_matched_words_are_marked_in_the_results(tab, base_url):
    tab.goto(base_url + "/search/?q=" + quote("port strike"))
    settled(tab)
    card = tab.locator(".briefing-results li.brief-card", has_text=STRIKE)
    marks = [m.lower() for m in card.locator(".brief-card__lead mark").all_inner_texts()]
    assert marks and set(marks) <= {"port", "strike", "strikes", "ports", "port's"}
    assert "strike" in marks or "strikes" in marks


def test_results_are_cards_as_on_the_front_page(tab, base_url):
    tab.goto(base_url + "/search/?q=Kremlin")
    settled(tab)
    card = tab.locator("ol.brief-list.briefing-results > li.brief-card.brief-card--image").first
    assert card.locator(":scope > div.brief-card__image img").count() == 1
    text = card.locator(":scope > div.brief-card__text")
    assert text.locator(":scope > p.brief-kicker").inner_text().lower() == "diplomacy"
    assert text.locator(":scope > h2.brief-card__title > a").inner_text() == "Syria's Assad meets Putin in Moscow"
    assert text.locator(":scope > time").get_attribute("datetime").startswith("2024-07-")



@pytest.mark.parametrize("width, scale", [(390, 3), (1280, 1)])
def test_result_pictures_are_avif_of_the_width_they_are_shown_at(browser, base_url, width, scale):
    """A result's small picture is chosen as every other one on the site: a modern format,
    no narrower than it shows at on the screen's pixels and not far wider."""
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=scale)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(base_url + "/search/?q=Kremlin")
        settled(tab)
        image = tab.locator(".briefing-results .brief-card__image img").first
        wait_until(tab, "() => document.querySelector('.briefing-results .brief-card__image img').complete")
        picked, shown = image.evaluate("e => [e.currentSrc, e.getBoundingClientRect().width]")
        assert picked.endswith(".avif"), picked
        picked_width = int(re.search(r"-(\d+)\.avif$", picked).group(1))
        assert shown * scale <= picked_width <= max(2 * shown * scale, 200), (picked, shown)
    finally:
        context.close()

def test_filters_are_open_on_a_desktop_and_closed_on_a_phone(browser, base_url):
    for width, is_open in ((1280, True), (390, False)):
        context, tab = phone(browser, width)
        tab.goto(base_url + "/search/?q=strike")
        assert tab.locator("details.briefing-filters").evaluate("d => d.open") is is_open
        settled(tab)
        assert tab.evaluate(OVERFLOW)
        if width == 390:  # results first: the first card above the filters' fold
            first = tab.locator(".briefing-results li").first.bounding_box()
            assert first["y"] < 844
            order = tab.locator("#briefing-search-page-sort").bounding_box()
            label = tab.locator("label[for=briefing-search-page-sort]").bounding_box()
            assert abs((order["y"] + order["height"] / 2) - (label["y"] + label["height"] / 2)) < 4
        context.close()


EVIL = """\
---
title: Dock workers strike again
date: 2024-03-04T08:00:00+01:00
lead: A second walkout.
authors: [ab]
topics: [Economy]
---

The strike banner read &lt;img src=x onerror=alert(1)&gt; and &lt;b id=injected&gt;bold&lt;/b&gt; today.
"""


def test_index_text_that_looks_like_markup_stays_text(browser, tmp_path):
    from conftest import briefing, make_project

    project = make_project(tmp_path / "evil", {"2024/03/strike.md": EVIL})
    assert briefing("build", cwd=project).returncode == 0
    with serve_folder(project / "site") as base:
        context = browser.new_context()
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.goto(base + "/search/?q=strike+banner")
        settled(tab)
        lead = tab.locator(".briefing-results .brief-card__lead").first
        assert lead.locator("mark").count() >= 1
        assert lead.locator("img, b").count() == 0
        assert tab.locator("#injected").count() == 0
        assert "onerror" in lead.inner_text() and "<img" in lead.inner_text()
        context.close()


# --- search in every script -----------------------------------------------------------------

# Per language: two briefs of our own (title, sentence), and a word from the middle of the
# first one's sentence, which the second does not hold. Chinese and Japanese write no spaces:
# their word is found only if the index holds words, not runs of text (search/segment.py).
IN_EVERY_SCRIPT = {
    "en": (("Port pilots refuse extra shifts",
            "Harbour pilots in Rotterdam refused overtime on Monday, and container ships queued outside."),
           ("City council approves new cycle lanes", "The council voted for cycle lanes along the river."),
           "overtime"),
    "de": (("Tarifstreit im Nahverkehr",
            "Die Gewerkschaft kündigte am Montag an, dass die Verhandlungen über höhere Löhne weitergehen."),
           ("Neue Radwege am Fluss", "Der Stadtrat beschloss neue Radwege entlang des Flussufers."),
           "Verhandlungen"),
    "ru": (("Переговоры зашли в тупик",
            "Министр иностранных дел заявил во вторник, что переговоры о прекращении огня зашли в тупик."),
           ("Морозы в Сибири", "Синоптики предупреждают о сильных морозах в Сибири на этой неделе."),
           "переговоры"),
    "ar": (("طريق مسدود في غزة",
            "قال وزير الخارجية يوم الثلاثاء إن المفاوضات بشأن وقف إطلاق النار وصلت إلى طريق مسدود."),
           ("احتجاجات في القاهرة", "تظاهر آلاف المواطنين في القاهرة احتجاجاً على ارتفاع الأسعار."),
           "المفاوضات"),
    "fa": (("اعتراض در تهران", "هزاران نفر در تهران در اعتراض به افزایش قیمت‌ها به خیابان‌ها آمدند."),
           ("بن‌بست مذاکرات", "وزیر امور خارجه گفت مذاکرات دربارهٔ آتش‌بس به بن‌بست رسیده است."),
           "قیمت‌ها"),
    "zh": (("联合国呼吁应对气候危机",
            "周二，联合国秘书长在纽约发表讲话，呼吁国际社会加强合作，共同应对日益严重的气候危机。"),
           ("欧洲央行再次降息", "欧洲央行宣布将基准利率下调25个基点，这是今年以来的第三次降息。"),
           "国际社会"),
    "ja": (("首脳会談で協力を確認",
            "米国の大統領は火曜日に東京を訪れ、首相と会談した。両首脳は経済と安全保障の分野での協力を強化することで一致した。"),
           ("日銀が利上げ", "日本銀行は金融政策決定会合で、マイナス金利政策の解除を決めた。"),
           "安全保障"),
}


def brief_in(title: str, sentence: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-07T10:00:00+02:00\nlead: {title}\nauthors: [ab]\n" \
           f"topics: [World]\n---\n\n{sentence}\n"


@pytest.fixture(scope="module")
def seven_languages(tmp_path_factory):
    """One site in the seven languages, English at the root, each the two briefs of its own."""
    from conftest import briefing, made_once, make_project

    def make(folder):
        briefs = {}
        for language, ((title, sentence), other, _) in IN_EVERY_SCRIPT.items():
            lang = f"lang: {language}\n"
            briefs[f"2024/05/{language}-first.md"] = brief_in(title, sentence).replace("---\n\n", lang + "---\n\n")
            briefs[f"2024/05/{language}-second.md"] = brief_in(*other).replace("---\n\n", lang + "---\n\n")
        project = make_project(folder, briefs)
        with open(project / "mkdocs.yml", "a", encoding="utf-8") as settings:
            settings.write("      languages: {" + ", ".join(f"{code}: {{}}" for code in IN_EVERY_SCRIPT) + "}\n")
        result = briefing("build", cwd=project)
        assert result.returncode == 0, result.stderr
    return made_once(tmp_path_factory, "seven-languages", make) / "site"


@pytest.mark.parametrize("language", list(IN_EVERY_SCRIPT))
def test_a_word_from_the_middle_of_a_sentence_is_found_in_every_script(browser, seven_languages, language):
    """A reader of the site's part in that language types a word the brief's text has
    mid-sentence: the header search finds that brief, and not the other one; and it reads
    only that language's index (`/de/pagefind/`), none of the others'."""
    (title, _), _, word = IN_EVERY_SCRIPT[language]
    prefix = "" if language == "en" else f"{language}/"
    with serve_folder(seven_languages) as base:
        context = browser.new_context()
        tab = context.new_page()
        fetched = []
        tab.on("request", lambda request: fetched.append(request.url))
        tab.set_default_timeout(10_000)
        tab.goto(f"{base}/{prefix}2024/05/{language}-second/")
        assert tab.evaluate("document.documentElement.lang").split("-")[0] == language
        tab.locator("#briefing-search-input").click()
        tab.locator("#briefing-search-input").fill(word)
        tab.locator("#briefing-search-results [role=option]").first.wait_for()
        # The status says how many in the page's words ("خبر واحد": no digit for one, in Arabic).
        wait_until(tab, "() => !!document.querySelector('.briefing-search__status').textContent")
        titles = "(t) => [...document.querySelectorAll('#briefing-search-results .briefing-result__title')]" \
                 ".map((e) => e.innerText).join('|') === t"
        wait_until(tab, titles, arg=title)
        assert tab.locator("#briefing-search-results .briefing-result__title").all_inner_texts() == [title]
        index = [url for url in fetched if "/pagefind/" in url]
        assert index and all(url.startswith(f"{base}/{prefix}pagefind/") for url in index), index
        context.close()