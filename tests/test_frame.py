"""The frame around every page, as a reader meets it on the sample site: the tab of the
page's section, the breadcrumbs, the footer, the logo, the index pages, the dark scheme."""

from __future__ import annotations

import colorsys
import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import GOOD_BRIEF, ROOT, briefing, make_project

BRIEF = "2024/07/assad-putin-moscow/"


def page(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


# --- the tabs ------------------------------------------------------------------------------

# A brief is news: its tab is the stream of news it came in, "Latest" (as a news site keeps
# "News" lit on a story); the index pages of authors and agencies are reached from "Topics".
TAB_OF = {
    "": "Latest", BRIEF: "Latest",
    "topics/": "Topics", "topics/syria/": "Topics", "authors/es/": "Topics", "agencies/": "Topics",
    "archive/": "Archive", "archive/2024/": "Archive", "archive/2024/07/": "Archive",
    "search/": "Search", "about/": None,
}


@pytest.mark.parametrize("path", TAB_OF)
def test_the_tab_of_the_page_s_section_is_the_one_lit(sample_site, path):
    active = [words(li) for li in page(sample_site, path).select(".md-tabs__item--active")]
    assert active == ([TAB_OF[path]] if TAB_OF[path] else []), path


def test_pages_as_deep_as_each_other_in_other_sections_light_their_own_tab(tmp_path):
    """The tabs are rendered once for the pages whose links are alike (engine/templating.py):
    the front page's page 2 and an author's page ask for the same addresses. One worker, so
    that both are rendered by the same process, one after the other."""
    make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF, "2024/03/other.md": GOOD_BRIEF.replace("08:00", "09:00")})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      workers: 1\n      page_size: 1\n")
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for path, tab in [("authors/ab/", "Topics"), ("page/2/", "Latest"), ("archive/2024/", "Archive"),
                      ("topics/economy/", "Topics"), ("2024/03/good/", "Latest")]:
        built = page(tmp_path / "site", path)
        assert [words(li) for li in built.select(".md-tabs__item--active")] == [tab], path
        # and the phone's menu, the same navigation: its item of the section marked
        assert [words(li) for li in built.select(".md-nav--primary .md-nav__item--active")] == [tab], path


# --- the footer ------------------------------------------------------------------------------


def test_the_footer_names_the_publication_and_links_its_pages_feeds_and_indexes(sample_site):
    for path in ("", BRIEF, "topics/syria/", "about/"):
        footer = page(sample_site, path).select_one("footer.md-footer")
        root = "https://briefing.example.org/"
        links = {words(a): urljoin(root + path, a["href"]) for a in footer.select("a[href]")}
        assert "Briefing" in words(footer), path
        assert re.search(r"©\s*20\d\d", words(footer)), path  # mkdocs.yml's copyright
        assert "Material for MkDocs" not in words(footer), path
        for name, target in [("About", "about/"), ("Imprint", "imprint/"), ("Authors", "authors/"),
                             ("Agencies", "agencies/"), ("RSS", "feed.xml"), ("Atom", "atom.xml"),
                             ("JSON Feed", "feed.json")]:
            assert links.get(name) == root + target, (path, name, links)


def test_the_topics_index_leads_to_the_authors_and_agencies(sample_site):
    content = page(sample_site, "topics/").select_one("#content")
    hrefs = [a["href"] for a in content.select("a[href]")]
    assert "../authors/" in hrefs and "../agencies/" in hrefs


# --- the logo and the name -----------------------------------------------------------------


def test_the_header_shows_the_publication_s_own_logo_and_name_and_its_favicon(sample_site):
    front = page(sample_site, "")
    logo = front.select_one(".md-header .md-logo img")
    assert logo is not None and logo["src"] == "assets/logo.svg"  # not Material's book icon
    assert (sample_site / "assets/logo.svg").read_text().lstrip().startswith("<svg")
    assert front.select_one(".md-header .md-logo svg") is None
    assert words(front.select_one(".md-header__topic")) == "Briefing"
    icons = {link["href"] for link in front.select("link[rel~=icon]")}
    assert "assets/favicon.svg" in icons
    assert all((sample_site / href).exists() for href in icons)



