"""The front page as a reader meets it: the lead story and pins that end, six headlines in a
phone's first screen, today's briefs in relative time, featured topics, drafts marked in a
preview; and `pin_until`, the field that ends a pin."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from browser import serve_folder
from conftest import TINY_PNG, briefing, make_project, refused
from generator.model.reading import read_brief
from test_cache import assert_same_site, build, clean_build

BERLIN = ZoneInfo("Europe/Berlin")


def brief(title: str, when: datetime | str, extra: str = "") -> str:
    stamp = when if isinstance(when, str) else when.isoformat(timespec="seconds")
    return f"---\ntitle: {title}\ndate: {stamp}\nlead: Lead of {title}.\n{extra}---\n\nBody.\n"


def source(when: datetime, slug: str) -> str:
    return f"{when:%Y/%m}/{slug}.md"


def html(site: Path, path: str = "") -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def lead_title(site: Path) -> str:
    return html(site).select_one(".brief-card--lead .brief-card__title").get_text(strip=True)


def configure(project: Path, *lines: str) -> None:
    """Options added under the briefing plugin of a make_project site."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "".join(f"      {line}\n" for line in lines))


# --- pin_until: the field --------------------------------------------------------------------


FRONT = "title: Assad meets Putin\ndate: 2024-07-25T11:00:00+02:00\nlead: The two leaders met.\n"


def problems(tmp_path: Path, front: str) -> list[str]:
    raw = f"---\n{FRONT}{front}---\nText.\n".encode()
    brief, found = read_brief(tmp_path, "2024/07/assad-putin.md", raw, BERLIN, path="content/2024/07/assad-putin.md")
    return [str(p) for p in found] if brief is None else []


@pytest.mark.parametrize("front, said", [
    ("pin: true\npin_until: 3\n", "content/2024/07/assad-putin.md:6: pin_until: wrong type"),
    ("pin: true\npin_until: tomorrow\n", "content/2024/07/assad-putin.md:6: pin_until: "),
    ("pin_until: 2024-07-26\n", "content/2024/07/assad-putin.md:5: pin_until: without pin"),
    ("pin: false\npin_until: 2024-07-26\n", "content/2024/07/assad-putin.md:6: pin_until: without pin"),
    ("pin: true\npin_until: 2024-07-25T10:00:00+02:00\n",
     "content/2024/07/assad-putin.md:6: pin_until: not after the publication date"),
])
def test_a_pin_until_that_cannot_end_a_pin_is_a_problem_of_its_line(tmp_path, front, said):
    (found,) = problems(tmp_path, front)
    assert found.startswith(said), found


@pytest.mark.parametrize("until", ["2024-07-26", "2024-07-25T18:00:00+02:00"])
def test_a_pin_until_after_the_date_is_read_like_a_date(tmp_path, until):
    assert problems(tmp_path, f"pin: true\npin_until: {until}\n") == []


def test_check_and_build_both_refuse_a_pin_until_without_pin(tmp_path):
    make_project(tmp_path, {"2024/03/a.md": brief("A", "2024-03-04T08:00:00+01:00", "pin_until: 2024-03-05\n")})
    for said in refused(tmp_path):
        assert "2024/03/a.md:5: pin_until: without pin" in said


# --- the lead story -------------------------------------------------------------------------


def test_a_brief_whose_pin_ended_no_longer_leads_and_a_cached_build_equals_a_clean_one(tmp_path):
    """The pin ends at the build's moment, the one that holds back future briefs: the
    next build (from the cache) leads with the newest brief, as a clean build does."""
    project = tmp_path / "project"
    now = datetime.now(timezone.utc).replace(microsecond=0)
    ends = now + timedelta(seconds=15)
    older, newer = now - timedelta(hours=2), now - timedelta(hours=1)
    make_project(project, {
        source(older, "pinned"): brief("Pinned story", older, f"pin: true\npin_until: {ends.isoformat()}\n"),
        source(newer, "newest"): brief("Newest story", newer),
    })
    build(project)
    assert lead_title(project / "site") == "Pinned story"
    time.sleep(max(0.0, (ends - datetime.now(timezone.utc)).total_seconds()) + 1)
    cached = build(project)
    assert lead_title(project / "site") == "Newest story"
    assert [t.get_text(strip=True) for t in html(project / "site").select(".brief-card__title")] == [
        "Newest story", "Pinned story"]  # back in its place, not lost
    assert_same_site(cached, clean_build(project, tmp_path))


# --- a phone's first screen -------------------------------------------------------------------


