"""The words and dates of a page are its language's: a site in German, Arabic, Persian or
Pashto says "Zum Thema", writes "25. Juli 2024" or "۲۵ ژوئیه ۲۰۲۴", and its cards say
"vor 3 Stunden" in the reader's browser only where the browser speaks the language."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import material
import pytest
from bs4 import BeautifulSoup

from browser import serve_folder
from conftest import ROOT, briefing, make_project

BERLIN = ZoneInfo("Europe/Berlin")

BRIEFS = {
    "de": ("Hafenkräne stehen still", "Die Hafenarbeiter legten die Arbeit für einen Tag nieder."),
    "ar": ("توقف رافعات الميناء", "أضرب عمال الميناء عن العمل يومًا واحدًا احتجاجًا على نظام المناوبات."),
    "fa": ("جرثقیل‌های بندر از کار افتادند", "کارگران بندر یک روز در اعتراض به نوبت‌های کاری دست از کار کشیدند."),
    "ps": ("د بندر کرینونه ودرېدل", "د بندر کارګرانو د کاري وختونو په اعتراض یوه ورځ کار ونه کړ."),
}


def brief(title: str, lead: str, when: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {when}\nlead: {lead}\nauthors: [lr]\ntopics: [Hafen]\n{extra}---\n\nText.\n"


def site_in(folder: Path, language: str) -> Path:
    """A site whose language is `language`: two briefs of July 25, 2024, in Berlin time."""
    title, lead = BRIEFS[language]
    project = make_project(folder, {
        "2024/07/morning.md": brief(title, lead, "2024-07-25T09:00:00+02:00"),
        "2024/07/earlier.md": brief(title + " (2)", lead, "2024-07-24T18:00:00+02:00"),
    })
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", f"  name: material\n  language: {language}\n")
    if language == "ps":  # Material has no Pashto words: the site brings its own file of them
        theme = shutil.copytree(ROOT / "theme", folder / "theme")
        words = Path(material.__file__).parent / "templates/partials/languages/en.html"
        text = words.read_text(encoding="utf-8").replace('"language": "en"', '"language": "ps"')
        (theme / "partials/languages").mkdir(parents=True, exist_ok=True)
        (theme / "partials/languages/ps.html").write_text(
            text.replace('"direction": "ltr"', '"direction": "rtl"'), encoding="utf-8")
        config = config.replace(f"custom_dir: {ROOT / 'theme'}", f"custom_dir: {theme}")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    return {language: site_in(tmp_path_factory.mktemp(f"site-{language}"), language) for language in BRIEFS}


def page(project: Path, path: str = "") -> BeautifulSoup:
    return BeautifulSoup((project / "site" / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(soup: BeautifulSoup, selector: str) -> str:
    return " ".join(soup.select_one(selector).get_text(" ", strip=True).split())


def test_a_german_site_speaks_german_around_its_briefs(sites):
    brief = page(sites["de"], "2024/07/morning")
    assert text(brief, ".brief-published") == "25. Juli 2024, 09:00 MESZ"
    assert text(brief, ".brief-byline").startswith("Von ")
    assert "Weitere Meldungen" in brief.get_text() or "Zum Thema" in brief.get_text()
    front = page(sites["de"])
    assert [t.get_text(strip=True) for t in front.select(".brief-card time")] == ["25. Juli 2024", "24. Juli 2024"]
    archive = page(sites["de"], "archive")
    assert "Juli 2024" in [a.get_text(strip=True) for a in archive.select("main a")]
    assert "2 Meldungen" in archive.get_text()
    assert text(page(sites["de"], "archive/2024/07"), "main h1") == "Juli 2024"


def test_an_arabic_and_a_persian_site_write_their_dates_and_digits(sites):
    arabic = page(sites["ar"], "2024/07/morning")
    assert text(arabic, ".brief-published") == "25 يوليو 2024، 09:00 CEST"
    assert text(arabic, ".brief-byline").startswith("بقلم")
    assert text(page(sites["ar"], "archive/2024/07"), "main h1") == "يوليو 2024"
    persian = page(sites["fa"], "2024/07/morning")
    assert text(persian, ".brief-published") == "۲۵ ژوئیه ۲۰۲۴، ساعت ۰۹:۰۰ (CEST)"
    assert "۲ خبر" in page(sites["fa"], "archive").get_text()


def test_a_brief_in_another_language_than_its_sites_has_the_words_of_its_own(tmp_path):
    project = make_project(tmp_path, {
        "2024/07/english.md": brief("Harbour cranes stand still", "Dock workers stopped.", "2024-07-25T09:00:00+02:00"),
        "2024/07/deutsch.md": brief(*BRIEFS["de"], "2024-07-25T10:00:00+02:00", "lang: de\n"),
    })
    assert briefing("build", cwd=project).returncode == 0
    german, english = page(project, "2024/07/deutsch"), page(project, "2024/07/english")
    assert text(german, ".brief-published") == "25. Juli 2024, 10:00 MESZ"
    assert text(german, ".brief-byline").startswith("Von ")
    assert text(english, ".brief-published") == "July 25, 2024, 09:00 CEST"
    assert text(english, ".brief-byline").startswith("By ")


def test_a_language_without_words_builds_in_english_and_is_named_once(tmp_path):
    briefs = {f"2024/07/habari-{n}.md": brief(f"Habari {n}", "Wafanyakazi wa bandari waligoma.",
                                              f"2024-07-2{n}T09:00:00+02:00", "lang: sw\n") for n in range(1, 4)}
    result = briefing("build", cwd=make_project(tmp_path, briefs))
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "'sw'" in line]
    assert len(said) == 1 and "warning" in said[0].lower() and "English" in said[0], result.stderr
    assert text(page(tmp_path, "2024/07/habari-1"), ".brief-byline").startswith("By ")


# --- "3 hours ago" in the reader's browser ----------------------------------------------------------

NOON = datetime(2024, 7, 25, 12, 0, tzinfo=BERLIN)  # three hours after the newest brief


def cards_in_the_browser(browser, project: Path) -> list[tuple[str, str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, timezone_id="Europe/Berlin")
    context.clock.set_fixed_time(NOON)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with serve_folder(project / "site") as base:
            tab.goto(base + "/")
            tab.wait_for_load_state("load")
            shown = tab.evaluate("""() => [...document.querySelectorAll('.brief-card time')]
                .map(t => [t.textContent.trim(), t.title])""")
    finally:
        context.close()
    assert errors == []  # the script runs, under the site's Content-Security-Policy
    return shown


@pytest.mark.parametrize("language, today", [
    ("de", "vor 3 Stunden"),
    ("ar", "قبل 3 ساعات"),  # Latin digits, as the Arabic site's dates (CLDR's default for ar)
    ("fa", "۳ ساعت پیش"),  # Persian digits, as the Persian site's dates
])
def test_a_card_of_today_says_how_long_ago_in_the_pages_language(sites, browser, language, today):
    (newest, built), (yesterday, kept) = cards_in_the_browser(browser, sites[language])
    assert newest == today
    assert built == text(page(sites[language]), ".brief-card time")  # the built date, in its title
    assert kept == "" and yesterday == page(sites[language]).select(".brief-card time")[1].get_text(strip=True)


def test_a_language_the_browser_cannot_say_it_in_keeps_the_built_date(sites, browser):
    built = [t.get_text(strip=True) for t in page(sites["ps"]).select(".brief-card time")]
    assert built[0] == "۲۵ جولای ۲۰۲۴"
    assert [shown for shown, _ in cards_in_the_browser(browser, sites["ps"])] == built  # not "3 hours ago"


def test_the_relative_time_keeps_the_digits_the_build_wrote(tmp_path, browser):
    """A Persian site set to Latin digits (digits: latn) gets "3 ساعت پیش", not the browser's ۳."""
    script = (ROOT / "theme/partials/javascripts/briefing-times.html").read_text(encoding="utf-8")
    script = script[script.index("<script>"):]  # the Jinja comment before it is no page's
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text(
        '<!doctype html><html lang="fa"><meta charset="utf-8"><body><div class="brief-card">'
        '<time datetime="2024-07-25T09:00:00+02:00">25 ژوئیه 2024</time></div>'
        '<div class="brief-card"><time datetime="2024-07-25T09:00:00+02:00">۲۵ ژوئیه ۲۰۲۴</time></div>'
        f"{script}</body></html>", encoding="utf-8")
    assert [shown for shown, _ in cards_in_the_browser(browser, tmp_path)] == ["3 ساعت پیش", "۳ ساعت پیش"]
