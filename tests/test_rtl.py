"""Each page in its own language and direction, as a reader meets it in chromium: an Arabic
brief and an Arabic front page mirrored (`<html lang="ar" dir="rtl">`, nothing sticking
out sideways, byline and caption on the right), an English page left to right beside
them, a Pashto brief (a language Material has no words for) built right to left, English
runs inside Arabic pages in their own order, and the versions of a story in other
languages linked for readers and for search engines.

Two small sites: one in English holding an Arabic and a Pashto brief, one in Arabic
(`theme.language: ar`) holding an English brief. The versions of a story in other
languages: the Arabic brief translates the English one (`translation_of`); the Arabic
site's front page has an English version on another site, which a hook gives.
"""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from browser import serve_folder, wait_until
from conftest import ROOT, briefing, made_once, refused, write
from test_validators import AXE, is_materials, nu_checker

EN_URL = "https://news.example.org/"
AR_URL = "https://ar.news.example.org/"

PICTURE = ROOT / "content/2024/07/assad-putin-moscow.jpg"

HARBOUR_EN = """\
---
title: Harbour cranes stand still for a day
date: 2024-07-25T09:00:00+02:00
kicker: Economy
lead: Dock workers stopped work for a day over the new shift rules.
authors: [lm]
agencies: [AP]
topics: [Economy]
---

The port was quiet on Thursday. Ships waited outside the breakwater until the evening.
"""

HARBOUR_AR = """\
---
title: رافعات الميناء تتوقف عن العمل يوما كاملا
date: 2024-07-25T10:00:00+02:00
lang: ar
translation_of: 2024/07/harbour.md
kicker: اقتصاد
lead: توقف عمال الميناء عن العمل يوما كاملا احتجاجا على نظام المناوبات الجديد.
image:
  src: cranes.jpg
  alt: رجلان يجلسان متقابلين إلى طاولة صغيرة في قاعة كبيرة
  caption: صورة من الأرشيف تعرض لقاء في قاعة رسمية
  credit: وكالة الصور
authors: [lm, jk]
agencies: [AP, AFP]
topics: [Economy]
---

كان الميناء هادئا يوم الخميس، وانتظرت السفن خارج حاجز الأمواج حتى المساء.

## ماذا يطالب العمال

يقول ممثلو العمال إن المناوبات الجديدة أطول من اللازم، وإن الإدارة لم تستشرهم قبل تغييرها.
"""

MARKET_AR = """\
---
title: أسعار الخبز ترتفع في الأسواق الشعبية
date: 2024-07-24T08:00:00+02:00
lang: ar
lead: ارتفع سعر رغيف الخبز للمرة الثانية هذا الشهر بعد زيادة أسعار الدقيق.
topics: [Economy]
---

اشتكى الباعة من قلة الزبائن منذ الصباح.
"""

HARBOUR_PS = """\
---
title: د بندر کرینونه یوه ورځ ودرېدل
date: 2024-07-25T11:00:00+02:00
lang: ps
lead: د بندر کارګرانو د نویو بدلونونو په اعتراض کې یوه ورځ کار ونه کړ.
topics: [Economy]
---

بندر د پنجشنبې په ورځ چوپ و.
"""

AUTHORS = """\
      authors:
        lm: {name: Lina Moreau}
        jk: {name: Jonas Keller}
"""

# A front page's version on another site (the Arabic site's English one): the build links
# versions of one site's pages; a hook gives the others, as a site with two projects would.
HOOK = """\
FRONT = {"": [("en", "English", "https://news.example.org/"),
              ("ar", "العربية", "https://ar.news.example.org/")]}


def on_page_context(context, page, config, nav):
    if page.url in FRONT and config.site_url.startswith("https://ar."):
        context["alternates"] = [
            {"lang": lang, "name": name, "url": url, "current": lang == context["page_language"]}
            for lang, name, url in FRONT[page.url]
        ]
    return context
"""


def site_config(url: str, language: str) -> str:
    return f"""\
site_name: Briefing
site_url: {url}
docs_dir: content
copyright: "© 2024–2026 Briefing. Sample briefs for demonstration."
theme:
  name: material
  custom_dir: {ROOT / 'theme'}
  language: {language}
  font: false
  features: [navigation.tabs]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {{icon: material/weather-night, name: Switch to dark mode}}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {{icon: material/weather-sunny, name: Switch to light mode}}
hooks: [alternates.py]
plugins:
  - briefing:
      timezone: Europe/Berlin
{AUTHORS}"""


