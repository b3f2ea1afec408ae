"""The sample site, built with the real MkDocs: the founding example's page, element by element."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

FOUNDING = "2024/07/assad-putin-moscow/index.html"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def founding(sample_site) -> BeautifulSoup:
    return page(sample_site, FOUNDING)


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_skip_links_lead_to_content_menu_and_footer(founding):
    links = founding.select("nav.briefing-skip a")
    assert [a.get_text(strip=True) for a in links] == [
        "Skip to content", "Skip to main menu", "Skip to footer",
    ]
    for link in links:
        target = founding.find(id=link["href"][1:])
        assert target is not None, link["href"]
    assert founding.select_one("nav.briefing-skip") is founding.body.find(["nav", "header"])


def test_kicker_headline_and_date(founding):
    assert text(founding.select_one(".brief-kicker"))
    (h1,) = founding.find_all("h1")
    assert text(h1) == "Syria's Assad meets Putin in Moscow"
    published = founding.select_one("time.brief-published")
    assert published["datetime"].startswith("2024-07-25")
    assert text(published) == "July 25, 2024, 11:00 CEST"  # the dateline: time and zone (issue 23)


def test_lead_is_set_apart_from_the_body(founding):
    lead = founding.select_one("header .brief-lead")
    assert len(text(lead)) > 40
    assert lead.find_parent(class_="brief-body") is None


def test_hero_image_with_alt_caption_and_credit(founding, sample_site):
    figure = founding.select_one("figure.brief-figure")
    image = figure.select_one("picture img")
    assert image["alt"].strip()
    assert int(image["width"]) > 0 and int(image["height"]) > 0
    picture = (sample_site / FOUNDING).parent / image["src"]
    assert picture.resolve().is_file()
    caption = figure.find("figcaption")
    assert text(caption.select_one(".brief-caption"))
    assert text(caption.select_one(".brief-credit")) == "Image: Valeriy Sharifulin/IMAGO/SNA"


def test_body_keeps_its_two_sub_headings(founding):
    headings = founding.select(".brief-body h2")
    assert len(headings) == 2
    assert all(h.get("id") for h in headings)


def test_sign_off_names_authors_then_agencies(founding):
    assert text(founding.select_one(".brief-signoff")) == "es/rmt (AP, AFP, Reuters)"


def test_shortlink_is_shown_and_copyable(founding):
    box = founding.select_one(".brief-shortlink")
    assert box.find("a")["href"] == "https://p.dw.com/p/4ii5H"
    assert box.find("button")["data-clipboard-text"] == "https://p.dw.com/p/4ii5H"


def test_topic_chips(founding):
    assert [text(li) for li in founding.select(".brief-topics li")] == ["Syria", "Russia", "Middle East"]


def test_title_description_and_language(founding):
    assert text(founding.title) == "Syria's Assad meets Putin in Moscow - Briefing"
    lead = text(founding.select_one(".brief-lead"))
    assert founding.find("meta", attrs={"name": "description"})["content"] == lead
    assert founding.html["lang"] == "en"


def test_front_page_lists_every_brief_newest_first(sample_site):
    """The lead and the latest, newest first; the featured topics' blocks under them are their own."""
    front = page(sample_site, "index.html")
    dates = [t["datetime"] for t in front.select(".brief-card time")
             if not t.find_parent(class_="brief-block")]
    assert len(dates) >= 6
    assert dates == sorted(dates, reverse=True)
    titles = [text(a) for a in front.select(".brief-card__title a")]
    assert "Syria's Assad meets Putin in Moscow" in titles


def test_briefs_stay_out_of_the_sidebar(sample_site, founding):
    nav_links = founding.select("nav.md-nav--primary a")
    assert not any("/2024/" in a.get("href", "") for a in nav_links)