@pytest.mark.parametrize("width", [390, 1280])
def test_the_front_page_s_header_names_the_publication_until_the_reader_scrolls(browser, base_url, width):
    """Material swaps the publication's name for the page's title once the page's h1 is
    scrolled past; the front page's h1 is for screen readers only, and must not count as
    scrolled past at the top of the page."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(base_url)
        tab.wait_for_timeout(300)  # Material's header observer has run
        title = tab.locator(".md-header__title")
        assert "md-header__title--active" not in (title.get_attribute("class") or "")
        assert tab.locator(".md-header__topic").first.evaluate("e => getComputedStyle(e).opacity") == "1"
    finally:
        context.close()

# --- breadcrumbs ----------------------------------------------------------------------------


def crumbs(site, path: str) -> list[str]:
    """The trail as a reader hears it: each item's words, the current page's in brackets."""
    trail = page(site, path).select_one('nav[aria-label="Breadcrumbs"]')
    if trail is None:
        return []
    found = []
    for item in trail.select("ol > li"):
        link = item.select_one("a[href]")
        current = item.select_one("[aria-current=page]")
        found.append(f"[{words(item)}]" if current else f"{words(item)} -> {link['href']}" if link
                     else words(item))
    return found


def test_breadcrumbs_lead_from_home_to_the_page(sample_site):
    assert crumbs(sample_site, "topics/syria/") == ["Home -> ../..", "Topics -> ../", "[Syria]"]
    assert crumbs(sample_site, "archive/2024/07/") == [
        "Home -> ../../..", "Archive -> ../../", "2024 -> ../", "[July 2024]"]
    assert crumbs(sample_site, "archive/2024/") == ["Home -> ../..", "Archive -> ../", "[2024]"]
    assert crumbs(sample_site, "authors/es/") == ["Home -> ../..", "Authors -> ../", "[Elena Stavrou]"]
    # A brief's trail is where it belongs, its first topic; the headline is the page's h1 below.
    assert crumbs(sample_site, BRIEF) == ["Home -> ../../..", "Syria -> ../../../topics/syria/"]
    assert crumbs(sample_site, "") == []  # the front page is home


def test_a_brief_without_topics_belongs_to_its_month(tmp_path):
    make_project(tmp_path, {"2024/03/good.md": GOOD_BRIEF.replace("topics: [Economy]\n", "")})
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert crumbs(tmp_path / "site", "2024/03/good/") == [
        "Home -> ../../..", "Archive -> ../../../archive/", "March 2024 -> ../../../archive/2024/03/"]


# --- index pages ------------------------------------------------------------------------------


def test_every_count_on_the_index_pages_says_briefs(sample_site):
    for path in ("archive/", "topics/", "authors/", "agencies/"):
        counts = [words(c) for c in page(sample_site, path).select(".directory__count")]
        assert counts and all(re.fullmatch(r"1 brief|\d+ briefs", c) for c in counts), (path, counts)


def boxes(tab, selector: str) -> list[dict]:
    return tab.eval_on_selector_all(selector, "links => links.map(a => a.getBoundingClientRect().toJSON())")


@pytest.mark.parametrize("width", [390, 1280])
def test_index_pages_are_compact_rows_and_columns_not_bullets(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(base_url + "/archive/")
        months = boxes(tab, ".directory-months a")
        assert len(months) >= 4
        assert len({round(box["top"]) for box in months}) < len(months)  # side by side, not one a line
        bullets = tab.eval_on_selector_all(".directory li", "items => items.map(li => getComputedStyle(li).listStyleType)")
        assert set(bullets) == {"none"}
        tab.goto(base_url + "/topics/")
        topics = boxes(tab, ".directory a")
        if width == 1280:
            assert len({round(box["left"]) for box in topics}) >= 3  # in columns
        assert tab.evaluate("document.documentElement.scrollWidth <= innerWidth")
    finally:
        context.close()


# --- the dark scheme -----------------------------------------------------------------------------


def rgb(color: str) -> tuple[float, float, float]:
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", color)[:3])
    return red, green, blue


def luminance(color: str) -> float:
    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def looks(browser, base_url, scheme: str) -> dict[str, str]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(base_url + "/" + BRIEF)
        assert tab.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        return tab.evaluate("""() => {
            const style = selector => getComputedStyle(document.querySelector(selector));
            return {
                header: style('.md-header').backgroundColor,
                tabs: style('.md-tabs').backgroundColor,
                title: style('.md-header__topic').color,
                tab: style('.md-tabs__link').color,
                kicker: style('.brief-kicker').color,
                page: style('.md-main').backgroundColor === 'rgba(0, 0, 0, 0)'
                    ? style('body').backgroundColor : style('.md-main').backgroundColor,
            };
        }""")
    finally:
        context.close()


def test_the_dark_scheme_has_a_dark_header_and_kickers_of_one_colour(browser, base_url):
    light, dark = looks(browser, base_url, "light"), looks(browser, base_url, "dark")
    assert luminance(dark["header"]) < 0.03 and luminance(dark["tabs"]) < 0.03, dark  # near-black
    assert contrast(dark["header"], dark["title"]) >= 4.5 and contrast(dark["tabs"], dark["tab"]) >= 4.5
    for scheme in (light, dark):
        assert contrast(scheme["kicker"], scheme["page"]) >= 4.5, scheme
    hues = [colorsys.rgb_to_hls(*rgb(scheme["kicker"]))[0] * 360 for scheme in (light, dark)]
    assert min(abs(hues[0] - hues[1]), 360 - abs(hues[0] - hues[1])) < 20, hues  # one colour family


def test_the_sample_s_logo_is_drawn_for_both_schemes():
    logo = (ROOT / "theme/assets/logo.svg").read_text()
    assert "viewBox" in logo and "<script" not in logo
