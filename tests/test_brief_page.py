"""A brief's page as a reader meets it: the picture's credit, the byline, the dateline,
the related briefs, the correction box, and in a browser the reading measure."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import TINY_PNG, briefing, make_project, write


def brief(title: str, date: str, *, extra: str = "", topics: str = "[Economy]") -> str:
    return f"""\
---
title: {title}
date: {date}
lead: A lead for {title}.
topics: {topics}
{extra}---

Body of {title}.
"""


PICTURED = """\
image:
  src: picture.png
  alt: A picture
  credit: "{credit}"
"""

BRIEFS = {
    "2024/03/drawn.md": brief("Drawn", "2024-03-04T08:00:00+01:00",
                              extra=PICTURED.format(credit="Illustration: Ana Ruiz")),
    "2024/03/fotografiert.md": brief("Fotografiert", "2024-03-05T08:00:00+01:00",
                                     extra=PICTURED.format(credit="Foto: dpa/Bernd Weißbrod")),
    "2024/03/photographed.md": brief("Photographed", "2024-03-06T08:00:00+01:00",
                                     extra=PICTURED.format(credit="Reuters/Jane Doe")),
    "2024/04/two-authors.md": brief(
        "Two authors", "2024-04-04T08:00:00+02:00", topics="[Shipping]",
        extra="updated: 2024-04-04T16:30:00+02:00\nauthors: [es, rmt]\nagencies: [AP, AFP, Reuters]\n"),
    "2024/04/one-author.md": brief("One author", "2024-04-05T09:15:00+02:00", topics="[Shipping]",
                                   extra="authors: [es]\n"),
    "2024/04/three-authors.md": brief(
        "Three authors", "2024-04-10T22:30:00Z", topics="[Astronomy]",  # in Berlin, April 11
        extra="updated: 2024-04-12T07:05:00+02:00\nauthors: [es, rmt, zz]\nagencies: [dpa]\n"),
    "2024/04/wires-only.md": brief("Wires only", "2024-04-08", topics="[Shipping]",
                                   extra="updated: 2024-04-08\nagencies: [AP, AFP]\n"),
    "2024/04/unsigned.md": brief("Unsigned", "2024-04-09", topics="[Shipping]", extra="draft: true\n"),
    "2024/02/four-sections.md": brief("Four sections", "2024-02-01", topics="[Long reads]")
    + "".join(f"\n## Part {n}\n\nText of part {n}.\n" for n in range(1, 5)),
    "2024/02/three-sections.md": brief("Three sections", "2024-02-02", topics="[Long reads]")
    + "".join(f"\n## Part {n}\n\nText of part {n}.\n\n### A detail\n\nMore.\n" for n in range(1, 4)),
}

ROSTER = """
      drafts: true
      authors:
        es: {name: Elena Stavrou}
        rmt: {name: Rafael M. Tavares}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("brief-page") / "project", BRIEFS)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().rstrip("\n") + ROSTER)
    for source in BRIEFS:
        if "image:" in BRIEFS[source]:
            write((root / "content" / source).parent / "picture.png", TINY_PNG)
    result = briefing("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("path, shown", [
    ("2024/03/drawn", "Illustration: Ana Ruiz"),  # labelled already: printed as written
    ("2024/03/fotografiert", "Foto: dpa/Bernd Weißbrod"),
    ("2024/03/photographed", "Image: Reuters/Jane Doe"),  # no label of its own: ours
])
def test_a_credit_carries_one_label(site, path, shown):
    assert text(page(site, path).select_one("figcaption .brief-credit")) == shown


def test_the_sample_briefs_credits_carry_one_label(sample_site):
    for index in sample_site.glob("20*/*/*/index.html"):
        credit = BeautifulSoup(index.read_text(), "html.parser").select_one(".brief-credit")
        if credit:
            words = text(credit).split()
            assert not (words[0].endswith(":") and words[1].endswith(":")), (index, text(credit))


@pytest.mark.parametrize("path, byline, links", [
    ("2024/04/two-authors", "By Elena Stavrou and Rafael M. Tavares, with AP, AFP, Reuters",
     ["authors/es/", "authors/rmt/", "agencies/ap/", "agencies/afp/", "agencies/reuters/"]),
    ("2024/04/one-author", "By Elena Stavrou", ["authors/es/"]),
    # initials the roster lacks stand as written, linked all the same
    ("2024/04/three-authors", "By Elena Stavrou, Rafael M. Tavares and zz, with dpa",
     ["authors/es/", "authors/rmt/", "authors/zz/", "agencies/dpa/"]),
    ("2024/04/wires-only", "By AP, AFP", ["agencies/ap/", "agencies/afp/"]),
])
def test_the_byline_names_the_authors_and_links_each_to_their_page(site, path, byline, links):
    line = page(site, path).select_one(".brief-header .brief-byline")
    assert text(line) == byline
    hrefs = [a["href"] for a in line.find_all("a")]
    assert hrefs == ["../../../" + link for link in links]
    for link in links:
        assert (site / link / "index.html").is_file(), link


def test_a_brief_without_authors_or_agencies_has_no_byline_and_keeps_its_sign_off(site, sample_site):
    assert page(site, "2024/04/unsigned").select_one(".brief-byline") is None
    founding = page(sample_site, "2024/07/assad-putin-moscow")
    assert text(founding.select_one(".brief-byline")) == (
        "By Elena Stavrou and Rafael M. Tavares, with AP, AFP, Reuters")
    body_end = founding.select_one(".brief-body").find_next_sibling()
    assert "brief-signoff" in body_end["class"] and text(body_end) == "es/rmt (AP, AFP, Reuters)"