def build_site(folder, url: str, language: str, briefs: dict[str, str]) -> None:
    write(folder / "mkdocs.yml", site_config(url, language))
    write(folder / "alternates.py", HOOK)
    for path, text in briefs.items():
        write(folder / "content" / path, text)
    shutil.copy2(PICTURE, folder / "content/2024/07/cranes.jpg")
    result = briefing("build", cwd=folder)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def en_site(tmp_path_factory):
    """An English site with an Arabic and a Pashto brief among its English one."""
    briefs = {"2024/07/harbour.md": HARBOUR_EN, "2024/07/harbour-ar.md": HARBOUR_AR,
              "2024/07/harbour-ps.md": HARBOUR_PS}
    return made_once(tmp_path_factory, "rtl-en", lambda f: build_site(f, EN_URL, "en", briefs)) / "site"


@pytest.fixture(scope="module")
def ar_site(tmp_path_factory):
    """An Arabic site (its front page Arabic) with one English brief among its Arabic ones."""
    briefs = {"2024/07/harbour-ar.md": HARBOUR_AR, "2024/07/market.md": MARKET_AR,
              "2024/07/harbour.md": HARBOUR_EN.replace("kicker:", "lang: en\nkicker:")}
    return made_once(tmp_path_factory, "rtl-ar", lambda f: build_site(f, AR_URL, "ar", briefs)) / "site"


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def direction(soup: BeautifulSoup) -> tuple:
    return soup.html.get("lang"), soup.html.get("dir"), soup.body.get("dir")


# --- each page's language and direction, as built -----------------------------------------


def test_an_arabic_brief_is_arabic_and_right_to_left(en_site):
    assert direction(page(en_site, "2024/07/harbour-ar")) == ("ar", "rtl", "rtl")


def test_an_arabic_listing_is_arabic_and_right_to_left(ar_site):
    for path in ("", "topics/economy", "archive/2024/07"):
        assert direction(page(ar_site, path)) == ("ar", "rtl", "rtl"), path


def test_an_english_page_stays_left_to_right(en_site, ar_site):
    assert direction(page(en_site, "2024/07/harbour")) == ("en", "ltr", "ltr")
    assert direction(page(en_site, "")) == ("en", "ltr", "ltr")
    assert direction(page(ar_site, "2024/07/harbour")) == ("en", "ltr", "ltr")  # in the Arabic site too


def test_a_pashto_brief_builds_right_to_left(en_site):
    """Material has no Pashto words (no partials/languages/ps.html): the page still builds,
    with Material's English words, and is Pashto and right to left."""
    soup = page(en_site, "2024/07/harbour-ps")
    assert direction(soup) == ("ps", "rtl", "rtl")
    assert json.loads(soup.select_one("script#__config").string)["translations"]["clipboard.copy"] == (
        "Copy to clipboard")
    assert soup.find("h1").get_text(strip=True) == "د بندر کرینونه یوه ورځ ودرېدل"


def test_material_s_words_are_the_page_s_language(en_site):
    """The clipboard's words in Material's settings are Arabic on the Arabic brief of an
    English site, and English on its English brief (both from one remembered part)."""
    def translations(path):
        script = page(en_site, path).select_one("script#__config")
        return json.loads(script.string)["translations"]["clipboard.copy"]

    assert translations("2024/07/harbour") == "Copy to clipboard"
    assert translations("2024/07/harbour-ar") == "نسخ إلى الحافظة"


def test_a_card_in_the_page_s_own_language_says_no_language_of_its_own(ar_site, en_site):
    """`own_language` compares a brief with the page it is shown on: on the Arabic front page
    the English brief's card is English and finds its own direction; Arabic cards are not
    marked (before, compared with the site, an Arabic brief's cards were all marked)."""
    front = page(ar_site, "")
    english = front.find("a", string="Harbour cranes stand still for a day").find_parent("li")
    assert (english.get("lang"), english.get("dir")) == ("en", "auto")
    arabic = front.find("a", string="أسعار الخبز ترتفع في الأسواق الشعبية").find_parent("li")
    assert (arabic.get("lang"), arabic.get("dir")) == (None, None)
    # the Arabic brief of the English site: its article is not marked again, its page is Arabic
    assert page(en_site, "2024/07/harbour-ar").select_one(".brief-article").get("lang") is None


