"""A site in several languages: each a site of its own under its prefix, linked to the others.

One project in six languages (English at the root, German, Arabic, Russian, Brazilian
Portuguese and Simplified Chinese under theirs), built once with `briefing build`; the
rules between languages checked with `briefing check`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import briefing, made_once, make_project, refused

SITE = "https://news.example.org/"
LANGUAGES = """
      languages:
        en: {}
        de: {site_name: Nachrichten, front_topics: [Syrien]}
        ar: {site_name: الأخبار, timezone: Asia/Riyadh}
        ru: {}
        pt-BR: {prefix: br}
        zh-Hans: {}
      topics:
        Syria: {de: Syrien, ar: سوريا, ru: Сирия}
"""
PREFIXES = {"en": "", "de": "de/", "ar": "ar/", "ru": "ru/", "pt-BR": "br/", "zh-Hans": "zh-hans/"}


def brief(title: str, lang: str | None = None, topics: str = "[]", extra: str = "",
          date: str = "2024-07-25T11:00:00+02:00", body: str = "Text of the brief, in its own words.") -> str:
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {date}\n"
            f"lead: {json.dumps(title + ', in short.', ensure_ascii=False)}\n"
            + (f"lang: {lang}\n" if lang else "") + f"topics: {topics}\n{extra}---\n\n{body}\n")


BRIEFS = {
    "2024/07/assad-in-moscow.md": brief("Assad meets Putin in Moscow", topics="[Syria, Russia]",
                                        extra="shortlink: https://news.example.org/p/en1\n"),
    "2024/07/assad-in-moskau.md": brief("Assad trifft Putin in Moskau", "de", "[Syrien]",
                                        "translation_of: 2024/07/assad-in-moscow.md\n"
                                        "shortlink: https://news.example.org/p/de1\n"),
    "2024/07/al-asad-fi-musku.md": brief("الأسد يلتقي بوتين في موسكو", "ar", "[سوريا]",
                                         "translation_of: 2024/07/assad-in-moscow\n"),
    "2024/07/assad-v-moskve.md": brief("Асад встретился с Путиным в Москве", "ru", "[Сирия]",
                                       "translation_of: 2024/07/assad-in-moscow.md\n"),
    "2024/06/bahnstreik.md": brief("Bahnstreik legt den Fernverkehr lahm", "de", "[Verkehr]",
                                   date="2024-06-03T08:00:00+02:00"),
    "2024/06/ports-strike.md": brief("Port workers strike on the coast", topics="[Shipping]",
                                     date="2024-06-04T08:00:00+02:00"),
    "2024/05/chuva-em-sao-paulo.md": brief("Chuva forte alaga ruas de São Paulo", "pt-BR", "[Clima]",
                                           date="2024-05-02T08:00:00+02:00"),
    "2024/05/beijing-rain.md": brief("北京暴雨导致多条道路积水", "zh-Hans", "[天气]",
                                     date="2024-05-03T08:00:00+02:00"),
}


def languages_project(root: Path, briefs: dict[str, str], languages: str = LANGUAGES) -> Path:
    make_project(root, briefs)
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as file:
        file.write(languages)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    def make(folder: Path) -> None:
        project = languages_project(folder / "project", BRIEFS)
        result = briefing("build", "--site-dir", str(folder / "site"), cwd=project)
        assert result.returncode == 0, result.stderr
    return made_once(tmp_path_factory, "languages", make) / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_each_language_is_a_site_of_its_own_under_its_prefix(site):
    for language, prefix in PREFIXES.items():
        for part in ("", "topics/", "authors/", "agencies/", "archive/", "search/"):
            assert (site / prefix / part / "index.html").is_file(), (language, part)
        for feed in ("feed.xml", "atom.xml", "feed.json"):
            assert (site / prefix / feed).is_file(), (language, feed)
    assert (site / "de/2024/07/assad-in-moskau/index.html").is_file()
    assert (site / "br/2024/05/chuva-em-sao-paulo/index.html").is_file()
    assert not (site / "2024/07/assad-in-moskau").exists()  # not at the root's address too


def test_each_front_page_lists_only_its_own_language(site):
    front = {language: page(site, prefix).get_text() for language, prefix in PREFIXES.items()}
    assert "Assad meets Putin" in front["en"] and "Assad trifft" not in front["en"]
    assert "Assad trifft" in front["de"] and "Bahnstreik" in front["de"] and "Port workers" not in front["de"]
    assert "الأسد يلتقي" in front["ar"] and "Assad" not in front["ar"]
    assert "北京暴雨" in front["zh-Hans"] and "Chuva" not in front["zh-Hans"]


def test_each_language_s_feeds_hold_its_briefs_and_say_its_language(site):
    for language, prefix in PREFIXES.items():
        for name in ("feed.xml", "atom.xml"):
            feed = feedparser.parse((site / prefix / name).read_bytes())
            assert not feed.bozo, (language, name, feed.bozo_exception)
            assert feed.feed.language.lower() == language.lower(), (language, name)
            links = [entry.link for entry in feed.entries]
            assert links and all(link.startswith(SITE + prefix) for link in links), (language, links)
            if prefix == "":  # the root's are English only, not every language's
                assert not any(re.match(SITE + r"(de|ar|ru|br|zh-hans)/", link) for link in links)
        data = json.loads((site / prefix / "feed.json").read_text(encoding="utf-8"))
        assert data["language"] == language and data["home_page_url"] == SITE + prefix


def test_news_sitemap_languages_are_iso_639_codes_as_google_asks(tmp_path):
    """Briefs of the last hours in each language: each with its language's publication name and
    the code Google News takes (pt-BR is pt, zh-Hans zh-cn, zh-Hant zh-tw)."""
    now = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
    recent = {f"{now:%Y/%m}/brief-{n}.md": brief(f"Brief {n}", lang, date=now.isoformat())
              for n, lang in enumerate(["en", "de", "ar", "pt-BR", "zh-Hans", "zh-Hant"])}
    project = languages_project(tmp_path, recent, LANGUAGES.replace("zh-Hans: {}", "zh-Hans: {}\n        zh-Hant: {}"))
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    root = ET.parse(project / "site/news-sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    found = {url.findtext("s:loc", namespaces=ns).removeprefix(SITE).split("/")[0]:
             (url.findtext(".//n:language", namespaces=ns), url.findtext(".//n:name", namespaces=ns))
             for url in root.findall("s:url", ns)}
    assert found == {f"{now:%Y}": ("en", "Test briefing"), "de": ("de", "Nachrichten"), "ar": ("ar", "الأخبار"),
                     "br": ("pt", "Test briefing"), "zh-hans": ("zh-cn", "Test briefing"),
                     "zh-hant": ("zh-tw", "Test briefing")}


def _alternates(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


STORY = {"en": "2024/07/assad-in-moscow/", "de": "de/2024/07/assad-in-moskau/",
         "ar": "ar/2024/07/al-asad-fi-musku/", "ru": "ru/2024/07/assad-v-moskve/"}


def test_every_version_lists_itself_and_all_others_and_x_default(site):
    expected = {language: SITE + path for language, path in STORY.items()} | {"x-default": SITE + STORY["en"]}
    for language, path in STORY.items():
        assert _alternates(page(site, path)) == expected, language


def test_a_brief_without_translations_has_no_alternates(site):
    assert _alternates(page(site, "de/2024/06/bahnstreik/")) == {}


def test_front_pages_and_a_topic_named_in_each_language_link_each_other(site):
    fronts = _alternates(page(site, "de/"))
    assert fronts == {language: SITE + prefix for language, prefix in PREFIXES.items()} | {"x-default": SITE}
    topics = {language: SITE + prefix + "topics/syria/" for language, prefix in
              (("en", ""), ("de", "de/"), ("ar", "ar/"), ("ru", "ru/"))}
    for address in topics.values():
        assert _alternates(page(site, address.removeprefix(SITE))) == topics | {"x-default": topics["en"]}


def test_a_translation_s_topic_chip_leads_to_the_same_subject_in_its_language(site):
    soup = page(site, "de/2024/07/assad-in-moskau/")
    chips = {a.get_text(strip=True): a["href"] for a in soup.select("a[href*='topics/']")}
    assert "Syrien" in chips and chips["Syrien"].rstrip("/").endswith("topics/syria")
    listing = page(site, "de/topics/syria/")
    assert "Syrien" in listing.h1.get_text() and "Assad trifft" in listing.get_text()
    assert "Assad meets" not in listing.get_text()


def test_the_sitemap_carries_the_same_alternates(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {url.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href")
                                                   for link in url.findall("x:link", ns)}
            for url in root.findall("s:url", ns)}
    expected = {language: SITE + path for language, path in STORY.items()} | {"x-default": SITE + STORY["en"]}
    for path in STORY.values():
        assert urls[SITE + path] == expected
    assert urls[SITE + "de/2024/06/bahnstreik/"] == {}


def test_json_ld_names_the_language_and_the_translations(site):
    def data(path):
        return json.loads(page(site, path).find("script", type="application/ld+json").string)

    original, german = data(STORY["en"]), data(STORY["de"])
    assert original["inLanguage"] == "en" and german["inLanguage"] == "de"
    assert german["translationOfWork"] == {"@id": SITE + STORY["en"]}
    assert sorted(t["@id"] for t in original["workTranslation"]) == sorted(
        SITE + STORY[language] for language in ("de", "ar", "ru"))


def test_shortlinks_are_the_whole_site_s(site):
    german = BeautifulSoup((site / "p/de1/index.html").read_text(encoding="utf-8"), "html.parser")
    assert german.select_one("link[rel=canonical]")["href"] == SITE + "de/2024/07/assad-in-moskau/"
    # said in the brief's language to a reader whose browser runs no script
    assert german.html["lang"] == "de" and german.p.get_text().startswith("Diese Meldung finden Sie unter")


# --- what is refused ------------------------------------------------------------------


def test_broken_and_one_sided_translations_are_each_a_problem_of_their_file(tmp_path):
    project = languages_project(tmp_path, {
        **BRIEFS,
        "2024/07/nowhere.md": brief("Ein Text", "de", extra="translation_of: 2024/07/no-such-brief.md\n"),
        "2024/07/chain.md": brief("Асад в Москве", "ru", extra="translation_of: 2024/07/assad-in-moskau.md\n"),
        "2024/07/same.md": brief("Assad again in English", "en",
                                 extra="translation_of: 2024/07/assad-in-moscow.md\n"),
        "2024/07/second.md": brief("Noch einmal Assad", "de", extra="translation_of: 2024/07/assad-in-moscow.md\n"),
        "2024/07/french.md": brief("Assad à Moscou", "fr"),
        "2024/07/itself.md": brief("Sich selbst", "de", extra="translation_of: 2024/07/itself.md\n"),
    })
    for said in refused(project):
        assert re.search(r"content/2024/07/nowhere\.md:\d+: translation_of: no such brief .*no-such-brief", said)
        assert re.search(r"content/2024/07/chain\.md:\d+: translation_of: names a translation \(expected the "
                         r"original brief.*assad-in-moskau\.md.*translates '2024/07/assad-in-moscow\.md'", said)
        assert re.search(r"content/2024/07/same\.md:\d+: translation_of: in the language of the brief", said)
        assert re.search(r"content/2024/07/second\.md:\d+: translation_of: a second version in 'de' of one story "
                         r"\(expected one brief per language, found content/2024/07/assad-in-moskau\.md", said)
        assert re.search(r"content/2024/07/french\.md:\d+: lang: not a language of this site \(expected one of "
                         r"en, de, ar, ru, pt-BR, zh-Hans.*found 'fr'\)", said)
        assert re.search(r"content/2024/07/itself\.md:\d+: translation_of: this brief itself", said)


def test_a_shortlink_two_languages_share_is_refused(tmp_path):
    project = languages_project(tmp_path, {
        **BRIEFS,
        "2024/06/zweiter.md": brief("Ein zweiter Text", "de", extra="shortlink: https://news.example.org/p/en1\n"),
    })
    for said in refused(project):
        assert "content/2024/06/zweiter.md:" in said and "shortlink: already used" in said


@pytest.mark.parametrize("setting, expected", [
    ("languages: {en: {}, de: {prefix: topics}}", "plugins.briefing.languages.de.prefix: not a folder of its own"),
    ("languages: {en: {}, de: {prefix: '2024'}}", "plugins.briefing.languages.de.prefix: not a folder of its own"),
    ("languages: {en: {}, de: {prefix: ru}, ru: {}}", "plugins.briefing.languages.ru.prefix: taken"),
    ("languages: {en: {}, 'de_DE!': {}}", "plugins.briefing.languages: not a language tag"),
    ("languages: {en: {}, de: {}}\n      topics: {Syria: {fr: Syrie}}",
     "plugins.briefing.topics.Syria.fr: not a language of this site"),
    ("languages: {en: {}, de: {timezone: Mars/Base}}", "plugins.briefing.languages.de.timezone: unknown time zone"),
    ("languages: {en: {}, de: {digits: roman}}", "plugins.briefing.languages.de.digits: unknown digits"),
])
def test_wrong_language_settings_are_named(tmp_path, setting, expected):
    project = languages_project(tmp_path, {"2024/06/ports-strike.md": BRIEFS["2024/06/ports-strike.md"]},
                                "      " + setting + "\n")
    result = briefing("build", cwd=project)
    assert result.returncode != 0 and expected in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("mkdocs.yml:") == 1, result.stderr


def test_the_default_language_under_its_own_prefix_sends_the_root_to_it(tmp_path):
    project = languages_project(tmp_path, BRIEFS, LANGUAGES.replace("en: {}", "en: {prefix: en}"))
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "en/2024/07/assad-in-moscow/index.html").is_file()
    assert (site / "en/topics/syria/index.html").is_file()
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'url=en/' in root  # the root sends readers to the default language's front page
    assert "/ /en/ 302" in (site / "_redirects").read_text(encoding="utf-8")


def test_a_site_without_languages_is_as_before(tmp_path):
    project = make_project(tmp_path, {"2024/06/ports-strike.md": BRIEFS["2024/06/ports-strike.md"],
                                      "2024/06/bahnstreik.md": BRIEFS["2024/06/bahnstreik.md"]})
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "2024/06/bahnstreik/index.html").is_file() and not (site / "de").exists()


# --- the sample site: every page -----------------------------------------------------------

SAMPLE = "https://briefing.example.org/"
SAMPLE_LANGUAGES = {"de/": ("de", "ltr"), "ar/": ("ar", "rtl"), "ru/": ("ru", "ltr")}


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" not in text:  # a redirect page is the brief's, elsewhere
            yield path.relative_to(site).as_posix(), BeautifulSoup(text, "html.parser")


def test_every_page_of_the_sample_says_its_language_and_direction(sample_site):
    for path, soup in _pages(sample_site):
        if path.startswith("pagefind/"):
            continue
        language, direction = next((v for k, v in SAMPLE_LANGUAGES.items() if path.startswith(k)), ("en", "ltr"))
        html_tag, body = soup.html, soup.body
        assert html_tag.get("lang", "").split("-")[0] == language, path
        assert html_tag.get("dir") == direction and body.get("dir") == direction, path


def test_every_hreflang_set_in_the_sample_is_complete_and_reciprocal(sample_site):
    sets = {}
    for path, soup in _pages(sample_site):
        links = _alternates(soup)
        if links:
            sets[SAMPLE + path.removesuffix("index.html")] = links
    assert len(sets) > 20  # front pages, topics named in several languages, the translated story
    for url, links in sets.items():
        assert url in links.values(), url  # it lists itself
        assert "x-default" in links and all(href.startswith(SAMPLE) for href in links.values())
        for language, href in links.items():
            assert sets.get(href) == links, (url, language, href)  # and every other lists the same


def test_each_language_s_pages_carry_its_own_name_and_description(site):
    german, english = page(site, "de/"), page(site, "")
    assert german.title.get_text().endswith("- Nachrichten") and english.title.get_text().endswith("- Test briefing")
    assert "Nachrichten" in german.select_one(".md-header__topic").get_text()
    assert "الأخبار" in page(site, "ar/2024/07/al-asad-fi-musku/").select_one(".md-header__topic").get_text()


def test_a_language_s_timezone_tells_its_datelines_and_the_moment_stays_one(site):
    """The Arabic site's `timezone: Asia/Riyadh`: 11:00 in Berlin is 12:00 in its dateline,
    while every machine-readable date names the same moment as the other languages'."""
    arabic, english = page(site, STORY["ar"]), page(site, STORY["en"])
    assert "12:00" in arabic.select_one(".brief-published").get_text()
    assert "11:00" in english.select_one(".brief-published").get_text()
    moments = {soup.select_one(".brief-published")["datetime"] for soup in (arabic, english)}
    assert moments == {"2024-07-25T11:00:00+02:00"}
    feed = feedparser.parse((site / "ar/feed.xml").read_bytes())
    assert feed.entries[0].published_parsed[:5] == (2024, 7, 25, 9, 0)  # 11:00+02:00 in UTC


