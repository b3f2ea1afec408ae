"""The pages around the briefs and the publishing rules, on small throwaway sites."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
from bs4 import BeautifulSoup

from conftest import briefing, make_project


def brief(title: str, day: int, extra: str = "", month: int = 3) -> str:
    return (
        f"---\ntitle: {title}\ndate: 2024-{month:02d}-{day:02d}T09:00:00+01:00\n"
        f"lead: Lead of {title}.\n{extra}---\n\n## Part\n\nBody.\n"
    )


def html(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def titles(page: BeautifulSoup, selector: str = ".brief-list:not(.brief-list--leads) .brief-card__title") -> list[str]:
    return [" ".join(a.get_text().split()) for a in page.select(selector)]


def test_front_page_is_paginated_newest_first_with_the_pinned_story_on_top(tmp_path):
    briefs = {f"2024/03/b{d:02d}.md": brief(f"B{d:02d}", d) for d in range(1, 8)}
    briefs["2024/03/b02.md"] = brief("B02", 2, "pin: true\n")
    make_project(tmp_path, briefs)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      page_size: 3\n")
    assert briefing("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    first = html(site, "")
    assert titles(first, ".brief-list--leads .brief-card__title") == ["B02"]
    assert titles(first) == ["B07", "B06", "B05"]
    assert titles(html(site, "page/2")) == ["B04", "B03", "B01"]
    assert first.select_one(".listing-pager a[rel=next]")["href"] == "page/2/"
    assert html(site, "page/2").select_one(".listing-pager a[rel=prev]")["href"] == "../../"


def test_a_long_listings_pager_links_its_ends_and_the_pages_near_the_current_one(tmp_path):
    """Not every page: a 5,000-page archive would put 5,000 links on each of its pages."""
    make_project(tmp_path, {f"2024/03/b{d:02d}.md": brief(f"B{d:02d}", d) for d in range(1, 21)})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      page_size: 1\n")
    assert briefing("build", cwd=tmp_path).returncode == 0

    def pager(path: str) -> list[str]:
        items = html(tmp_path / "site", path).select(".listing-pager ol li")
        return [f"[{li.get_text(strip=True)}]" if li.select_one("[aria-current=page]") else li.get_text(strip=True)
                for li in items]

    assert pager("") == ["[1]", "2", "3", "…", "20"]
    assert pager("page/10") == ["1", "…", "8", "9", "[10]", "11", "12", "…", "20"]
    assert pager("page/4") == ["1", "2", "3", "[4]", "5", "6", "…", "20"]  # never an ellipsis for one page
    links = html(tmp_path / "site", "page/10").select(".listing-pager ol a")
    assert [a["href"] for a in links][:2] == ["../../", "../8/"]
    assert html(tmp_path / "site", "page/20").select_one(".listing-pager a[rel=next]") is None


def test_topic_author_and_agency_pages_with_counts(tmp_path):
    make_project(tmp_path, {
        "2024/03/one.md": brief("One", 1, "topics: [Middle East, Syria]\nauthors: [es]\nagencies: [AP]\n"),
        "2024/03/two.md": brief("Two", 2, "topics: [Syria]\nauthors: [es, rmt]\nagencies: [AP, AFP]\n"),
    })
    assert briefing("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    index = html(site, "topics")
    entries = {a.get_text(): a.find_next(class_="directory__count").get_text() for a in index.select(".directory a")}
    assert entries == {"Middle East": "1 brief", "Syria": "2 briefs"}
    assert titles(html(site, "topics/syria")) == ["Two", "One"]
    assert titles(html(site, "topics/middle-east")) == ["One"]
    assert titles(html(site, "authors/rmt")) == ["Two"]
    assert titles(html(site, "agencies/afp")) == ["Two"]
    assert html(site, "agencies").select(".directory a")[0].get_text() == "AFP"


def test_archive_by_year_and_month(tmp_path):
    make_project(tmp_path, {
        "2024/03/march.md": brief("March", 5),
        "2024/04/april.md": brief("April", 5, month=4),
    })
    assert briefing("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    assert titles(html(site, "archive/2024")) == ["April", "March"]
    assert titles(html(site, "archive/2024/03")) == ["March"]
    links = [a["href"] for a in html(site, "archive").select(".directory a")]
    assert links == ["2024/", "2024/04/", "2024/03/"]


def test_related_briefs_prefer_shared_topics(tmp_path):
    make_project(tmp_path, {
        "2024/03/base.md": brief("Base", 10, "topics: [Ports, Strikes]\n"),
        "2024/03/both.md": brief("Both", 1, "topics: [Ports, Strikes]\n"),
        "2024/03/one.md": brief("One", 5, "topics: [Ports]\n"),
        "2024/03/none.md": brief("None", 11, "topics: [Weather]\n"),
    })
    assert briefing("build", cwd=tmp_path).returncode == 0
    related = html(tmp_path / "site", "2024/03/base").select(".brief-related a")
    assert [a.get_text() for a in related] == ["Both", "One", "None"]


def test_drafts_are_left_out_of_a_build(tmp_path):
    make_project(tmp_path, {
        "2024/03/public.md": brief("Public", 1),
        "2024/03/secret.md": brief("Secret", 2, "draft: true\nshortlink: https://p.dw.com/p/zzzzz\n"),
    })
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Left out 1 draft." in result.stdout
    site = tmp_path / "site"
    assert not (site / "2024/03/secret").exists() and not (site / "p/zzzzz").exists()
    everything = "".join(p.read_text(errors="ignore") for p in site.rglob("*") if p.is_file())
    assert "Secret" not in everything


def test_drafts_are_shown_in_preview_with_a_banner(tmp_path):
    make_project(tmp_path, {"2024/03/secret.md": brief("Secret", 2, "draft: true\n")})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      drafts: true\n")  # what `briefing serve` sets
    assert briefing("build", cwd=tmp_path).returncode == 0
    banner = html(tmp_path / "site", "2024/03/secret").select_one(".brief-draft")
    assert banner is not None and "Draft" in banner.get_text()


def test_future_briefs_wait_for_their_time_unless_asked(tmp_path):
    soon = datetime.now(ZoneInfo("Europe/Berlin")).replace(microsecond=0) + timedelta(days=3)
    make_project(tmp_path, {
        "2024/03/now.md": brief("Now", 1),
        f"{soon:%Y/%m}/later.md": f"---\ntitle: Later\ndate: {soon.isoformat()}\nlead: L\n---\nB\n",
    })
    result = briefing("build", cwd=tmp_path)
    assert f"Left out 1 brief dated in the future (next due {soon.isoformat()}" in result.stdout
    assert not (tmp_path / f"site/{soon:%Y/%m}/later").exists()
    assert "Later" not in (tmp_path / "site/feed.xml").read_text()
    assert briefing("build", "--future", cwd=tmp_path).returncode == 0
    assert (tmp_path / f"site/{soon:%Y/%m}/later/index.html").is_file()


def test_redirect_from_old_addresses(tmp_path):
    make_project(tmp_path, {"2024/03/moved.md": brief("Moved", 1, "redirect_from: [/old/story.html, /2019/moved/]\n")})
    assert briefing("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    for page, target in [("old/story.html", "../2024/03/moved/"), ("2019/moved/index.html", "../../2024/03/moved/")]:
        refresh = BeautifulSoup((site / page).read_text(), "html.parser").find("meta", attrs={"http-equiv": "refresh"})
        assert refresh["content"] == f"0; url={target}"
    assert "/old/story.html /2024/03/moved/ 301" in (site / "_redirects").read_text()


def test_two_briefs_claiming_one_address_is_an_error_naming_both(tmp_path):
    make_project(tmp_path, {
        "2024/03/first.md": brief("First", 1, "shortlink: https://p.dw.com/p/abc12\n"),
        "2024/03/second.md": brief("Second", 2, "redirect_from: [/p/abc12]\n"),
    })
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "content/2024/03/second.md:5: redirect_from: address already taken (expected an address "
        "of its own, found /p/abc12, which content/2024/03/first.md claims too)"
    ) in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_redirect_may_not_replace_a_page(tmp_path):
    make_project(tmp_path, {
        "2024/03/first.md": brief("First", 1),
        "2024/03/second.md": brief("Second", 2, "redirect_from: [/2024/03/first/]\n"),
    })
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "redirect_from: address already taken (expected an address no page uses" in result.stderr


def test_initials_missing_from_the_roster_warn_and_fail_strict(tmp_path):
    make_project(tmp_path, {"2024/03/one.md": brief("One", 1, "authors: [zz]\n")})
    with open(tmp_path / "mkdocs.yml", "a", encoding="utf-8") as settings:
        settings.write("      authors:\n        es: {name: Elena Stavrou}\n")
    result = briefing("build", cwd=tmp_path)
    assert result.returncode == 0
    assert "warning: content/2024/03/one.md:" in result.stderr
    assert "authors: 1 initial is not in the roster" in result.stderr and "found zz" in result.stderr
    assert html(tmp_path / "site", "authors/zz").h1.get_text() == "zz"
    assert briefing("build", "--strict", cwd=tmp_path).returncode == 1


def test_roster_names_appear_on_author_pages(tmp_path):
    make_project(tmp_path, {"2024/03/one.md": brief("One", 1, "authors: [es]\n")})
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      authors:\n        es: {name: Elena Stavrou}\n")
    result = briefing("build", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert html(tmp_path / "site", "authors/es").h1.get_text() == "Elena Stavrou"


def test_not_found_page_offers_a_way_on(tmp_path):
    make_project(tmp_path, {"2024/03/one.md": brief("One", 1)}, site_url="https://example.org/briefs/")
    assert briefing("build", cwd=tmp_path).returncode == 0
    page = BeautifulSoup((tmp_path / "site/404.html").read_text(), "html.parser")
    assert page.h1.get_text() == "Page not found"
    assert "https://example.org/briefs/topics/" in [a["href"] for a in page.select(".md-content a")]
    assert page.select_one("[data-briefing-search]") is not None  # search from a dead end


def test_markup_in_a_title_stays_text_in_every_context(tmp_path):
    title = "Rates </script><script>alert(1)</script> & \"quotes\" <b>bold</b>"
    make_project(tmp_path, {
        "2024/03/tricky.md": brief("T", 1).replace("title: T", f"title: '{title}'")
        .replace("lead: Lead of T.", f"lead: '{title}'"),
    })
    assert briefing("build", cwd=tmp_path).returncode == 0
    page = html(tmp_path / "site", "2024/03/tricky")
    (script,) = page.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["headline"] == title
    assert not page.find_all("b") and not any("alert" in (s.string or "") for s in page.find_all("script") if s is not script)
    assert page.title.get_text() == f"{title} - Test briefing"
    assert page.find("meta", attrs={"name": "description"})["content"] == title
    assert page.find("meta", property="og:title")["content"] == title
    assert page.h1.get_text() == title
    assert feedparser.parse((tmp_path / "site/feed.xml").read_bytes()).entries[0].title == title


def test_menus_link_to_the_same_pages_from_every_page(tmp_path):
    """The tabs, navigation, footer and stylesheets are rendered once for many pages
    (generator/engine/templating.py); pages as deep as each other but elsewhere must still get
    links of their own. One worker, so that every page is rendered by the same process."""
    from urllib.parse import urljoin

    make_project(tmp_path, {
        "2024/03/one.md": brief("One", 1, "topics: [Syria]\nauthors: [es]\n"),
        "2024/03/two.md": brief("Two", 2, "topics: [Syria]\nauthors: [es]\n"),
    })
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      workers: 1\n")
    assert briefing("build", cwd=tmp_path).returncode == 0
    site, root = tmp_path / "site", "https://news.example.org/"
    seen = {}
    for path in ["", "archive/2024/", "authors/es/", "topics/syria/", "2024/03/one/", "archive/2024/03/"]:
        page, address = html(site, path), root + path
        links = [urljoin(address, a["href"]) for a in page.select(".md-tabs__link, .md-nav--primary a.md-nav__link")]
        styles = [urljoin(address, link["href"]) for link in page.select("link[rel=stylesheet]")]
        settings = json.loads(page.select_one("#__config").get_text())
        seen[path] = (links, styles, urljoin(address, settings["base"]))
    assert seen[""][0][:4] == [root, root + "topics/", root + "archive/", root + "search/"]
    assert all(found == seen[""] for found in seen.values()), seen


def test_a_brief_in_another_language_says_so_wherever_it_is_shown(tmp_path, browser):
    """An Arabic brief on an English site: its card, its related card and its article carry its
    language and take their direction from its text, so screen readers speak it in Arabic
    and its lines run right to left; the English ones around it are as they were."""
    from browser import serve_folder

    arabic = "الأسد يلتقي بوتين في موسكو"
    make_project(tmp_path, {
        "2024/03/arabic.md": brief(f'"{arabic}"', 10, "lang: ar\ntopics: [Syria]\n"),
        "2024/03/english.md": brief("English", 9, "topics: [Syria]\n"),
    })
    assert briefing("build", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    card = html(site, "").find("a", string=arabic).find_parent("li")
    assert (card.get("lang"), card.get("dir")) == ("ar", "auto")
    assert html(site, "").find("a", string="English").find_parent("li").get("lang") is None
    related = html(site, "2024/03/english").find("a", string=arabic).find_parent("li")
    assert (related.get("lang"), related.get("dir")) == ("ar", "auto")
    with serve_folder(site) as base:
        tab = browser.new_page()
        try:
            tab.goto(base + "/")
            direction = "e => getComputedStyle(e).direction"
            assert tab.get_by_role("link", name=arabic).evaluate(direction) == "rtl"
            assert tab.get_by_role("link", name="English").evaluate(direction) == "ltr"
            tab.goto(base + "/2024/03/arabic/")
            assert tab.locator(".brief-title").evaluate(direction) == "rtl"
        finally:
            tab.close()