def test_a_site_wide_direction_is_refused(tmp_path):
    """Material's `theme.direction` would turn every page, whatever its language."""
    turned = site_config(EN_URL, "en").replace("  font: false\n", "  font: false\n  direction: rtl\n")
    write(tmp_path / "mkdocs.yml", turned)
    write(tmp_path / "alternates.py", HOOK)
    write(tmp_path / "content/2024/07/harbour.md", HARBOUR_EN)
    for said in refused(tmp_path):
        assert "theme.direction" in said and "lang" in said, said


# --- the versions of a story in other languages -------------------------------------------


def test_every_version_is_linked_in_the_head_with_x_default(en_site):
    for path in ("2024/07/harbour", "2024/07/harbour-ar"):
        links = {(link["hreflang"], link["href"])
                 for link in page(en_site, path).select("link[rel=alternate][hreflang]")}
        assert links == {
            ("en", EN_URL + "2024/07/harbour/"), ("ar", EN_URL + "2024/07/harbour-ar/"),
            ("x-default", EN_URL + "2024/07/harbour/"),
        }, path


def test_a_page_without_other_versions_has_no_hreflang_and_no_switcher(en_site):
    soup = page(en_site, "2024/07/harbour-ps")
    assert soup.select("link[hreflang]") == []
    assert soup.select(".briefing-languages") == []


def test_the_switcher_links_the_other_versions_each_in_its_language(en_site, ar_site):
    links = page(en_site, "2024/07/harbour").select(".briefing-languages a")
    assert [(a.get_text(strip=True), a["href"], a["lang"], a["hreflang"]) for a in links] == [
        ("العربية", EN_URL + "2024/07/harbour-ar/", "ar", "ar")]
    links = page(ar_site, "").select(".briefing-languages a")
    assert [(a.get_text(strip=True), a["lang"], a["hreflang"]) for a in links] == [("English", "en", "en")]