def test_search_documents_speak_their_language(tmp_path):
    """What a search result shows under a headline (its date) and what the index holds of a
    picture's credit are in the brief's language, as its page is ("Image:" was English)."""
    from zoneinfo import ZoneInfo

    from generator.model.brief import Image
    from generator.model.corpus import Corpus
    from generator.model.reading import read_brief
    from generator.outputs.site import Site
    from generator.search.documents import documents

    zone = ZoneInfo("Europe/Berlin")
    text = brief("الأسد يلتقي بوتين في موسكو", "ar")
    arabic, problems = read_brief(tmp_path, "2024/07/al-asad.md", text.encode(), zone)
    assert not problems, problems
    pictured = [replace_image(arabic, Image("2024/07/a.jpg", "image/jpeg", 800, 600, alt="صورة",
                                             credit="رويترز")),
                replace_image(arabic, Image("2024/07/b.jpg", "image/jpeg", 800, 600, alt="رسم",
                                             credit="رسم: فريق التصميم"), source="2024/07/b.md")]
    site = Site(name="الأخبار", url=SITE, language="ar", corpus=Corpus(pictured, zone),
                paths={b.source: "ar/" + b.source.removesuffix(".md") + "/" for b in pictured},
                now=datetime.now(zone), pictures=False, prefix="ar/")
    found = {doc.path: doc for doc in documents(site)}
    first, second = found["ar/2024/07/al-asad/"], found["ar/2024/07/b/"]
    assert first.date == "25 يوليو 2024"
    assert "الصورة: رويترز" in first.figure and "Image" not in first.figure
    assert "رسم: فريق التصميم" in second.figure and "الصورة" not in second.figure  # labelled: as written


def replace_image(brief_, image, source=None):
    from dataclasses import replace
    return replace(brief_, image=image, source=source or brief_.source)