@pytest.mark.parametrize("path, published, updated", [
    ("2024/04/two-authors", "April 4, 2024, 08:00 CEST", "Updated 16:30"),
    ("2024/04/three-authors", "April 11, 2024, 00:30 CEST", "Updated April 12, 2024, 07:05 CEST"),
    ("2024/04/wires-only", "April 8, 2024", "Updated April 8, 2024"),
    ("2024/04/one-author", "April 5, 2024, 09:15 CEST", None),
])
def test_the_dateline_gives_time_and_zone_and_keeps_the_machine_readable_moment(site, path, published, updated):
    dates = page(site, path).select_one(".brief-dates")
    assert text(dates.select_one(".brief-published")) == published
    shown = dates.select_one(".brief-updated")
    assert (text(shown) if shown else None) == updated
    for time in dates.find_all("time"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", time["datetime"])


def related(html) -> dict[str, list[str]]:
    """Each list of briefs under the brief: its heading and the titles in it."""
    return {text(section.find("h2")): [text(a) for a in section.select("a.brief-related__title")]
            for section in html.select(".brief-related")}


def test_briefs_sharing_a_topic_are_related_the_rest_only_more_news(site):
    shipping = related(page(site, "2024/04/one-author"))
    assert shipping["Related"] == ["Two authors", "Wires only", "Unsigned"]  # Shipping, nearest first
    assert shipping["More news"] == ["Three authors"]  # the nearest in time, filling the list
    alone = related(page(site, "2024/04/three-authors"))
    assert list(alone) == ["More news"]  # no other brief is about astronomy


def test_a_draft_among_related_briefs_says_so(site):
    cards = page(site, "2024/04/one-author").select(".brief-related__card")
    badges = {text(card.select_one("a")): card.select_one(".brief-related__draft") for card in cards}
    assert text(badges["Unsigned"]) == "Draft"
    assert [title for title, badge in badges.items() if badge] == ["Unsigned"]


def sidebars(html) -> dict[str, bool]:
    """Material's sidebars on the page: whether each is shown (not `hidden`)."""
    return {bar["data-md-type"]: not bar.has_attr("hidden") for bar in html.select(".md-sidebar")}


def test_only_a_brief_of_toc_sections_sections_or_more_keeps_the_contents_sidebar(site):
    assert sidebars(page(site, "2024/02/four-sections")) == {"navigation": False, "toc": True}
    assert sidebars(page(site, "2024/02/three-sections")) == {"navigation": False, "toc": False}
    assert sidebars(page(site, "2024/04/one-author")) == {"navigation": False, "toc": False}


def test_toc_sections_0_means_never_a_contents_sidebar():
    from types import SimpleNamespace as Entry

    from generator.pages import keeps_contents

    toc = [Entry(level=2, children=[Entry(level=3, children=[])]) for _ in range(6)]
    page = Entry(toc=toc)
    assert keeps_contents(page, 6) and not keeps_contents(page, 7) and not keeps_contents(page, 0)


# --- what a reader sees: the sample's founding brief in chromium ---------------------------

FOUNDING = "/2024/07/assad-putin-moscow/"

# The first paragraph of the body: its type, and how many characters of its own text
# make a line (its width over the average width of its characters, in its own font).
READING = """() => {
    const p = document.querySelector('.brief-body > p'), style = getComputedStyle(p);
    const canvas = document.createElement('canvas').getContext('2d');
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const average = canvas.measureText(p.textContent).width / p.textContent.length;
    const column = document.querySelector('.brief-article').getBoundingClientRect();
    // shown: in the page, not hidden nor the phone's drawer waiting off the screen's left edge
    const shown = bar => bar && getComputedStyle(bar).display !== 'none' && bar.getBoundingClientRect().right > 0;
    return {
        size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight),
        perLine: p.getBoundingClientRect().width / average,
        h2: parseInt(getComputedStyle(document.querySelector('.brief-body h2')).fontWeight),
        lead: parseFloat(getComputedStyle(document.querySelector('.brief-lead')).fontSize),
        leadWeight: parseInt(getComputedStyle(document.querySelector('.brief-lead')).fontWeight),
        toc: shown(document.querySelector('.md-sidebar--secondary')),
        nav: shown(document.querySelector('.md-sidebar--primary')),
        left: column.left, right: innerWidth - column.right,
        overflow: document.documentElement.scrollWidth - innerWidth,
    };
}"""


@pytest.mark.parametrize("width, sizes", [(1280, (18, 20)), (390, (16, 18))])
def test_the_brief_reads_as_an_article_in_one_centred_column(browser, base_url, width, sizes):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(base_url + FOUNDING)
    seen = tab.evaluate(READING)
    context.close()
    assert sizes[0] <= seen["size"] <= sizes[1], seen
    assert seen["h2"] >= 700 and seen["weight"] <= 400, seen  # sub-headings clearly heavier
    assert seen["lead"] >= 1.1 * seen["size"] and seen["leadWeight"] >= 600, seen  # the lead apart
    assert not seen["toc"] and not seen["nav"], seen  # two sub-headings need no contents
    assert seen["overflow"] <= 0, seen
    if width == 1280:
        assert 60 <= seen["perLine"] <= 80, seen
        assert abs(seen["left"] - seen["right"]) <= 2, seen  # in the middle of the page