# --- in chromium ------------------------------------------------------------------------------

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def opened(browser, url: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.goto(url)
    return context, tab


def box(tab, selector: str) -> dict:
    return tab.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which, path", [("en", "/2024/07/harbour-ar/"), ("ar", "/")])
def test_nothing_sticks_out_sideways_even_with_the_search_open(browser, en_site, ar_site, which, path, width):
    with serve_folder(en_site if which == "en" else ar_site) as base:
        context, tab = opened(browser, base + path, width)
        assert tab.evaluate(SIDEWAYS) == 0
        opener = tab.locator(".briefing-search__opener")
        (opener if opener.is_visible() else tab.locator(".briefing-search__label")).click()
        tab.locator("#briefing-search-input").type("الميناء")
        tab.locator(".briefing-search__panel").wait_for(state="visible")
        wait_until(tab, "!!document.querySelector('.briefing-search__status').textContent"
                   " || document.querySelector('#briefing-search-results [role=option]')")
        panel, field = box(tab, ".briefing-search__panel"), box(tab, "#briefing-search-input")
        for name, shape in (("panel", panel), ("field", field)):
            assert shape["x"] >= 0 and shape["x"] + shape["width"] <= width, (name, shape)
        assert tab.evaluate(SIDEWAYS) == 0
        context.close()


def test_an_english_result_on_an_arabic_page_ends_with_its_full_stop(browser, ar_site):
    """The header search's result for an English brief on the Arabic front page: its lead
    reads left to right, its full stop at its end (right), not at its start."""
    with serve_folder(ar_site) as base:
        context, tab = opened(browser, base + "/", 1280)
        tab.locator(".briefing-search__label").click()
        tab.locator("#briefing-search-input").type("harbour")
        lead = tab.locator("#briefing-search-results .briefing-result__lead").first
        lead.wait_for()
        # Laid out: the panel may still be opening (its text's boxes are empty until then).
        wait_until(tab, "() => document.querySelector('#briefing-search-results .briefing-result__lead')"
                        ".getBoundingClientRect().width > 0")
        where = lead.evaluate(
            """p => { const t = p.firstChild, r = document.createRange(), at = i => {
                 r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect().left; };
               return {first: at(0), stop: at(t.data.length - 1)}; }""")
        assert where["first"] < where["stop"], where
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_byline_dateline_and_caption_sit_on_the_right(browser, en_site, width):
    with serve_folder(en_site) as base:
        context, tab = opened(browser, base + "/2024/07/harbour-ar/", width)
        article = box(tab, ".brief-article")
        right = article["x"] + article["width"]
        for selector in (".brief-byline", ".brief-published", ".brief-caption", ".brief-title"):
            text = tab.evaluate(
                "s => { const r = document.createRange(); r.selectNodeContents(document.querySelector(s));"
                " const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; }", selector)
            assert abs(text["right"] - right) < 2, (selector, text, right)  # its words end at the right edge
            assert text["left"] > article["x"] + 4 or selector == ".brief-title", (selector, text)
        context.close()


def test_the_english_brief_s_words_start_on_the_left(browser, en_site):
    with serve_folder(en_site) as base:
        context, tab = opened(browser, base + "/2024/07/harbour/", 1280)
        article = box(tab, ".brief-article")
        byline = box(tab, ".brief-byline a")
        assert abs(byline["x"] - article["x"]) < 40  # "By Lina Moreau": the name near the left edge
        context.close()


def test_the_english_copyright_keeps_its_order_in_an_arabic_footer(browser, ar_site):
    """'© 2024–2026 Briefing.' in an Arabic footer: read as a whole in English order, so the
    years do not swap round and the full stop stays at the end."""
    with serve_folder(ar_site) as base:
        context, tab = opened(browser, base + "/", 1280)
        line = tab.locator(".md-copyright__highlight")
        years = tab.evaluate(
            """() => { const node = document.querySelector('.md-copyright__highlight');
                 const range = document.createRange();
                 const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT); let t, out = {};
                 while ((t = walker.nextNode())) for (const y of ['2024', '2026', 'demonstration'])
                   { const i = t.data.indexOf(y); if (i < 0) continue;
                     range.setStart(t, i); range.setEnd(t, i + y.length);
                     out[y] = range.getBoundingClientRect().left; }
                 return out; }""")
        assert years["2024"] < years["2026"] < years["demonstration"], years
        assert line.is_visible()
        context.close()


def test_the_switcher_shows_on_a_phone_and_leads_to_the_other_version(browser, en_site):
    with serve_folder(en_site) as base:
        context, tab = opened(browser, base + "/2024/07/harbour/", 390)
        link = tab.locator(".briefing-languages a[hreflang=ar]")
        assert link.is_visible()
        shape = link.bounding_box()
        assert shape["x"] >= 0 and shape["x"] + shape["width"] <= 390
        # the page's own address for the link (the test site is not at its site_url)
        tab.evaluate("a => a.href = location.origin + '/2024/07/harbour-ar/'", link.element_handle())
        link.click()
        tab.wait_for_url("**/2024/07/harbour-ar/")
        assert tab.evaluate("document.documentElement.dir") == "rtl"
        context.close()


@pytest.mark.parametrize("which, path", [("en", "/2024/07/harbour-ar/"), ("ar", "/")])
def test_axe_finds_nothing_serious_on_arabic_pages(browser, en_site, ar_site, which, path):
    with serve_folder(en_site if which == "en" else ar_site) as base:
        context, tab = opened(browser, base + path, 1280)
        tab.evaluate(AXE.read_text())
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']}: {v['help']}: " + "; ".join(n["html"][:120] for n in v["nodes"][:3])
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
        context.close()


def test_the_nu_checker_finds_nothing_of_ours_on_arabic_pages(en_site, ar_site, tmp_path):
    for name, site, path in [("brief", en_site, "2024/07/harbour-ar"), ("front", ar_site, ""),
                             ("pashto", en_site, "2024/07/harbour-ps")]:
        write(tmp_path / name / "index.html", (site / path / "index.html").read_text(encoding="utf-8"))
    errors = [f"{m['url'].split('/')[-2]}:{m.get('lastLine')}: {m['message']}"
              for m in nu_checker(tmp_path) if m["type"] == "error" and not is_materials(m)]
    assert errors == []