# Each headline wholly in the viewport, its font size, whether anything cuts it.
HEADLINES = """() => [...document.querySelectorAll('.brief-card__title')].map(title => {
    const box = title.getBoundingClientRect(), style = getComputedStyle(title), link = title.querySelector('a');
    return {
        text: title.textContent.trim(),
        inside: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
        size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight),
        cut: [title, link].some(el => getComputedStyle(el).textOverflow === 'ellipsis'
            || getComputedStyle(el).webkitLineClamp !== 'none' || el.scrollHeight > el.clientHeight + 1),
        colour: getComputedStyle(link).color, text_colour: getComputedStyle(document.body).getPropertyValue(
            '--md-default-fg-color').trim(),
    };
})"""

LEAD_PICTURE = """() => { const img = document.querySelector('.brief-card--lead .brief-card__image picture img');
    if (!img) return null;
    const box = img.getBoundingClientRect();
    return {shown: img.complete && img.naturalWidth > 0, top: box.top, bottom: box.bottom, height: box.height,
            priority: img.getAttribute('fetchpriority'), lazy: img.getAttribute('loading')}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_shows_six_whole_headlines_and_the_lead_picture_in_its_first_screen(browser, sample_site, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                                  color_scheme=scheme)
    tab = context.new_page()
    with serve_folder(sample_site) as base:
        tab.goto(base + "/")
        tab.wait_for_load_state("load")
        headlines = tab.evaluate(HEADLINES)
        picture = tab.evaluate(LEAD_PICTURE)
    context.close()
    whole = [h for h in headlines if h["inside"]]
    assert len(whole) >= 6, [(h["text"], h["inside"]) for h in headlines]
    for headline in whole:
        assert headline["size"] >= 17 and headline["weight"] >= 700, headline
        assert not headline["cut"], headline
    assert picture and picture["shown"] and picture["top"] >= 0 and picture["bottom"] <= 844, picture
    assert picture["priority"] == "high" and picture["lazy"] is None  # the largest thing seen: fetched first


def test_headlines_are_near_black_not_link_blue(browser, sample_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    with serve_folder(sample_site) as base:
        tab.goto(base + "/topics/syria/")
        colours = tab.evaluate("""() => [...document.querySelectorAll('.brief-card__title a')]
            .map(a => [getComputedStyle(a).color, getComputedStyle(document.querySelector('.md-typeset')).color])""")
    context.close()
    assert colours and all(link == body for link, body in colours), colours


# --- relative time ----------------------------------------------------------------------------


def a_zone_at_midday() -> str:
    """An Etc/GMT zone where it is about noon now: an hour ago is today there, whatever the time."""
    hour = datetime.now(timezone.utc).hour
    offset = (12 - hour + 12) % 24 - 12  # -12..11 hours from UTC
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


def test_a_brief_of_an_hour_ago_says_so_in_the_browser_and_the_built_page_holds_its_date(tmp_path, browser):
    now = datetime.now(BERLIN).replace(microsecond=0)
    recent = now - timedelta(hours=1, minutes=1)
    last_year = datetime(now.year - 1, 5, 14, 9, tzinfo=BERLIN)
    make_project(tmp_path, {source(recent, "recent"): brief("Recent", recent),
                            source(last_year, "old"): brief("Old", last_year)})
    assert briefing("build", cwd=tmp_path).returncode == 0
    built = (tmp_path / "site/index.html").read_text()
    assert not re.search(r"\bago\b|\bhours?\b|\bminutes?\b", html(tmp_path / "site").select_one("main").get_text())
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US",
                                  timezone_id=a_zone_at_midday())
    tab = context.new_page()
    errors = []
    tab.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    with serve_folder(tmp_path / "site") as base:
        tab.goto(base + "/")
        tab.wait_for_load_state("load")
        shown = tab.evaluate("""() => [...document.querySelectorAll('.brief-card time')]
            .map(t => [t.textContent.trim(), t.title, t.getAttribute('datetime')])""")
    context.close()
    assert errors == []  # the script runs under the site's Content-Security-Policy
    (recent_text, recent_title, _), (old_text, old_title, _) = shown
    assert recent_text in ("1 hour ago", "61 minutes ago"), shown
    assert recent_title and recent_title in built  # the absolute date, kept in the title
    assert old_text == f"May 14, {now.year - 1}" and old_title == "", shown


# --- featured topics ---------------------------------------------------------------------------


def test_featured_topics_follow_the_latest_stories_with_their_own_newest(tmp_path):
    start = datetime(2024, 3, 1, 9, tzinfo=BERLIN)
    briefs = {source(start, f"e{n}"): brief(f"Economy {n}", start + timedelta(hours=n), "topics: [Economy]\n")
              for n in range(1, 8)}
    briefs[source(start, "s1")] = brief("Syria 1", start + timedelta(days=1), "topics: [Syria]\n")
    make_project(tmp_path, briefs)
    configure(tmp_path, "page_size: 3", "front_topics: [Syria, Economy, Sirya]")
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "front_topics" in result.stderr and "'Sirya'" in result.stderr and "did you mean 'Syria'" in result.stderr
    front = html(tmp_path / "site")
    above = [t.get_text(strip=True) for t in front.select("ol.brief-list .brief-card__title")
             if not t.find_parent(class_="brief-block")]
    assert above == ["Syria 1", "Economy 7", "Economy 6"]  # page_size: the lead and two more
    (block,) = front.select(".brief-block")  # Syria's one brief is above: no block for it
    heading = block.select_one("h2.brief-block__title a")
    assert heading.get_text(strip=True) == "Economy" and heading["href"] == "topics/economy/"
    assert [t.get_text(strip=True) for t in block.select(".brief-card__title")] == [
        "Economy 5", "Economy 4", "Economy 3", "Economy 2"]
    assert not html(tmp_path / "site", "page/2").select(".brief-block")


def test_front_topics_must_be_a_list_of_names(tmp_path):
    make_project(tmp_path, {"2024/03/a.md": brief("A", "2024-03-04T08:00:00+01:00")})
    configure(tmp_path, "front_topics: Syria")
    result = briefing("build", cwd=tmp_path)
    assert result.returncode != 0 and "front_topics" in result.stderr + result.stdout


# --- drafts in a preview -----------------------------------------------------------------------


def test_every_card_of_a_draft_says_draft_when_drafts_are_built(tmp_path, browser):
    make_project(tmp_path, {
        "2024/03/draft.md": brief("Unfinished", "2024-03-05T08:00:00+01:00", "draft: true\ntopics: [Economy]\n"),
        "2024/03/done.md": brief("Finished", "2024-03-04T08:00:00+01:00", "topics: [Economy]\n"),
    })
    configure(tmp_path, "drafts: true")
    assert briefing("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    for path in ("", "topics/economy", "archive/2024/03", "archive/2024"):
        cards = {c.select_one(".brief-card__title").get_text(strip=True): c for c in html(site, path).select(".brief-card")}
        assert cards["Unfinished"].select_one(".brief-card__draft").get_text(strip=True) == "Draft", path
        assert cards["Finished"].select_one(".brief-card__draft") is None, path
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    with serve_folder(site) as base:
        tab.goto(base + "/topics/economy/")
        assert tab.locator(".brief-card__draft").is_visible()
    context.close()


# --- pictures: what loads first -------------------------------------------------------------


def test_the_lead_picture_is_fetched_first_the_next_five_at_once_and_the_rest_lazily(tmp_path):
    start = datetime(2024, 3, 1, 9, tzinfo=BERLIN)
    image = "image: {src: tiny.png, alt: A dot}\n"
    briefs = {source(start, f"b{n}"): brief(f"B{n}", start + timedelta(hours=n), image) for n in range(1, 10)}
    make_project(tmp_path, {**briefs, "2024/03/tiny.png": TINY_PNG})
    assert briefing("build", cwd=tmp_path).returncode == 0
    images = html(tmp_path / "site").select(".brief-card img:not(.briefing-picture__preview)")
    assert len(images) == 9
    assert [(img.get("fetchpriority"), img.get("loading")) for img in images] == [
        ("high", None), *[(None, None)] * 5, *[(None, "lazy")] * 3]


# --- the card's markup: the search page renders its results with the same classes ---------------


@pytest.mark.parametrize("path", ["", "topics/syria", "archive/2024"])
def test_every_card_has_the_markup_the_search_page_shares(sample_site, path):
    cards = html(sample_site, path).select("ol.brief-list > li.brief-card")
    assert cards
    for card in cards:
        text = card.select_one(":scope > div.brief-card__text")
        assert text.select_one(":scope > h2.brief-card__title > a[href]")
        assert text.select_one(":scope > h2.brief-card__title + p.brief-card__lead ~ time[datetime]")
        if "brief-card--image" in card["class"]:
            assert card.select_one(":scope > div.brief-card__image picture img")
    assert "brief-card--lead" in cards[0]["class"] if path == "" else not html(sample_site, path).select(
        ".brief-card--lead")
