"""Shortlinks and old addresses: the pages that send readers on, `_redirects`, and addresses taken twice."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator.model.corpus import clashes
from generator.outputs.redirects import SCRIPT, page, plan, rules
from generator.outputs.registry import Outputs

from inmemory import SITE_URL, make_brief, make_site

CONTENT = Path("content")
CRANES = make_brief("cranes", "2024-07-25T11:00:00+02:00", title="Harbour cranes stand still",
                    shortlink="https://p.dw.com/p/4ii5H", redirect_from=["/old/cranes/", "/2019/cranes.html"])


def planned(site, outputs: Outputs | None = None):
    return plan(site, site.corpus.briefs, CONTENT, outputs or Outputs())


def served_at(site, redirect) -> str:
    """The URL a reader asks for: a folder's index.html answers at the folder's address."""
    return site.absolute(redirect.output.removesuffix("index.html"))


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


# --- what is planned ------------------------------------------------------------------------


def test_a_shortlink_and_each_old_address_lead_to_the_brief():
    redirects, problems = planned(make_site([CRANES]))
    assert problems == []
    assert [(r.source, r.output, r.brief.slug) for r in redirects] == [
        ("2019/cranes.html", "2019/cranes.html", "cranes"),  # a file name stays a file
        ("old/cranes", "old/cranes/index.html", "cranes"),
        ("p/4ii5H", "p/4ii5H/index.html", "cranes"),
    ]


def test_a_shortlink_leads_from_its_path_whatever_its_host_query_or_fragment():
    brief = make_brief("cranes", shortlink="https://p.dw.com/p/4ii5H?maca=en-rss#top")
    (redirect,), problems = planned(make_site([brief]))
    assert (redirect.source, problems) == ("p/4ii5H", [])


def test_an_encoded_old_address_is_the_address_a_host_decodes_it_to():
    site = make_site([make_brief("cafe", redirect_from=["/alt/caf%C3%A9/"])])
    (redirect,), _ = planned(site)
    assert (redirect.source, redirect.output) == ("alt/café", "alt/café/index.html")


def test_each_planned_address_is_claimed_so_no_later_output_can_take_it():
    outputs = Outputs()
    planned(make_site([CRANES]), outputs)
    assert outputs.claim("p/4ii5H/index.html", "a sitemap") == "the shortlink of content/2024/07/cranes.md"
    assert outputs.claim("old/cranes/index.html", "page") == "the redirect_from of content/2024/07/cranes.md"


# --- addresses taken twice ------------------------------------------------------------------


def test_an_address_two_briefs_claim_stays_the_older_ones_and_the_newer_is_told_naming_both():
    older = make_brief("older", "2024-07-01", redirect_from=["/old/story/"])
    newer = make_brief("newer", "2024-07-20", redirect_from=["/old/story/"], lines={"redirect_from": 7})
    for order in ([older, newer], [newer, older]):
        redirects, problems = planned(make_site(order))
        assert [(r.source, r.brief.slug) for r in redirects] == [("old/story", "older")]
        assert [str(p) for p in problems] == [
            "content/2024/07/newer.md:7: redirect_from: address already taken "
            "(expected an address of its own, found /old/story/, which content/2024/07/older.md claims too)"
        ]


def test_a_shortlink_may_not_take_an_old_address_another_brief_has():
    older = make_brief("older", "2024-07-01", redirect_from=["/p/4ii5H/"])
    newer = make_brief("newer", "2024-07-20", shortlink="https://p.dw.com/p/4ii5H", lines={"shortlink": 5})
    redirects, problems = planned(make_site([older, newer]))
    assert [r.brief.slug for r in redirects] == ["older"]
    assert [(p.path, p.line, p.field) for p in problems] == [("content/2024/07/newer.md", 5, "shortlink")]
    assert "found /p/4ii5H, which content/2024/07/older.md claims too" in problems[0].message


def test_a_shortlink_two_briefs_share_is_reported_once_not_again_as_an_address():
    older = make_brief("older", "2024-07-01", shortlink="https://p.dw.com/p/4ii5H")
    newer = make_brief("newer", "2024-07-20", shortlink="https://p.dw.com/p/4ii5H")
    redirects, problems = planned(make_site([older, newer]))
    assert ([r.brief.slug for r in redirects], problems) == (["older"], [])
    assert [p.field for p in clashes(CONTENT, [older, newer])] == ["shortlink"]  # the one report


@pytest.mark.parametrize("address, output, owner", [
    ("/feed.xml", "feed.xml", "Briefing's RSS feed"),
    ("/2024/07/other/", "2024/07/other/index.html", "the page of content/2024/07/other.md"),
    ("/topics/syria/", "topics/syria/index.html", "Briefing's page /topics/syria/"),
])
def test_an_address_the_site_already_writes_is_a_problem_naming_what_is_there(address, output, owner):
    outputs = Outputs()
    assert outputs.claim(output, owner) is None
    brief = make_brief("cranes", redirect_from=[address], lines={"redirect_from": 6})
    redirects, problems = planned(make_site([brief]), outputs)
    assert redirects == []
    assert [str(p) for p in problems] == [
        "content/2024/07/cranes.md:6: redirect_from: address already taken "
        f"(expected an address no page uses, found {address}, which is {owner})"
    ]
    assert outputs.owner(output) == owner  # what was there stays


def test_an_old_address_inside_a_folder_the_site_writes_whole_is_taken_too():
    outputs = Outputs()
    outputs.claim_folder("pagefind", "the search index")
    brief = make_brief("cranes", redirect_from=["/pagefind/old/"])
    redirects, problems = planned(make_site([brief]), outputs)
    assert redirects == [] and "which is the search index" in problems[0].message


# --- the redirect page -----------------------------------------------------------------------


@pytest.mark.parametrize("url", [SITE_URL, "https://example.org/news/briefs/"])
def test_every_redirect_page_sends_readers_to_the_brief_from_where_it_is_served(url):
    site = make_site([CRANES], url=url)
    redirects, _ = planned(site)
    for redirect in redirects:
        html = soup(page(site, redirect))
        refresh = html.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh.startswith("0; url=")
        targets = {refresh.removeprefix("0; url="), html.find("a")["href"], html.find("script")["data-to"]}
        assert len(targets) == 1, targets  # the refresh, the link and the script agree
        assert urljoin(served_at(site, redirect), targets.pop()) == url + "2024/07/cranes/", redirect.output
        assert html.find("link", rel="canonical")["href"] == url + "2024/07/cranes/"


def test_a_redirect_page_is_kept_out_of_search_engines_and_names_the_brief():
    site = make_site([CRANES])
    html = soup(page(site, planned(site)[0][0]))
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert html.title.string == "Harbour cranes stand still"
    assert html.find("a").string == "Harbour cranes stand still"
    assert html.html["lang"] == "en"


def test_a_title_with_markup_stays_text_on_the_redirect_page():
    brief = make_brief("cranes", title='Cranes "stop" <script>alert(1)</script> & more',
                       shortlink="https://x.org/p/1")
    site = make_site([brief])
    html = soup(page(site, planned(site)[0][0]))
    assert html.title.string == html.find("a").string == brief.title
    assert [s.string for s in html.find_all("script")] == [SCRIPT]


def test_every_redirect_page_runs_the_same_script_so_one_policy_hash_allows_them_all():
    site = make_site([CRANES, make_brief("other", "2024-07-02", shortlink="https://x.org/p/2")])
    redirects, _ = planned(site)
    scripts = {soup(page(site, r)).find("script").string for r in redirects}
    assert scripts == {SCRIPT}


def test_the_security_tags_given_go_in_the_head():
    site = make_site([CRANES])
    tag = '<meta http-equiv="Content-Security-Policy" content="script-src \'sha256-x\'">'
    html = soup(page(site, planned(site)[0][0], head=tag + "\n"))
    policy = html.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert policy["content"] == "script-src 'sha256-x'"


# --- _redirects --------------------------------------------------------------------------------


def test_the_rules_file_has_a_permanent_redirect_per_address():
    site = make_site([CRANES])
    assert rules(site, planned(site)[0]).splitlines() == [
        "/2019/cranes.html /2024/07/cranes/ 301",
        "/old/cranes /2024/07/cranes/ 301",
        "/p/4ii5H /2024/07/cranes/ 301",
    ]


def test_the_rules_of_a_site_under_a_sub_path_stay_under_it():
    site = make_site([CRANES], url="https://example.org/news/briefs/")
    lines = rules(site, planned(site)[0]).splitlines()
    assert "/news/briefs/p/4ii5H /news/briefs/2024/07/cranes/ 301" in lines


@pytest.mark.parametrize("address", ["/alt/café/", "/alt/caf%C3%A9/"])
def test_a_rule_writes_an_address_as_a_url_whether_the_brief_encoded_it_or_not(address):
    site = make_site([make_brief("cafe", redirect_from=[address])])
    assert rules(site, planned(site)[0]) == "/alt/caf%C3%A9 /2024/07/cafe/ 301\n"


def test_no_redirect_no_rules():
    site = make_site([make_brief("plain")])
    assert planned(site) == ([], []) and rules(site, []) == ""
